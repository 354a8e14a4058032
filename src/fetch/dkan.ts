/**
 * DKAN 2 datastore client (data.medicaid.gov and other DKAN portals): paged JSON from
 * /api/1/datastore/query/{datasetId}/{index} with limit/offset, each page validated with zod and written out as one
 * CSV (so the snapshot and DuckDB loader treat it like any other CSV), plus the dataset's metastore record.
 */
import { z } from 'zod';
import type { DkanCondition } from '../core/pipeline.ts';
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_PAGES,
  FetchError,
  type FetchOptions,
  fetchBytes,
  formatBytes,
} from './http.ts';

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
  /** Safety stop on the whole download, every page together (default `fetch.maxBytes`, else 512 MiB). */
  maxTotalBytes?: number;
  fetch?: FetchOptions;
  onPage?: (info: { page: number; rows: number; count: number; url: string }) => void;
  /** Told when the datastore refused `pageSize` (HTTP 400) and paging goes on with its cap. */
  onLimitCap?: (info: { asked: number; cap: number; url: string }) => void;
}

export interface DkanCsv {
  bytes: Uint8Array;
  columns: string[];
  pages: number;
  rows: number;
  urls: string[];
  /** The condition sets fetched one after the other (one per window part; one without a window). */
  queries: DkanCondition[][];
  /** Records sent by more than one condition set (overlapping sets, e.g. NARCAN and Narcan on a server that
   * compares without case), written once. */
  repeated: number;
  /** The page size used in the end: `pageSize`, or the datastore's cap when it refused more. */
  pageSize: number;
}

/**
 * DKAN's documented default cap on a datastore query's `limit` (the site setting `rows_limit`, 500 unless the site
 * changed it). A limit above the cap is refused with HTTP 400 "JSON Schema validation failed.", not answered with a
 * smaller page.
 */
