/**
 * CSV records with their line numbers, for messages that must name a line: the small files people write (panel
 * templates) are parsed whole; large publisher files are scanned as a stream only to find the lines of rows that
 * DuckDB already loaded and a check found wrong.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface CsvRecord {
  /** Line (1-based, header = 1) where the record starts. */
  line: number;
  fields: string[];
  /** The record's text as written (without the line break). */
  text: string;
}

/** Parses RFC 4180 text (quotes, doubled quotes, delimiters and line breaks inside quotes; CRLF or LF). */
export function parseCsvText(text: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let start = 0;
  const end = (i: number) => {
    fields.push(field);
    const raw = text.slice(start, i).replace(/\r$/, '');
    if (!(fields.length === 1 && fields[0] === '' && raw === ''))
      records.push({ line: startLine, fields, text: raw });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n') {
      end(i);
      line++;
      startLine = line;
      start = i + 1;
    } else if (ch !== '\r' || text[i + 1] !== '\n') field += ch;
  }
  if (field !== '' || fields.length > 0 || start < text.length) end(text.length);
  return records;
}

/**
 * Streams a CSV file and calls `visit` for each data record (the header is skipped) with its line number; stops
 * early when `visit` returns false. Quoted fields may span lines.
 */
export async function scanCsvFile(
  path: string,
  opts: { delimiter?: string; encoding?: 'utf-8' | 'latin-1' },
  visit: (record: CsvRecord) => boolean | undefined,
): Promise<void> {
  const stream = createReadStream(path, { encoding: opts.encoding === 'latin-1' ? 'latin1' : 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let pending: string | null = null;
  let pendingLine = 0;
  let lineNo = 0;
  try {
    for await (const text of lines) {
      lineNo++;
      const chunk: string = pending === null ? text : `${pending}\n${text}`;
      if (pending === null) pendingLine = lineNo;
      if ((chunk.match(/"/g)?.length ?? 0) % 2 === 1) {
        pending = chunk;
        continue;
      }
      pending = null;
      if (pendingLine === 1) continue;
      const record = parseCsvText(chunk.replace(/^\uFEFF/, ''), opts.delimiter ?? ',')[0];
      if (record && visit({ ...record, line: pendingLine }) === false) break;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
