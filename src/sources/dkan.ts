/**
 * DKAN 2 datastore client (data.medicaid.gov and other DKAN portals): paged JSON from
 * /api/1/datastore/query/{datasetId}/{index} with limit/offset, each page validated with zod and written out as one
 * CSV (so the snapshot and DuckDB loader treat it like any other CSV), plus the dataset's metastore record.
 */
import { z } from 'zod';
import type { DkanCondition } from '../pipeline/definition.ts';
import { type FetchOptions, fetchBytes } from './http.ts';

export interface DkanWindow {
  yearProperty: string;
  quarterProperty: string;
  /** How many of the latest quarters to re-fetch, counting the current one. */
  lagQuarters: number;
}

export interface DkanCsvOptions {
  baseUrl: string;
  datasetId: string;
  index?: number;
  pageSize?: number;
  conditions?: DkanCondition[];
  /** Disjoint condition sets, each ANDed with `conditions`; their rows are concatenated. */
  anyOf?: DkanCondition[][];
  /** CSV columns in order; other keys are dropped, a missing key is an error. Default: the first record's keys. */
  columns?: string[];
  sorts?: { property: string; order: 'asc' | 'desc' }[];
  window?: DkanWindow;
  /** The clock the window is computed from. */
  now?: Date;
  /** Safety stop: more pages than this (per query) is an error, not a silent truncation. */
  maxPages?: number;
  fetch?: FetchOptions;
  onPage?: (info: { page: number; rows: number; count: number; url: string }) => void;
}

export interface DkanCsv {
  bytes: Uint8Array;
  columns: string[];
  pages: number;
  rows: number;
  urls: string[];
  /** The condition sets fetched one after the other (one per window part; one without a window). */
  queries: DkanCondition[][];
}

const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const count = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d+$/, 'expected a row count')
    .transform((s) => Number(s)),
]);

/** One page of a datastore query. `schema` and `query` come too; only the rows and their count matter here. */
const DkanPageSchema = z.object({
  results: z.array(z.record(z.string(), cell)),
  count,
});

const DkanMetadataSchema = z.object({
  identifier: z.string().optional(),
  title: z.string().optional(),
  modified: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date such as 2025-03-10')
    .transform((s) => s.slice(0, 10)),
});
export type DkanMetadata = z.output<typeof DkanMetadataSchema>;

export class DkanError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'DkanError';
  }
}

/**
 * The condition sets for the trailing window ending at `now`'s quarter: the window's first year from its first
 * quarter on, and every later year whole. [] when the window starts in a first quarter (one set: year >= Y).
 */
export function windowConditions(window: DkanWindow, now: Date): DkanCondition[][] {
  const current = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3);
  const start = current - (window.lagQuarters - 1);
  const year = Math.floor(start / 4);
  const quarter = (start % 4) + 1;
  if (quarter === 1) return [[{ property: window.yearProperty, operator: '>=', value: year }]];
  return [
    [
      { property: window.yearProperty, operator: '=', value: year },
      { property: window.quarterProperty, operator: '>=', value: quarter },
    ],
    [{ property: window.yearProperty, operator: '>', value: year }],
  ];
}

