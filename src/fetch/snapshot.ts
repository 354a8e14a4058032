import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Raw publisher bytes kept on disk under their sha256, so that any load can be replayed or audited. */
export interface Snapshot {
  sha256: string;
  source: string;
  origin: string;
  /** Absolute path of the stored copy. */
  path: string;
  /** Path relative to the snapshot directory. */
  relPath: string;
  bytes: number;
  contentType: string | null;
  fetchedAt: Date;
}

export interface SnapshotInput {
  snapshotDir: string;
  source: string;
  origin: string;
  extension: string;
  fetchedAt: Date;
  contentType?: string | null;
  /** Either the bytes themselves or a local file to copy. */
  bytes?: Uint8Array;
  filePath?: string;
}

export async function storeSnapshot(input: SnapshotInput): Promise<Snapshot> {
  const { bytes, filePath } = input;
  if (!bytes === !filePath) throw new Error('storeSnapshot needs exactly one of bytes or filePath');
  const sha256 = bytes
    ? createHash('sha256').update(bytes).digest('hex')
    : await hashFile(filePath as string);
  const relPath = join(input.source, `${sha256}.${input.extension}`);
  const path = join(input.snapshotDir, relPath);
  const size = bytes ? bytes.byteLength : (await stat(filePath as string)).size;
  if (!(await exists(path))) {
    await mkdir(join(input.snapshotDir, input.source), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      if (bytes) await writeFile(tmp, bytes);
      else await copyFile(filePath as string, tmp);
      await rename(tmp, path);
    } catch (error) {
      // A disk that filled up mid-write leaves no half snapshot behind.
      await rm(tmp, { force: true });
      throw error;
    }
  }
  return {
    sha256,
    source: input.source,
    origin: input.origin,
    path,
    relPath,
    bytes: size,
    contentType: input.contentType ?? null,
    fetchedAt: input.fetchedAt,
  };
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
