import type { SeriesValue } from './types.ts';

/**
 * Month-over-month changes of a 12-month-ending sum. With S_t = m_{t-11} + … + m_t (m = monthly deaths),
 * S_t − S_{t−1} = m_t − m_{t−12}: this month's deaths minus the same month a year earlier. Index 0 and
 * any pair with a censored (null) operand give null, never 0.
 */
export function rollingSumIncrements(rolling12: readonly SeriesValue[]): SeriesValue[] {
  if (!Array.isArray(rolling12)) {
    throw new TypeError(`invalid series: expected an array, got ${typeof rolling12}`);
  }
  return rolling12.map((s, t) => {
    if (s !== null && (typeof s !== 'number' || !Number.isFinite(s))) {
      throw new TypeError(`invalid value at index ${t}: ${String(s)} (expected a finite number or null)`);
    }
    const prev = t === 0 ? null : (rolling12[t - 1] ?? null);
    return s === null || prev === null ? null : s - prev;
  });
}
