/** Reading exports back into DuckDB, to compare them with what was exported (round-trip tests). */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { type Table, Type, tableFromIPC } from 'apache-arrow';
import type { ExportColumn } from '../../src/export/index.ts';
import { isTextColumn } from '../../src/export/index.ts';
import { queryValue } from '../../src/warehouse/connection.ts';

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A Parquet export, partition columns restored from the folder names (year dropped: it is derived). */
export function parquetBack(dir: string, columns: ExportColumn[]): string {
  return `SELECT ${columns.map((c) => q(c.name)).join(', ')} FROM read_parquet(${lit(`${dir}/**/*.parquet`)},
    hive_partitioning = true, hive_types = {'source': VARCHAR, 'year': INTEGER})`;
}

/** A CSV export: every cell read as text, the formula protection undone on text columns, then cast to its type. */
export function csvBack(file: string, columns: ExportColumn[], opts: { spreadsheet?: boolean } = {}): string {
  const spec = columns.map((c) => `${lit(c.name)}: 'VARCHAR'`).join(', ');
  const select = columns.map((c) => {
    const cell = q(c.name);
    // --spreadsheet writes a digit-only code as ="01": undone first, then the formula protection.
    const code = opts.spreadsheet
      ? `WHEN regexp_matches(${cell}, '^="[0-9]+"$') THEN substr(${cell}, 3, length(${cell}) - 3) `
      : '';
    const restored = isTextColumn(c.type)
      ? `CASE ${code}WHEN starts_with(${cell}, '''') THEN substr(${cell}, 2) ELSE ${cell} END`
      : cell;
    return `CAST(${restored} AS ${c.type}) AS ${cell}`;
  });
  return `SELECT ${select.join(', ')} FROM read_csv(${lit(file)}, header = true, auto_detect = false,
    columns = {${spec}}, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, strict_mode = true)`;
}

/**
 * An Arrow export loaded into a temporary table through DuckDB's appender (dates as day numbers and timestamps as
 * microseconds, read from the Arrow buffers, then converted by a view): the comparison is then done by DuckDB.
 */
export async function loadArrowBack(
  db: DuckDBConnection,
  file: string,
  columns: ExportColumn[],
  name: string,
): Promise<{ table: Table; relation: string }> {
  const table = tableFromIPC(readFileSync(file));
  const fields = table.schema.fields.map((f) => f.name);
  if (JSON.stringify(fields) !== JSON.stringify(columns.map((c) => c.name))) {
    throw new Error(`Arrow fields ${fields.join(',')} differ from the exported columns`);
  }
  const stored = (type: string) =>
    type === 'DATE'
      ? 'INTEGER'
      : type.startsWith('TIMESTAMP')
        ? 'BIGINT'
        : type === 'JSON'
          ? 'VARCHAR'
          : type;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${name} (${columns.map((c) => `${q(c.name)} ${stored(c.type)}`).join(', ')})`,
  );
  const appender = await db.createAppender(name, 'main', 'temp');
  const vectors = columns.map((_, i) => table.getChildAt(i));
  /** Raw buffer values (day numbers, microseconds) of a fixed-width column, by row. */
  const raw = vectors.map((v) => {
    if (!v || (v.type.typeId !== Type.Date && v.type.typeId !== Type.Timestamp)) return null;
    const out: (number | bigint)[] = [];
    for (const d of v.data)
      for (let i = 0; i < d.length; i++)
        out.push((d.values as Int32Array | BigInt64Array)[d.offset + i] as number | bigint);
    return out;
  });
  const appendValue = (value: unknown, typeId: Type, type: string) => {
    switch (typeId) {
      case Type.Bool:
        return appender.appendBoolean(Boolean(value));
      case Type.Float:
        return type === 'FLOAT' ? appender.appendFloat(Number(value)) : appender.appendDouble(Number(value));
      case Type.Int:
        return typeof value === 'bigint'
          ? appender.appendBigInt(value)
          : appender.appendValue(value as number);
      case Type.Utf8:
        return appender.appendVarchar(String(value));
      case Type.List:
        return appender.appendList([...(value as Iterable<string | null>)]);
      default:
        throw new Error(`unexpected Arrow type ${Type[typeId]} for ${type}`);
    }
  };
  for (let r = 0; r < table.numRows; r++) {
    for (const [i, c] of columns.entries()) {
      const v = vectors[i];
      const rawValues = raw[i];
      if (!v?.isValid(r)) appender.appendNull();
      else if (rawValues) {
        const x = rawValues[r] as number | bigint;
        if (typeof x === 'bigint') appender.appendBigInt(x);
        else appender.appendInteger(x);
      } else appendValue(v.get(r), v.type.typeId, c.type);
    }
    appender.endRow();
  }
  appender.closeSync();
  const select = columns.map((c) => {
    const col = q(c.name);
    if (c.type === 'DATE') return `(DATE '1970-01-01' + ${col}) AS ${col}`;
    if (c.type === 'TIMESTAMP') return `make_timestamp(${col}) AS ${col}`;
    if (c.type === 'TIMESTAMP WITH TIME ZONE') return `make_timestamp(${col})::TIMESTAMPTZ AS ${col}`;
    if (c.type === 'JSON') return `${col}::JSON AS ${col}`;
    return col;
  });
  return { table, relation: `SELECT ${select.join(', ')} FROM ${name}` };
}

/** Rows in one query and not the other (both ways, duplicates counted), over the given columns. */
export async function rowDifference(
  db: DuckDBConnection,
  a: string,
  b: string,
  columns: ExportColumn[],
): Promise<number> {
  const cols = columns.map((c) => q(c.name)).join(', ');
  return queryValue<number>(
    db,
    `SELECT count(*) FROM (
       (SELECT ${cols} FROM (${a}) EXCEPT ALL SELECT ${cols} FROM (${b}))
       UNION ALL
       (SELECT ${cols} FROM (${b}) EXCEPT ALL SELECT ${cols} FROM (${a})))`,
  );
}
