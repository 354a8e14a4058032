import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';

/** The columns every analytics table's key starts with. */
export interface SeriesKey {
  source: string;
  country: string;
  geo_level: string;
  geo_code: string;
  drug: string;
  measure: string;
  period_type: string;
}

/** Writes one row's columns in table order; null (or undefined) writes SQL NULL. */
export interface RowWriter {
  bigint(v: number): void;
  integer(v: number): void;
  double(v: number | null): void;
  boolean(v: boolean | null): void;
  text(v: string | null | undefined): void;
  null(): void;
  /** source, country, geo_level, geo_code, drug, measure, period_type: the series key analytics tables start with. */
  seriesKey(s: SeriesKey): void;
  endRow(): void;
}

function rowWriter(a: DuckDBAppender): RowWriter {
  return {
    bigint: (v) => a.appendBigInt(BigInt(v)),
    integer: (v) => a.appendInteger(v),
    double: (v) => (v === null ? a.appendNull() : a.appendDouble(v)),
    boolean: (v) => (v === null ? a.appendNull() : a.appendBoolean(v)),
    text: (v) => (v == null ? a.appendNull() : a.appendVarchar(v)),
    null: () => a.appendNull(),
    seriesKey(s) {
      for (const v of [s.source, s.country, s.geo_level, s.geo_code, s.drug, s.measure, s.period_type])
        a.appendVarchar(v);
    },
    endRow: () => a.endRow(),
  };
}

/** Appends the rows `write` writes to schema.table, flushed when it returns; the appender is closed either way. */
export async function appendRows<T>(
  connection: DuckDBConnection,
  schema: string,
  table: string,
  write: (row: RowWriter) => T,
): Promise<T> {
  const appender = await connection.createAppender(table, schema);
  try {
    const result = write(rowWriter(appender));
    appender.flushSync();
    return result;
  } finally {
    appender.closeSync();
  }
}
