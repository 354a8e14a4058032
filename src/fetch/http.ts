/**
 * fetchBytes: one HTTP GET with a timeout, retries with backoff, a size cap and a content check.
 * Everything a source needs before its bytes become a snapshot.
 *
 * Requests go through undici's fetch with an EnvHttpProxyAgent, so HTTPS_PROXY / HTTP_PROXY / NO_PROXY (or their
 * lower-case forms) are obeyed as curl and most tools do; Node's own fetch ignores them. Every request carries an
 * identifying User-Agent (src/fetch/userAgent.ts): some publishers (cbp.gov) answer 403 to anonymous clients.
 */
import { type Dispatcher, EnvHttpProxyAgent, fetch, type Response } from 'undici';
import { defaultUserAgent } from './userAgent.ts';

/**
 * `html` is for pages that link to a file (src/fetch/pageLink.ts) and for directory listings; no other fetch
 * accepts HTML. `zip` is an archive (INEGI's yearly microdata).
 */
export type ContentKind = 'csv' | 'json' | 'html' | 'zip';

export interface RetryInfo {
  url: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  /** How long we wait before the next attempt. */
  delayMs: number;
  reason: string;
}

export interface FetchOptions {
  /** Per attempt, covering the response headers and the whole body. */
  timeoutMs?: number;
  /** Retries after the first attempt (so up to retries + 1 requests). */
  retries?: number;
  /** Delay before the first retry, doubled for each further one. */
  backoffMs?: number;
  /** Cap on any delay, including one asked for by Retry-After. */
  maxBackoffMs?: number;
  /** Random extra delay, as a fraction of the backoff (0 disables). Not applied to Retry-After. */
  jitter?: number;
  /** Source of randomness for the jitter, in [0, 1). */
  random?: () => number;
  maxBytes?: number;
  /** Content types to accept. Without it any type is accepted, but an HTML page never is. */
  accept?: ContentKind[];
  headers?: Record<string, string>;
  /** Sent unless `headers` has a User-Agent; default `defaultUserAgent()`. */
  userAgent?: string;
  /** Default: one EnvHttpProxyAgent per proxy setting (see proxyDispatcher). */
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: RetryInfo) => void;
}

export interface FetchResult {
  bytes: Uint8Array;
  contentType: string;
  status: number;
  /** The URL as requested (redirects are followed but not reported). */
  url: string;
  fetchedAt: Date;
  /** The Last-Modified header, when the server sent a readable one. */
  lastModified?: Date;
  attempts: number;
}

export type FetchErrorKind = 'timeout' | 'network' | 'http' | 'too_large' | 'content_type';

export class FetchError extends Error {
  readonly url: string;
  readonly kind: FetchErrorKind;
  readonly status: number | undefined;
  readonly attempts: number;

  constructor(
    message: string,
    info: { url: string; kind: FetchErrorKind; status?: number; attempts: number; cause?: unknown },
  ) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause });
    this.name = 'FetchError';
    this.url = info.url;
    this.kind = info.kind;
    this.status = info.status;
    this.attempts = info.attempts;
  }
}

const MiB = 1024 * 1024;

/** The cap on one download (one response, or every page of a paged API together) unless configured. */
export const DEFAULT_MAX_BYTES = 512 * MiB;
/** The cap on the pages of one paged query unless configured. */
export const DEFAULT_MAX_PAGES = 2000;

const ACCEPTED_TYPES: Record<ContentKind, string[]> = {
  csv: ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'],
  json: ['application/json', 'text/json'],
  html: ['text/html', 'application/xhtml+xml'],
  // INEGI has served its zips under all three names; a missing type reads as octet-stream.
  zip: ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'],
};

const REQUEST_ACCEPT: Record<ContentKind, string> = {
  csv: 'text/csv',
  json: 'application/json',
  html: 'text/html',
  zip: 'application/zip',
};

/** What went wrong in one attempt; turned into a FetchError once we stop retrying. */
class AttemptFailure extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    /** Reads after the URL: "returned HTTP 503 Service Unavailable". */
    readonly what: string,
    readonly retryable: boolean,
    readonly extra: { status?: number; retryAfterMs?: number; snippet?: string; cause?: unknown } = {},
  ) {
    super(what);
  }
}

export async function fetchBytes(url: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const retries = opts.retries ?? 4;
  const backoffMs = opts.backoffMs ?? 500;
  const maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  const jitter = opts.jitter ?? 0.1;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? defaultSleep;
  const { signal } = opts;

  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return { ...(await attemptOnce(url, opts)), attempts: attempt };
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (!(e instanceof AttemptFailure)) throw e;
      if (!e.retryable || attempt > retries) {
        const { status, snippet, cause } = e.extra;
        const tail = snippet ? `: ${snippet}` : '';
        throw new FetchError(`${url} ${e.what} (${plural(attempt, 'attempt')})${tail}`, {
          url,
          kind: e.kind,
          ...(status === undefined ? {} : { status }),
          attempts: attempt,
          cause,
        });
      }
      const backoff = backoffMs * 2 ** (attempt - 1) * (1 + jitter * random());
      const delayMs = Math.round(Math.min(e.extra.retryAfterMs ?? backoff, maxBackoffMs));
      opts.onRetry?.({ url, attempt, delayMs, reason: e.what });
      await sleepUnlessAborted(sleep, delayMs, signal);
    }
  }
}

