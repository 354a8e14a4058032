import { z } from 'zod';
import type { CsvLoadSpec } from '../warehouse/loadCsv.ts';

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
    })
    .strict(),
]);
export type PipelineInput = z.infer<typeof inputSchema>;

export const pipelineSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected snake_case'),
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
  })
  .strict();

export type PipelineMeta = z.infer<typeof pipelineSchema>;

export interface Pipeline extends PipelineMeta {
  csv: CsvLoadSpec;
}

export function definePipeline(meta: z.input<typeof pipelineSchema>, csv: CsvLoadSpec): Pipeline {
  const parsed = pipelineSchema.safeParse(meta);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid pipeline ${meta.name ?? '?'}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  if (csv.source !== parsed.data.name)
    throw new Error(`pipeline ${meta.name}: csv.source must be "${meta.name}"`);
  return { ...parsed.data, csv };
}
