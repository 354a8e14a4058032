/** Every UI string of the report in English and Spanish, plus locale-aware number and date formatting. */

import type { NumberLocale, TimeLocale } from 'vega';
import type { AlertRow, Lang, ObservationStatus } from './reportData.ts';

export const LANGS: readonly Lang[] = ['en', 'es'];

/** BCP 47 tags used for Intl formatting (Spanish as used in Mexico). */
export const INTL_LOCALE: Record<Lang, string> = { en: 'en-US', es: 'es-MX' };

export interface Strings {
  /** Name of the language in itself, for the language switcher. */
  langName: string;
  /** Label of the language switcher <nav>. */
  langNav: string;
  /** Text of the link to this language's page, written in this language. */
  readInThisLang: string;
  reportTitle: string;
  subtitle: string;
  demoBanner: string;
  generatedAt: (when: string) => string;
  vintages: (list: string) => string;
  vintageItem: (source: string, vintage: string) => string;
  sections: { national: string; border: string; alerts: string; notes: string };
  nationalTitle: string;
  nationalIntro: string;
  borderTitle: string;
  borderIntro: string;
  alertsIntro: string;
  alertsEmpty: string;
  alertsChartTitle: string;
  notes: {
    twelveMonthSums: string;
    suppressed: string;
    predicted: string;
    proxies: string;
    earsMethod: string;
  };
  chartFailed: string;
  noScript: string;
  axis: { month: string; deaths: string; place: string };
  legend: { drug: string; series: string; method: string };
  series: { reported: string; predicted: string };
  tooltip: {
    place: string;
    drug: string;
    month: string;
    series: string;
    value: string;
    status: string;
    method: string;
    observed: string;
    expected: string;
    threshold: string;
  };
  table: {
    place: string;
    drug: string;
    month: string;
    method: string;
    observed: string;
    expected: string;
    threshold: string;
    explanation: string;
  };
  status: Record<ObservationStatus, string>;
  method: Record<AlertRow['method'], string>;
  /** Shown in a table cell or tooltip when a number was not computed. */
  notAvailable: string;
}

const en: Strings = {
  langName: 'English',
  langNav: 'Language',
  readInThisLang: 'Read in English',
  reportTitle: 'Centinela — fentanyl and methamphetamine overdose deaths',
  subtitle: 'US–Mexico surveillance report for the binational expert panel',
  demoBanner: 'DEMO DATA — synthetic numbers, not real figures',
  generatedAt: (when) => `Generated ${when}`,
  vintages: (list) => `Data vintage: ${list}.`,
  vintageItem: (source, vintage) => `${source}, release of ${vintage}`,
  sections: { national: 'National trend', border: 'Border states', alerts: 'Alerts', notes: 'Data notes' },
  nationalTitle: 'United States: overdose deaths in the 12 months ending each month',
  nationalIntro:
    'Solid lines are reported counts; dashed lines are predicted counts adjusted for reporting delays. Gaps are suppressed or missing values, not zeros.',
  borderTitle: 'US states on the border with Mexico',
  borderIntro:
    'Same measures for Arizona, California, New Mexico and Texas. Each panel has its own vertical scale.',
  alertsIntro:
    'Months in which a detector flagged an unusual rise in the latest detection run, most recent first.',
  alertsEmpty: 'No alerts in the latest detection run.',
  alertsChartTitle: 'Alerts by place and month',
  notes: {
    twelveMonthSums:
      'CDC values are 12-month-ending sums of provisional counts: each point is the total for the 12 months ending in that month, so consecutive points overlap, and recent values can still rise as death records arrive.',
    suppressed:
      'Counts from 1 to 9 are suppressed by the publisher for confidentiality. They are shown as gaps in the lines, not as zeros.',
    predicted:
      'Predicted values (dashed lines) adjust the reported counts for reporting delays, that is, for death certificates not yet complete.',
    proxies:
      'Fentanyl is approximated by ICD-10 code T40.4 (synthetic opioids other than methadone) and methamphetamine by T43.6 (psychostimulants with abuse potential).',
    earsMethod:
      'Alerts come from the EARS C1, C2 and C3 methods (CDC Early Aberration Reporting System): each month’s observed value is compared with the mean of a short recent baseline, and an alert is raised when it exceeds the threshold, the expected value plus a multiple of the baseline standard deviation. C2 and C3 leave a gap between the baseline and the month tested; C3 also adds up the excess of recent months.',
  },
  chartFailed: 'This chart could not be drawn.',
  noScript:
    'The charts need JavaScript. SVG copies of every chart are in the charts folder next to this page.',
  axis: { month: '12 months ending', deaths: 'Deaths (12-month sum)', place: 'Place' },
  legend: { drug: 'Drug', series: 'Series', method: 'Method' },
  series: { reported: 'Reported', predicted: 'Predicted (delay-adjusted)' },
  tooltip: {
    place: 'Place',
    drug: 'Drug',
    month: '12 months ending',
    series: 'Series',
    value: 'Deaths',
    status: 'Status',
    method: 'Method',
    observed: 'Observed',
    expected: 'Expected',
    threshold: 'Threshold',
  },
  table: {
    place: 'Place',
    drug: 'Drug',
    month: 'Month',
    method: 'Method',
    observed: 'Observed',
    expected: 'Expected',
    threshold: 'Threshold',
    explanation: 'Explanation',
  },
  status: {
    reported: 'Reported',
    provisional: 'Provisional',
    predicted: 'Predicted',
    suppressed: 'Suppressed (1–9)',
    missing: 'Missing',
  },
  method: { ears_c1: 'EARS C1', ears_c2: 'EARS C2', ears_c3: 'EARS C3' },
  notAvailable: '—',
};

