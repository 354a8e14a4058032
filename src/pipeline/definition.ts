import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import type { CsvLoadResult, CsvLoadTarget } from '../warehouse/loadCsv.ts';
import { RELEASE_SCOPES } from './releaseScope.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/**
 * Overrides the pipeline's `releaseScope` for one input that is only part of a release: an excerpt, a file filtered
 * by state, a Socrata `where` that keeps some rows ('none' or 'periods').
 */
const releaseScope = z.enum(RELEASE_SCOPES).optional();

const regexSource = (what: string) =>
  z
    .string()
    .min(1)
    .refine(
      (source) => {
        try {
          new RegExp(source);
          return true;
        } catch {
          return false;
        }
      },
      { error: `expected ${what} as a JavaScript regular expression` },
    );

/** One DKAN datastore condition: `property operator value`, all conditions ANDed. */
const dkanConditionSchema = z
  .object({
    property: z.string().regex(/^[a-z0-9_]+$/, 'expected a DKAN column name such as year'),
    value: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).min(1)]),
    operator: z
      .enum(['=', '<>', '<', '<=', '>', '>=', 'like', 'contains', 'starts with', 'in', 'not in'])
      .default('='),
  })
  .strict();
export type DkanCondition = z.infer<typeof dkanConditionSchema>;

/**
 * Where a pipeline's bytes come from: a local file, one URL, a paged Socrata API, a publisher's page that links to
 * the current file (page_link), or a paged DKAN datastore API (dkan).
 */
export const inputSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('file'),
      path: z.string().min(1),
      vintage: isoDate.optional(),
      demo: z.boolean().default(false),
      releaseScope,
    })
    .strict(),
  z.object({ kind: z.literal('url'), url: z.url(), vintage: isoDate.optional(), releaseScope }).strict(),
  z
    .object({
      kind: z.literal('socrata'),
      baseUrl: z.url(),
      datasetId: z.string().regex(/^[a-z0-9]{4}-[a-z0-9]{4}$/, 'expected a Socrata id such as xkb8-kh2a'),
      pageSize: z.number().int().positive().default(50_000),
      where: z.string().optional(),
      releaseScope,
      /**
       * Incremental pull: once the published warehouse holds a load of this dataset, re-fetch only the rows whose
       * floating-timestamp field `dateField` falls in the latest `lagMonths` months (counting the current one).
       * The first pull is always complete. See docs/adding-a-source.md, "Incremental pulls".
       */
      window: z
        .object({
          dateField: z
            .string()
            .regex(/^[a-z_][a-z0-9_]*$/, 'expected a Socrata field name such as monthendingdate'),
          lagMonths: z.number().int().min(1),
        })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('page_link'),
      /** The publisher's HTML page that links to the current file. */
      pageUrl: z.url(),
      /** Regular expression matched against each link's absolute URL; the first match in page order is fetched. */
      linkPattern: regexSource('a link pattern'),
      vintage: isoDate.optional(),
      /**
       * Regular expression with named groups `year`, `month` and optionally `day`, matched against the chosen link:
       * its date is the vintage (CBP files sit under /sites/default/files/YYYY-MM/). Without it: the fetch date.
       */
      vintagePattern: regexSource('a vintage pattern').optional(),
      releaseScope,
    })
    .strict(),
  z
    .object({
      kind: z.literal('dkan'),
      baseUrl: z.url(),
      /** The dataset identifier (a UUID) used by /api/1/datastore/query/{datasetId}/{index}. */
      datasetId: z
        .string()
        .regex(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
          'expected a DKAN dataset UUID',
        ),
      index: z.number().int().min(0).default(0),
      pageSize: z.number().int().positive().default(1000),
      conditions: z.array(dkanConditionSchema).default([]),
      /**
       * Several queries in one input (DKAN conditions can only be ANDed here): each set is ANDed with `conditions`
       * and the rows of all are concatenated. The sets must not overlap (e.g. product names starting with NALOX,
       * with NARCAN), or rows come twice and the load is refused as duplicate keys.
       */
      anyOf: z.array(z.array(dkanConditionSchema).min(1)).min(1).optional(),
      /** Columns written to the CSV, in this order (other keys of each record are dropped); default: all, as sent. */
      columns: z.array(z.string().min(1)).min(1).optional(),
      /** Server-side sort for stable paging, e.g. [{ property: 'record_number', order: 'asc' }]. */
      sorts: z
        .array(
          z.object({ property: z.string().min(1), order: z.enum(['asc', 'desc']).default('asc') }).strict(),
        )
        .default([]),
      /** Incremental pull: only the latest `lagQuarters` quarters (counting the current one) are re-fetched. */
      window: z
        .object({
          yearProperty: z.string().min(1).default('year'),
          quarterProperty: z.string().min(1).default('quarter'),
          lagQuarters: z.number().int().min(1),
        })
        .strict()
        .optional(),
      vintage: isoDate.optional(),
      releaseScope,
    })
    .strict(),
]);
export type PipelineInput = z.infer<typeof inputSchema>;

