/**
 * `defineSource` is THE way to define a source (pipelines/<name>/pipeline.ts, or a folder of your own listed in
 * `pipelineDirs`). It takes either of two forms and returns the same Pipeline:
 * - the short form (a SourceSpec, with `observation`): where the rows come from (a Socrata dataset or a CSV URL),
 *   the columns and their types, and how a row becomes an observation; the raw table, the CSV layout and the staging
 *   SELECT are made from it;
 * - the full form (with `raw`, `csv` and `staging`): several file layouts by header name, a staging.sql of the
 *   source's own, hooks to unpack or validate files (every built-in source).
 * docs/adding-a-source.md walks through one source folder; docs/examples/ems_naloxone_weekly/ is a worked example.
 *
 * A definition file may also default-export the plain object (no import needed at run time): the registry passes any
 * default export that is not already a pipeline through `definePipelineModule`.
 */
import { z } from 'zod';
import {
  definePipeline,
  inputSchema,
  type Pipeline,
  type PipelineHooks,
  pipelineSchema,
} from './pipeline.ts';

const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected snake_case');
/** A DuckDB SQL expression over the source's columns (one raw row), e.g. `{ sql: "lpad(fips, 5, '0')" }`. */
const sqlExpression = z.object({ sql: z.string().min(1) }).strict();
/** A constant (written as is) or a SQL expression. */
const constantOrSql = z.union([z.string().min(1), sqlExpression]);

const columnSchema = z
  .object({
    /** Raw column name (snake_case). For a Socrata dataset: the API field name. */
    name: identifier,
    /** DuckDB type the value is read as: VARCHAR, INTEGER, DOUBLE, DATE, TIMESTAMP, BOOLEAN. A value that is not of
     * this type is rejected with its line and column. Keep codes with leading zeros (FIPS) as VARCHAR. */
    type: z.string().min(1),
    /** What the column holds; becomes the column's comment in the warehouse. */
    comment: z.string().min(1),
    /** The header in the file, when it is not `name` (a CSV download with display names). */
    header: z.string().min(1).optional(),
  })
  .strict();

const periodSchema = z
  .object({
    type: z.enum(['week', 'month', 'quarter', 'year', '12mo_ending']),
    /** The period's first day (a DATE or TIMESTAMP expression). */
    start: sqlExpression.optional(),
    /** The period's last day; for 12mo_ending, any day of the window's last month. */
    end: sqlExpression.optional(),
  })
  .strict()
  .refine((p) => p.start !== undefined || p.end !== undefined, {
    error: 'expected period.start or period.end (or both)',
  });

const observationSchema = z
  .object({
    country: z.union([z.enum(['US', 'MX']), sqlExpression]),
    /** nation, state, county, region, port, ... */
    geo_level: constantOrSql,
    /** A code in analytics.geography (sql/seeds/geography_*.csv) for that country. */
    geo_code: constantOrSql,
    period: periodSchema,
    /** A code in analytics.drugs (sql/seeds/drugs_*.csv). */
    drug: constantOrSql,
    /** What the value counts, e.g. deaths, naloxone_administrations. */
    measure: constantOrSql,
    /** The number. NULL (empty) stays NULL: status missing, or suppressed when `suppressed` says so. Never 0. */
    value: sqlExpression,
    /** True when the publisher withheld the value (e.g. counts 1–9): value NULL, status suppressed. */
    suppressed: sqlExpression.optional(),
    /** Status of a row that has a value. */
    status: z.enum(['reported', 'provisional']).default('reported'),
    /** The publisher's remark for the value (footnote, completeness note). */
    note: sqlExpression.optional(),
  })
  .strict();

const socrataSchema = z
  .object({
    baseUrl: z.url(),
    datasetId: z.string(),
    pageSize: z.number().int().positive().default(50_000),
    where: z.string().optional(),
    window: z
      .object({ dateField: z.string(), lagMonths: z.number().int().min(1) })
      .strict()
      .optional(),
  })
  .strict();

