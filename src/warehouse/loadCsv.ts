import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors.ts';
import { readCsvHeaderSync } from '../sources/csvHeader.ts';
import { queryRows, queryValue } from './connection.ts';

/** One layout a publisher has used for a file: its exact header, the type of each column, and the raw mapping. */
export interface CsvShape {
  name: string;
  description: string;
  /** Column name → DuckDB type, in file order; the keys are the expected header. */
  columns: Record<string, string>;
  /** Raw table column → SQL expression over the CSV columns (quoted names). */
  select: Record<string, string>;
}

export interface CsvLoadSpec {
  source: string;
  /** Qualified raw table, e.g. raw.cdc_vsrr_state. */
  table: string;
  shapes: CsvShape[];
  /** Thousands separator in numeric columns ("2,237"), if the publisher writes one. */
  thousands?: string;
}

export interface CsvLoadTarget {
  /** The file DuckDB reads (the snapshot). */
  path: string;
  /** What the user knows the input as: the URL or original path. Used in every message. */
  origin: string;
  loadId: number;
  vintage: string;
}

export interface RejectedLine {
  line: number | null;
  column: string | null;
  errorType: string;
  csvLine: string | null;
  message: string;
}

export interface CsvLoadResult {
  shape: string;
  rowsLoaded: number;
  rejects: RejectedLine[];
}

export function detectShape(spec: CsvLoadSpec, header: string[], origin: string): CsvShape {
  const found = spec.shapes.find((shape) => sameHeader(Object.keys(shape.columns), header));
  if (found) return found;
  const expected = spec.shapes
    .map((s) => `${s.description}: ${Object.keys(s.columns).join(',')}`)
    .join(' | or ');
  throw new InputError(
    { source: spec.source, origin, line: 1 },
    `unknown header "${header.join(',').slice(0, 300)}" (expected ${expected})`,
  );
}

function sameHeader(expected: string[], actual: string[]): boolean {
  return expected.length === actual.length && expected.every((name, i) => name === actual[i]?.trim());
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Appends a CSV file to its raw table with DuckDB's read_csv: explicit column types, no sniffing, and
 * store_rejects so that bad lines are returned with line, column and reason instead of failing the whole scan.
 * Runs inside the caller's transaction.
 */
export async function loadCsv(
  connection: DuckDBConnection,
  spec: CsvLoadSpec,
  target: CsvLoadTarget,
): Promise<CsvLoadResult> {
  const header = readCsvHeaderSync(target.path, { source: spec.source, origin: target.origin });
  const shape = detectShape(spec, header, target.origin);
  const columns = Object.entries(shape.columns)
    .map(([name, type]) => `${quoteString(name)}: ${quoteString(type)}`)
    .join(', ');
  const rejectsTable = `rejects_${target.loadId}`;
  const scansTable = `reject_scans_${target.loadId}`;
  const options = [
    'header = true',
    'auto_detect = false',
    "delim = ','",
    `quote = '"'`,
    `escape = '"'`,
    `columns = {${columns}}`,
    spec.thousands ? `thousands = ${quoteString(spec.thousands)}` : null,
    'store_rejects = true',
    `rejects_table = ${quoteString(rejectsTable)}`,
    `rejects_scan = ${quoteString(scansTable)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const selectList = Object.entries(shape.select)
    .map(([rawColumn, expr]) => `${expr} AS ${quoteIdent(rawColumn)}`)
    .join(',\n    ');
  const before = await queryValue<number>(connection, `SELECT count(*) FROM ${spec.table}`);
  try {
    await connection.run(
      `INSERT INTO ${spec.table} BY NAME
       SELECT $load_id::BIGINT AS load_id, $vintage::DATE AS vintage,
         ${selectList}
       FROM read_csv(${quoteString(target.path)}, ${options})`,
      { load_id: target.loadId, vintage: target.vintage },
    );
  } catch (error) {
    throw new InputError({ source: spec.source, origin: target.origin }, (error as Error).message);
  }
  const after = await queryValue<number>(connection, `SELECT count(*) FROM ${spec.table}`);
  const rejects = await queryRows<{
    line: number | null;
    column_name: string | null;
    error_type: string;
    csv_line: string | null;
    error_message: string;
  }>(
    connection,
    // DuckDB reports a short line once per missing column; one record per line and error type is enough.
    `SELECT line, arg_min(column_name, column_idx) AS column_name, error_type::VARCHAR AS error_type,
            arg_min(csv_line, column_idx) AS csv_line, arg_min(error_message, column_idx) AS error_message
     FROM ${rejectsTable} GROUP BY line, error_type ORDER BY line, error_type`,
  );
  await connection.run(`DROP TABLE IF EXISTS ${rejectsTable}; DROP TABLE IF EXISTS ${scansTable};`);
  return {
    shape: shape.name,
    rowsLoaded: after - before,
    rejects: rejects.map((r) => ({
      line: r.line,
      column: r.column_name,
      errorType: r.error_type,
      csvLine: r.csv_line,
      message: r.error_message,
    })),
  };
}
