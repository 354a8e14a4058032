/**
 * File-system failures in words a person can act on: disk full, read-only, permission denied. DuckDB reports its own
 * I/O failures in the message only (no errno), and after a fatal one every later statement says the database "has been
 * invalidated", with the cause quoted as "Original error"; that cause is the one worth reading.
 */
export function describeFsError(error: unknown, what: string): string {
  const e = error as NodeJS.ErrnoException;
  const message = originalError(e.message ?? String(error));
  const code = e.code;
  if (code === 'ENOSPC' || /No space left on device/i.test(message))
    return `${what}: no space left on device (${message})`;
  if (code === 'EROFS' || /read-only file system/i.test(message))
    return `${what}: the file system is read-only (${message})`;
  if (code === 'EACCES' || code === 'EPERM' || /permission denied/i.test(message))
    return `${what}: permission denied (${message})`;
  return `${what}: ${message}`;
}

/** The first line of a message, or the error DuckDB quotes as the original cause of an invalidated database. */
function originalError(message: string): string {
  const original = /Original error: "([^\n]*)"/.exec(message)?.[1];
  if (original) return original;
  return message.split('\n')[0] ?? message;
}

/**
 * The machine's storage failed (disk full, read-only, or DuckDB's database invalidated by an I/O error), anywhere in
 * an error's chain of causes: no fault of the data being written, and every later write would fail the same way.
 */
export function isStorageFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
    const { code, message } = e as NodeJS.ErrnoException;
    if (code === 'ENOSPC' || code === 'EROFS' || code === 'EDQUOT') return true;
    if (/no space left on device|read-only file system|database has been invalidated/i.test(message ?? ''))
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
