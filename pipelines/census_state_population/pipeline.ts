import { join } from 'node:path';
import { defineSource } from '../../src/core/defineSource.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { toUtf8 } from '../_lib/utf8.ts';

const releases = join(import.meta.dirname, 'releases');

const fixtures = join(fixturesDir, 'census-state-population');

/**
 * Every vintage has its own folder in Census's Apache directory index: datasets/2020-2024/, 2020-2025/, … (the base
 * year changes after a census: 2010-2019/, 2030-2031/). The state totals file of vintage yyyy is in
 * <folder>/state/totals/NST-ESTyyyy-ALLDATA.csv. See pipelines/census_state_population/README.md.
 */
export const CENSUS_DATASETS = 'https://www2.census.gov/programs-surveys/popest/datasets/';
export const CENSUS_RELEASE_PATTERN = '/datasets/(?<base>\\d{4})-(?<year>\\d{4})/$';
export const CENSUS_RELEASE_TEMPLATE = `${CENSUS_DATASETS}{base}-{year}/state/totals/NST-EST{year}-ALLDATA.csv`;
const V2024 = `${CENSUS_DATASETS}2020-2024/state/totals/NST-EST2024-ALLDATA.csv`;

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

/**
 * One layout per decade of vintages: the identifiers, the decade's bases and its POPESTIMATEyyyy columns (the
 * first year required; a vintage has one more year than the last). The components of change are not read.
 */
function decadeLayout(decade: 2010 | 2020, bases: string[]) {
  const years = CENSUS_YEARS.filter((y) => y >= decade && y < decade + 10);
  return {
    name: `nst_est_${decade}s`,
    description: `a Vintage ${decade + 1}–${decade + 9} NST-EST ALLDATA file (POPESTIMATE${decade}…)`,
    fields: [
      ...idColumns.map(([raw, header]): [string, string] => [header, raw]),
      ...bases.map((header): [string, string] => [header, header.toLowerCase()]),
      ...years.map((y): [string, string] => [`POPESTIMATE${y}`, `popestimate${y}`]),
    ],
    optional: ['REGION', 'DIVISION', ...years.slice(1).map((y) => `POPESTIMATE${y}`)],
    otherColumns: 'ignore' as const,
  };
}

export default defineSource(
  {
    name: 'census_state_population',
    dir: import.meta.dirname,
    labels: {
      name: { en: 'Census population', es: 'Población Census' },
      description: {
        en: 'US Census Bureau population estimates by state and year.',
        es: 'Estimaciones de población de la Oficina del Censo de EE. UU. por estado y año.',
      },
    },
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
    // Real releases, each with its provenance in releases/<file>.md.
    bundledInputs: [
      { kind: 'file', path: join(releases, 'NST-EST2023-ALLDATA.csv.gz'), vintage: '2023-12-19' },
      { kind: 'file', path: join(releases, 'NST-EST2024-ALLDATA.csv.gz'), vintage: '2024-12-19' },
    ],
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
      { kind: 'url', url: V2024, vintage: '2024-12-19' },
      // The newest vintage after 2024, from the listing; Vintage 2024 again (skipped: same bytes) when none is out.
      {
        kind: 'url',
        url: V2024,
        vintage: '2024-12-19',
        discover: {
          listing: CENSUS_DATASETS,
          pattern: CENSUS_RELEASE_PATTERN,
          template: CENSUS_RELEASE_TEMPLATE,
          from: 2025,
        },
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
    // Every vintage adds five columns per year; the columns read are matched by name, the others are not read.
    csv: {
      layouts: [
        decadeLayout(2020, ['ESTIMATESBASE2020']),
        decadeLayout(2010, ['CENSUS2010POP', 'ESTIMATESBASE2010']),
      ],
    },
    staging: { file: 'staging.sql' },
  },
  {
    prepare: async (path) => (await toUtf8(path)).path,
  },
);
