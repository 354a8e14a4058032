import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors.ts';
import type { Layout, Pipeline } from '../pipeline/definition.ts';
import { readCsvHeaderSync } from '../sources/csvHeader.ts';
import { queryRows, queryValue } from './connection.ts';

export interface CsvLoadTarget {
  /** The file DuckDB reads (the snapshot, or what the pipeline's prepare hook made of it). */
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
  layout: string;
  rowsLoaded: number;
  rejects: RejectedLine[];
}

export function detectLayout(pipeline: Pipeline, header: string[], origin: string): Layout {
  const found = pipeline.csv.layouts.find(
    (layout) =>
      layout.fields.length === header.length &&
      layout.fields.every(([name], i) => name === header[i]?.trim()),
  );
  if (found) return found;
  const expected = pipeline.csv.layouts
    .map((l) => `${l.description}: ${l.fields.map(([name]) => name).join(',')}`)
    .join(' | or ');
  throw new InputError(
    { source: pipeline.name, origin, line: 1 },
    `unknown header "${header.join(',').slice(0, 300)}" (expected ${expected})`,
  );
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const quoteString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Appends a CSV file to the pipeline's raw table with DuckDB's read_csv: explicit column types, no sniffing, and
 * store_rejects so that bad lines come back with line, column and reason instead of failing the whole scan.
 * Runs inside the caller's transaction.
 */
export async function loadCsv(
  connection: DuckDBConnection,
  pipeline: Pipeline,
  target: CsvLoadTarget,
): Promise<CsvLoadResult> {
  const { csv } = pipeline;
  const header = readCsvHeaderSync(
    target.path,
    { source: pipeline.name, origin: target.origin },
    csv.delimiter,
    csv.encoding,
  );
  const layout = detectLayout(pipeline, header, target.origin);
  const types = new Map(pipeline.raw.columns.map((c) => [c.name, c.type]));
  const columns = layout.fields
    .map(
      ([name, raw]) =>
        `${quoteString(name)}: ${quoteString(raw === null ? 'VARCHAR' : (types.get(raw) as string))}`,
    )
    .join(', ');
  const fromCsv = new Map(layout.fields.filter(([, raw]) => raw !== null).map(([name, raw]) => [raw, name]));
  const selectList = pipeline.raw.columns
    .map((c) => {
      const name = fromCsv.get(c.name);
      return `${name === undefined ? `CAST(NULL AS ${c.type})` : quoteIdent(name)} AS ${quoteIdent(c.name)}`;
    })
    .join(',\n    ');
  const rejectsTable = `rejects_${target.loadId}`;
  const scansTable = `reject_scans_${target.loadId}`;
  const options = [
    'header = true',
    'auto_detect = false',
    `delim = ${quoteString(csv.delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    `columns = {${columns}}`,
    csv.thousands ? `thousands = ${quoteString(csv.thousands)}` : null,
    csv.encoding === 'latin-1' ? "encoding = 'latin-1'" : null,
    csv.dateFormat ? `dateformat = ${quoteString(csv.dateFormat)}` : null,
    'store_rejects = true',
    `rejects_table = ${quoteString(rejectsTable)}`,
    `rejects_scan = ${quoteString(scansTable)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const table = `raw.${pipeline.name}`;
  const before = await queryValue<number>(connection, `SELECT count(*) FROM ${table}`);
  try {
    await connection.run(
      `INSERT INTO ${table} BY NAME
       SELECT $load_id::BIGINT AS load_id, $vintage::DATE AS vintage,
         ${selectList}
       FROM read_csv(${quoteString(target.path)}, ${options})`,
      { load_id: target.loadId, vintage: target.vintage },
    );
  } catch (error) {
    throw new InputError({ source: pipeline.name, origin: target.origin }, (error as Error).message);
  }
  const after = await queryValue<number>(connection, `SELECT count(*) FROM ${table}`);
  const rejects = await queryRows<{
    line: number | null;
    column_name: string | null;
    error_type: string;
    csv_line: string | null;
    error_message: string;
  }>(
    connection,
    // DuckDB reports a short line once per missing column; one record per line and error type is enough.
    `SELECT line, coalesce(arg_min(column_name, column_idx), any_value(column_name)) AS column_name, error_type::VARCHAR AS error_type,
            coalesce(arg_min(csv_line, column_idx), any_value(csv_line)) AS csv_line,
            coalesce(arg_min(error_message, column_idx), any_value(error_message)) AS error_message
     FROM ${rejectsTable} GROUP BY line, error_type ORDER BY line, error_type`,
  );
  await connection.run(`DROP TABLE IF EXISTS ${rejectsTable}; DROP TABLE IF EXISTS ${scansTable};`);
  return {
    layout: layout.name,
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
