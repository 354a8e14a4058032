import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.ts';
import {
  FetchError,
  type FetchOptions,
  fetchBytes,
  parseRetryAfter,
  type RetryInfo,
} from '../../src/fetch/http.ts';
import { defaultUserAgent } from '../../src/fetch/userAgent.ts';
import { fixtureServersPerTest, type Route, startFixtureServer } from '../support/fixtureServer.ts';

const CSV = '"state","year"\n"AK","2015"\n"AL","2016"\n';

const serve = fixtureServersPerTest();

/** Options that never really wait, with the delays and retries they were asked for recorded. */
function recorder(extra: FetchOptions = {}) {
  const sleeps: number[] = [];
  const retries: RetryInfo[] = [];
  const opts: FetchOptions = {
    jitter: 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onRetry: (info) => retries.push(info),
    ...extra,
  };
  return { sleeps, retries, opts };
}

async function fetchError(url: string, opts: FetchOptions): Promise<FetchError> {
  const error = await fetchBytes(url, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('fetchBytes', () => {
  it('returns the body, its type and status in one attempt', async () => {
    const server = await serve({ '/x.csv': { body: CSV, contentType: 'text/csv; charset=utf-8' } });
    const { sleeps, opts } = recorder({ accept: ['csv'] });
    const before = Date.now();
    const result = await fetchBytes(`${server.url}/x.csv`, opts);
    expect(text(result.bytes)).toBe(CSV);
    expect(result).toMatchObject({
      contentType: 'text/csv; charset=utf-8',
      status: 200,
      url: `${server.url}/x.csv`,
      attempts: 1,
    });
    expect(result.fetchedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.accept).toMatch(/^text\/csv\b/);
  });

  it('sends the given headers', async () => {
    const server = await serve({ '/x': { body: '{}', contentType: 'application/json' } });
    await fetchBytes(`${server.url}/x`, { headers: { 'X-App-Token': 'abc', Accept: 'application/json' } });
    expect(server.requests[0]?.headers['x-app-token']).toBe('abc');
    expect(server.requests[0]?.headers.accept).toBe('application/json');
  });

  it('retries a 503 and reports the attempt', async () => {
    const server = await serve({
      '/x': [
        { status: 503, body: 'busy' },
        { body: CSV, contentType: 'text/csv' },
      ],
    });
    const { sleeps, retries, opts } = recorder({ backoffMs: 100 });
    const result = await fetchBytes(`${server.url}/x`, opts);
    expect(result.attempts).toBe(2);
    expect(text(result.bytes)).toBe(CSV);
    expect(sleeps).toEqual([100]);
    expect(retries).toEqual([
      { url: `${server.url}/x`, attempt: 1, delayMs: 100, reason: 'returned HTTP 503 Service Unavailable' },
    ]);
  });

  it('doubles the backoff each attempt, up to maxBackoffMs', async () => {
    const server = await serve({
      '/x': [{ status: 500 }, { status: 502 }, { status: 504 }, { status: 500 }, { body: 'ok' }],
    });
    const { sleeps, opts } = recorder({ backoffMs: 100, maxBackoffMs: 300 });
    const result = await fetchBytes(`${server.url}/x`, opts);
    expect(result.attempts).toBe(5);
    expect(sleeps).toEqual([100, 200, 300, 300]);
  });

  it('adds jitter from the injected random source, still capped', async () => {
    const server = await serve({ '/x': [{ status: 500 }, { status: 500 }, { body: 'ok' }] });
    const { sleeps, opts } = recorder({ backoffMs: 100, maxBackoffMs: 210, jitter: 0.5, random: () => 0.5 });
    await fetchBytes(`${server.url}/x`, opts);
    expect(sleeps).toEqual([125, 210]);
  });

  it('honours Retry-After in seconds on a 429', async () => {
    const server = await serve({
      '/x': [{ status: 429, headers: { 'Retry-After': '1' } }, { body: 'ok' }],
    });
    const { sleeps, opts } = recorder({ backoffMs: 10 });
    const result = await fetchBytes(`${server.url}/x`, opts);
    expect(result.attempts).toBe(2);
    expect(sleeps).toEqual([1000]);
  });

  it('honours Retry-After as an HTTP-date on a 503, capped by maxBackoffMs', async () => {
    const inTwentySeconds = new Date(Date.now() + 20_000).toUTCString();
    const server = await serve({
      '/x': [
        { status: 503, headers: { 'Retry-After': inTwentySeconds } },
        { status: 503, headers: { 'Retry-After': '3600' } },
        { body: 'ok' },
      ],
    });
    const { sleeps, opts } = recorder({ backoffMs: 10, maxBackoffMs: 60_000 });
    await fetchBytes(`${server.url}/x`, opts);
    expect(sleeps).toHaveLength(2);
    // HTTP-dates have whole seconds, and some time passes before the header is read.
    expect(sleeps[0]).toBeGreaterThan(18_000);
    expect(sleeps[0]).toBeLessThanOrEqual(20_000);
    expect(sleeps[1]).toBe(60_000);
  });

  it('ignores Retry-After on other statuses', async () => {
    const server = await serve({ '/x': [{ status: 500, headers: { 'Retry-After': '7' } }, { body: 'ok' }] });
    const { sleeps, opts } = recorder({ backoffMs: 10 });
    await fetchBytes(`${server.url}/x`, opts);
    expect(sleeps).toEqual([10]);
  });

  it('retries after a timeout', async () => {
    const server = await serve({ '/x': [{ body: 'late', delayMs: 2_000 }, { body: 'ok' }] });
    const { retries, opts } = recorder({ timeoutMs: 200 });
    const started = Date.now();
    const result = await fetchBytes(`${server.url}/x`, opts);
    expect(text(result.bytes)).toBe('ok');
    expect(result.attempts).toBe(2);
    expect(retries[0]?.reason).toBe('timed out after 200 ms');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('retries a body cut short of its Content-Length', async () => {
    const server = await serve({
      '/x': [
        { body: CSV, contentType: 'text/csv', truncate: 10 },
        { body: CSV, contentType: 'text/csv' },
      ],
    });
    const { retries, opts } = recorder({ accept: ['csv'] });
    const result = await fetchBytes(`${server.url}/x`, opts);
    expect(text(result.bytes)).toBe(CSV);
    expect(result.attempts).toBe(2);
    expect(retries[0]?.reason).toMatch(/^failed: connection cut while reading the body/);
  });

  it('gives up after the last retry with the last failure', async () => {
    const server = await serve({ '/x': { status: 503, body: 'down for maintenance' } });
    const { sleeps, opts } = recorder({ retries: 2, backoffMs: 1 });
    const error = await fetchError(`${server.url}/x`, opts);
    expect(error).toMatchObject({ kind: 'http', status: 503, attempts: 3, url: `${server.url}/x` });
    expect(error.message).toBe(
      `${server.url}/x returned HTTP 503 Service Unavailable (3 attempts): "down for maintenance"`,
    );
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('gives up on repeated timeouts with kind timeout', async () => {
    const server = await serve({ '/x': { body: 'late', delayMs: 2_000 } });
    const { opts } = recorder({ retries: 1, timeoutMs: 150 });
    const error = await fetchError(`${server.url}/x`, opts);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(error.message).toBe(`${server.url}/x timed out after 150 ms (2 attempts)`);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a refused connection with kind network', async () => {
    const server = await startFixtureServer({});
    await server.close();
    const { opts } = recorder({ retries: 1 });
    const error = await fetchError(`${server.url}/x`, opts);
    expect(error).toMatchObject({ kind: 'network', attempts: 2 });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('fails at once on a 404, quoting the body', async () => {
    const server = await serve({ '/x': { status: 404, body: '{"error":true,"message":"Not found"}' } });
    const { sleeps, opts } = recorder();
    const error = await fetchError(`${server.url}/x`, opts);
    expect(error).toMatchObject({ kind: 'http', status: 404, attempts: 1 });
    expect(error.message).toBe(
      `${server.url}/x returned HTTP 404 Not Found (1 attempt): "{\\"error\\":true,\\"message\\":\\"Not found\\"}"`,
    );
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('refuses an HTML page served as text/html, without retrying', async () => {
    const page = `<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head><body>${'x'.repeat(200)}</body></html>`;
    const server = await serve({ '/x': { body: page, contentType: 'text/html; charset=utf-8' } });
    const error = await fetchError(`${server.url}/x`, recorder({ accept: ['csv'] }).opts);
    expect(error).toMatchObject({ kind: 'content_type', status: 200, attempts: 1 });
    const quoted = `${page.replace('\n', ' ').slice(0, 80)}…`;
    expect(error.message).toBe(
      `${server.url}/x returned an HTML page (text/html), expected CSV (1 attempt): ${JSON.stringify(quoted)}`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an HTML page even when no content type is asked for', async () => {
    const server = await serve({
      '/x': { body: '<html><body>login</body></html>', contentType: 'text/html' },
    });
    const error = await fetchError(`${server.url}/x`, recorder().opts);
    expect(error.kind).toBe('content_type');
    expect(error.message).toMatch(/ returned an HTML page \(text\/html\) \(1 attempt\)/);
  });

  it.each([['\uFEFF  \n<!doctype html><p>oops</p>'], ['\r\n\t<HTML lang="en"><body>oops</body></HTML>']])(
    'sniffs an HTML body behind a CSV content type: %j',
    async (body) => {
      const server = await serve({ '/x': { body, contentType: 'text/csv' } });
      const error = await fetchError(`${server.url}/x`, recorder({ accept: ['csv'] }).opts);
      expect(error.kind).toBe('content_type');
      expect(error.message).toContain('returned an HTML page (text/csv), expected CSV (1 attempt): "<');
      expect(server.requests).toHaveLength(1);
    },
  );

  it('accepts a CSV whose first field merely mentions html', async () => {
    const server = await serve({ '/x': { body: '"html","x"\n"<b>","1"\n', contentType: 'text/csv' } });
    const result = await fetchBytes(`${server.url}/x`, recorder({ accept: ['csv'] }).opts);
    expect(result.attempts).toBe(1);
  });

  it('refuses a content type that is not accepted', async () => {
    const server = await serve({
      '/xml': { body: '<?xml version="1.0"?><error/>', contentType: 'application/xml' },
      '/csv': { body: CSV, contentType: 'text/csv' },
    });
    const xml = await fetchError(`${server.url}/xml`, recorder({ accept: ['csv', 'json'] }).opts);
    expect(xml).toMatchObject({ kind: 'content_type', attempts: 1 });
    expect(xml.message).toBe(
      `${server.url}/xml returned application/xml, expected CSV or JSON (1 attempt): "<?xml version=\\"1.0\\"?><error/>"`,
    );
    const csvForJson = await fetchError(`${server.url}/csv`, recorder({ accept: ['json'] }).opts);
    expect(csvForJson.message).toMatch(/ returned text\/csv, expected JSON \(1 attempt\)/);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['csv', 'text/csv'],
    ['csv', 'application/csv'],
    ['csv', 'text/plain; charset=ISO-8859-1'],
    ['csv', 'application/octet-stream'],
    ['json', 'application/json; charset=UTF-8'],
    ['json', 'Text/JSON'],
  ] as const)('accepts %s served as %s', async (kind, contentType) => {
    const server = await serve({ '/x': { body: '{}', contentType } });
    const result = await fetchBytes(`${server.url}/x`, { accept: [kind] });
    expect(result.contentType).toBe(contentType);
  });

  it('refuses a body whose Content-Length exceeds maxBytes', async () => {
    const server = await serve({ '/x': { body: 'x'.repeat(2048), contentType: 'text/csv' } });
    const error = await fetchError(`${server.url}/x`, recorder({ maxBytes: 1024 }).opts);
    expect(error).toMatchObject({ kind: 'too_large', attempts: 1 });
    expect(error.message).toBe(
      `${server.url}/x is too large: Content-Length 2 KiB exceeds maxBytes (1 KiB) (1 attempt)`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('stops streaming a body that grows past maxBytes', async () => {
    const server = await serve({
      '/x': { body: 'x'.repeat(10_000), contentType: 'text/csv', chunked: true },
    });
    const error = await fetchError(`${server.url}/x`, recorder({ maxBytes: 4096 }).opts);
    expect(error).toMatchObject({ kind: 'too_large', attempts: 1 });
    expect(error.message).toBe(
      `${server.url}/x is too large: body exceeded maxBytes (4 KiB) while streaming (1 attempt)`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('accepts a body of exactly maxBytes', async () => {
    const server = await serve({ '/x': { body: 'x'.repeat(4096), chunked: true } });
    const result = await fetchBytes(`${server.url}/x`, { maxBytes: 4096 });
    expect(result.bytes.length).toBe(4096);
  });

  it('stops retrying when the caller aborts', async () => {
    const server = await serve({ '/x': { status: 503 } });
    const controller = new AbortController();
    const opts: FetchOptions = {
      signal: controller.signal,
      onRetry: () => controller.abort(new Error('shutting down')),
      sleep: () => new Promise(() => {}),
    };
    await expect(fetchBytes(`${server.url}/x`, opts)).rejects.toThrow('shutting down');
    expect(server.requests).toHaveLength(1);
  }, 2_000);

  it('stops waiting for a retry when the caller aborts during the sleep', async () => {
    const server = await serve({ '/x': { status: 503 } });
    const controller = new AbortController();
    const opts: FetchOptions = {
      signal: controller.signal,
      sleep: () => {
        setTimeout(() => controller.abort(new Error('shutting down')), 10);
        return new Promise(() => {});
      },
    };
    await expect(fetchBytes(`${server.url}/x`, opts)).rejects.toThrow('shutting down');
    expect(server.requests).toHaveLength(1);
  }, 2_000);
});

describe('User-Agent', () => {
  /** Answers as cbp.gov's firewall does: 403 to a client that does not say who it is. */
  const gate =
    (accepts: (ua: string) => boolean): Route =>
    (req) =>
      accepts(String(req.headers['user-agent'] ?? ''))
        ? { body: CSV, contentType: 'text/csv' }
        : { status: 403, body: 'Access Denied' };
  const version = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version;

  it('sends centinela/<version> on every request by default, so a server that refuses anonymous clients answers', async () => {
    const server = await serve({ '/x.csv': gate((ua) => ua.startsWith('centinela/')) });
    const result = await fetchBytes(`${server.url}/x.csv`, { accept: ['csv'], retries: 0 });
    expect(text(result.bytes)).toBe(CSV);
    expect(server.requests[0]?.headers['user-agent']).toBe(
      `centinela/${version} (overdose surveillance data pipeline)`,
    );
    expect(defaultUserAgent('mailto:ops@example.org')).toBe(
      `centinela/${version} (overdose surveillance data pipeline; +mailto:ops@example.org)`,
    );
  });

  it('sends the configured User-Agent, and a header given explicitly wins over it', async () => {
    const server = await serve({ '/x.csv': gate((ua) => ua === 'centinela-test/1 (+https://example.org)') });
    await fetchBytes(`${server.url}/x.csv`, {
      userAgent: 'centinela-test/1 (+https://example.org)',
      retries: 0,
    });
    const refused = await fetchError(`${server.url}/x.csv`, {
      userAgent: 'centinela-test/1 (+https://example.org)',
      headers: { 'User-Agent': 'curl/8.5.0' },
      retries: 0,
    });
    expect(refused).toMatchObject({ kind: 'http', status: 403 });
    expect(server.requests.map((r) => r.headers['user-agent'])).toEqual([
      'centinela-test/1 (+https://example.org)',
      'curl/8.5.0',
    ]);
  });
});

describe('zip archives', () => {
  const zip = Buffer.from('PK\x03\x04 rest of a zip', 'latin1');

  it.each(['application/zip', 'application/x-zip-compressed', 'application/octet-stream', ''])(
    'accepts a zip served as %j (all three names INEGI has used; none means octet-stream)',
    async (contentType) => {
      const server = await serve({ '/a.zip': { body: zip, contentType } });
      const result = await fetchBytes(`${server.url}/a.zip`, { accept: ['zip'], retries: 0 });
      expect(Buffer.from(result.bytes).equals(zip)).toBe(true);
      expect(server.requests[0]?.headers.accept).toMatch(/^application\/zip\b/);
    },
  );

  it('refuses a CSV or an HTML page where a zip is expected', async () => {
    const server = await serve({
      '/a.zip': { body: CSV, contentType: 'text/csv' },
      '/b.zip': { body: '<!DOCTYPE html><html>Página no encontrada</html>', contentType: 'text/html' },
    });
    expect((await fetchError(`${server.url}/a.zip`, { accept: ['zip'], retries: 0 })).message).toBe(
      `${server.url}/a.zip returned text/csv, expected ZIP (1 attempt): ${JSON.stringify('"state","year" "AK","2015" "AL","2016"')}`,
    );
    expect((await fetchError(`${server.url}/b.zip`, { accept: ['zip'], retries: 0 })).message).toMatch(
      /b\.zip returned an HTML page \(text\/html\), expected ZIP/,
    );
  });

  it('reports the Last-Modified date the server sends', async () => {
    const server = await serve({
      '/a.zip': {
        body: zip,
        contentType: 'application/zip',
        headers: { 'Last-Modified': 'Thu, 23 Oct 2025 17:02:11 GMT' },
      },
      '/b.zip': { body: zip, contentType: 'application/zip', headers: { 'Last-Modified': 'yesterday' } },
    });
    const a = await fetchBytes(`${server.url}/a.zip`, { accept: ['zip'] });
    expect(a.lastModified?.toISOString()).toBe('2025-10-23T17:02:11.000Z');
    expect((await fetchBytes(`${server.url}/b.zip`, { accept: ['zip'] })).lastModified).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-07-16T12:00:00Z');
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Wed, 16 Jul 2025 12:00:30 GMT', 30_000],
    ['Wed, 16 Jul 2025 11:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('%j → %j', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});
