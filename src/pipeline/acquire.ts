import { relative } from 'node:path';
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import { type FetchOptions, fetchBytes } from '../sources/http.ts';
import { type Snapshot, storeSnapshot } from '../sources/snapshot.ts';
import { fetchSocrataCsv, fetchSocrataMetadata } from '../sources/socrata.ts';
import type { PipelineInput } from './definition.ts';

/** An input's bytes, safely on disk as a snapshot, with the vintage they belong to. */
export interface AcquiredInput {
  snapshot: Snapshot;
  vintage: string;
  demo: boolean;
}

export interface AcquireContext {
  source: string;
  config: Config;
  log: (message: string) => void;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Fetches (or reads) one input and stores its bytes as a snapshot. */
export async function acquire(input: PipelineInput, ctx: AcquireContext): Promise<AcquiredInput> {
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
      const csv = await fetchSocrataCsv({
        baseUrl: input.baseUrl,
        datasetId: input.datasetId,
        pageSize: input.pageSize,
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
      return { snapshot, vintage: isoDay(metadata.rowsUpdatedAt), demo: false };
    }
  }
}

/** A path as the user would write it: relative to the working directory when it lies below it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}
