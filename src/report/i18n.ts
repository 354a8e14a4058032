/** Every UI string of the report and notebooks in English and Spanish, plus locale-aware number and date formats. */

import type { NumberLocale, TimeLocale } from 'vega';
import { LANGS, type Lang } from '../core/lang.ts';
import { en, type Strings } from './i18n/en.ts';
import { es } from './i18n/es.ts';

export type { Strings };
export { LANGS };

/** BCP 47 tags used for Intl formatting (Spanish as written in Mexico: 1,234.5 and "junio de 2024"). */
export const INTL_LOCALE: Record<Lang, string> = { en: 'en-US', es: 'es-MX' };

export const STRINGS: Record<Lang, Strings> = { en, es };

export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}

/** A label from one of the code → label tables, or the code itself when the table does not know it. */
export function label(table: Readonly<Record<string, string>>, code: string): string {
  return table[code] ?? code;
}

/** The entry of a code → text table, or undefined when the table does not know the code. */
export function entryOf(table: Readonly<Record<string, string>>, code: string): string | undefined {
  return table[code];
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}:${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[lang], options);
    numberFormats.set(key, format);
  }
  return format;
}

/** `1,234.5` in both languages (es-MX groups with commas and uses a decimal point); null → an em dash. */
export function formatNumber(value: number | null | undefined, lang: Lang, maxFractionDigits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return STRINGS[lang].notAvailable;
  return numberFormat(lang, { maximumFractionDigits: maxFractionDigits }).format(value);
}

/** A count, rounded to a whole number unless small. */
export function formatCount(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return STRINGS[lang].notAvailable;
  return formatNumber(value, lang, Math.abs(value) < 100 ? 1 : 0);
}

/** A percent given as a number of percent (12.3 → "+12.3%"), signed unless zero. */
export function formatPercent(value: number | null | undefined, lang: Lang, signed = true): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return STRINGS[lang].notAvailable;
  return numberFormat(lang, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(value / 100);
}

/** A p- or q-value: three significant digits, or "< 0.001". */
export function formatP(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return STRINGS[lang].notAvailable;
  if (value < 0.001) return `< ${formatNumber(0.001, lang, 3)}`;
  return formatNumber(value, lang, 3);
}

function parseIsoDate(iso: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatWith(iso: string, lang: Lang, options: Intl.DateTimeFormatOptions): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  const key = `${lang}:${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[lang], { ...options, timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

/** "June 2024" / "junio de 2024"; an unparseable input is returned as is. */
export function formatMonth(iso: string, lang: Lang): string {
  return formatWith(iso, lang, { month: 'long', year: 'numeric' });
}

/** "Jun 2024" / "jun 2024". */
export function formatMonthShort(iso: string, lang: Lang): string {
  return formatWith(iso, lang, { month: 'short', year: 'numeric' });
}

/** "October 16, 2024" / "16 de octubre de 2024". */
export function formatDate(iso: string, lang: Lang): string {
  return formatWith(iso, lang, { day: 'numeric', month: 'long', year: 'numeric' });
}

/** Date and time in UTC, e.g. "October 16, 2024 at 14:05 UTC". */
export function formatDateTime(iso: string, lang: Lang): string {
  if (!parseIsoDate(iso)) return iso;
  return `${formatWith(iso, lang, { dateStyle: 'long', timeStyle: 'short', hourCycle: 'h23' })} UTC`;
}

/** "Q2 2024" / "2.º trimestre de 2024" for the quarter containing `iso`. */
export function formatQuarter(iso: string, lang: Lang): string {
  const q = Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1;
  const year = iso.slice(0, 4);
  return lang === 'en' ? `Q${q} ${year}` : `${q}.º trimestre de ${year}`;
}

/** A period, by its type: "12 months ending June 2024", "June 2024", "Q2 2024", "2024". */
export function formatPeriod(end: string, periodType: string, lang: Lang): string {
  switch (periodType) {
    case '12mo_ending':
      return STRINGS[lang].headline.period12(formatMonth(end, lang));
    case 'quarter':
      return formatQuarter(end, lang);
    case 'year':
      return end.slice(0, 4);
    case 'week':
      return formatDate(end, lang);
    default:
      return formatMonth(end, lang);
  }
}

/** "a, b and c" / "a, b y c". */
export function listOf(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${STRINGS[lang].and} ${items[items.length - 1]}`;
}

/** d3-format / d3-time-format locale definitions, as Vega's `config.locale` and vega-embed options take them. */
export interface VegaLocale {
  number: NumberLocale;
  time: TimeLocale;
}

const VEGA_LOCALES: Record<Lang, VegaLocale> = {
  en: {
    number: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] },
    time: {
      dateTime: '%x, %X',
      date: '%-m/%-d/%Y',
      time: '%-I:%M:%S %p',
      periods: ['AM', 'PM'],
      days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
      shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
      months: [
        'January',
        'February',
        'March',
        'April',
        'May',
        'June',
        'July',
        'August',
        'September',
        'October',
        'November',
        'December',
      ],
      shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    },
  },
  // d3's es-MX definitions.
  es: {
    number: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] },
    time: {
      dateTime: '%x, %X',
      date: '%d/%m/%Y',
      time: '%-I:%M:%S %p',
      periods: ['AM', 'PM'],
      days: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
      shortDays: ['dom', 'lun', 'mar', 'mié', 'jue', 'vie', 'sáb'],
      months: [
        'enero',
        'febrero',
        'marzo',
        'abril',
        'mayo',
        'junio',
        'julio',
        'agosto',
        'septiembre',
        'octubre',
        'noviembre',
        'diciembre',
      ],
      shortMonths: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
    },
  },
};

/** Number and time locale for Vega, so axis labels are in the page's language. Returns a fresh copy. */
export function vegaLocale(lang: Lang): VegaLocale {
  return structuredClone(VEGA_LOCALES[lang]);
}