const es: Strings = {
  langName: 'Español',
  langNav: 'Idioma',
  readInThisLang: 'Leer en español',
  reportTitle: 'Centinela — muertes por sobredosis de fentanilo y metanfetamina',
  subtitle: 'Informe de vigilancia México–Estados Unidos para el panel binacional de expertos',
  demoBanner: 'DATOS DE DEMOSTRACIÓN — cifras sintéticas, no son cifras reales',
  generatedAt: (when) => `Generado el ${when}`,
  vintages: (list) => `Corte de los datos: ${list}.`,
  vintageItem: (source, vintage) => `${source}, publicación del ${vintage}`,
  sections: {
    national: 'Tendencia nacional',
    border: 'Estados fronterizos',
    alerts: 'Alertas',
    notes: 'Notas sobre los datos',
  },
  nationalTitle: 'Estados Unidos: muertes por sobredosis en los 12 meses que terminan en cada mes',
  nationalIntro:
    'Las líneas continuas son conteos notificados; las discontinuas, conteos predichos ajustados por retrasos en la notificación. Los huecos son valores suprimidos o faltantes, no ceros.',
  borderTitle: 'Estados de EE. UU. en la frontera con México',
  borderIntro:
    'Las mismas medidas para Arizona, California, Nuevo México y Texas. Cada panel tiene su propia escala vertical.',
  alertsIntro:
    'Meses en los que un detector señaló un aumento inusual en la ejecución de detección más reciente, de la más reciente a la más antigua.',
  alertsEmpty: 'No hay alertas en la ejecución de detección más reciente.',
  alertsChartTitle: 'Alertas por lugar y mes',
  notes: {
    twelveMonthSums:
      'Los valores de los CDC son sumas de 12 meses de conteos provisionales: cada punto es el total de los 12 meses que terminan en ese mes, por lo que los puntos consecutivos se traslapan y los valores recientes aún pueden aumentar al llegar nuevos certificados de defunción.',
    suppressed:
      'Los conteos de 1 a 9 los suprime el publicador por confidencialidad. Se muestran como huecos en las líneas, no como ceros.',
    predicted:
      'Los valores predichos (líneas discontinuas) ajustan los conteos notificados por retrasos en la notificación, es decir, por certificados de defunción aún incompletos.',
    proxies:
      'El fentanilo se aproxima con el código CIE-10 T40.4 (opioides sintéticos distintos de la metadona) y la metanfetamina con el T43.6 (psicoestimulantes con potencial de abuso).',
    earsMethod:
      'Las alertas provienen de los métodos EARS C1, C2 y C3 (Early Aberration Reporting System de los CDC): el valor observado de cada mes se compara con la media de una línea base breve y reciente, y se emite una alerta cuando supera el umbral, el valor esperado más un múltiplo de la desviación estándar de la línea base. C2 y C3 dejan un intervalo entre la línea base y el mes evaluado; C3 además acumula el exceso de los meses recientes.',
  },
  chartFailed: 'No se pudo dibujar esta gráfica.',
  noScript:
    'Las gráficas requieren JavaScript. En la carpeta charts, junto a esta página, hay una copia SVG de cada gráfica.',
  axis: { month: '12 meses que terminan en', deaths: 'Muertes (suma de 12 meses)', place: 'Lugar' },
  legend: { drug: 'Sustancia', series: 'Serie', method: 'Método' },
  series: { reported: 'Notificadas', predicted: 'Predichas (ajustadas por retraso)' },
  tooltip: {
    place: 'Lugar',
    drug: 'Sustancia',
    month: '12 meses que terminan en',
    series: 'Serie',
    value: 'Muertes',
    status: 'Estado',
    method: 'Método',
    observed: 'Observado',
    expected: 'Esperado',
    threshold: 'Umbral',
  },
  table: {
    place: 'Lugar',
    drug: 'Sustancia',
    month: 'Mes',
    method: 'Método',
    observed: 'Observado',
    expected: 'Esperado',
    threshold: 'Umbral',
    explanation: 'Explicación',
  },
  status: {
    reported: 'Notificado',
    provisional: 'Provisional',
    predicted: 'Predicho',
    suppressed: 'Suprimido (1–9)',
    missing: 'Sin dato',
  },
  method: { ears_c1: 'EARS C1', ears_c2: 'EARS C2', ears_c3: 'EARS C3' },
  notAvailable: '—',
};

export const STRINGS: Record<Lang, Strings> = { en, es };

export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** `1,234.5` in both languages (es-MX groups with commas and uses a decimal point); null → an em dash. */
export function formatNumber(value: number | null, lang: Lang, maxFractionDigits = 1): string {
  if (value === null || !Number.isFinite(value)) return STRINGS[lang].notAvailable;
  const key = `${lang}:${maxFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[lang], { maximumFractionDigits: maxFractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

function parseIsoDate(iso: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function formatWith(iso: string, lang: Lang, options: Intl.DateTimeFormatOptions): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { ...options, timeZone: 'UTC' }).format(date);
}

/** "June 2024" / "junio de 2024"; an unparseable input is returned as is. */
export function formatMonth(iso: string, lang: Lang): string {
  return formatWith(iso, lang, { month: 'long', year: 'numeric' });
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
