/**
 * SYNTHETIC US Census Bureau state population estimates in the NST-ESTyyyy-ALLDATA layout (Vintage 2023: 60
 * columns; Vintage 2024: 75 columns): real area names, codes and row order; made-up populations and components of
 * change that add up the way Census's do (states → divisions → regions → nation; Puerto Rico outside the nation).
 * The two vintages disagree on 2020–2023, as the real ones do. See fixtures/README.md.
 */
import { withThousands } from '../_lib/fixtures/csvWrite.ts';

const DIR = 'census-state-population';
export const CENSUS_SEED = 20241219;

// [FIPS, name, region, division, population in thousands on April 1, 2020 (rounded, synthetic base)]
export const CENSUS_STATES: [string, string, number, number, number][] = [
  ['01', 'Alabama', 3, 6, 5020],
  ['02', 'Alaska', 4, 9, 733],
  ['04', 'Arizona', 4, 8, 7160],
  ['05', 'Arkansas', 3, 7, 3010],
  ['06', 'California', 4, 9, 39540],
  ['08', 'Colorado', 4, 8, 5770],
  ['09', 'Connecticut', 1, 1, 3610],
  ['10', 'Delaware', 3, 5, 990],
  ['11', 'District of Columbia', 3, 5, 690],
  ['12', 'Florida', 3, 5, 21540],
  ['13', 'Georgia', 3, 5, 10710],
  ['15', 'Hawaii', 4, 9, 1460],
  ['16', 'Idaho', 4, 8, 1840],
  ['17', 'Illinois', 2, 3, 12810],
  ['18', 'Indiana', 2, 3, 6790],
  ['19', 'Iowa', 2, 4, 3190],
  ['20', 'Kansas', 2, 4, 2940],
  ['21', 'Kentucky', 3, 6, 4510],
  ['22', 'Louisiana', 3, 7, 4660],
  ['23', 'Maine', 1, 1, 1360],
  ['24', 'Maryland', 3, 5, 6180],
  ['25', 'Massachusetts', 1, 1, 7030],
  ['26', 'Michigan', 2, 3, 10080],
  ['27', 'Minnesota', 2, 4, 5710],
  ['28', 'Mississippi', 3, 6, 2960],
  ['29', 'Missouri', 2, 4, 6150],
  ['30', 'Montana', 4, 8, 1080],
  ['31', 'Nebraska', 2, 4, 1960],
  ['32', 'Nevada', 4, 8, 3100],
  ['33', 'New Hampshire', 1, 1, 1380],
  ['34', 'New Jersey', 1, 2, 9290],
  ['35', 'New Mexico', 4, 8, 2120],
  ['36', 'New York', 1, 2, 20200],
  ['37', 'North Carolina', 3, 5, 10440],
  ['38', 'North Dakota', 2, 4, 780],
  ['39', 'Ohio', 2, 3, 11800],
  ['40', 'Oklahoma', 3, 7, 3960],
  ['41', 'Oregon', 4, 9, 4240],
  ['42', 'Pennsylvania', 1, 2, 13000],
  ['44', 'Rhode Island', 1, 1, 1100],
  ['45', 'South Carolina', 3, 5, 5120],
  ['46', 'South Dakota', 2, 4, 890],
  ['47', 'Tennessee', 3, 6, 6910],
  ['48', 'Texas', 3, 7, 29150],
  ['49', 'Utah', 4, 8, 3270],
  ['50', 'Vermont', 1, 1, 640],
  ['51', 'Virginia', 3, 5, 8630],
  ['53', 'Washington', 4, 9, 7700],
  ['54', 'West Virginia', 3, 5, 1790],
  ['55', 'Wisconsin', 2, 3, 5890],
  ['56', 'Wyoming', 4, 8, 577],
];
const PUERTO_RICO: [string, string, number] = ['72', 'Puerto Rico', 3286];

