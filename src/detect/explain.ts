/** One-sentence explanations of an alarm, in English and Spanish. Pure: labels come in as arguments. */

export type Lang = 'en' | 'es';
export type DetectedOn = 'value' | 'rolling_sum_increment';

export interface AlarmFacts {
  drug: Record<Lang, string>;
  place: Record<Lang, string>;
  /** What the series counts or weighs: deaths (and deaths_*), investigations, seizure_events, seizure_kg, … */
  measure: string;
  /** Last day of the month the alarm is for, as YYYY-MM-DD. */
  periodEnd: string;
  method: string;
  detectedOn: DetectedOn;
  observed: number;
  expected: number | null;
  threshold: number | null;
  /** First and last baseline months (YYYY-MM-DD), when a baseline was used. */
  baseline: [string, string] | null;
}

const locales: Record<Lang, string> = { en: 'en-US', es: 'es-MX' };
const methodNames: Record<string, string> = { ears_c1: 'EARS C1', ears_c2: 'EARS C2', ears_c3: 'EARS C3' };

/** Spanish names of the methods whose name has English words (keyed by the English label or code). */
const methodNamesEs: Record<string, string> = {
  'Poisson CUSUM': 'CUSUM de Poisson',
  'GLR negative binomial': 'GLR binomial negativa',
  'NSSP regression': 'NSSP regresión',
  'NSSP regression/EWMA switch': 'NSSP regresión/EWMA (alternancia)',
  'NSSP negative binomial regression': 'NSSP regresión binomial negativa',
  'NSSP Serfling regression': 'NSSP regresión de Serfling',
  nssp_switch: 'NSSP regresión/EWMA (alternancia)',
  nssp_regression: 'NSSP regresión',
  glrnb: 'GLR binomial negativa',
};

const isC3 = (method: string) => method === 'ears_c3' || method === 'EARS C3';

// Intl formatters are costly to build (each holds native ICU data, outside the JS heap): one per locale and style.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) {
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}

function monthLabel(iso: string, lang: Lang, style: 'long' | 'short' = 'long'): string {
  return cached(
    `month ${lang} ${style}`,
    () => new Intl.DateTimeFormat(locales[lang], { month: style, year: 'numeric', timeZone: 'UTC' }),
  ).format(new Date(`${iso}T00:00:00Z`));
}

function yearEarlier(iso: string): string {
  return `${Number(iso.slice(0, 4)) - 1}${iso.slice(4, 8)}01`;
}

