/**
 * Helpers for publishers whose CSV header changes from release to release (INEGI adds fields, Census adds a year
 * of columns every vintage, CONAPO renames AÑO to ANIO): columns are picked BY NAME, the rest of the file is read
 * but not stored, and the text encoding is detected per file. Loading itself is the project's loadCsv (typed
 * read_csv with rejected lines), given a layout built from the file's own header.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline as streamPipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../../src/errors.ts';
import type { Layout, Pipeline } from '../../src/pipeline/definition.ts';
import { readCsvHeaderSync } from '../../src/sources/csvHeader.ts';
import { type CsvLoadResult, type CsvLoadTarget, loadCsv } from '../../src/warehouse/loadCsv.ts';

/** One raw column and the header names (any case) the publisher has used for it. */
export interface NamedColumn {
  raw: string;
  headers: readonly string[];
  required?: boolean;
}

export interface ByNameOptions {
  columns: readonly NamedColumn[];
  /** Layout name recorded in meta.loads, from the header and the detected encoding. */
  layoutName: (header: readonly string[], encoding: DetectedEncoding) => string;
  /** Extra header checks; return a problem to refuse the file (e.g. a year column with no raw column). */
  validate?: (header: readonly string[]) => string | null;
}

export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'latin-1';

/** Upper-cases and NFC-normalises a header name; strips a BOM and surrounding spaces. */
export function normaliseHeaderName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .normalize('NFC')
    .toUpperCase();
}

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

/** The encoding toUtf8 found for a path it returned. */
export function encodingOf(path: string): DetectedEncoding {
  if (path.endsWith(LATIN1_SUFFIX)) return 'latin-1';
  const head = readFileSync(path).subarray(0, 3);
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 'utf-8-bom' : 'utf-8';
}

/**
 * Builds a layout from the file's own header (each field mapped to its raw column, or ignored) and loads with
 * loadCsv. A missing required column is an InputError naming the column, what was expected and what was found.
 */
export async function loadCsvByHeaderNames(
  connection: DuckDBConnection,
  pipeline: Pipeline,
  target: CsvLoadTarget,
  opts: ByNameOptions,
): Promise<CsvLoadResult> {
  const where = { source: pipeline.name, origin: target.origin };
  const header = readCsvHeaderSync(target.path, where, pipeline.csv.delimiter, 'utf-8');
  const layout = layoutFromHeader(pipeline.name, target.origin, header, opts, encodingOf(target.path));
  return loadCsv(
    connection,
    { ...pipeline, csv: { ...pipeline.csv, encoding: 'utf-8', layouts: [layout] } },
    target,
  );
}

export function layoutFromHeader(
  source: string,
  origin: string,
  header: readonly string[],
  opts: ByNameOptions,
  encoding: DetectedEncoding,
): Layout {
  const byName = new Map<string, string>();
  for (const column of opts.columns) {
    for (const name of column.headers) byName.set(normaliseHeaderName(name), column.raw);
  }
  const seen = new Map<string, string>();
  const fields: [string, string | null][] = header.map((field) => {
    const raw = byName.get(normaliseHeaderName(field)) ?? null;
    if (raw !== null) {
      const earlier = seen.get(raw);
      if (earlier !== undefined) {
        throw new InputError(
          { source, origin, line: 1, column: field },
          `columns "${earlier}" and "${field}" are the same field; expected one of them`,
        );
      }
      seen.set(raw, field);
    }
    return [field.trim(), raw];
  });
  for (const column of opts.columns) {
    if (column.required && !seen.has(column.raw)) {
      throw new InputError(
        { source, origin, line: 1, column: column.headers[0] },
        `missing column "${column.headers[0]}"${column.headers.length > 1 ? ` (or ${column.headers.slice(1).join(', ')})` : ''}; the header has ${header.length} fields: ${header.join(',').slice(0, 300)}`,
      );
    }
  }
  const problem = opts.validate?.(header) ?? null;
  if (problem) throw new InputError({ source, origin, line: 1 }, problem);
  const kept = fields.filter(([, raw]) => raw !== null).length;
  return {
    name: opts.layoutName(header, encoding),
    description: `${header.length} columns, ${kept} kept by name (${encoding})`,
    fields,
  };
}