const REGIONS: [number, string][] = [
  [1, 'Northeast Region'],
  [2, 'Midwest Region'],
  [3, 'South Region'],
  [4, 'West Region'],
];
const DIVISIONS: [number, number, string][] = [
  [1, 1, 'New England'],
  [1, 2, 'Middle Atlantic'],
  [2, 3, 'East North Central'],
  [2, 4, 'West North Central'],
  [3, 5, 'South Atlantic'],
  [3, 6, 'East South Central'],
  [3, 7, 'West South Central'],
  [4, 8, 'Mountain'],
  [4, 9, 'Pacific'],
];

const COUNTS = [
  'NPOPCHG_',
  'BIRTHS',
  'DEATHS',
  'NATURALCHG',
  'INTERNATIONALMIG',
  'DOMESTICMIG',
  'NETMIG',
  'RESIDUAL',
] as const;
const RATES = ['RBIRTH', 'RDEATH', 'RNATURALCHG', 'RINTERNATIONALMIG', 'RDOMESTICMIG', 'RNETMIG'] as const;

/** The NST-EST ALLDATA header of a 2020s vintage ending in `last`. */
export function censusHeader(last: number): string[] {
  const years = range(2020, last);
  return [
    'SUMLEV',
    'REGION',
    'DIVISION',
    'STATE',
    'NAME',
    'ESTIMATESBASE2020',
    ...years.map((y) => `POPESTIMATE${y}`),
    ...COUNTS.flatMap((c) => years.map((y) => `${c}${y}`)),
    ...RATES.flatMap((r) => years.slice(1).map((y) => `${r}${y}`)),
  ];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface AreaSeries {
  base: number;
  pop: Record<number, number>;
  counts: Record<string, Record<number, number>>;
}

/**
 * One vintage: every state's base, July populations and components. `migration` scales international migration
 * (Vintage 2024 raised it, which is why its 2022–2023 populations are higher than Vintage 2023's).
 */
function vintage(last: number, migration: number, baseShift: number): Map<string, AreaSeries> {
  const random = mulberry32(CENSUS_SEED);
  const years = range(2020, last);
  const states = [
    ...CENSUS_STATES.map(([fips, , , , k]) => [fips, k] as const),
    [PUERTO_RICO[0], PUERTO_RICO[2]] as const,
  ];
  const out = new Map<string, AreaSeries>();
  const domestic: Record<string, Record<number, number>> = {};
  for (const [fips, thousands] of states) {
    const base = Math.round(thousands * 1000 * (1 + (random() - 0.5) * 0.004) + baseShift * thousands);
    domestic[fips] = {};
    const counts: AreaSeries['counts'] = Object.fromEntries(COUNTS.map((c) => [c, {}]));
    out.set(fips, { base, pop: {}, counts });
    for (const y of years) {
      const share = y === 2020 ? 0.25 : 1; // the 2020 components cover April 1 – July 1 only
      const r = () => random();
      (counts.BIRTHS as Record<number, number>)[y] = Math.round(base * (0.0105 + r() * 0.002) * share);
      (counts.DEATHS as Record<number, number>)[y] = Math.round(base * (0.009 + r() * 0.003) * share);
      (counts.INTERNATIONALMIG as Record<number, number>)[y] = Math.round(
        base * (0.001 + r() * 0.004) * share * (y >= 2022 ? migration : 1),
      );
      (domestic[fips] as Record<number, number>)[y] =
        fips === '72' ? 0 : Math.round(base * (r() - 0.5) * 0.012 * share);
      (counts.RESIDUAL as Record<number, number>)[y] = Math.round((r() - 0.5) * 400);
    }
  }
  // Domestic migration moves people between states: it sums to 0 over the 50 states and DC.
  for (const y of years) {
    const sum = CENSUS_STATES.reduce(
      (n, [fips]) => n + ((domestic[fips] as Record<number, number>)[y] as number),
      0,
    );
    (domestic['06'] as Record<number, number>)[y] =
      ((domestic['06'] as Record<number, number>)[y] as number) - sum;
  }
  for (const [fips, area] of out) {
    let previous = area.base;
    for (const y of years) {
      const c = area.counts;
      const get = (k: string) => (c[k] as Record<number, number>)[y] as number;
      (c.DOMESTICMIG as Record<number, number>)[y] = (domestic[fips] as Record<number, number>)[y] as number;
      (c.NATURALCHG as Record<number, number>)[y] = get('BIRTHS') - get('DEATHS');
      (c.NETMIG as Record<number, number>)[y] = get('INTERNATIONALMIG') + get('DOMESTICMIG');
      (c.NPOPCHG_ as Record<number, number>)[y] = get('NATURALCHG') + get('NETMIG') + get('RESIDUAL');
      area.pop[y] = previous + get('NPOPCHG_');
      previous = area.pop[y] as number;
    }
  }
  return out;
}

function sumAreas(areas: AreaSeries[], years: number[]): AreaSeries {
  const total: AreaSeries = { base: 0, pop: {}, counts: Object.fromEntries(COUNTS.map((c) => [c, {}])) };
  for (const a of areas) {
    total.base += a.base;
    for (const y of years) {
      total.pop[y] = (total.pop[y] ?? 0) + (a.pop[y] as number);
      for (const c of COUNTS) {
        const t = total.counts[c] as Record<number, number>;
        t[y] = (t[y] ?? 0) + ((a.counts[c] as Record<number, number>)[y] as number);
      }
    }
  }
  return total;
}

/** A rate per 1,000 mid-year population, written as Census does: 10 significant digits, no trailing zeros. */
function rate(count: number, popBefore: number, popNow: number): string {
  const value = (count / ((popBefore + popNow) / 2)) * 1000;
  return String(Number(value.toPrecision(10)));
}

function line(ids: string[], a: AreaSeries, years: number[]): string {
  const cells = [...ids, String(a.base), ...years.map((y) => String(a.pop[y]))];
  for (const c of COUNTS)
    for (const y of years) cells.push(String((a.counts[c] as Record<number, number>)[y]));
  const rateOf: Record<(typeof RATES)[number], (typeof COUNTS)[number]> = {
    RBIRTH: 'BIRTHS',
    RDEATH: 'DEATHS',
    RNATURALCHG: 'NATURALCHG',
    RINTERNATIONALMIG: 'INTERNATIONALMIG',
    RDOMESTICMIG: 'DOMESTICMIG',
    RNETMIG: 'NETMIG',
  };
  for (const r of RATES) {
    for (const y of years.slice(1)) {
      cells.push(
        rate(
          (a.counts[rateOf[r]] as Record<number, number>)[y] as number,
          a.pop[y - 1] as number,
          a.pop[y] as number,
        ),
      );
    }
  }
  return cells.join(',');
}

/** The whole file: nation, regions each followed by its divisions, states A–Z, Puerto Rico; CRLF; no quoting. */
export function censusFile(last: number, migration: number, baseShift: number): string {
  const years = range(2020, last);
  const states = vintage(last, migration, baseShift);
  const of = (fips: string) => states.get(fips) as AreaSeries;
  const lines = [censusHeader(last).join(',')];
  const fifty = CENSUS_STATES.map(([fips]) => of(fips));
  lines.push(line(['010', '0', '0', '00', 'United States'], sumAreas(fifty, years), years));
  for (const [region, name] of REGIONS) {
    const inRegion = CENSUS_STATES.filter((s) => s[2] === region).map(([fips]) => of(fips));
    lines.push(line(['020', String(region), '0', '00', name], sumAreas(inRegion, years), years));
    for (const [r, division, dname] of DIVISIONS.filter((d) => d[0] === region)) {
      const inDivision = CENSUS_STATES.filter((s) => s[3] === division).map(([fips]) => of(fips));
      lines.push(line(['030', String(r), String(division), '00', dname], sumAreas(inDivision, years), years));
    }
  }
  for (const [fips, name, region, division] of CENSUS_STATES) {
    lines.push(line(['040', String(region), String(division), fips, name], of(fips), years));
  }
  lines.push(line(['040', 'X', 'X', PUERTO_RICO[0], PUERTO_RICO[1]], of(PUERTO_RICO[0]), years));
  return `${lines.join('\r\n')}\r\n`;
}

export const CENSUS_FILES = {
  v2023: `${DIR}/NST-EST2023-ALLDATA.csv`,
  v2024: `${DIR}/NST-EST2024-ALLDATA.csv`,
  v2025: `${DIR}/NST-EST2025-ALLDATA.csv`,
  /** The Apache directory index of https://www2.census.gov/programs-surveys/popest/datasets/ (see censusListing). */
  listing: 'http/census/popest-datasets-index.html',
  renamedColumn: `${DIR}/bad/renamed_column.csv`,
  wrongType: `${DIR}/bad/wrong_type.csv`,
} as const;

export function buildFixtureFiles(): Map<string, string> {
  const v2024 = censusFile(2024, 1.6, 10);
  const files = new Map<string, string>([
    [CENSUS_FILES.v2023, censusFile(2023, 1, 0)],
    [CENSUS_FILES.v2024, v2024],
    [CENSUS_FILES.v2025, censusFile(2025, 1.3, 5)],
    [CENSUS_FILES.listing, censusListing()],
  ]);
  const lines = v2024.split('\r\n');
  files.set(
    CENSUS_FILES.renamedColumn,
    [lines[0]?.replace('STATE,', 'STATEFP,'), ...lines.slice(1)].join('\r\n'),
  );
  // Texas's POPESTIMATE2023 written with a thousands separator, quoted: not a number for a BIGINT column.
  const tx = lines.findIndex((l) => l.startsWith('040,3,7,48,Texas,'));
  const cells = (lines[tx] ?? '').split(',');
  cells[9] = `"${withThousands(cells[9] ?? '')}"`;
  files.set(
    CENSUS_FILES.wrongType,
    [...lines.slice(0, tx), cells.join(','), ...lines.slice(tx + 1)].join('\r\n'),
  );
  return files;
}

/**
 * www2.census.gov's directory index of the population estimates datasets, in Apache 2.4's FancyIndexing table
 * (column sort links, icons, a Parent Directory row, relative folder links ending in /). Not a recording: the folder
 * names are those Census uses (one per vintage: 2020-2024/ …; the decade files 2010-2020/; other folders such as
 * 2020-evaluation-estimates/), the dates and the exact set of folders are made up.
 */
export function censusListing(): string {
  const folders: [string, string][] = [
    ['1990-2000/', '2021-10-07 13:42'],
    ['2000-2010/', '2021-10-07 13:42'],
    ['2010-2019/', '2021-10-07 13:43'],
    ['2010-2020/', '2021-10-07 13:43'],
    ['2020-2021/', '2022-06-15 09:12'],
    ['2020-2022/', '2023-06-22 10:05'],
    ['2020-2023/', '2024-06-27 10:01'],
    ['2020-2024/', '2025-06-26 10:03'],
    ['2020-2025/', '2025-12-18 10:00'],
    ['2020-evaluation-estimates/', '2021-10-07 13:43'],
  ];
  const row = ([name, modified]: [string, string]) =>
    `<tr><td valign="top"><img src="/icons/folder.gif" alt="[DIR]"></td><td><a href="${name}">${name}</a></td><td align="right">${modified}  </td><td align="right">  - </td><td>&nbsp;</td></tr>`;
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<html>
 <head>
  <title>Index of /programs-surveys/popest/datasets</title>
 </head>
 <body>
<h1>Index of /programs-surveys/popest/datasets</h1>
  <table>
   <tr><th valign="top"><img src="/icons/blank.gif" alt="[ICO]"></th><th><a href="?C=N;O=D">Name</a></th><th><a href="?C=M;O=A">Last modified</a></th><th><a href="?C=S;O=A">Size</a></th><th><a href="?C=D;O=A">Description</a></th></tr>
   <tr><th colspan="5"><hr></th></tr>
<tr><td valign="top"><img src="/icons/back.gif" alt="[PARENTDIR]"></td><td><a href="/programs-surveys/popest/">Parent Directory</a></td><td>&nbsp;</td><td align="right">  - </td><td>&nbsp;</td></tr>
${folders.map(row).join('\n')}
   <tr><th colspan="5"><hr></th></tr>
</table>
</body></html>
`;
}
