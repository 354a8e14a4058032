/**
 * US federal fiscal years (October–September) as CBP labels them: `FY=2023, Month=OCT` is October 2022. The staging
 * SQL (pipelines/cbp_seizures/staging.sql) does the same conversion; tests check that both agree.
 */

export const FISCAL_MONTHS = [
  'OCT',
  'NOV',
  'DEC',
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
];
const CALENDAR_MONTH: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};

/** `2023`, `FY2023`, `FY 2023`, `2026 (FYTD)`; the same pattern as the staging SQL. */
export const FISCAL_YEAR_LABEL = /^\s*(?:FY\s*)?(\d{4})\s*(\(FYTD\))?\s*$/i;

export interface FiscalYear {
  fy: number;
  /** True for a year in progress ("fiscal year to date"): its months may still be revised. */
  toDate: boolean;
}

export function parseFiscalYear(label: string): FiscalYear | null {
  const match = FISCAL_YEAR_LABEL.exec(label);
  if (!match?.[1]) return null;
  return { fy: Number(match[1]), toDate: match[2] !== undefined };
}

/** The calendar month (YYYY-MM) of a fiscal year's month: October–December fall in the year before. */
export function fiscalToCalendarMonth(fyLabel: string, monthAbbv: string): string | null {
  const fy = parseFiscalYear(fyLabel);
  const month = CALENDAR_MONTH[monthAbbv.trim().toUpperCase()];
  if (fy === null || month === undefined) return null;
  const year = month >= 10 ? fy.fy - 1 : fy.fy;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Pounds to kilograms, exactly as defined (1 lb = 0.45359237 kg). */
export const KG_PER_LB = 0.45359237;
