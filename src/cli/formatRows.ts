/** Rows already in memory (status) as an aligned table. */
import { textTable } from './queryOutput.ts';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (value instanceof Date) return value.toISOString().replace('T00:00:00.000Z', '');
  if (typeof value === 'object')
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  return String(value);
}

export function formatTable(columns: string[], rows: Record<string, unknown>[]): string {
  return textTable(
    columns,
    rows.map((row) => columns.map((c) => cell(row[c]))),
  );
}