export const sourceSpecSchema = z
  .object({
    name: identifier,
    /** The source's folder; the registry sets it (checks/*.sql, seeds/ and README.md beside the definition). */
    dir: pipelineSchema.shape.dir,
    title: z.object({ en: z.string().min(1), es: z.string().min(1) }).strict(),
    /** The report's short name and description of the source, in both languages (default: the title). */
    labels: pipelineSchema.shape.labels,
    /** The publisher counts in US federal fiscal years (October–September). */
    fiscalYears: pipelineSchema.shape.fiscalYears,
    /** Generic data checks, declared: keysUnique, unmappedRows, periodRange, suppression (see definePipeline). */
    checks: pipelineSchema.shape.checks,
    publisher: z.string().min(1),
    releases: pipelineSchema.shape.releases,
    schedule: pipelineSchema.shape.schedule,
    /** How far one release reaches: 'all' (default), 'periods' or 'none' (see definePipeline, docs/releases.md). */
    releaseScope: pipelineSchema.shape.releaseScope,
    /** What the dataset is, for the raw table's comment. */
    description: z.string().min(1).optional(),
    /** A Socrata dataset, fetched page by page (`/resource/<id>.csv`)… */
    socrata: socrataSchema.optional(),
    /** …or one CSV file at a URL. */
    url: z.url().optional(),
    /** Complete public releases shipped with the source, loaded by a plain run; default: the live input itself. */
    bundledInputs: z.array(inputSchema).optional(),
    /** Synthetic files in the publisher's format for `run --demo`; none: the source is not in the demo warehouse. */
    demoInputs: z.array(inputSchema).optional(),
    columns: z.array(columnSchema).min(1),
    /** How the file is written, when not plain UTF-8 CSV: see definePipeline's csv options. */
    csv: z
      .object({
        delimiter: z.string().length(1).optional(),
        thousands: z.string().length(1).optional(),
        encoding: z.enum(['utf-8', 'latin-1']).optional(),
        dateFormat: pipelineSchema.shape.csv.shape.dateFormat,
      })
      .strict()
      .optional(),
    /** Keep only the rows for which this is true. */
    rows: sqlExpression.optional(),
    observation: observationSchema,
    maxRejectedRows: z.number().int().min(0).default(0),
  })
  .strict()
  .refine((s) => (s.socrata === undefined) !== (s.url === undefined), {
    error: 'expected exactly one of socrata or url',
  });

export type SourceSpec = z.input<typeof sourceSpecSchema>;
type ParsedSpec = z.output<typeof sourceSpecSchema>;

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const expr = (v: string | { sql: string }) => (typeof v === 'string' ? quote(v) : `(${v.sql})`);

/** The staging SELECT a spec stands for: every raw row (that `rows` keeps) as one observation. */
export function stagingSql(spec: ParsedSpec): string {
  const o = spec.observation;
  const { start, end } = periodBounds(o.period);
  const suppressed = o.suppressed ? `coalesce(CAST(${expr(o.suppressed)} AS BOOLEAN), false)` : 'false';
  const key = 'load_id, geo_level, geo_code, period_type, period_start, period_end, drug, measure';
  return `-- Generated by defineSource() from pipeline "${spec.name}".
WITH mapped AS (
  SELECT
    CAST(${expr(o.country)} AS VARCHAR) AS country,
    CAST(${expr(o.geo_level)} AS VARCHAR) AS geo_level,
    CAST(${expr(o.geo_code)} AS VARCHAR) AS geo_code,
    CAST(${start} AS DATE) AS period_start,
    CAST(${end} AS DATE) AS period_end,
    ${quote(o.period.type)} AS period_type,
    CAST(${expr(o.drug)} AS VARCHAR) AS drug,
    CAST(${expr(o.measure)} AS VARCHAR) AS measure,
    CAST(${expr(o.value)} AS DOUBLE) AS raw_value,
    ${suppressed} AS is_suppressed,
    CAST(${o.note ? expr(o.note) : 'NULL'} AS VARCHAR) AS note,
    vintage,
    load_id
  FROM raw.${spec.name}
  WHERE ${spec.rows ? expr(spec.rows) : 'true'}
),
shaped AS (
  SELECT
    ${quote(spec.name)} AS source, country, geo_level, geo_code, period_start, period_end, period_type, drug, measure,
    CASE WHEN is_suppressed THEN NULL ELSE raw_value END AS value,
    CASE WHEN is_suppressed THEN 'suppressed' WHEN raw_value IS NULL THEN 'missing' ELSE ${quote(o.status)} END AS status,
    vintage, load_id, note,
    count(*) OVER (PARTITION BY ${key}) AS rows_with_key
  FROM mapped
)
-- A key twice in one release is an error, not something to pick from.
SELECT * EXCLUDE (rows_with_key)
FROM shaped
WHERE CASE
  WHEN rows_with_key > 1 THEN error(printf(
    '%s: load %d has %d rows for %s %s, %s to %s, %s %s: keys must be unique within a release',
    source, load_id, rows_with_key, geo_level, geo_code, period_start, period_end, drug, measure))
  ELSE true
END`;
}

