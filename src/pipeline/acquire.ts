import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import { fetchDkanCsv, fetchDkanMetadata } from '../sources/dkan.ts';
import { type FetchOptions, fetchBytes } from '../sources/http.ts';
import { dateFromLink, fetchLinkedFile, PageLinkError } from '../sources/pageLink.ts';
import { type Snapshot, storeSnapshot } from '../sources/snapshot.ts';
import { fetchSocrataCsv, fetchSocrataMetadata } from '../sources/socrata.ts';
import { openWarehouse, queryValue } from '../warehouse/connection.ts';
import type { PipelineInput } from './definition.ts';
import { socrataWhere } from './incremental.ts';
import { effectiveReleaseScope, type ReleaseScope } from './releaseScope.ts';

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
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Fetches (or reads) one input and stores its bytes as a snapshot. */
export async function acquire(input: PipelineInput, ctx: AcquireContext): Promise<AcquiredInput> {
  const acquired = await acquireBytes(input, ctx);
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
    onRetry: (info) => ctx.log(`${ctx.source}: retrying ${info.url} in ${info.delayMs} ms (${info.reason})`),
  };
  switch (input.kind) {
    case 'file': {
      const origin = displayPath(input.path);
      let snapshot: Snapshot;
      try {
        snapshot = await storeSnapshot({
          snapshotDir,
          source: ctx.source,
          origin,
          extension: 'csv',
          fetchedAt,
          filePath: input.path,
        });
      } catch (error) {
        throw new InputError({ source: ctx.source, origin }, `cannot read file: ${(error as Error).message}`);
      }
      return { snapshot, vintage: input.vintage ?? isoDay(fetchedAt), demo: input.demo };
    }
    case 'url': {
      const result = await fetchBytes(input.url, { ...fetchOptions, accept: ['csv'] });
      const snapshot = await storeSnapshot({
        snapshotDir,
        source: ctx.source,
        origin: input.url,
        extension: 'csv',
        fetchedAt: result.fetchedAt,
        contentType: result.contentType,
        bytes: result.bytes,
      });
      return { snapshot, vintage: input.vintage ?? isoDay(result.fetchedAt), demo: false };
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
      const fromLink = input.vintagePattern ? dateFromLink(link.url, input.vintagePattern) : null;
      if (input.vintagePattern && fromLink === null && input.vintage === undefined) {
        ctx.log(
          `${ctx.source}: ${link.url} has no date matching /${input.vintagePattern}/; the vintage is the fetch date`,
        );
      }
      return { snapshot, vintage: input.vintage ?? fromLink ?? isoDay(file.fetchedAt), demo: false };
    }
    case 'dkan': {
      // The dataset's metastore `modified` date is the release; a configured vintage overrides it.
      const vintage =
        input.vintage ??
        (await fetchDkanMetadata({ baseUrl: input.baseUrl, datasetId: input.datasetId, fetch: fetchOptions }))
          .modified;
      const origin = `${input.baseUrl.replace(/\/+$/, '')}/api/1/datastore/query/${input.datasetId}/${input.index}`;
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
      const csv = await fetchDkanCsv({
        baseUrl: input.baseUrl,
        datasetId: input.datasetId,
        index: input.index,
        pageSize: input.pageSize,
        conditions: input.conditions,
        anyOf: input.anyOf,
        columns: input.columns,
        sorts: input.sorts,
        window,
        now: ctx.now,
        fetch: fetchOptions,
        onPage: (page) => ctx.log(`${ctx.source}: page ${page.page}, ${page.rows} rows of ${page.count}`),
      });
      if (window) {
        ctx.log(
          `${ctx.source}: incremental pull of ${origin}, the latest ${window.lagQuarters} quarter(s): ${csv.rows} rows in ${csv.queries.length} query(ies); older quarters keep the vintage of an earlier pull`,
        );
      }
      const snapshot = await storeSnapshot({
        snapshotDir,
        source: ctx.source,
        origin,
        extension: 'csv',
        fetchedAt,
        contentType: 'text/csv',
        bytes: csv.bytes,
      });
      return { snapshot, vintage, demo: false, incremental: Boolean(window) };
    }
  }
}

/** True when the published warehouse (read-only; a run works on its own copy) holds a successful load of `origin`. */
async function hasPublishedLoad(warehouse: string, source: string, origin: string): Promise<boolean> {
  if (!existsSync(warehouse)) return false;
  const wh = await openWarehouse(warehouse, { readOnly: true });
  try {
    const n = await queryValue<number>(
      wh.connection,
      "SELECT count(*) FROM meta.loads WHERE source = $1 AND origin = $2 AND status = 'loaded'",
      [source, origin],
    );
    return Number(n) > 0;
  } finally {
    wh.closeSync();
  }
}

/** A path as the user would write it: relative to the working directory when it lies below it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}
