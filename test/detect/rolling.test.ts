import { describe, expect, it } from 'vitest';
import { rollingSumIncrements } from '../../src/detect/rolling.ts';
import type { SeriesValue } from '../../src/detect/types.ts';

describe('rollingSumIncrements', () => {
  it('turns 12-month-ending sums into (this month) − (same month a year earlier)', () => {
    // 24 months of monthly deaths: a flat 10 in year 1, then year 2 = year 1 + (1, 2, …, 12).
    const monthly = [...Array(12).fill(10), ...Array.from({ length: 12 }, (_, k) => 10 + k + 1)];
    // 12-month-ending sums for months 11..23 (the first complete window ends in month 11).
    const sums = monthly.slice(11).map((_, j) => monthly.slice(j, j + 12).reduce((a, b) => a + b, 0));
    expect(sums.slice(0, 3)).toEqual([120, 121, 123]); // 120; 120 − 10 + 11; 121 − 10 + 12
    const inc = rollingSumIncrements(sums);
    // S_t − S_{t−1} = m_t − m_{t−12}: month 12 → 11 − 10 = 1, month 13 → 12 − 10 = 2, …
    expect(inc).toEqual([null, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (let t = 1; t < sums.length; t++) {
      expect(inc[t]).toBe((monthly[11 + t] ?? 0) - (monthly[t - 1] ?? 0));
    }
  });

  it.each<[string, SeriesValue[], SeriesValue[]]>([
    ['empty', [], []],
    ['one value: index 0 has no predecessor', [100], [null]],
    ['a rise', [100, 110], [null, 10]],
    ['no change is 0, not null', [100, 100], [null, 0]],
    ['a fall is negative', [100, 90], [null, -10]],
    [
      'a suppressed value voids both neighbouring increments',
      [100, 110, null, 120, 125],
      [null, 10, null, null, 5],
    ],
    ['leading suppression', [null, 12, 15], [null, null, 3]],
    ['all suppressed', [null, null], [null, null]],
  ])('%s', (_name, input, expected) => {
    expect(rollingSumIncrements(input)).toEqual(expected);
  });

  it('does not modify its input', () => {
    const input = [1, 2, 3];
    rollingSumIncrements(input);
    expect(input).toEqual([1, 2, 3]);
  });

  it.each([
    [[1, Number.NaN], 'invalid value at index 1: NaN (expected a finite number or null)'],
    [[Number.NEGATIVE_INFINITY], 'invalid value at index 0: -Infinity (expected a finite number or null)'],
    [['7' as unknown as number], 'invalid value at index 0: 7 (expected a finite number or null)'],
  ])('rejects %o', (input, message) => {
    expect(() => rollingSumIncrements(input)).toThrow(message);
  });
});
