/** What `centinela export --table` can export, and how each is partitioned and ordered. */
export interface ExportTable {
  /** The relation read (a table or view of the published warehouse). */
  relation: string;
  /** The same as of a date (YYYY-MM-DD, validated before use), when an as-of macro exists for it. */
  asOf?: (date: string) => string;
  /** Date column whose year is the `year=` partition of a Parquet export. */
  yearOf: string;
  /** Row order of the files (readers need not rely on it; it makes files smaller and diffs readable). */
  orderBy: string[];
  description: string;
}

export const EXPORT_TABLES = {
  observations: {
    relation: 'analytics.observations',
    asOf: (date: string) => `analytics.observations_as_of(DATE '${date}')`,
    yearOf: 'period_end',
    orderBy: ['source', 'geo_level', 'geo_code', 'drug', 'measure', 'period_type', 'period_end'],
    description: 'every source, latest vintage of each value (with --as-of: as published by that date)',
  },
  observations_all_vintages: {
    relation: 'staging.observations',
    yearOf: 'period_end',
    orderBy: [
      'source',
      'geo_level',
      'geo_code',
      'drug',
      'measure',
      'period_type',
      'period_end',
      'vintage',
      'load_id',
    ],
    description: 'every source, every vintage (revisions included)',
  },
  alerts: {
    relation: 'analytics.alerts',
    asOf: (date: string) => `analytics.alerts_as_of(DATE '${date}')`,
    yearOf: 'period_end',
    orderBy: ['run_id', 'source', 'geo_code', 'drug', 'measure', 'period_end', 'method'],
    description:
      'detector verdicts of every detection run (with --as-of: the last run finished by that date)',
  },
  rates: {
    relation: 'analytics.rates',
    yearOf: 'period_end',
    orderBy: ['source', 'geo_level', 'geo_code', 'drug', 'measure', 'period_type', 'period_end'],
    description: 'rates per 100,000 residents',
  },
  revisions: {
    relation: 'analytics.revisions',
    yearOf: 'period_end',
    orderBy: [
      'source',
      'geo_level',
      'geo_code',
      'drug',
      'measure',
      'period_type',
      'period_end',
      'new_vintage',
    ],
    description: 'changes between consecutive releases',
  },
  trends: {
    relation: 'analytics.trends',
    yearOf: 'segment_end',
    orderBy: ['run_id', 'source', 'geo_code', 'drug', 'measure', 'segment'],
    description: 'Joinpoint-style trend segments of every detection run',
  },
} satisfies Record<string, ExportTable>;

export type ExportTableName = keyof typeof EXPORT_TABLES;

export function isExportTable(name: string): name is ExportTableName {
  return Object.hasOwn(EXPORT_TABLES, name);
}

export function exportTable(name: ExportTableName): ExportTable {
  return EXPORT_TABLES[name];
}