async function attemptOnce(url: string, opts: FetchOptions): Promise<Omit<FetchResult, 'attempts'>> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const { accept, signal } = opts;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forwardAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });
  const failure = (what: string, cause: unknown) =>
    timedOut
      ? new AttemptFailure('timeout', `timed out after ${timeoutMs} ms`, true)
      : new AttemptFailure('network', `failed: ${what}: ${describe(cause)}`, true, { cause });

  try {
    const headers: Record<string, string> = { ...opts.headers };
    const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
    if (accept?.length && !has('accept')) {
      headers.accept = [...accept.map((k) => REQUEST_ACCEPT[k]), '*/*;q=0.1'].join(', ');
    }
    if (!has('user-agent')) headers['user-agent'] = opts.userAgent ?? defaultUserAgent();
    let res: Response;
    try {
      res = await fetch(url, {
        headers,
        signal: controller.signal,
        dispatcher: opts.dispatcher ?? proxyDispatcher(),
      });
    } catch (e) {
      throw failure('no response', e);
    }

    const { status } = res;
    if (!res.ok) {
      const snippet = await readSnippet(res);
      const retryAfterMs =
        status === 429 || status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
      throw new AttemptFailure(
        'http',
        `returned HTTP ${status}${res.statusText ? ` ${res.statusText}` : ''}`,
        status === 429 || status >= 500,
        { status, snippet, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
      );
    }

    const contentType = res.headers.get('content-type') ?? '';
    const declaredLength = parseLength(res.headers.get('content-length'));
    if (declaredLength !== undefined && declaredLength > maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw new AttemptFailure(
        'too_large',
        `is too large: Content-Length ${formatBytes(declaredLength)} exceeds maxBytes (${formatBytes(maxBytes)})`,
        false,
        { status },
      );
    }

    const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
    const expected = accept?.length ? `, expected ${accept.map((k) => k.toUpperCase()).join(' or ')}` : '';
    const wantsHtml = accept?.includes('html') ?? false;
    if (!wantsHtml && (mediaType === 'text/html' || mediaType === 'application/xhtml+xml')) {
      throw new AttemptFailure('content_type', `returned an HTML page (${mediaType})${expected}`, false, {
        status,
        snippet: await readSnippet(res),
      });
    }
    // A missing Content-Type means application/octet-stream (RFC 9110 §8.3).
    const effectiveType = mediaType || 'application/octet-stream';
    if (accept?.length && !accept.some((k) => ACCEPTED_TYPES[k].includes(effectiveType))) {
      throw new AttemptFailure(
        'content_type',
        `returned ${contentType || 'no Content-Type'}${expected}`,
        false,
        {
          status,
          snippet: await readSnippet(res),
        },
      );
    }

    // Undici throws while reading a body cut short of its Content-Length, even on a clean close.
    const bytes = await readBody(res, maxBytes, controller, failure);
    if (!wantsHtml && looksLikeHtml(bytes)) {
      throw new AttemptFailure(
        'content_type',
        `returned an HTML page (${contentType || 'no Content-Type'})${expected}`,
        false,
        { status, snippet: quote(bytes) },
      );
    }
    const lastModified = parseHttpDate(res.headers.get('last-modified'));
    return {
      bytes,
      contentType,
      status,
      url,
      fetchedAt: new Date(),
      ...(lastModified ? { lastModified } : {}),
    };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }
}

async function readBody(
  res: Response,
  maxBytes: number,
  controller: AbortController,
  failure: (what: string, cause: unknown) => AttemptFailure,
): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw failure('connection cut while reading the body', e);
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      controller.abort();
      await reader.cancel().catch(() => {});
      throw new AttemptFailure(
        'too_large',
        `is too large: body exceeded maxBytes (${formatBytes(maxBytes)}) while streaming`,
        false,
        { status: res.status },
      );
    }
    chunks.push(chunk.value);
  }
  return concat(chunks, total);
}

/** The start of a body, quoted, for an error message; never throws. */
async function readSnippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < 1024) {
      const chunk = await reader.read();
      if (chunk.done) break;
      chunks.push(chunk.value);
      total += chunk.value.byteLength;
    }
  } catch {
    // A cut body still gives whatever arrived.
  }
  await reader.cancel().catch(() => {});
  return total ? quote(concat(chunks, total)) : '';
}

function quote(bytes: Uint8Array): string {
  const text = new TextDecoder()
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 512))
    .replace(/^[\uFEFF\s]+/, '')
    .slice(0, 9)
    .toLowerCase();
  return head.startsWith('<!doctype') || head.startsWith('<html');
}

/** Retry-After as delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseHttpDate(value: string | null): Date | undefined {
  if (value === null) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

let proxyAgent: { key: string; agent: EnvHttpProxyAgent } | undefined;

/**
 * The dispatcher for the proxy variables as they are now. EnvHttpProxyAgent reads HTTP(S)_PROXY when it is built
 * (NO_PROXY on every request), so a new one is built, and the old one closed, when they change.
 */
export function proxyDispatcher(): Dispatcher {
  const env = process.env;
  const key = [env.http_proxy, env.HTTP_PROXY, env.https_proxy, env.HTTPS_PROXY].join('\n');
  if (proxyAgent?.key !== key) {
    proxyAgent?.agent.close().catch(() => {});
    proxyAgent = { key, agent: new EnvHttpProxyAgent() };
  }
  return proxyAgent.agent;
}

function parseLength(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Undici says "fetch failed" or "terminated" and keeps the useful part in `cause`. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return e.cause instanceof Error ? e.cause.message : e.message;
}

export function formatBytes(n: number): string {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Wait for the (possibly injected) sleep, but stop at once when the caller aborts. */
async function sleepUnlessAborted(
  sleep: (ms: number) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (!signal) return sleep(ms);
  signal.throwIfAborted();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
