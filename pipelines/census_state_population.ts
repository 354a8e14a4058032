import { join } from 'node:path';
import { fixturesDir } from '../src/paths.ts';
import { definePipeline } from '../src/pipeline/definition.ts';
import { loadCsvByHeaderNames, type NamedColumn, toUtf8 } from './_lib/csvByName.ts';

const fixtures = join(fixturesDir, 'census-state-population');

/** Years a POPESTIMATEyyyy raw column exists for: the 2010s and 2020s vintages. Raw tables only grow. */
export const CENSUS_YEARS = Array.from({ length: 20 }, (_, i) => 2010 + i);

const idColumns: [string, string, string][] = [
  ['sumlev', 'SUMLEV', 'Summary level, zero-padded text: 010 nation, 020 region, 030 division, 040 state.'],
  ['region', 'REGION', 'Census region code (0 for the nation, X for Puerto Rico).'],
  ['division', 'DIVISION', 'Census division code (0 for the nation and regions, X for Puerto Rico).'],
  [
    'state',
    'STATE',
    'State FIPS code, zero-padded text (00 for the nation, regions and divisions; 72 Puerto Rico).',
  ],
  ['name', 'NAME', 'Area name as Census writes it, e.g. "United States", "Northeast Region", "California".'],
];
const baseColumns: [string, string, string][] = [
  ['census2010pop', 'CENSUS2010POP', 'April 1, 2010 census count (2010s vintages only).'],
  ['estimatesbase2010', 'ESTIMATESBASE2010', 'April 1, 2010 estimates base (2010s vintages only).'],
  ['estimatesbase2020', 'ESTIMATESBASE2020', 'April 1, 2020 estimates base (2020s vintages only).'],
];

const columns: NamedColumn[] = [
  ...idColumns.map(([raw, header]) => ({
    raw,
    headers: [header],
    required: raw !== 'region' && raw !== 'division',
  })),
  ...baseColumns.map(([raw, header]) => ({ raw, headers: [header] })),
  ...CENSUS_YEARS.map((year) => ({ raw: `popestimate${year}`, headers: [`POPESTIMATE${year}`] })),
];

export default definePipeline(
  {
    name: 'census_state_population',
    title: {
      en: 'US Census Bureau state population estimates (NST-EST ALLDATA)',
      es: 'Estimaciones de población por estado de la Oficina del Censo de EE. UU. (NST-EST ALLDATA)',
    },
    publisher: 'US Census Bureau, Population Estimates Program',
    releases: 'yearly',
    // A vintage is the whole estimate series (population denominators: analytics.population keeps the latest
    // vintage of each place and year; withdrawal applies to analytics.observations).
    releaseScope: 'all',
    schedule: { cron: '0 7 2 1 *', timezone: 'America/New_York' },
    produces: 'population',
    demoInputs: [
      { kind: 'file', path: join(fixtures, 'NST-EST2023-ALLDATA.csv'), vintage: '2023-12-19', demo: true },
      { kind: 'file', path: join(fixtures, 'NST-EST2024-ALLDATA.csv'), vintage: '2024-12-19', demo: true },
    ],
    liveInputs: [
      {
        kind: 'url',
        url: 'https://www2.census.gov/programs-surveys/popest/datasets/2020-2023/state/totals/NST-EST2023-ALLDATA.csv',
        vintage: '2023-12-19',
      },
      {
        kind: 'url',
        url: 'https://www2.census.gov/programs-surveys/popest/datasets/2020-2024/state/totals/NST-EST2024-ALLDATA.csv',
        vintage: '2024-12-19',
      },
    ],
    raw: {
      comment:
        'US Census Bureau state population estimates (NST-ESTyyyy-ALLDATA), one row per area as published (nation, regions, divisions, states, DC, Puerto Rico), with the identifier, base and POPESTIMATEyyyy columns of every vintage; the components of change (births, deaths, migration, rates) are read but not kept. Append-only, one set of rows per vintage.',
      columns: [
        ...idColumns.map(([name, , comment]) => ({ name, type: 'VARCHAR', comment })),
        ...baseColumns.map(([name, , comment]) => ({ name, type: 'BIGINT', comment })),
        ...CENSUS_YEARS.map((year) => ({
          name: `popestimate${year}`,
          type: 'BIGINT',
          comment: `Resident population on July 1, ${year} (POPESTIMATE${year}); NULL when this vintage does not cover ${year}.`,
        })),
      ],
    },
    // Every vintage adds five columns per year; the file's own header decides which are read (see load below).
    // These layouts document the two vintages on hand; they are not used to match the header.
    csv: {
      layouts: [
        {
          name: 'nst_est_v2024',
          description: 'Vintage 2024: 75 columns, POPESTIMATE2020–2024 and components of change',
          fields: [
            ...idColumns.map(([raw, header]): [string, string] => [header, raw]),
            ['ESTIMATESBASE2020', 'estimatesbase2020'],
            ...[2020, 2021, 2022, 2023, 2024].map((y): [string, string] => [
              `POPESTIMATE${y}`,
              `popestimate${y}`,
            ]),
          ],
        },
      ],
    },
    staging: { file: 'census_state_population.sql' },
  },
  {
    prepare: async (path) => (await toUtf8(path)).path,
    load: (connection, pipeline, target) =>
      loadCsvByHeaderNames(connection, pipeline, target, {
        columns,
        layoutName: (header, encoding) => {
          const years = header.flatMap((h) => /^POPESTIMATE(\d{4})$/i.exec(h.trim())?.[1] ?? []).map(Number);
          return `nst_est_v${Math.max(...years)}_${header.length}col_${encoding.replaceAll('-', '')}`;
        },
        validate: (header) => {
          const years = header.flatMap((h) => /^POPESTIMATE(\d{4})$/i.exec(h.trim())?.[1] ?? []).map(Number);
          if (years.length === 0) return 'no POPESTIMATEyyyy column: expected a Census NST-EST ALLDATA file';
          const outside = years.filter((y) => !CENSUS_YEARS.includes(y));
          if (outside.length > 0) {
            return `POPESTIMATE${outside[0]} has no raw column (raw.census_state_population holds ${CENSUS_YEARS[0]}–${CENSUS_YEARS.at(-1)}): add the years to CENSUS_YEARS`;
          }
          return null;
        },
      }),
  },
);
