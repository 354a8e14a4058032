/**
 * #14 caps: a paged API that repeats a page, a gzip body or a zip member that inflates far past what a release can
 * be, each stops at a configured cap with an error saying so, and leaves nothing half-written behind.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { extractZipMember } from '../../pipelines/_lib/zipMember.ts';
import { dkanPage, dkanRecords } from '../../pipelines/medicaid_sdud/fixtures.ts';
import { configSchema } from '../../src/core/config.ts';
import { fetchDkanCsv } from '../../src/fetch/dkan.ts';
import { FetchError, fetchBytes } from '../../src/fetch/http.ts';
import { fetchSocrataCsv } from '../../src/fetch/socrata.ts';
import { acquire } from '../../src/run/acquire.ts';
import { fixtureServersPerTest } from '../support/fixtureServer.ts';

const MiB = 1024 * 1024;
const FAST = { sleep: async () => {}, jitter: 0, retries: 0 };
const PATH = '/resource/xkb8-kh2a.csv';
const HEADER = '"state","year","month","indicator","data_value","footnote"\n';
const ROW = '"NM","2023","January","Number of Drug Overdose Deaths","1,001",""\n';

const serve = fixtureServersPerTest();
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'centinela-caps-'));
  dirs.push(dir);
  return dir;
}

/** A Socrata resource that answers every offset with the same full page, forever. */
const repeatingPage = (pageSize: number) => () => ({
  contentType: 'text/csv',
  body: HEADER + ROW.repeat(pageSize),
});

describe('a Socrata API repeating a page', () => {
  it('stops at the total byte cap over all pages: "response larger than"', async () => {
    const server = await serve({ [PATH]: repeatingPage(50) });
    const error = fetchSocrataCsv({
      baseUrl: server.url,
      datasetId: 'xkb8-kh2a',
      pageSize: 50,
      fetch: { ...FAST, maxBytes: 64 * 1024 },
    });
    await expect(error).rejects.toThrow(/response larger than 64 KiB over 20 pages/);
    expect(server.requests.length).toBe(20);
  });

  it('stops at the configured page cap (http.maxPages) in a run: "more than N pages"', async () => {
    const dir = tempDir();
    const config = configSchema.parse({ snapshotDir: join(dir, 'snap'), http: { maxPages: 7, retries: 0 } });
    // The view metadata comes first, then the pages.
    const server = await serve({
      '/api/views/xkb8-kh2a.json': {
        contentType: 'application/json',
        body: JSON.stringify({ id: 'xkb8-kh2a', name: 'x', rowsUpdatedAt: 1_700_000_000, columns: [] }),
      },
      [PATH]: repeatingPage(2),
    });
    const input = { kind: 'socrata' as const, baseUrl: server.url, datasetId: 'xkb8-kh2a', pageSize: 2 };
    const error = acquire(input, { source: 'cdc_vsrr_state', config, log: () => {} });
    await expect(error).rejects.toThrow(/more than 7 pages/);
    expect(server.requests.filter((r) => r.pathname === PATH)).toHaveLength(7);
    // Nothing was stored for the refused download.
    expect(existsSync(join(dir, 'snap'))).toBe(false);
  });
});

describe('a DKAN datastore repeating a page with an endless count', () => {
  it('stops at the total byte cap: "response larger than"', async () => {
    const page = dkanRecords().slice(0, 20);
    const server = await serve({
      '/api/1/datastore/query/abc/0': (req) => ({
        contentType: 'application/json',
        body: JSON.stringify(dkanPage(page, 1_000_000_000, Number(req.query.get('offset')))),
      }),
    });
    const error = fetchDkanCsv({
      baseUrl: server.url,
      datasetId: 'abc',
      pageSize: 20,
      fetch: { ...FAST, maxBytes: 256 * 1024 },
    });
    await expect(error).rejects.toThrow(/response larger than 256 KiB over \d+ pages/);
    expect(server.requests.length).toBeLessThan(100);
  });

  it('stops at the page cap: "more than N pages"', async () => {
    const page = dkanRecords().slice(0, 2);
    const server = await serve({
      '/api/1/datastore/query/abc/0': (req) => ({
        contentType: 'application/json',
        body: JSON.stringify(dkanPage(page, 1_000_000_000, Number(req.query.get('offset')))),
      }),
    });
    const error = fetchDkanCsv({
      baseUrl: server.url,
      datasetId: 'abc',
      pageSize: 2,
      maxPages: 9,
      fetch: FAST,
    });
    await expect(error).rejects.toThrow(/more than 9 pages/);
    expect(server.requests).toHaveLength(9);
  });
});

describe('a gzip-encoded body inflating past the cap', () => {
  it('is reported as too large at once, not as a timeout, and not retried', async () => {
    // 256 MiB of one byte, about 250 KB on the wire.
    const server = await serve({
      '/x': {
        contentType: 'text/csv',
        headers: { 'content-encoding': 'gzip' },
        body: gzipSync(Buffer.alloc(256 * MiB, 0x61), { level: 9 }),
      },
    });
    const started = Date.now();
    const error = await fetchBytes(`${server.url}/x`, {
      ...FAST,
      retries: 3,
      timeoutMs: 10_000,
      maxBytes: 4 * MiB,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ kind: 'too_large', attempts: 1 });
    expect((error as Error).message).toMatch(/too large: body exceeded maxBytes \(4 MiB\)/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(1);
  }, 60_000);
});

describe('a compressed release inflating past http.maxInflatedBytes', () => {
  it('a zip member is refused while inflating, leaving no extracted file', () => {
    const dir = tempDir();
    const zip = join(dir, 'defunciones.zip');
    writeFileSync(zip, zipSync({ 'conjunto_de_datos/defun.csv': new Uint8Array(24 * MiB).fill(0x61) }));
    const where = { source: 'inegi_deaths', origin: 'https://www.inegi.org.mx/defun.zip' };
    expect(() => extractZipMember(zip, (names) => names[0] as string, where, 4 * MiB)).toThrow(
      /"conjunto_de_datos\/defun\.csv" inflates to more than 4 MB \(http\.maxInflatedBytes\); refused/,
    );
    expect(readdirSync(`${zip}.d`)).toEqual([]);
    // Under the cap it extracts, whole.
    const path = extractZipMember(zip, (names) => names[0] as string, where, 24 * MiB);
    expect(readdirSync(`${zip}.d`)).toEqual(['defun.csv']);
    expect(path.endsWith('defun.csv')).toBe(true);
  });

  it('a gzipped file input is refused naming the configured cap', async () => {
    const dir = tempDir();
    const gz = join(dir, 'release.csv.gz');
    writeFileSync(gz, gzipSync(Buffer.from(`a,b\n${'1,2\n'.repeat(1024 * 1024)}`)));
    const config = configSchema.parse({
      snapshotDir: join(dir, 'snap'),
      http: { maxInflatedBytes: 1024 * 1024 },
    });
    const error = acquire(
      { kind: 'file', path: gz, vintage: '2024-01-01', demo: false },
      { source: 'cdc_vsrr_state', config, log: () => {} },
    );
    await expect(error).rejects.toThrow(/inflates to more than 1 MiB \(http\.maxInflatedBytes\)/);
    expect(existsSync(join(dir, 'snap'))).toBe(false);
  });
});
