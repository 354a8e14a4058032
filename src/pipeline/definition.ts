import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import type { CsvLoadResult, CsvLoadTarget } from '../warehouse/loadCsv.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** Where a pipeline's bytes come from: a local file, one URL, or a paged Socrata API. */
export const inputSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('file'),
      path: z.string().min(1),
      vintage: isoDate.optional(),
      demo: z.boolean().default(false),
    })
    .strict(),
  z.object({ kind: z.literal('url'), url: z.url(), vintage: isoDate.optional() }).strict(),
  z
    .object({
      kind: z.literal('socrata'),
      baseUrl: z.url(),
      datasetId: z.string().regex(/^[a-z0-9]{4}-[a-z0-9]{4}$/, 'expected a Socrata id such as xkb8-kh2a'),
      pageSize: z.number().int().positive().default(50_000),
      where: z.string().optional(),
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
    releases: z.enum(['weekly', 'monthly', 'quarterly', 'yearly']),
    schedule: z.object({ cron: z.string().min(1), timezone: z.string().min(1) }),
    /** Bundled synthetic fixtures, loaded by default (demo data). */
    demoInputs: z.array(inputSchema).min(1),
    /** The publisher's real endpoints, used with --live. */
    liveInputs: z.array(inputSchema).min(1),
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
  prepare?: (snapshotPath: string) => Promise<string>;
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