function num(value: number | null, lang: Lang, signed: boolean, decimals = false): string {
  if (value === null) return '—';
  return cached(
    `number ${lang} ${signed} ${decimals}`,
    () =>
      new Intl.NumberFormat(locales[lang], {
        maximumFractionDigits: decimals ? 1 : 0,
        signDisplay: signed ? 'exceptZero' : 'auto',
      }),
  ).format(value);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** How a sentence names a series ("Fentanyl deaths") and its numbers ("12 deaths", "3.4 kg"). */
interface MeasureWords {
  subject: (drug: string) => string;
  amount: (n: string) => string;
  /** The amount when it is one (or minus one): "1 death", never "1 deaths". */
  one?: (n: string) => string;
  /** Amounts can be fractions (kilograms, litres); counts are whole. */
  decimals: boolean;
}

type MeasureKey =
  | 'deaths'
  | 'investigations'
  | 'seizure_events'
  | 'seizure_kg'
  | 'seizure_pills'
  | 'seizure_litres';

const WORDS: Record<Lang, Record<MeasureKey, MeasureWords>> = {
  en: {
    deaths: {
      subject: (d) => `${capitalise(d)} deaths`,
      amount: (n) => `${n} deaths`,
      one: (n) => `${n} death`,
      decimals: false,
    },
    investigations: {
      subject: (d) => `${capitalise(d)} investigations`,
      amount: (n) => `${n} investigations`,
      one: (n) => `${n} investigation`,
      decimals: false,
    },
    seizure_events: {
      subject: (d) => `${capitalise(d)} seizure events`,
      amount: (n) => `${n} seizure events`,
      one: (n) => `${n} seizure event`,
      decimals: false,
    },
    seizure_kg: { subject: (d) => `${capitalise(d)} seized`, amount: (n) => `${n} kg`, decimals: true },
    seizure_pills: {
      subject: (d) => `${capitalise(d)} pills seized`,
      amount: (n) => `${n} pills`,
      one: (n) => `${n} pill`,
      decimals: false,
    },
    seizure_litres: { subject: (d) => `${capitalise(d)} seized`, amount: (n) => `${n} L`, decimals: true },
  },
  es: {
    deaths: {
      subject: (d) => `Muertes por ${d}`,
      amount: (n) => `${n} muertes`,
      one: (n) => `${n} muerte`,
      decimals: false,
    },
    investigations: {
      subject: (d) => `Carpetas de investigación por ${d}`,
      amount: (n) => `${n} carpetas`,
      one: (n) => `${n} carpeta`,
      decimals: false,
    },
    seizure_events: {
      subject: (d) => `Eventos de aseguramiento de ${d}`,
      amount: (n) => `${n} eventos`,
      one: (n) => `${n} evento`,
      decimals: false,
    },
    seizure_kg: { subject: (d) => `Aseguramientos de ${d}`, amount: (n) => `${n} kg`, decimals: true },
    seizure_pills: {
      subject: (d) => `Pastillas de ${d} aseguradas`,
      amount: (n) => `${n} pastillas`,
      one: (n) => `${n} pastilla`,
      decimals: false,
    },
    seizure_litres: { subject: (d) => `Aseguramientos de ${d}`, amount: (n) => `${n} L`, decimals: true },
  },
};

/** Deaths by intent and CDC's predicted deaths read as deaths; an unknown measure is named as it is. */
function measureWords(measure: string, lang: Lang): MeasureWords {
  const key: string = measure.startsWith('deaths_') ? 'deaths' : measure;
  const known = WORDS[lang][key as MeasureKey];
  if (known) return known;
  return {
    subject: (d) => `${capitalise(d)} (${measure})`,
    amount: (n) => `${n} (${measure})`,
    decimals: true,
  };
}

export function explainAlarm(facts: AlarmFacts, lang: Lang): string {
  const signed = facts.detectedOn === 'rolling_sum_increment';
  const words = measureWords(facts.measure, lang);
  const month = monthLabel(facts.periodEnd, lang);
  const observed = num(facts.observed, lang, signed, words.decimals);
  const observedText =
    words.one && Math.abs(facts.observed) === 1 ? words.one(observed) : words.amount(observed);
  const expected = num(facts.expected, lang, signed, words.decimals);
  const threshold = num(facts.threshold, lang, signed, words.decimals);
  const method =
    (lang === 'es' ? methodNamesEs[facts.method] : undefined) ?? methodNames[facts.method] ?? facts.method;
  const baseline = facts.baseline
    ? `${monthLabel(facts.baseline[0], lang, 'short')}–${monthLabel(facts.baseline[1], lang, 'short')}`
    : null;
  // EARS C3 adds up the excess of this period and the two before it: it can alarm on a period that is itself
  // at or below its threshold, which the sentence must say rather than seem to contradict itself.
  const c3Carried = isC3(facts.method) && facts.threshold !== null && facts.observed <= facts.threshold;
  if (lang === 'en') {
    const what = signed
      ? `${observedText} vs ${monthLabel(yearEarlier(facts.periodEnd), 'en')}`
      : observedText;
    const how = signed ? ' on the monthly change of the 12-month-ending count' : '';
    const c3 = isC3(facts.method)
      ? c3Carried
        ? ' EARS C3 adds up the excess over the last three periods: this period alone is not above its threshold, the two before it carry the alarm.'
        : ' EARS C3 adds up the excess over the last three periods.'
      : '';
    return (
      `${words.subject(facts.drug.en)} in ${facts.place.en}, ${month}: ${what} ` +
      `(expected ${expected}, threshold ${threshold}). ${method}${how}` +
      (baseline ? `; baseline ${baseline}.` : '.') +
      c3
    );
  }
  const what = signed
    ? `${observedText} frente a ${monthLabel(yearEarlier(facts.periodEnd), 'es')}`
    : observedText;
  const how = signed ? ' sobre el cambio mensual del conteo de 12 meses' : '';
  const c3 = isC3(facts.method)
    ? c3Carried
      ? ' EARS C3 suma el exceso de los últimos tres periodos: este periodo por sí solo no supera su umbral, los dos anteriores sostienen la alarma.'
      : ' EARS C3 suma el exceso de los últimos tres periodos.'
    : '';
  return (
    `${words.subject(facts.drug.es)} en ${facts.place.es}, ${month}: ${what} ` +
    `(esperado ${expected}, umbral ${threshold}). ${method}${how}` +
    (baseline ? `; línea base ${baseline}.` : '.') +
    c3
  );
}

export interface TrendFacts {
  drug: Record<Lang, string>;
  place: Record<Lang, string>;
  measure: string;
  /** Last days of the segment's first and last periods (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Percent change per month and its 95% interval. */
  pctChange: number;
  lower: number;
  upper: number;
  rolling: boolean;
}

function pct(value: number, lang: Lang): string {
  const format = cached(
    `percent ${lang}`,
    () =>
      new Intl.NumberFormat(locales[lang], {
        maximumFractionDigits: 1,
        minimumFractionDigits: 1,
        signDisplay: 'exceptZero',
      }),
  );
  return `${format.format(value)}%`;
}

/** "Fentanyl deaths in Arizona: +2.1% a month from November 2023 to June 2024 (95% CI +1.5% to +2.7%)." */
export function explainTrend(facts: TrendFacts, lang: Lang): string {
  const from = monthLabel(facts.from, lang);
  const to = monthLabel(facts.to, lang);
  const ci = `${pct(facts.lower, lang)} ${lang === 'en' ? 'to' : 'a'} ${pct(facts.upper, lang)}`;
  if (lang === 'en') {
    const what = facts.rolling ? ' (12-month-ending count)' : '';
    return `${measureWords(facts.measure, 'en').subject(facts.drug.en)} in ${facts.place.en}${what}: ${pct(facts.pctChange, 'en')} a month from ${from} to ${to} (95% CI ${ci}).`;
  }
  const what = facts.rolling ? ' (conteo de 12 meses)' : '';
  return `${measureWords(facts.measure, 'es').subject(facts.drug.es)} en ${facts.place.es}${what}: ${pct(facts.pctChange, 'es')} al mes de ${from} a ${to} (IC 95% ${ci}).`;
}
