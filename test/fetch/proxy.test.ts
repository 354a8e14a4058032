import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CENSUS_FILES } from '../../pipelines/census_state_population/fixtures.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { FetchError, fetchBytes } from '../../src/fetch/http.ts';
import { defaultUserAgent } from '../../src/fetch/userAgent.ts';
import { type FixtureServer, serveFile, startFixtureServer } from '../support/fixtureServer.ts';
import { type ForwardProxy, startForwardProxy } from '../support/forwardProxy.ts';
import { sourceTests } from '../support/sourceRun.ts';

const CSV = '"state","year"\n"AK","2015"\n';
const VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

const { fresh } = sourceTests('census_state_population');
let saved: Record<string, string | undefined> = {};
let server: FixtureServer;
let proxy: ForwardProxy;

beforeEach(async () => {
  saved = Object.fromEntries(VARIABLES.map((v) => [v, process.env[v]]));
  for (const v of VARIABLES) delete process.env[v];
  server = await startFixtureServer({
    '/x.csv': { body: CSV, contentType: 'text/csv' },
    '/NST-EST2024-ALLDATA.csv': serveFile(join(fixturesDir, CENSUS_FILES.v2024)),
  });
  proxy = await startForwardProxy();
});

afterEach(async () => {
  for (const v of VARIABLES) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  await server.close();
  await proxy.close();
});

/** A port nothing listens on: a proxy there refuses every connection. */
async function deadPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const host = () => new URL(server.url).host;

describe('proxies from the environment', () => {
  it('goes through HTTP_PROXY, which relays the request with its User-Agent', async () => {
    process.env.HTTP_PROXY = proxy.url;
    const result = await fetchBytes(`${server.url}/x.csv`, { accept: ['csv'], retries: 0 });
    expect(new TextDecoder().decode(result.bytes)).toBe(CSV);
    expect(proxy.relayed).toEqual([
      { method: 'CONNECT', target: host(), requestLine: 'GET /x.csv', userAgent: defaultUserAgent() },
    ]);
    expect(server.requests.map((r) => r.pathname)).toEqual(['/x.csv']);
  });

  it('prefers the lower-case http_proxy, as curl does', async () => {
    process.env.HTTP_PROXY = await deadPort();
    process.env.http_proxy = proxy.url;
    await fetchBytes(`${server.url}/x.csv`, { retries: 0 });
    expect(proxy.relayed.map((r) => r.target)).toEqual([host()]);
  });

  it('a proxy that cannot be reached fails the fetch, naming the cause', async () => {
    process.env.HTTP_PROXY = await deadPort();
    const error = await fetchBytes(`${server.url}/x.csv`, { retries: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as Error).message).toMatch(/x\.csv failed: no response: .*ECONNREFUSED/);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['NO_PROXY', '127.0.0.1'],
    ['no_proxy', 'localhost,127.0.0.1:<port>'],
    ['NO_PROXY', '*'],
  ])('connects directly to a host listed in %s=%s', async (name, value) => {
    process.env.HTTP_PROXY = proxy.url;
    process.env[name] = value.replace('<port>', new URL(server.url).port);
    await fetchBytes(`${server.url}/x.csv`, { retries: 0 });
    expect(proxy.relayed).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('still proxies a host NO_PROXY lists on another port', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = `127.0.0.1:${Number(new URL(server.url).port) + 1}`;
    await fetchBytes(`${server.url}/x.csv`, { retries: 0 });
    expect(proxy.relayed.map((r) => r.target)).toEqual([host()]);
  });

  it('a run fetches its url input through the proxy, with the configured User-Agent', async () => {
    process.env.HTTP_PROXY = proxy.url;
    const run = fresh();
    run.temp.config.http = { ...run.temp.config.http, contact: 'mailto:ops@example.org', retries: 0 };
    const summary = await run.run([
      { kind: 'url', url: `${server.url}/NST-EST2024-ALLDATA.csv`, vintage: '2024-12-19' },
    ]);
    expect(summary.loads.map((l) => l.rowsLoaded)).toEqual([66]);
    expect(proxy.relayed).toEqual([
      {
        method: 'CONNECT',
        target: host(),
        requestLine: 'GET /NST-EST2024-ALLDATA.csv',
        userAgent: defaultUserAgent('mailto:ops@example.org'),
      },
    ]);
  });
});
