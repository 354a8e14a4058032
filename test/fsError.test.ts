import { describe, expect, it } from 'vitest';
import { describeFsError, isStorageFailure } from '../src/core/fsError.ts';

const errno = (code: string, message: string) => Object.assign(new Error(message), { code });
const INVALIDATED =
  'FATAL Error: Failed: database has been invalidated because of a previous fatal error. The database must be restarted prior to being used again.\n\nOriginal error: "Could not write file "/w/centinela.duckdb": No space left on device"';

describe('describeFsError', () => {
  it.each([
    [
      errno('ENOSPC', 'ENOSPC: no space left on device, write'),
      'x: no space left on device (ENOSPC: no space left on device, write)',
    ],
    [
      new Error('IO Error: Could not write file "a": No space left on device'),
      'x: no space left on device (IO Error: Could not write file "a": No space left on device)',
    ],
    [
      errno('EROFS', "EROFS: read-only file system, open 'a'"),
      "x: the file system is read-only (EROFS: read-only file system, open 'a')",
    ],
    [
      errno('EACCES', "EACCES: permission denied, open 'a'"),
      "x: permission denied (EACCES: permission denied, open 'a')",
    ],
    [errno('EPERM', 'operation not permitted'), 'x: permission denied (operation not permitted)'],
    [
      new Error(INVALIDATED),
      'x: no space left on device (Could not write file "/w/centinela.duckdb": No space left on device)',
    ],
    [new Error('first line\nsecond line'), 'x: first line'],
  ])('%s', (error, expected) => {
    expect(describeFsError(error, 'x')).toBe(expected);
  });
});

describe('isStorageFailure', () => {
  it('is true for a full or read-only disk and an invalidated DuckDB database, anywhere in the causes', () => {
    expect(isStorageFailure(errno('ENOSPC', 'ENOSPC: no space left on device, write'))).toBe(true);
    expect(isStorageFailure(errno('EROFS', "EROFS: read-only file system, open 'a'"))).toBe(true);
    expect(isStorageFailure(new Error(INVALIDATED))).toBe(true);
    const wrapped = new Error('cdc_vsrr_state: a.csv: cannot read file', {
      cause: errno('ENOSPC', 'ENOSPC: no space left on device, copyfile'),
    });
    expect(isStorageFailure(wrapped)).toBe(true);
  });

  it("is false for a publisher's or a file's own fault", () => {
    expect(isStorageFailure(new Error('http://x/a.csv returned HTTP 500'))).toBe(false);
    expect(isStorageFailure(errno('ENOENT', "ENOENT: no such file or directory, open 'a.csv'"))).toBe(false);
    expect(isStorageFailure(errno('EACCES', "EACCES: permission denied, open 'a.csv'"))).toBe(false);
    expect(isStorageFailure('not an error')).toBe(false);
  });
});
