import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedIdentifier, quotedString } from '@duckdb/node-api';
import { InputError } from '../core/errors.ts';
import type { CsvLoadResult, CsvLoadTarget, FileColumn, RejectedLine } from '../core/load.ts';
import type { Pipeline } from '../core/pipeline.ts';
import { readCsvHeaderSync } from '../csv/header.ts';
import { type CsvShape, DUCKDB_MAX_LINE_BYTES, scanCsvShape } from '../csv/shape.ts';
import { queryRows, queryValue } from './connection.ts';
import { matchLayout } from './csvLayout.ts';

/**
 * Appends a CSV file to the pipeline's raw table with DuckDB's read_csv: the header is matched to a layout by name
 * (csvLayout.ts), the columns are given to DuckDB in the file's own order with explicit types, no sniffing, and
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
  const match = matchLayout(pipeline, header, target.origin);
  const where = { source: pipeline.name, origin: target.origin };
  const shape = await scanCsvShape(target.path);
  target.checkAbort?.();
  if (shape.mixedEnding) {
    const { line, ending } = shape.mixedEnding;
    throw new InputError(
      { ...where, line },
      `line ends with ${ending}, but the header ends with ${shape.lineEnding}: mixed line endings cannot be read reliably (convert the file to one line ending)`,
    );
  }
  const types = new Map(pipeline.raw.columns.map((c) => [c.name, c.type]));
  const typeOf = (c: FileColumn) => (c.raw === null ? 'VARCHAR' : (types.get(c.raw) as string));
  const readOptions = (columnTypes: string) =>
    [
      'header = true',
      'auto_detect = false',
      `delim = ${quotedString(csv.delimiter)}`,
      `quote = '"'`,
      `escape = '"'`,
      `columns = {${columnTypes}}`,
      csv.encoding === 'latin-1' ? "encoding = 'latin-1'" : null,
    ].filter(Boolean);
  const columnTypes = (type: (c: FileColumn) => string) =>
    match.columns.map((c) => `${quotedString(c.header)}: ${quotedString(type(c))}`).join(', ');
  const dateFormat = await chooseDateFormat(
    connection,
    target.path,
    match.columns.find((c) => typeOf(c) === 'DATE')?.header,
    match.layout.dateFormat ?? csv.dateFormat,
    readOptions(columnTypes(() => 'VARCHAR')),
  );
  const fromCsv = new Map(match.columns.flatMap((c) => (c.raw === null ? [] : [[c.raw, c.header]])));
  const selectList = pipeline.raw.columns
    .map((c) => {
      const name = fromCsv.get(c.name);
      return `${name === undefined ? `CAST(NULL AS ${c.type})` : quotedIdentifier(name)} AS ${quotedIdentifier(c.name)}`;
    })
    .join(',\n    ');
  const rejectsTable = `rejects_${target.loadId}`;
  const scansTable = `reject_scans_${target.loadId}`;
  const options = [
    ...readOptions(columnTypes(typeOf)),
    csv.thousands ? `thousands = ${quotedString(csv.thousands)}` : null,
    dateFormat ? `dateformat = ${quotedString(dateFormat)}` : null,
    'store_rejects = true',
    `rejects_table = ${quotedString(rejectsTable)}`,
    `rejects_scan = ${quotedString(scansTable)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const table = `raw.${pipeline.name}`;
  const before = await queryValue<number>(connection, `SELECT count(*) FROM ${table}`);
  target.checkAbort?.();
  try {
    await connection.run(
      `INSERT INTO ${table} BY NAME
       SELECT $load_id::BIGINT AS load_id, $vintage::DATE AS vintage,
         ${selectList}
       FROM read_csv(${quotedString(target.path)}, ${options})`,
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
  const rowsLoaded = after - before;
  const rejected: RejectedLine[] = rejects.map((r) => ({
    line: r.line,
    column: r.column_name,
    errorType: r.error_type,
    csvLine: r.csv_line,
    message: r.error_message,
  }));
  const all = withLongRecords(rejected, shape);
  accountForEveryRecord(where, shape, rowsLoaded, all);
  return {
    layout: match.layout.name,
    columns: match.columns,
    unknownColumns: match.unknownColumns,
    rowsLoaded,
    rejects: all,
  };
}

/**
 * DuckDB reports a record over its line limit only while it fits its read buffer (and a long quoted field as an
 * "unterminated quote"); longer ones vanish. Every long record the scan found is a reject for its length, in place
 * of whatever DuckDB said of its line.
 */
function withLongRecords(rejects: RejectedLine[], shape: CsvShape): RejectedLine[] {
  if (shape.longRecords.length === 0) return rejects;
  const long = new Set(shape.longRecords.map((r) => r.line));
  const found: RejectedLine[] = shape.longRecords.map((r) => ({
    line: r.line,
    column: null,
    errorType: 'LINE SIZE OVER MAXIMUM',
    csvLine: null,
    message: `line of ${r.bytes} bytes is longer than the ${DUCKDB_MAX_LINE_BYTES} bytes a line may hold; not read`,
  }));
  return [...rejects.filter((r) => r.line === null || !long.has(r.line)), ...found].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0),
  );
}

/** Every record of the file is a loaded row or a reject: a line lost without a trace fails the load. */
function accountForEveryRecord(
  where: { source: string; origin: string },
  shape: CsvShape,
  rowsLoaded: number,
  rejects: RejectedLine[],
): void {
  const rejectedLines = new Set(rejects.map((r, i) => r.line ?? `?${i}`)).size;
  if (rowsLoaded + rejectedLines === shape.dataRecords) return;
  throw new InputError(
    where,
    `the file has ${shape.dataRecords} data record(s), but ${rowsLoaded} were loaded and ${rejectedLines} rejected: ${Math.abs(shape.dataRecords - rowsLoaded - rejectedLines)} line(s) could not be accounted for (an unreadable line?)`,
  );
}

/**
 * The one date format DuckDB reads a file's DATE columns with. With several candidates (a download writes
 * 01/31/2024, the SODA API 2024-01-31T00:00:00.000, under the same header), DuckDB reads the first non-empty value
 * of the first DATE column as text and the first format that parses it is used for the whole file; a line written
 * otherwise is then rejected with its line and column like any bad value.
 */
async function chooseDateFormat(
  connection: DuckDBConnection,
  path: string,
  dateColumn: string | undefined,
  formats: string | string[] | undefined,
  textOptions: (string | null)[],
): Promise<string | undefined> {
  if (formats === undefined || typeof formats === 'string') return formats;
  if (formats.length === 1 || dateColumn === undefined) return formats[0];
  // strptime takes a constant format: one test per candidate, the first that parses wins.
  const tests = formats
    .map((f, i) => `WHEN try_strptime(trim(v), ${quotedString(f)}) IS NOT NULL THEN ${i}`)
    .join(' ');
  const column = quotedIdentifier(dateColumn);
  const chosen = await queryRows<{ i: number | null }>(
    connection,
    `SELECT CASE ${tests} END AS i
     FROM (SELECT ${column} AS v FROM read_csv(${quotedString(path)}, ${[...textOptions, 'ignore_errors = true'].join(', ')})
           WHERE nullif(trim(${column}), '') IS NOT NULL LIMIT 1)`,
  );
  return formats[chosen[0]?.i ?? 0];
}
