import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Config } from '../core/config.ts';
import { InputError } from '../core/errors.ts';
import type { PipelineInput } from '../core/pipeline.ts';
import { effectiveReleaseScope, type ReleaseScope } from '../core/releaseScope.ts';
import {
  type Candidate,
  DiscoveryError,
  fetchNewest,
  listedCandidates,
  probedCandidates,
} from '../fetch/discover.ts';
import { fetchDkanCsv, fetchDkanMetadata, fetchDkanYearlyDatasets, windowConditions } from '../fetch/dkan.ts';
import { FetchError, type FetchOptions, type FetchResult, fetchBytes, formatBytes } from '../fetch/http.ts';
import { dateFromLink, fetchLinkedFile, PageLinkError } from '../fetch/pageLink.ts';
import { type Snapshot, storeSnapshot } from '../fetch/snapshot.ts';
import { fetchSocrataCsv, fetchSocrataMetadata } from '../fetch/socrata.ts';
import { defaultUserAgent } from '../fetch/userAgent.ts';
import { hasPublishedLoad } from '../warehouse/ledger.ts';
import { socrataWhere } from './incremental.ts';

/** An input's bytes, safely on disk as a snapshot, with the vintage they belong to. */
export interface AcquiredInput {
  snapshot: Snapshot;
  vintage: string;
  demo: boolean;
  /** An incremental pull (a trailing window): it may rightly hold no rows. */
  incremental?: boolean;
  /** How far this release reaches (meta.loads.release_scope): the input's or pipeline's, narrowed for a window. */
  releaseScope: ReleaseScope;
}

