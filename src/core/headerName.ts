/**
 * A header name as layouts match it: without a byte-order mark or surrounding spaces, NFC-normalised, upper-cased
 * ("AÑO" written with a combining tilde, " data value " and "Data Value" are the same column).
 */
export function normaliseHeaderName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .normalize('NFC')
    .toUpperCase();
}
