import { join } from 'node:path';
import { fixturesDir } from '../src/paths.ts';
import { definePipeline } from '../src/pipeline/definition.ts';
import type { CsvShape } from '../src/warehouse/loadCsv.ts';

// CDC has published this file in three layouts: the bulk download (12 columns), an older download without
// Period and Footnote Symbol (10 columns), and the SODA API CSV (API field names, no thousands separators).
// Each row below: raw column, DuckDB type, 12-column header name, API field name; 10-column files lack two.
const layout: [raw: string, type: string, display: string][] = [
  ['state', 'VARCHAR', 'State'],
  ['year', 'INTEGER', 'Year'],
  ['month', 'VARCHAR', 'Month'],
  ['period', 'VARCHAR', 'Period'],
  ['indicator', 'VARCHAR', 'Indicator'],
  ['data_value', 'DOUBLE', 'Data Value'],
  ['percent_complete', 'VARCHAR', 'Percent Complete'],
  ['percent_pending_investigation', 'DOUBLE', 'Percent Pending Investigation'],
  ['state_name', 'VARCHAR', 'State Name'],
  ['footnote', 'VARCHAR', 'Footnote'],
  ['footnote_symbol', 'VARCHAR', 'Footnote Symbol'],
  ['predicted_value', 'DOUBLE', 'Predicted Value'],
];
const notInTenColumnFiles = new Set(['period', 'footnote_symbol']);

function shape(
  name: string,
  description: string,
  csvName: (raw: string, display: string) => string | null,
): CsvShape {
  const columns: Record<string, string> = {};
  const select: Record<string, string> = {};
  for (const [raw, type, display] of layout) {
    const column = csvName(raw, display);
    if (column === null) select[raw] = 'NULL';
    else {
      columns[column] = type;
      select[raw] = `"${column}"`;
    }
  }
  return { name, description, columns, select };
}

const shapes = [
  shape('vsrr_12col', 'the 12-column download', (_, display) => display),
  shape('vsrr_10col', 'the older 10-column download', (raw, display) =>
    notInTenColumnFiles.has(raw) ? null : display,
  ),
  shape('vsrr_socrata_api', 'the SODA API CSV', (raw) => raw),
];

const fixtures = join(fixturesDir, 'cdc-vsrr-state');

export default definePipeline(
  {
    name: 'cdc_vsrr_state',
    title: {
      en: 'CDC provisional drug overdose death counts by state (VSRR)',
      es: 'Conteos provisionales de muertes por sobredosis de drogas por estado, CDC (VSRR)',
    },
    publisher: 'CDC National Center for Health Statistics',
    releases: 'monthly',
    schedule: { cron: '0 6 * * 4', timezone: 'America/New_York' },
    demoInputs: [
      {
        kind: 'file',
        path: join(fixtures, 'VSRR_Provisional_Drug_Overdose_Death_Counts_2024-03_10col.csv'),
        vintage: '2024-08-14',
        demo: true,
      },
      {
        kind: 'file',
        path: join(fixtures, 'VSRR_Provisional_Drug_Overdose_Death_Counts.csv'),
        vintage: '2024-11-13',
        demo: true,
      },
    ],
    liveInputs: [
      { kind: 'socrata', baseUrl: 'https://data.cdc.gov', datasetId: 'xkb8-kh2a', pageSize: 50_000 },
    ],
  },
  { source: 'cdc_vsrr_state', table: 'raw.cdc_vsrr_state', shapes, thousands: ',' },
);