const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected snake_case');

const rawColumnSchema = z
  .object({
    name: identifier,
    type: z.string().min(1),
    comment: z.string().min(1),
  })
  .strict();

/** One file layout the publisher has used: header names in file order, each mapped to a raw column (or ignored). */
const layoutSchema = z
  .object({
    name: identifier,
    description: z.string().min(1),
    /** [header name, raw column or null to ignore], in file order. Raw columns not listed are NULL. */
    fields: z.array(z.tuple([z.string().min(1), identifier.nullable()])).min(1),
  })
  .strict();

export const pipelineSchema = z
  .object({
    name: identifier,
    title: z.object({ en: z.string().min(1), es: z.string().min(1) }),
    publisher: z.string().min(1),
    releases: z.enum(['weekly', 'monthly', 'quarterly', 'yearly', 'five-yearly']),
    schedule: z.object({ cron: z.string().min(1), timezone: z.string().min(1) }),
    /**
     * Complete public releases bundled in the repository (pipelines/<name>/releases/, each with its provenance),
     * loaded by default (`centinela run`, `npm start`). None: the source is not loaded unless run --live or configured.
     */
    bundledInputs: z.array(inputSchema).default([]),
    /** Synthetic fixtures in the publisher's format, loaded by `run --demo` into a demo warehouse. */
    demoInputs: z.array(inputSchema).min(1),
    /** The publisher's real endpoints, used with --live. */
    liveInputs: z.array(inputSchema).min(1),
    /**
     * How far one of the publisher's releases reaches, i.e. which keys a newer release withdraws by not publishing them
     * (src/pipeline/releaseScope.ts; docs/releases.md): 'all' (default) the release is the whole dataset; 'periods'
     * it covers only the periods it contains (each period_type from its first to its last period_end); 'none' it never
     * withdraws anything. An incremental pull narrows 'all' to 'periods'; an input may override it.
     */
    releaseScope: z.enum(RELEASE_SCOPES).default('all'),
    /** More rejected lines than this fail the load (its rows are rolled back; the rejects are kept). */
    maxRejectedRows: z.number().int().min(0).default(0),
    /** What the staging view yields: observations (the common shape) or population denominators. */
    produces: z.enum(['observations', 'population']).default('observations'),
    raw: z
      .object({
        comment: z.string().min(1),
        columns: z.array(rawColumnSchema).min(1),
      })
      .strict(),
    csv: z
      .object({
        layouts: z.array(layoutSchema).min(1),
        delimiter: z.string().length(1).default(','),
        /** Thousands separator in numeric columns ("2,237"). */
        thousands: z.string().length(1).optional(),
        encoding: z.enum(['utf-8', 'latin-1']).default('utf-8'),
        dateFormat: z.string().optional(),
      })
      .strict(),
    /** SQL SELECT from raw.<name> yielding the shape named by `produces`; or a file in sql/staging/. */
    staging: z.union([
      z.object({ sql: z.string().min(1) }).strict(),
      z.object({ file: z.string().min(1) }).strict(),
    ]),
  })
  .strict();

export type PipelineMeta = z.infer<typeof pipelineSchema>;
export type RawColumn = z.infer<typeof rawColumnSchema>;
export type Layout = z.infer<typeof layoutSchema>;

/** Hooks for what a definition's data cannot say: a file to unpack before reading, a non-CSV format. */
export interface PipelineHooks {
  /** Turns the stored snapshot into the path DuckDB reads (e.g. a member extracted from a zip). */
  prepare?: (snapshotPath: string, context: { source: string; origin: string }) => Promise<string>;
  /** Replaces the CSV loader (e.g. a template validated row by row). Runs inside the run's transaction. */
  load?: (connection: DuckDBConnection, pipeline: Pipeline, target: CsvLoadTarget) => Promise<CsvLoadResult>;
}

export interface Pipeline extends PipelineMeta {
  hooks: PipelineHooks;
}

export function definePipeline(meta: z.input<typeof pipelineSchema>, hooks: PipelineHooks = {}): Pipeline {
  const parsed = pipelineSchema.safeParse(meta);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid pipeline ${meta.name ?? '?'}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const pipeline = parsed.data;
  const rawNames = new Set(pipeline.raw.columns.map((c) => c.name));
  for (const layout of pipeline.csv.layouts) {
    for (const [header, raw] of layout.fields) {
      if (raw !== null && !rawNames.has(raw)) {
        throw new Error(
          `invalid pipeline ${pipeline.name}: layout ${layout.name} maps "${header}" to unknown raw column "${raw}"`,
        );
      }
    }
  }
  return { ...pipeline, hooks };
}
