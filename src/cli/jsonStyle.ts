/**
 * The one style of the CLI's JSON (status --json; README, "status --json"): keys in snake_case, and every time as
 * ISO 8601 in UTC with a Z (2025-07-16T09:30:00.000Z); calendar dates stay YYYY-MM-DD.
 */
export function jsonStyle(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonStyle);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCase(k), jsonStyle(v)]));
  }
  if (typeof value === 'string') return utcTime(value);
  return value;
}

export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

const TIME = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d(:?\d\d)?)?$/;

/** A timestamp in any of the forms DuckDB and the ledgers write, as ISO 8601 UTC; other text unchanged. */
export function utcTime(text: string): string {
  if (!TIME.test(text)) return text;
  let iso = text.replace(' ', 'T');
  // DuckDB's TIMESTAMP columns here hold UTC without a zone; an offset written as +00 needs its minutes.
  if (!/(Z|[+-]\d\d(:?\d\d)?)$/.test(iso)) iso += 'Z';
  else iso = iso.replace(/([+-]\d\d)$/, '$1:00');
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
