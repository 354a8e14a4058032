/**
 * Publishers outside the US (INEGI, CONAPO) write Latin-1 one year and UTF-8 the next: toUtf8 is the prepare hook
 * that gives DuckDB UTF-8 whatever the file was. Columns are then matched by name like any CSV (src/warehouse/csvLayout.ts).
 */
import { createReadStream, createWriteStream, existsSync, renameSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline as streamPipeline } from 'node:stream/promises';

export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'latin-1';

/** Suffix of the UTF-8 copy made from a Latin-1 file: the loader reads the encoding back from the name. */
const LATIN1_SUFFIX = '.from-latin-1.csv';

/**
 * Reads the whole file once: UTF-8 (with or without a BOM) is used as it is; anything that is not valid UTF-8 is
 * taken as Latin-1 (decoded as Windows-1252, its superset for printable characters) and written next to the file as
 * UTF-8, which is the path returned. Idempotent: the copy is reused when it exists.
 */
export async function toUtf8(path: string): Promise<{ path: string; encoding: DetectedEncoding }> {
  if (path.endsWith(LATIN1_SUFFIX)) return { path, encoding: 'latin-1' };
  const handle = await open(path, 'r');
  let bom = false;
  let valid = true;
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const buffer = Buffer.alloc(1 << 20);
    let first = true;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      if (first) bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      first = false;
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        valid = false;
        break;
      }
    }
    if (valid) {
      try {
        decoder.decode();
      } catch {
        valid = false;
      }
    }
  } finally {
    await handle.close();
  }
  if (valid) return { path, encoding: bom ? 'utf-8-bom' : 'utf-8' };
  const target = `${path}${LATIN1_SUFFIX}`;
  if (!existsSync(target)) {
    const tmp = `${target}.${process.pid}.tmp`;
    const decoder = new TextDecoder('windows-1252');
    await streamPipeline(
      createReadStream(path),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) yield Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
      },
      createWriteStream(tmp),
    );
    renameSync(tmp, target);
  }
  return { path: target, encoding: 'latin-1' };
}
