/**
 * One pass over a CSV file's bytes that finds what DuckDB's reader would lose or fail on without naming a line:
 * records longer than its line limit (it drops those past its read buffer silently, and a record of hundreds of MB
 * makes the whole file read as empty), line endings that change within the file (its parser then stops with its
 * internal state-machine text), and the number of records, so that a load can prove no line went missing.
 */
import { open } from 'node:fs/promises';

/** DuckDB's read_csv `max_line_size` default: a record longer than this (without its line break) is not read. */
export const DUCKDB_MAX_LINE_BYTES = 2_000_000;

export type LineEnding = 'LF' | 'CRLF' | 'CR';

export interface CsvShape {
  /** Records after the header that hold anything (DuckDB skips empty lines). */
  dataRecords: number;
  /** Records longer than the limit: their first line (1-based, header = 1) and length in bytes. */
  longRecords: { line: number; bytes: number }[];
  /** The ending of the first record (the header); null for a file of one line without one. */
  lineEnding: LineEnding | null;
  /** The first record ending otherwise than the header: its line and ending. */
  mixedEnding: { line: number; ending: LineEnding } | null;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const CHUNK = 1024 * 1024;

/** Reads a chunk at a time, asynchronously: the event loop gets a turn per chunk (a stop is seen during the scan). */
export async function scanCsvShape(path: string, maxLineBytes = DUCKDB_MAX_LINE_BYTES): Promise<CsvShape> {
  const shape: CsvShape = { dataRecords: 0, longRecords: [], lineEnding: null, mixedEnding: null };
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let recordBytes = 0;
  let records = 0;
  let pendingCr = false;
  const endRecord = (ending: LineEnding | null) => {
    if (ending !== null) {
      if (shape.lineEnding === null) shape.lineEnding = ending;
      else if (ending !== shape.lineEnding && shape.mixedEnding === null)
        shape.mixedEnding = { line: recordLine, ending };
    }
    if (records > 0 && recordBytes > 0) shape.dataRecords++;
    if (recordBytes > maxLineBytes) shape.longRecords.push({ line: recordLine, bytes: recordBytes });
    records++;
    recordBytes = 0;
    recordLine = line;
  };
  const file = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK);
  let first = true;
  try {
    for (;;) {
      const { bytesRead: n } = await file.read(buffer, 0, CHUNK, null);
      if (n === 0) break;
      let start = 0;
      if (first) {
        first = false;
        if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3;
      }
      for (let i = start; i < n; i++) {
        const b = buffer[i];
        if (pendingCr) {
          pendingCr = false;
          line++;
          if (b === LF) {
            endRecord('CRLF');
            continue;
          }
          endRecord('CR');
        }
        if (b === QUOTE) {
          inQuotes = !inQuotes;
          recordBytes++;
        } else if (b === LF) {
          if (inQuotes) {
            line++;
            recordBytes++;
          } else {
            line++;
            endRecord('LF');
          }
        } else if (b === CR && !inQuotes) {
          pendingCr = true;
        } else {
          recordBytes++;
        }
      }
    }
  } finally {
    await file.close();
  }
  if (pendingCr) {
    line++;
    endRecord('CR');
  }
  if (recordBytes > 0) endRecord(null);
  return shape;
}
