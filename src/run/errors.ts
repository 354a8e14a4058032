/**
 * What kind of failure a run ended in, which decides whether a job retries it.
 *
 * - transient: the network, a timeout, HTTP 5xx or 429 after the fetcher's own retries, the warehouse file busy.
 *   Worth another attempt later.
 * - busy: another process held the writer lock for longer than we were willing to wait. Also retried.
 * - input: the publisher's bytes or the data are wrong (bad file, HTTP 4xx, HTML page, failed check). Retrying
 *   the same bytes gives the same answer: not retried, reported.
 * - interrupted: stopped by a signal (shutdown); rolled back. Not retried; the job runs again at its next time.
 * - failed: anything else (a bug, a full disk). Not retried, reported.
 */
import { InputError } from '../core/errors.ts';
import { FetchError } from '../fetch/http.ts';
import { ChecksFailedError } from '../warehouse/checks.ts';
import { LockBusyError } from '../warehouse/lock.ts';

export type ErrorKind = 'transient' | 'busy' | 'input' | 'interrupted' | 'failed';

export const RETRYABLE: ReadonlySet<ErrorKind> = new Set(['transient', 'busy']);

/** Thrown (as an abort reason) when a run is stopped by a signal or a shutdown. */
export class InterruptedError extends Error {
  constructor(readonly reason: string) {
    super(`interrupted (${reason}); the run was rolled back`);
    this.name = 'InterruptedError';
  }
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function classifyError(error: unknown): ErrorKind {
  let kind: ErrorKind | null = null;
  for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
    const found = classifyOne(e);
    // The most specific verdict wins over "failed"; the first specific one found (outermost) is kept.
    if (found !== 'failed') {
      kind = found;
      break;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return kind ?? 'failed';
}

function classifyOne(e: unknown): ErrorKind {
  if (e instanceof InterruptedError) return 'interrupted';
  if (e instanceof LockBusyError) return 'busy';
  if (e instanceof InputError || e instanceof ChecksFailedError) return 'input';
  if (e instanceof FetchError) {
    if (e.kind === 'timeout' || e.kind === 'network') return 'transient';
    if (e.kind === 'http')
      return e.status !== undefined && (e.status >= 500 || e.status === 429) ? 'transient' : 'input';
    return 'input'; // content_type, too_large: the publisher sends something else than expected
  }
  if (!(e instanceof Error)) return 'failed';
  if (e.name === 'AbortError') return 'interrupted';
  const code = (e as NodeJS.ErrnoException).code;
  if (code && TRANSIENT_CODES.has(code)) return 'transient';
  // Another process has the DuckDB file open (one not taking our lock, e.g. someone's DuckDB CLI).
  if (/Could not set lock on file/i.test(e.message)) return 'busy';
  return 'failed';
}
