/**
 * Extracts one member of a zip archive next to the stored snapshot (the snapshot keeps the zip's bytes; the
 * extracted copy is a cache that may be deleted). Uses fflate: pure JavaScript, no native build, no dependency.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { InputError, type InputLocation } from '../../src/core/errors.ts';

type Where = Omit<InputLocation, 'line' | 'column'>;

/** The member names of a zip, in archive order. Throws an InputError for what is not a readable zip. */
export function listZipMembers(bytes: Uint8Array, where: Where): string[] {
  refuseNonZip(bytes, where);
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return false;
      },
    });
  } catch (error) {
    throw new InputError(
      where,
      `not a readable zip archive (truncated or corrupt?): ${(error as Error).message}`,
    );
  }
  return names;
}

function refuseNonZip(bytes: Uint8Array, where: Where): void {
  if (bytes.length === 0) throw new InputError(where, 'file is empty (0 bytes), expected a zip archive');
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<html') || head.startsWith('<?xml')) {
    throw new InputError(where, `looks like an HTML/XML page, not a zip archive: "${head.slice(0, 80)}"`);
  }
  // Local file header (PK\3\4) or the end record of an empty archive (PK\5\6).
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5))) {
    throw new InputError(where, 'not a zip archive (expected the bytes PK at the start)');
  }
}

/** What a member may inflate to unless the configuration says otherwise (config `http.maxInflatedBytes`). */
export const DEFAULT_MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/**
 * Extracts the member `pick` chooses from the archive's member list into `<zipPath>.d/` and returns its path.
 * Idempotent: a member extracted before from the same snapshot (same sha256, same path) is reused. The member is
 * inflated a chunk at a time straight to disk and refused once it passes `maxBytes` (a small zip can inflate to
 * gigabytes), leaving nothing behind.
 */
export function extractZipMember(
  zipPath: string,
  pick: (names: string[]) => string,
  where: Where,
  maxBytes = DEFAULT_MAX_INFLATED_BYTES,
): string {
  const bytes = readFileSync(zipPath);
  const member = pick(listZipMembers(bytes, where));
  const dir = `${zipPath}.d`;
  const target = join(dir, basename(member));
  if (existsSync(target)) return target;
  mkdirSync(dir, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      inflateMember(bytes, member, maxBytes, fd, where);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return target;
}

function inflateMember(bytes: Uint8Array, member: string, maxBytes: number, fd: number, where: Where): void {
  let written = 0;
  let done = false;
  let failure: Error | undefined;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    if (file.name !== member || done) return;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new InputError(
          where,
          `cannot extract "${member}" (truncated or corrupt zip?): ${error.message}`,
        );
        return;
      }
      written += chunk.byteLength;
      if (written > maxBytes) {
        failure = new InputError(
          where,
          `"${member}" inflates to more than ${Math.floor(maxBytes / 1024 / 1024)} MB (http.maxInflatedBytes); refused`,
        );
        file.terminate();
        return;
      }
      writeSync(fd, chunk);
      if (final) done = true;
    };
    file.start();
  };
  const step = 1024 * 1024;
  try {
    for (let at = 0; at < bytes.length && !failure && !done; at += step)
      unzip.push(bytes.subarray(at, at + step), at + step >= bytes.length);
  } catch (error) {
    failure ??= new InputError(
      where,
      `cannot extract "${member}" (truncated or corrupt zip?): ${(error as Error).message}`,
    );
  }
  if (failure) throw failure;
  if (!done) throw new InputError(where, `cannot extract "${member}" from the archive`);
}
