import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from './connection.ts';

/** How a column's values are appended (DATE and JSON columns take text, which DuckDB casts). */
export type ColumnKind = 'bigint' | 'integer' | 'double' | 'boolean' | 'text';

type ValueOf<K extends ColumnKind> =
  | (K extends 'text' ? string : K extends 'boolean' ? boolean : number)
  | null
  | undefined;

/** One row by column name; null or undefined writes SQL NULL. */
export type RecordOf<C extends Record<string, ColumnKind>> = { [K in keyof C]: ValueOf<C[K]> };

/** The columns every analytics table's key starts with. */
export const SERIES_KEY_COLUMNS = {
  source: 'text',
  country: 'text',
  geo_level: 'text',
  geo_code: 'text',
  drug: 'text',
  measure: 'text',
  period_type: 'text',
} as const satisfies Record<string, ColumnKind>;

export type SeriesKey = { [K in keyof typeof SERIES_KEY_COLUMNS]: string };

/** The series key of a row that carries more than it. */
export function seriesKeyOf(s: SeriesKey): SeriesKey {
  const { source, country, geo_level, geo_code, drug, measure, period_type } = s;
  return { source, country, geo_level, geo_code, drug, measure, period_type };
}

const APPEND: Record<ColumnKind, (a: DuckDBAppender, v: never) => void> = {
  bigint: (a, v: number) => a.appendBigInt(BigInt(v)),
  integer: (a, v: number) => a.appendInteger(v),
  double: (a, v: number) => a.appendDouble(v),
  boolean: (a, v: boolean) => a.appendBoolean(v),
  text: (a, v: string) => a.appendVarchar(v),
};

/**
 * Appends rows written by column name to schema.table, in the table's own column order, flushed when `write`
 * returns; the appender is closed either way. A declared column the table does not have is an error before anything
 * is written; a table column not declared is written NULL (e.g. one filled by a later UPDATE).
 */
export async function appendRecords<C extends Record<string, ColumnKind>, T>(
  connection: DuckDBConnection,
  schema: string,
  table: string,
  columns: C,
  write: (append: (row: RecordOf<C>) => void) => T,
  /** The database the table is in ('temp' for a temporary table); the warehouse's own by default. */
  catalog?: string,
): Promise<T> {
  const order = (
    await queryRows<{ column_name: string }>(
      connection,
      `SELECT column_name FROM duckdb_columns()
       WHERE database_name = coalesce($3, current_database()) AND schema_name = $1 AND table_name = $2
       ORDER BY column_index`,
      [schema, table, catalog ?? null],
    )
  ).map((r) => r.column_name);
  if (order.length === 0) throw new Error(`cannot append to ${schema}.${table}: no such table`);
  const unknown = Object.keys(columns).filter((name) => !order.includes(name));
  if (unknown.length > 0)
    throw new Error(`cannot append to ${schema}.${table}: no column ${unknown.join(', ')}`);
  const plan = order.map((name) => ({ name, kind: columns[name] }));
  const appender = await connection.createAppender(table, schema, catalog);
  try {
    const result = write((row) => {
      for (const { name, kind } of plan) {
        const value = kind === undefined ? null : row[name];
        if (value === null || value === undefined) appender.appendNull();
        else APPEND[kind as ColumnKind](appender, value as never);
      }
      appender.endRow();
    });
    appender.flushSync();
    return result;
  } finally {
    appender.closeSync();
  }
}
