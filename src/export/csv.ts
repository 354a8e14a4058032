/**
 * CSV for spreadsheet users: UTF-8 with a byte-order mark (so Excel, including Spanish-language Excel in Mexico, reads
 * accents correctly), comma-separated, header row, ISO dates, `.` as the decimal point, NULL as an empty cell (an
 * empty string is written as "").
 *
 * Formula injection: a spreadsheet treats a cell that begins with =, +, -, @, a tab or a carriage return as a formula
 * (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`). Text cells that begin with one of these get a leading apostrophe ('), which
 * makes the spreadsheet show them as text. So that the protection can be undone exactly, a text cell that already
 * begins with an apostrophe gets one more: to recover the original, remove one leading ' from any text cell that
 * begins with one. Numeric, boolean, date and timestamp columns are never changed: DuckDB writes them as numbers
 * ([-]digits[.digits][e±N]) or ISO dates, which cannot be formulas, and a negative number must stay a number
 * (an apostrophe would turn -3.5 into text and break every sum). A text column holding "-5" is protected ('-5).
 *
 * Every text value is quoted (numbers, dates and NULLs are not), so readers see the quoting from the first line:
 * DuckDB's read_csv with no options (its sniffer looks at the first rows), Python's csv module and R's read.csv read
 * the file as written, and an empty string ("") stays distinct from NULL (an empty cell).
 *
 * Codes: a text value of digits only (INEGI state codes 01–09, FIPS 06037) is quoted as text, which Python, R (when
 * the column is not all digits; else colClasses = "character") and DuckDB keep. A spreadsheet opening a CSV ignores
 * quotes and drops leading zeros, so with `spreadsheet` such a value is written as ="01" (a formula whose result is
 * the text 01, shown as 01 by Excel, LibreOffice and Google Sheets); to get the code back, remove the =" and ".
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, unlinkSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedIdentifier, quotedString } from '@duckdb/node-api';
import type { ExportColumn } from './arrow.ts';

export const UTF8_BOM = '\uFEFF';

/** Characters that make a spreadsheet cell a formula, plus the apostrophe itself (so the escape is reversible). */
export const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r', "'"];

const SAFE_TYPES =
  /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?|DATE|TIMESTAMP|TIMESTAMP WITH TIME ZONE)$/i;

/** True when a column's cells are written as text and so are protected against formula injection. */
export function isTextColumn(type: string): boolean {
  return !SAFE_TYPES.test(type.trim());
}

/** The JavaScript form of the protection (tests, and anyone writing CSV from rows). */
export function neutraliseCell(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.includes(text[0] as string) ? `'${text}` : text;
}

/** Undoes neutraliseCell (for reading an export back). */
export function restoreCell(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}

const TRIGGER_CLASS = "^[=+\\-@\\t\\r']";

function selectExpression(c: ExportColumn, spreadsheet: boolean): string {
  const col = quotedIdentifier(c.name);
  if (!isTextColumn(c.type)) return `${col}`;
  const text = `CAST(${col} AS VARCHAR)`;
  const code = spreadsheet ? `WHEN regexp_matches(${text}, '^[0-9]+$') THEN '="' || ${text} || '"' ` : '';
  return `CASE ${code}WHEN regexp_matches(${text}, ${quotedString(TRIGGER_CLASS)}) THEN '''' || ${text} ELSE ${text} END AS ${col}`;
}

/** Undoes the spreadsheet form of a code (="01" → 01) and the formula protection, for reading an export back. */
export function restoreSpreadsheetCell(text: string): string {
  const code = /^="([0-9]+)"$/.exec(text);
  return code ? (code[1] as string) : restoreCell(text);
}

/** Writes `SELECT … FROM (<fromSql>)` to a CSV file with a UTF-8 BOM and formula protection. Returns rows written. */
export async function writeCsvFile(
  db: DuckDBConnection,
  fromSql: string,
  columns: ExportColumn[],
  path: string,
  opts: { spreadsheet?: boolean } = {},
): Promise<number> {
  const body = `${path}.body`;
  const select = columns.map((c) => selectExpression(c, opts.spreadsheet ?? false)).join(', ');
  const text = columns.filter((c) => isTextColumn(c.type)).map((c) => quotedIdentifier(c.name));
  const forceQuote = text.length > 0 ? `, FORCE_QUOTE (${text.join(', ')})` : '';
  try {
    const reader = await db.runAndReadAll(
      `COPY (SELECT ${select} FROM (${fromSql})) TO ${quotedString(body)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR ''${forceQuote})`,
    );
    const rows = Number(reader.getRows()[0]?.[0] ?? 0);
    writeFileSync(path, UTF8_BOM);
    const out = createWriteStream(path, { flags: 'a' });
    await pipeline(createReadStream(body), out);
    if (!out.closed) await once(out, 'close');
    return rows;
  } finally {
    try {
      unlinkSync(body);
    } catch {
      // not written
    }
  }
}
