import { describe, expect, it } from 'vitest';
import { fiscalToCalendarMonth, KG_PER_LB, parseFiscalYear } from '../../src/csv/fiscalYear.ts';

describe('US federal fiscal years (CBP)', () => {
  // [FY label as CBP writes it, month, calendar month]
  const cases: [string, string, string | null][] = [
    ['2023', 'OCT', '2022-10'],
    ['2023', 'NOV', '2022-11'],
    ['2023', 'DEC', '2022-12'],
    ['2023', 'JAN', '2023-01'],
    ['2023', 'SEP', '2023-09'],
    ['2019', 'APR', '2019-04'],
    ['2026 (FYTD)', 'OCT', '2025-10'],
    ['2026 (FYTD)', 'MAR', '2026-03'],
    ['2026 (fytd)', 'dec', '2025-12'],
    ['FY2020', 'Feb', '2020-02'],
    [' 2021 ', ' AUG ', '2021-08'],
    ['FY23-24', 'OCT', null],
    ['2023', 'Sept', null],
    ['', 'OCT', null],
  ];
  it.each(cases)('FY %s %s is %s', (fy, month, expected) => {
    expect(fiscalToCalendarMonth(fy, month)).toBe(expected);
  });

  it('reads the FYTD mark of a year in progress', () => {
    expect(parseFiscalYear('2026 (FYTD)')).toEqual({ fy: 2026, toDate: true });
    expect(parseFiscalYear('2025')).toEqual({ fy: 2025, toDate: false });
    expect(parseFiscalYear('2025 (Q1)')).toBeNull();
  });

  it('converts pounds to kilograms with the exact definition', () => {
    expect(KG_PER_LB).toBe(0.45359237);
    expect(100 * KG_PER_LB).toBeCloseTo(45.359237, 12);
    // CBP's pounds come from grams times 2.20462262: 2.20462262e-05 lbs is 10 mg.
    expect(2.20462262e-5 * KG_PER_LB).toBeCloseTo(1e-5, 12);
  });
});