/** First and last day of the period from whichever bound the spec gives (both: as given). */
function periodBounds(p: ParsedSpec['observation']['period']): { start: string; end: string } {
  if (p.start && p.end) return { start: expr(p.start), end: expr(p.end) };
  const x = `CAST(${expr((p.start ?? p.end) as { sql: string })} AS DATE)`;
  const fromStart = p.start !== undefined;
  switch (p.type) {
    case 'week':
      return fromStart ? { start: x, end: `${x} + 6` } : { start: `${x} - 6`, end: x };
    case 'month':
      return { start: `date_trunc('month', ${x})`, end: `last_day(${x})` };
    case 'quarter':
      return {
        start: `date_trunc('quarter', ${x})`,
        end: `last_day(date_trunc('quarter', ${x}) + INTERVAL 2 MONTH)`,
      };
    case 'year':
      return { start: `date_trunc('year', ${x})`, end: `make_date(year(${x}), 12, 31)` };
    case '12mo_ending':
      return fromStart
        ? { start: `date_trunc('month', ${x})`, end: `last_day(${x} + INTERVAL 11 MONTH)` }
        : { start: `date_trunc('month', ${x}) - INTERVAL 11 MONTH`, end: `last_day(${x})` };
  }
}

/** The full form of a definition: what definePipeline takes (raw columns, CSV layouts, staging SQL). */
export type PipelineSpec = z.input<typeof pipelineSchema>;

/**
 * A source, from its short form (SourceSpec, with `observation`) or its full form (PipelineSpec, with `staging`);
 * errors name the field.
 */
export function defineSource(definition: SourceSpec | PipelineSpec, hooks: PipelineHooks = {}): Pipeline {
  return 'observation' in definition
    ? fromSourceSpec(definition as SourceSpec, hooks)
    : definePipeline(definition as PipelineSpec, hooks);
}

function fromSourceSpec(spec: SourceSpec, hooks: PipelineHooks): Pipeline {
  const parsed = sourceSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `invalid source ${spec?.name ?? '?'}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  const s = parsed.data;
  const live = s.socrata
    ? { kind: 'socrata' as const, ...s.socrata }
    : { kind: 'url' as const, url: s.url as string };
  const origin = s.socrata ? `${s.socrata.baseUrl}, dataset ${s.socrata.datasetId}` : s.url;
  return definePipeline(
    {
      name: s.name,
      dir: s.dir,
      title: s.title,
      labels: s.labels,
      fiscalYears: s.fiscalYears,
      checks: s.checks,
      publisher: s.publisher,
      releases: s.releases,
      schedule: s.schedule,
      releaseScope: s.releaseScope,
      bundledInputs: s.bundledInputs ?? [live],
      demoInputs: s.demoInputs ?? [],
      liveInputs: [live],
      maxRejectedRows: s.maxRejectedRows,
      raw: {
        comment: `${s.description ?? s.title.en} (${s.publisher}; ${origin}), as published; append-only, one set of rows per vintage.`,
        columns: s.columns.map(({ name, type, comment }) => ({ name, type, comment })),
      },
      csv: {
        ...s.csv,
        layouts: [
          {
            name: s.socrata ? 'socrata_api' : 'csv',
            description: s.socrata ? `the SODA API CSV of ${s.socrata.datasetId}` : `the CSV at ${s.url}`,
            fields: s.columns.map((c) => [c.header ?? c.name, c.name] as [string, string]),
          },
        ],
      },
      staging: { sql: stagingSql(s) },
    },
    hooks,
  );
}

/**
 * What a pipeline file's default export becomes: a pipeline as is; a plain object through defineSource (when it has
 * `observation`) or definePipeline. Errors name the file.
 */
export function definePipelineModule(exported: unknown, file: string): Pipeline {
  if (
    !exported ||
    typeof exported !== 'object' ||
    typeof (exported as { name?: unknown }).name !== 'string'
  ) {
    throw new Error(
      `${file}: the default export must be a pipeline: defineSource({...}), definePipeline({...}) or their object`,
    );
  }
  if ('hooks' in exported) return exported as Pipeline;
  try {
    return defineSource(exported as SourceSpec | PipelineSpec);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}