export const DKAN_DEFAULT_ROWS_LIMIT = 500;

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
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const maxTotal = opts.maxTotalBytes ?? opts.fetch?.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`invalid pageSize: ${pageSize}`);
  const base = `${opts.baseUrl.replace(/\/+$/, '')}/api/1/datastore/query/${encodeURIComponent(opts.datasetId)}/${opts.index ?? 0}`;
  const fetchOptions: FetchOptions = { ...opts.fetch, accept: ['json'] };
  const common = opts.conditions ?? [];
  const alternatives = (opts.anyOf ?? [[]]).map((set) => [...common, ...set]);
  const windows = opts.window ? windowConditions(opts.window, opts.now ?? new Date()) : [[]];
  const queries = alternatives.flatMap((set) => windows.map((w) => [...set, ...w]));

  let columns = opts.columns;
  const lines: string[] = [];
  const seen = new Set<string>();
  let repeated = 0;
  const urls: string[] = [];
  let pages = 0;
  let total = 0;
  let limit = pageSize;
  for (const conditions of queries) {
    let expected: number | undefined;
    let offset = 0;
    const seenThisQuery = new Set<string>();
    for (let page = 1; ; page++) {
      if (page > maxPages)
        throw new DkanError(
          `${urls.at(-1)}: still more rows after ${maxPages} pages: more than ${maxPages} pages (a server repeating a page?); raise http.maxPages if the dataset really is this large`,
          base,
        );
      const url = `${base}?${dkanQueryString(conditions, opts.sorts ?? [], limit, offset)}`;
      urls.push(url);
      let bytes: Uint8Array;
      try {
        bytes = (await fetchBytes(url, fetchOptions)).bytes;
      } catch (error) {
        const cap =
          error instanceof FetchError && error.status === 400
            ? await limitCap(url, limit, fetchOptions)
            : null;
        if (cap === null) throw error;
        opts.onLimitCap?.({ asked: limit, cap, url });
        limit = cap;
        page--;
        continue;
      }
      total += bytes.byteLength;
      if (total > maxTotal) {
        throw new DkanError(
          `${url}: response larger than ${formatBytes(maxTotal)} over ${pages + 1} pages (a server repeating a page?); raise http.maxBytes if the dataset really is this large`,
          url,
        );
      }
      const parsed = parsePage(url, bytes);
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
        const line = csvRecord(record, columns as string[], url, offset + i);
        // Only across condition sets: within one query a repeated record is the publisher's, and kept (the loader
        // refuses duplicate keys with their lines).
        const identity = `${JSON.stringify(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
        if (queries.length > 1 && seen.has(identity) && !seenThisQuery.has(identity)) {
          repeated++;
          return;
        }
        seenThisQuery.add(identity);
        lines.push(line);
      });
      opts.onPage?.({ page, rows: parsed.results.length, count: parsed.count, url });
      offset += parsed.results.length;
      if (offset >= expected) {
        for (const identity of seenThisQuery) seen.add(identity);
        break;
      }
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
  return {
    bytes: new TextEncoder().encode(text),
    columns,
    pages,
    rows: lines.length,
    urls,
    queries,
    repeated,
    pageSize: limit,
  };
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

const DkanValidationErrorSchema = z.object({
  message: z.string(),
  data: z.object({ keyword: z.string(), pointer: z.string(), message: z.string() }).partial().optional(),
});

/**
 * The datastore's cap on `limit`, after it refused `asked` with HTTP 400: read from the error body when it names one
 * (`data.pointer` "limit", keyword "maximum", the number in its message), else DKAN's documented default when
 * `asked` exceeds it. null: the 400 is about something else, and stands.
 */
async function limitCap(url: string, asked: number, fetchOptions: FetchOptions): Promise<number | null> {
  let body: unknown;
  try {
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
      ...(fetchOptions.timeoutMs ? { signal: AbortSignal.timeout(fetchOptions.timeoutMs) } : {}),
    });
    body = JSON.parse(await res.text());
  } catch {
    body = undefined;
  }
  const parsed = DkanValidationErrorSchema.safeParse(body);
  if (parsed.success && parsed.data.data?.pointer?.replace(/^\//, '') === 'limit') {
    const cap = Number(/\d+/.exec(parsed.data.data.message ?? '')?.[0]);
    if (Number.isInteger(cap) && cap >= 1 && cap < asked) return cap;
  }
  return asked > DKAN_DEFAULT_ROWS_LIMIT ? DKAN_DEFAULT_ROWS_LIMIT : null;
}

const DkanCatalogSchema = z.array(
  z.looseObject({ identifier: z.string(), title: z.string(), modified: z.string().optional() }),
);

export interface DkanYearlyDataset {
  year: number;
  identifier: string;
  title: string;
  modified: string | undefined;
}

/**
 * The catalogue's datasets whose title matches `title` (a pattern with a `year` group, e.g.
 * `^State Drug Utilization Data (?<year>\d{4})$`), one per year, oldest first, from
 * /api/1/metastore/schemas/dataset/items (a JSON array of every dataset's DCAT-US metadata). Two datasets for one year
 * are an error: which to read is not ours to guess.
 */
export async function fetchDkanYearlyDatasets(opts: {
  baseUrl: string;
  title: string;
  fetch?: FetchOptions;
}): Promise<{ url: string; datasets: DkanYearlyDataset[] }> {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/api/1/metastore/schemas/dataset/items`;
  const json = parseJson(url, (await fetchBytes(url, { ...opts.fetch, accept: ['json'] })).bytes);
  const parsed = DkanCatalogSchema.safeParse(json);
  if (!parsed.success)
    throw new DkanError(`${url} returned an unexpected catalogue: ${describe(parsed.error)}`, url);
  const pattern = new RegExp(opts.title);
  const byYear = new Map<number, DkanYearlyDataset>();
  for (const d of parsed.data) {
    const year = Number(pattern.exec(d.title.trim())?.groups?.year);
    if (!Number.isInteger(year)) continue;
    const other = byYear.get(year);
    if (other) {
      throw new DkanError(
        `${url}: two datasets for ${year} match /${opts.title}/: ${other.identifier} "${other.title}" and ${d.identifier} "${d.title}"`,
        url,
      );
    }
    byYear.set(year, {
      year,
      identifier: d.identifier,
      title: d.title,
      modified: d.modified?.slice(0, 10),
    });
  }
  return { url, datasets: [...byYear.values()].sort((a, b) => a.year - b.year) };
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
