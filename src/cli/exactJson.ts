import {
  DuckDBTypeId,
  type DuckDBValueConverter,
  type Json,
  JsonDuckDBValueConverter,
} from '@duckdb/node-api';

const INTEGERS = new Set([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
]);
const TIMESTAMPS = new Set([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);

/**
 * DuckDB values as JSON without losing any (README, "query output"): integers as numbers while exact (|n| < 2^53),
 * as decimal strings beyond; DECIMAL as a string ("12.50"); DATE as YYYY-MM-DD; TIMESTAMP as ISO 8601
 * (2024-01-02T03:04:05.5, with Z or its offset when it has a time zone); INTERVAL as {months, days, micros};
 * BLOB as DuckDB's escaped text (\xAA for a byte that is not printable ASCII); lists, structs and maps as JSON.
 */
export const exactJson: DuckDBValueConverter<Json> = (value, type, converter) => {
  if (value !== null && INTEGERS.has(type.typeId)) {
    const n = BigInt(value as bigint);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(n)
      : n.toString();
  }
  if (value !== null && TIMESTAMPS.has(type.typeId)) return isoTimestamp(String(value));
  return JsonDuckDBValueConverter(value, type, converter);
};

/** "2024-01-02 03:04:05.5+00" → "2024-01-02T03:04:05.5Z"; "infinity" and BC dates as DuckDB writes them. */
export function isoTimestamp(text: string): string {
  const m = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)(?:([+-]\d\d)(?::?(\d\d))?)?$/.exec(text);
  if (!m) return text;
  const [, date, time, hours, minutes] = m;
  if (hours === undefined) return `${date}T${time}`;
  const offset = `${hours}:${minutes ?? '00'}`;
  return `${date}T${time}${offset === '+00:00' || offset === '-00:00' ? 'Z' : offset}`;
}
