/**
 * Socrata SODA 2.1 client (data.cdc.gov and other Socrata portals): paged CSV export of a dataset,
 * and the dataset's view metadata.
 */
import { z } from 'zod';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES, type FetchOptions, fetchBytes, formatBytes } from './http.ts';

export interface SocrataCsvOptions {
  baseUrl: string;
  datasetId: string;
  pageSize?: number;
  /** A SoQL condition, e.g. `year >= 2020 AND state = 'NY'`. */
  where?: string;
  /** Safety stop: more pages than this is an error, not a silent truncation. */
  maxPages?: number;
  /** Safety stop on the whole download, every page together (default `fetch.maxBytes`, else 512 MiB). */
  maxTotalBytes?: number;
  fetch?: FetchOptions;
  onPage?: (info: { page: number; rows: number; url: string }) => void;
}

export interface SocrataCsv {
  /** One CSV: the header once, then every page's records verbatim. */
  bytes: Uint8Array;
  pages: number;
  rows: number;
  urls: string[];
}

const SocrataMetadataSchema = z.object({
  id: z.string(),
  name: z.string(),
  rowsUpdatedAt: z
    .number()
    .int()
    .nonnegative()
    .transform((seconds) => new Date(seconds * 1000)),
  columns: z.array(z.object({ name: z.string(), fieldName: z.string(), dataTypeName: z.string() })),
});

export type SocrataMetadata = z.output<typeof SocrataMetadataSchema>;

const NEWLINE = 0x0a;

export async function fetchSocrataCsv(opts: SocrataCsvOptions): Promise<SocrataCsv> {
  const pageSize = opts.pageSize ?? 50_000;
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const maxTotal = opts.maxTotalBytes ?? opts.fetch?.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`invalid pageSize: ${pageSize}`);
  const base = `${resourceBase(opts.baseUrl, opts.datasetId)}/resource/${opts.datasetId}.csv`;
  const fetchOptions: FetchOptions = { accept: ['csv'], ...opts.fetch };

  const parts: Uint8Array[] = [];
  const urls: string[] = [];
  let header: Uint8Array | undefined;
  let rows = 0;
  let total = 0;
  for (let page = 1; ; page++) {
    if (page > maxPages) {
      throw new Error(
        `${urls.at(-1)} was still a full page after ${maxPages} pages: more than ${maxPages} pages (a server repeating a page?); raise http.maxPages if the dataset really is this large`,
      );
    }
    const params: [string, string][] = [
      ['$limit', String(pageSize)],
      ['$offset', String((page - 1) * pageSize)],
      ['$order', ':id'],
    ];
    if (opts.where !== undefined) params.push(['$where', opts.where]);
    const url = `${base}?${params.map(([k, v]) => `${k}=${encodeQueryValue(v)}`).join('&')}`;
    urls.push(url);

    const { bytes } = await fetchBytes(url, fetchOptions);
    total += bytes.byteLength;
    if (total > maxTotal) {
      throw new Error(
        `${url}: response larger than ${formatBytes(maxTotal)} over ${page} pages (a server repeating a page?); raise http.maxBytes if the dataset really is this large`,
      );
    }
    const scan = scanCsvPage(bytes, url);
    if (header === undefined) {
      header = scan.header;
      parts.push(bytes.subarray(0, scan.bodyStart));
    } else if (!sameBytes(scan.header, header)) {
      const decoder = new TextDecoder();
      throw new Error(
        `${url} has a different CSV header from the first page: ${decoder.decode(scan.header)}, expected ${decoder.decode(header)}`,
      );
    }
    if (scan.rows > 0) {
      if (parts.at(-1)?.at(-1) !== NEWLINE) parts.push(Uint8Array.of(NEWLINE));
      parts.push(bytes.subarray(scan.bodyStart));
    }
    rows += scan.rows;
    opts.onPage?.({ page, rows: scan.rows, url });
    if (scan.rows < pageSize) return { bytes: Buffer.concat(parts), pages: page, rows, urls };
  }
}

export async function fetchSocrataMetadata(opts: {
  baseUrl: string;
  datasetId: string;
  fetch?: FetchOptions;
}): Promise<SocrataMetadata> {
  const url = `${resourceBase(opts.baseUrl, opts.datasetId)}/api/views/${opts.datasetId}.json`;
  const { bytes } = await fetchBytes(url, { accept: ['json'], ...opts.fetch });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`${url} returned invalid JSON: ${(e as Error).message}`);
  }
  const parsed = SocrataMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? formatPath(issue.path) : '';
    throw new Error(`${url} returned unexpected view metadata at ${path || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

export function socrataBulkCsvUrl(baseUrl: string, datasetId: string): string {
  return `${resourceBase(baseUrl, datasetId)}/api/views/${datasetId}/rows.csv?accessType=DOWNLOAD`;
}

/** The base URL without a trailing slash, after checking the dataset id is a Socrata "4x4". */
function resourceBase(baseUrl: string, datasetId: string): string {
  if (!/^[a-z0-9]{4}-[a-z0-9]{4}$/.test(datasetId)) {
    throw new Error(`invalid Socrata dataset id: ${JSON.stringify(datasetId)}, expected e.g. xkb8-kh2a`);
  }
  return baseUrl.replace(/\/+$/, '');
}

/**
 * Percent-encode, leaving `:` readable (`$order=:id`; legal in a query, RFC 3986 §3.4), and encoding
 * `'` as fetch's URL parser would, so that `urls` holds exactly what was requested.
 */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/'/g, '%27');
}

/**
 * Finds the header record and counts data records in one Socrata CSV page. Quoted fields may hold
 * commas, doubled quotes and newlines, so records end only at a newline outside quotes.
 */
function scanCsvPage(
  bytes: Uint8Array,
  url: string,
): { header: Uint8Array; bodyStart: number; rows: number } {
  const QUOTE = 0x22;
  const CR = 0x0d;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let inQuotes = false;
  let recordStart = bom;
  let header: Uint8Array | undefined;
  let bodyStart = bytes.length;
  let rows = 0;
  const endRecord = (end: number, next: number) => {
    let stop = end;
    if (stop > recordStart && bytes[stop - 1] === CR) stop--;
    if (stop > recordStart) {
      if (header === undefined) {
        header = bytes.subarray(recordStart, stop);
        bodyStart = next;
      } else {
        rows++;
      }
    }
    recordStart = next;
  };
  for (let i = bom; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (b === NEWLINE && !inQuotes) endRecord(i, i + 1);
  }
  if (inQuotes) throw new Error(`${url} ends inside a quoted CSV field; the page is incomplete`);
  endRecord(bytes.length, bytes.length);
  if (header === undefined) throw new Error(`${url} returned an empty page, expected at least a CSV header`);
  return { header, bodyStart, rows };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
