/** Query results as text: an aligned table for people, CSV or JSON for programs. */

export type OutputFormat = 'table' | 'csv' | 'json';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace('T00:00:00.000Z', '');
  if (typeof value === 'object')
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  return String(value);
}

export function formatRows(columns: string[], rows: Record<string, unknown>[], format: OutputFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 2)}\n`;
    case 'csv': {
      const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
      const lines = [columns.map(quote).join(',')];
      for (const row of rows) lines.push(columns.map((c) => quote(cell(row[c]))).join(','));
      return `${lines.join('\n')}\n`;
    }
    case 'table': {
      const body = rows.map((row) => columns.map((c) => (row[c] === null ? 'NULL' : cell(row[c]))));
      const widths = columns.map((c, i) => Math.max(c.length, ...body.map((r) => (r[i] as string).length)));
      const line = (cells: string[]) =>
        cells
          .map((s, i) => s.padEnd(widths[i] as number))
          .join(' | ')
          .trimEnd();
      const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)];
      out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
      return `${out.join('\n')}\n`;
    }
  }
}