/** The query string DKAN's GET endpoint reads: conditions[i][property|value|operator], sorts[i][…], limit, offset. */
export function dkanQueryString(
  conditions: DkanCondition[],
  sorts: { property: string; order: 'asc' | 'desc' }[],
  limit: number,
  offset: number,
): string {
  const params: [string, string][] = [];
  conditions.forEach((c, i) => {
    params.push([`conditions[${i}][property]`, c.property]);
    if (Array.isArray(c.value)) {
      c.value.forEach((v, j) => {
        params.push([`conditions[${i}][value][${j}]`, String(v)]);
      });
    } else {
      params.push([`conditions[${i}][value]`, String(c.value)]);
    }
    params.push([`conditions[${i}][operator]`, c.operator]);
  });
  sorts.forEach((s, i) => {
    params.push([`sorts[${i}][property]`, s.property], [`sorts[${i}][order]`, s.order]);
  });
  params.push(['limit', String(limit)], ['offset', String(offset)]);
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

export async function fetchDkanCsv(opts: DkanCsvOptions): Promise<DkanCsv> {
  const pageSize = opts.pageSize ?? 1000;
  const maxPages = opts.maxPages ?? 10_000;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`invalid pageSize: ${pageSize}`);
  const base = `${opts.baseUrl.replace(/\/+$/, '')}/api/1/datastore/query/${encodeURIComponent(opts.datasetId)}/${opts.index ?? 0}`;
  const fetchOptions: FetchOptions = { ...opts.fetch, accept: ['json'] };
  const common = opts.conditions ?? [];
  const alternatives = (opts.anyOf ?? [[]]).map((set) => [...common, ...set]);
  const windows = opts.window ? windowConditions(opts.window, opts.now ?? new Date()) : [[]];
  const queries = alternatives.flatMap((set) => windows.map((w) => [...set, ...w]));

  let columns = opts.columns;
  const lines: string[] = [];
  const urls: string[] = [];
  let pages = 0;
  for (const conditions of queries) {
    let expected: number | undefined;
    let offset = 0;
    for (let page = 1; ; page++) {
      if (page > maxPages)
        throw new DkanError(`${urls.at(-1)}: still more rows after ${maxPages} pages`, base);
      const url = `${base}?${dkanQueryString(conditions, opts.sorts ?? [], pageSize, offset)}`;
      urls.push(url);
      const parsed = parsePage(url, (await fetchBytes(url, fetchOptions)).bytes);
      pages++;
      if (expected === undefined) expected = parsed.count;
      else if (parsed.count !== expected) {
        throw new DkanError(
          `${url}: the row count changed while paging (${expected}, now ${parsed.count}): the dataset was updated; fetch again`,
          url,
        );
      }
      const first = parsed.results[0];
      if (columns === undefined && first !== undefined) columns = Object.keys(first);
      parsed.results.forEach((record, i) => {
        lines.push(csvRecord(record, columns as string[], url, offset + i));
      });
      opts.onPage?.({ page, rows: parsed.results.length, count: parsed.count, url });
      offset += parsed.results.length;
      if (offset >= expected) break;
      // A server may cap limit below what we asked: an empty page before `count` rows is the only stop condition.
      if (parsed.results.length === 0) {
        throw new DkanError(
          `${url}: returned no rows at offset ${offset} but count is ${expected}: the page is incomplete`,
          url,
        );
      }
    }
  }
  if (columns === undefined) {
    throw new DkanError(`${urls[0]}: no rows and no columns given: nothing to write as CSV`, base);
  }
  const text = `${[columns.map(csvField).join(','), ...lines].join('\n')}\n`;
  return { bytes: new TextEncoder().encode(text), columns, pages, rows: lines.length, urls, queries };
}

/** The dataset's metastore record; its `modified` date is the release the rows belong to. */
export async function fetchDkanMetadata(opts: {
  baseUrl: string;
  datasetId: string;
  fetch?: FetchOptions;
}): Promise<DkanMetadata> {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/api/1/metastore/schemas/dataset/items/${encodeURIComponent(opts.datasetId)}`;
  const json = parseJson(url, (await fetchBytes(url, { ...opts.fetch, accept: ['json'] })).bytes);
  const parsed = DkanMetadataSchema.safeParse(json);
  if (!parsed.success)
    throw new DkanError(`${url} returned unexpected metadata: ${describe(parsed.error)}`, url);
  return parsed.data;
}

function parsePage(url: string, bytes: Uint8Array): z.output<typeof DkanPageSchema> {
  const parsed = DkanPageSchema.safeParse(parseJson(url, bytes));
  if (!parsed.success) {
    throw new DkanError(`${url} returned an unexpected datastore page: ${describe(parsed.error)}`, url);
  }
  return parsed.data;
}

function parseJson(url: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new DkanError(`${url} returned invalid JSON: ${(e as Error).message}`, url);
  }
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue
    ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
    : '';
  return `${path.replace(/^\./, '') || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

function csvRecord(
  record: Record<string, z.infer<typeof cell>>,
  columns: string[],
  url: string,
  row: number,
) {
  return columns
    .map((column) => {
      if (!(column in record)) {
        throw new DkanError(
          `${url}: row ${row} has no "${column}" (it has ${Object.keys(record).join(', ')})`,
          url,
        );
      }
      const value = record[column];
      return value === null || value === undefined ? '' : csvField(String(value));
    })
    .join(',');
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
