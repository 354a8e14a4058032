/**
 * `centinela query` output, written as DuckDB yields rows (a chunk of up to 2,048 at a time), so a result of any
 * size is printed in constant memory: table (for people; the first --max-rows rows, then how many more), csv,
 * json (an array of row objects per statement) and jsonl (one object per line). Values are exactJson's.
 */
import type { Json } from '@duckdb/node-api';
import { printable } from '../core/printable.ts';

export const QUERY_FORMATS = ['table', 'csv', 'json', 'jsonl', 'parquet'] as const;
export type QueryFormat = (typeof QUERY_FORMATS)[number];

export interface RowSink {
  /** Rows of the current result, in order (at most --max-rows in all). */
  rows(rows: (Json | null)[][]): void;
  /** The result has ended; `more` rows were left out by --max-rows. */
  end(more: number): void;
}

/** A value as one line of text: NULL shown as given, nested values as JSON, line breaks and controls escaped. */
export function cellText(value: Json | null, nullText: string): string {
  if (value === null) return nullText;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function escapeForTable(text: string): string {
  return printable(
    text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t'),
  );
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || text.trim() !== text ? `"${text.replaceAll('"', '""')}"` : text;
}

export function sinkFor(
  format: Exclude<QueryFormat, 'parquet'>,
  columns: string[],
  write: (text: string) => void,
  opts: { maxRows: number; statement: number; note: (text: string) => void },
): RowSink {
  const moreNote = (more: number) => {
    if (more > 0)
      opts.note(
        `${more} more row${more === 1 ? '' : 's'} not shown (--max-rows ${opts.maxRows}; 0 shows all)\n`,
      );
  };
  switch (format) {
    case 'csv':
      if (opts.statement > 0) write('\n');
      write(`${columns.map(csvField).join(',')}\n`);
      return {
        rows(rows) {
          write(rows.map((r) => `${r.map((v) => csvField(cellText(v, ''))).join(',')}\n`).join(''));
        },
        end: moreNote,
      };
    case 'jsonl':
      return {
        rows(rows) {
          write(rows.map((r) => `${JSON.stringify(rowObject(columns, r))}\n`).join(''));
        },
        end: moreNote,
      };
    case 'json': {
      let first = true;
      write('[');
      return {
        rows(rows) {
          for (const r of rows) {
            write(`${first ? '\n' : ',\n'}  ${JSON.stringify(rowObject(columns, r))}`);
            first = false;
          }
        },
        end(more) {
          write(first ? ']\n' : '\n]\n');
          moreNote(more);
        },
      };
    }
    case 'table': {
      // Widths need every row shown, so the table holds at most --max-rows rows (the default keeps that small).
      const body: string[][] = [];
      return {
        rows(rows) {
          for (const r of rows) body.push(r.map((v) => escapeForTable(cellText(v, 'NULL'))));
        },
        end(more) {
          if (opts.statement > 0) write('\n');
          write(textTable(columns.map(escapeForTable), body));
          const total = body.length + more;
          write(
            more > 0
              ? `(${total} rows; ${body.length} shown, ${more} more row${more === 1 ? '' : 's'}: --max-rows 0 shows all, --format csv streams them)\n`
              : `(${total} row${total === 1 ? '' : 's'})\n`,
          );
        },
      };
    }
  }
}

function rowObject(columns: string[], row: (Json | null)[]): Record<string, Json | null> {
  const out: Record<string, Json | null> = {};
  for (let i = 0; i < columns.length; i++) out[columns[i] as string] = row[i] ?? null;
  return out;
}

/** An aligned table with a header rule; widths found in one pass (no spread of every row into Math.max). */
export function textTable(columns: string[], body: string[][]): string {
  const widths = columns.map((c) => c.length);
  for (const row of body)
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] as number, (row[i] as string).length);
  const line = (cells: string[]) =>
    cells
      .map((s, i) => s.padEnd(widths[i] as number))
      .join(' | ')
      .trimEnd();
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('-+-')];
  for (const row of body) out.push(line(row));
  return `${out.join('\n')}\n`;
}