export interface AcquireContext {
  source: string;
  config: Config;
  log: (message: string) => void;
  /** The clock incremental windows are computed from (DKAN); tests pass a fixed date. */
  now?: Date;
  /** The pipeline's release scope (default 'all'); an input's own `releaseScope` overrides it. */
  releaseScope?: ReleaseScope;
  /** Stops a download (and its retries and backoff) at once: Ctrl-C or SIGTERM during a fetch. */
  signal?: AbortSignal;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Fetches (or reads) one input and stores its bytes as a snapshot. */
export async function acquire(input: PipelineInput, ctx: AcquireContext): Promise<AcquiredInput> {
  const acquired = await acquireBytes(input, ctx);
  // A release dated in the future would stay the newest forever (and never age): refused, naming the date.
  const tomorrow = isoDay(new Date(Date.now() + 86_400_000));
  if (acquired.vintage > tomorrow) {
    throw new InputError(
      { source: ctx.source, origin: acquired.snapshot.origin },
      `release date ${acquired.vintage} is in the future; expected a date no later than ${tomorrow} (the publisher's metadata, or the configured vintage, is wrong)`,
    );
  }
  const declared = input.releaseScope ?? ctx.releaseScope ?? 'all';
  return { ...acquired, releaseScope: effectiveReleaseScope(declared, acquired.incremental ?? false) };
}

async function acquireBytes(
  input: PipelineInput,
  ctx: AcquireContext,
): Promise<Omit<AcquiredInput, 'releaseScope'>> {
  const fetchedAt = new Date();
  const { snapshotDir, http } = ctx.config;
  const fetchOptions: FetchOptions = {
    timeoutMs: http.timeoutMs,
    retries: http.retries,
    maxBytes: http.maxBytes,
    userAgent: http.userAgent ?? defaultUserAgent(http.contact),
    onRetry: (info) => ctx.log(`${ctx.source}: retrying ${info.url} in ${info.delayMs} ms (${info.reason})`),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  switch (input.kind) {
    case 'file': {
      const origin = displayPath(input.path);
      let snapshot: Snapshot;
      try {
        // A bundled release is kept gzipped in the repository; its snapshot is the publisher's bytes, as fetched.
        const gzipped = input.path.endsWith('.gz');
        snapshot = await storeSnapshot({
          snapshotDir,
          source: ctx.source,
          origin,
          extension: 'csv',
          fetchedAt,
          ...(gzipped
            ? { bytes: await gunzipFile(input.path, http.maxInflatedBytes) }
            : { filePath: input.path }),
        });
      } catch (error) {
        throw new InputError({ source: ctx.source, origin }, `cannot read file: ${(error as Error).message}`);
      }
      return { snapshot, vintage: input.vintage ?? isoDay(fetchedAt), demo: input.demo };
    }
    case 'url': {
      const format =
        input.format ?? (new URL(input.url).pathname.toLowerCase().endsWith('.zip') ? 'zip' : 'csv');
      const fetch: FetchOptions = { ...fetchOptions, accept: [format] };
      const newest = input.discover ? await discoverNewest(input, input.discover, fetch, ctx) : null;
      const result = newest ?? (await fetchBytes(input.url, fetch));
      const snapshot = await storeSnapshot({
        snapshotDir,
        source: ctx.source,
        origin: result.url,
        extension: format,
        fetchedAt: result.fetchedAt,
        contentType: result.contentType,
        bytes: result.bytes,
      });
      // A discovered release has no configured date: the server's Last-Modified is the nearest to a release date.
      const vintage =
        result.url === input.url ? input.vintage : result.lastModified && isoDay(result.lastModified);
      return { snapshot, vintage: vintage ?? isoDay(result.fetchedAt), demo: false };
    }
    case 'socrata': {
      // The dataset's own "rows updated at" is the release date: the vintage of every row in it.
      const metadata = await fetchSocrataMetadata({
        baseUrl: input.baseUrl,
        datasetId: input.datasetId,
        fetch: fetchOptions,
      });
      const where = await socrataWhere(input, ctx);
      const csv = await fetchSocrataCsv({
        baseUrl: input.baseUrl,
        datasetId: input.datasetId,
        pageSize: input.pageSize,
        where,
        maxPages: http.maxPages,
        fetch: fetchOptions,
        onPage: (page) => ctx.log(`${ctx.source}: page ${page.page}, ${page.rows} rows`),
      });
      const origin = `${input.baseUrl.replace(/\/+$/, '')}/resource/${input.datasetId}.csv`;
      const snapshot = await storeSnapshot({
        snapshotDir,
        source: ctx.source,
        origin,
        extension: 'csv',
        fetchedAt,
        contentType: 'text/csv',
        bytes: csv.bytes,
      });
      return {
        snapshot,
        vintage: isoDay(metadata.rowsUpdatedAt),
        demo: false,
        incremental: where !== input.where,
      };
    }
    case 'page_link': {
      let linked: Awaited<ReturnType<typeof fetchLinkedFile>>;
      try {
        linked = await fetchLinkedFile({
          pageUrl: input.pageUrl,
          linkPattern: input.linkPattern,
          fetch: fetchOptions,
        });
      } catch (error) {
        if (error instanceof PageLinkError)
          throw new InputError({ source: ctx.source, origin: input.pageUrl }, error.message);
        throw error;
      }
      const { link, file } = linked;
      const others =
        link.matches.length > 1 ? ` (${link.matches.length - 1} other matching link(s) ignored)` : '';
      ctx.log(`${ctx.source}: ${input.pageUrl} links to ${link.url}${others}`);
      const snapshot = await storeSnapshot({
        snapshotDir,
        source: ctx.source,
        origin: link.url,
        extension: 'csv',
        fetchedAt: file.fetchedAt,
        contentType: file.contentType,
        bytes: file.bytes,
      });
      const fromLink = input.vintagePattern
        ? dateFromLink(link.url, input.vintagePattern, input.vintageLag)
        : null;
      if (input.vintagePattern && fromLink === null && input.vintage === undefined) {
        ctx.log(
          `${ctx.source}: ${link.url} has no date matching /${input.vintagePattern}/; the vintage is the fetch date`,
        );
      }
      return { snapshot, vintage: input.vintage ?? fromLink ?? isoDay(file.fetchedAt), demo: false };
    }
    case 'dkan': {
      const base = input.baseUrl.replace(/\/+$/, '');
      const datasets = await dkanDatasets(input, ctx, fetchOptions);
      const origin = input.catalog
        ? `${base}/api/1/metastore/schemas/dataset/items?title=${encodeURIComponent(input.catalog.title)}`
        : `${base}/api/1/datastore/query/${input.datasetId}/${input.index}`;
      // As for Socrata: the first pull is complete; the trailing window applies once a load of it is published.
      const window =
        input.window && (await hasPublishedLoad(ctx.config.warehouse, ctx.source, origin))
          ? input.window
          : undefined;
      if (input.window && !window) {
        ctx.log(
          `${ctx.source}: first pull of ${origin}: fetching every row (later pulls re-fetch the latest ${input.window.lagQuarters} quarter(s))`,
        );
      }
      const now = ctx.now ?? new Date();
      // A window reaches back at most into the year its first quarter is in: older yearly datasets are not asked.
      const firstYear = window ? (windowConditions(window, now)[0]?.[0]?.value as number) : -Infinity;
      const parts: Uint8Array[] = [];
      let rows = 0;
      let queries = 0;
      for (const dataset of datasets.filter((d) => d.year === undefined || d.year >= firstYear)) {
        const csv = await fetchDkanCsv({
          baseUrl: input.baseUrl,
          datasetId: dataset.identifier,
          index: input.index,
          pageSize: input.pageSize,
          conditions: input.conditions,
          anyOf: input.anyOf,
          columns: input.columns,
          sorts: input.sorts,
          window,
          now,
          maxPages: http.maxPages,
          fetch: fetchOptions,
          onPage: (page) => ctx.log(`${ctx.source}: page ${page.page}, ${page.rows} rows of ${page.count}`),
          onLimitCap: ({ asked, cap }) =>
            ctx.log(`${ctx.source}: the datastore refused limit=${asked}; paging by its cap, ${cap}`),
        });
        if (csv.repeated > 0)
          ctx.log(
            `${ctx.source}: ${csv.repeated} row(s) matched more than one query of ${dataset.identifier}; kept once`,
          );
        if (dataset.year !== undefined)
          ctx.log(`${ctx.source}: ${dataset.year} (${dataset.identifier}): ${csv.rows} rows`);
        // One CSV: the header once (every part has the same columns), then each dataset's records.
        const text = new TextDecoder().decode(csv.bytes);
        parts.push(new TextEncoder().encode(parts.length === 0 ? text : text.slice(text.indexOf('\n') + 1)));
        rows += csv.rows;
        queries += csv.queries.length;
      }
      if (window) {
        ctx.log(
          `${ctx.source}: incremental pull of ${origin}, the latest ${window.lagQuarters} quarter(s): ${rows} rows in ${queries} query(ies); older quarters keep the vintage of an earlier pull`,
        );
      }
      // The release is the newest of the datasets' metastore `modified` dates; a configured vintage overrides it.
      const modified = datasets.map((d) => d.modified).filter((m): m is string => m !== undefined);
      const vintage = input.vintage ?? modified.sort().at(-1) ?? isoDay(fetchedAt);
      const snapshot = await storeSnapshot({
        snapshotDir,
        source: ctx.source,
        origin,
        extension: 'csv',
        fetchedAt,
        contentType: 'text/csv',
        bytes: Buffer.concat(parts),
      });
      return { snapshot, vintage, demo: false, incremental: Boolean(window) };
    }
  }
}

/**
 * The datasets a DKAN input reads, with their release dates: the one `datasetId` (its metastore record, unless a
 * vintage is configured), or the catalogue's yearly datasets from `catalog.fromYear` to `catalog.toYear`.
 */
async function dkanDatasets(
  input: Extract<PipelineInput, { kind: 'dkan' }>,
  ctx: AcquireContext,
  fetchOptions: FetchOptions,
): Promise<{ identifier: string; year?: number; modified?: string }[]> {
  const origin = input.baseUrl;
  if (input.catalog === undefined) {
    if (input.datasetId === undefined)
      throw new InputError({ source: ctx.source, origin }, 'a dkan input needs a datasetId or a catalog');
    const modified =
      input.vintage ??
      (await fetchDkanMetadata({ baseUrl: input.baseUrl, datasetId: input.datasetId, fetch: fetchOptions }))
        .modified;
    return [{ identifier: input.datasetId, modified }];
  }
  const { fromYear, toYear, title } = input.catalog;
  const found = await fetchDkanYearlyDatasets({ baseUrl: input.baseUrl, title, fetch: fetchOptions });
  const chosen = found.datasets.filter(
    (d) => (fromYear === undefined || d.year >= fromYear) && (toYear === undefined || d.year <= toYear),
  );
  const years = found.datasets.map((d) => d.year);
  ctx.log(
    `${ctx.source}: ${found.url} lists ${years.length} dataset(s) titled /${title}/ (${years.join(', ') || 'none'}); reading ${chosen.map((d) => d.year).join(', ') || 'none'}`,
  );
  if (chosen.length === 0) {
    throw new InputError(
      { source: ctx.source, origin: found.url },
      `no dataset titled /${title}/ for ${fromYear ?? 'any year'}–${toYear ?? 'the newest'}; the catalogue lists ${years.join(', ') || 'none'}`,
    );
  }
  const missing = [];
  for (let y = chosen[0]?.year ?? 0; y <= (chosen.at(-1)?.year ?? 0); y++)
    if (!years.includes(y)) missing.push(y);
  if (missing.length > 0) ctx.log(`${ctx.source}: the catalogue has no dataset for ${missing.join(', ')}`);
  return chosen.map((d) => ({
    identifier: d.identifier,
    year: d.year,
    ...(d.modified === undefined ? {} : { modified: d.modified }),
  }));
}

type UrlInput = Extract<PipelineInput, { kind: 'url' }>;

/**
 * The newest release `discover` finds, fetched; null when there is none (the caller then fetches the pinned URL).
 * An unreadable listing is logged and also gives null: the pinned release still loads.
 */
async function discoverNewest(
  input: UrlInput,
  discover: NonNullable<UrlInput['discover']>,
  fetch: FetchOptions,
  ctx: AcquireContext,
): Promise<FetchResult | null> {
  const where = { source: ctx.source, origin: discover.listing ?? discover.template };
  const pinned = `using the pinned ${input.url}`;
  let candidates: Candidate[];
  try {
    if (discover.listing && discover.pattern) {
      let page: FetchResult;
      try {
        page = await fetchBytes(discover.listing, { ...fetch, accept: ['html'] });
      } catch (error) {
        if (!(error instanceof FetchError)) throw error;
        ctx.log(`${ctx.source}: cannot read the release listing (${error.message}); ${pinned}`);
        return null;
      }
      const html = new TextDecoder().decode(page.bytes);
      candidates = listedCandidates(
        html,
        discover.listing,
        discover.pattern,
        discover.template,
        discover.from,
      );
      ctx.log(
        `${ctx.source}: ${discover.listing} lists ${candidates.length} release(s) from ${discover.from} on${candidates.length ? `: ${candidates.map((c) => c.year).join(', ')}` : ''}`,
      );
    } else {
      candidates = probedCandidates(discover.template, discover.from, ctx.now ?? new Date());
    }
  } catch (error) {
    if (error instanceof DiscoveryError) throw new InputError(where, error.message);
    throw error;
  }
  const found = await fetchNewest(candidates, fetch, (c, reason) =>
    ctx.log(`${ctx.source}: no ${c.year} release (${reason})`),
  );
  if (found === null) {
    ctx.log(`${ctx.source}: no release from ${discover.from} on was found; ${pinned}`);
    return null;
  }
  ctx.log(`${ctx.source}: newest release found: ${found.file.url}`);
  return found.file;
}

/** The bytes of a gzipped file, refusing to inflate past `maxBytes` (a zip bomb is not a release). */
async function gunzipFile(path: string, maxBytes: number): Promise<Buffer> {
  const compressed = await readFile(path);
  try {
    return gunzipSync(compressed, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(
        `inflates to more than ${formatBytes(maxBytes)} (http.maxInflatedBytes); a release this large is refused`,
      );
    throw new Error(`not a readable gzip file (${(error as Error).message})`);
  }
}

/** A path as the user would write it: relative to the working directory when it lies below it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}
