/**
 * A small, deterministic ReportData for report tests (and for anyone needing a realistic report input): both
 * countries, deaths with predicted values and suppressed months, seizures summed from CBP areas, Mexican panel
 * seizures, quarterly naloxone, a map with rates, alerts with sparklines (one corroborated), trend segments,
 * revisions and source notes.
 */

import { pipelines } from '../../pipelines/index.ts';
import type { Lang } from '../../src/core/lang.ts';
import type {
  AlertRow,
  MapValue,
  ObservationStatus,
  ReportData,
  Series,
  SourceLabel,
  SparkPoint,
  TrendSegment,
} from '../../src/report/reportData.ts';

/** ISO dates of the last day of each month from `start` ('YYYY-MM') for `count` months, every `step` months. */
export function monthEnds(start: string, count: number, step = 1): string[] {
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(year, month + i * step + 1, 0)).toISOString().slice(0, 10),
  );
}

interface SeriesOptions {
  source: string;
  country?: string;
  geoLevel?: string;
  geo: string;
  drug: string;
  measure?: string;
  periodType?: string;
  months: string[];
  /** Value of the first period; then it grows by `step` a period, with a small deterministic wiggle. */
  base: number;
  step: number;
  /** Indices of periods whose count is suppressed (value null, status 'suppressed'). */
  suppressed?: number[];
  /** How many trailing periods are provisional. */
  provisionalTail?: number;
  areas?: string[];
  status?: ObservationStatus;
}

export function series(o: SeriesOptions): Series {
  const suppressed = new Set(o.suppressed ?? []);
  const tail = o.provisionalTail ?? 0;
  return {
    source: o.source,
    country: o.country ?? (/^\d+$/.test(o.geo) || o.geo === 'MX' ? 'MX' : 'US'),
    geoLevel: o.geoLevel ?? (o.geo === 'US' || o.geo === 'MX' ? 'nation' : 'state'),
    geo: o.geo,
    drug: o.drug,
    measure: o.measure ?? 'deaths',
    periodType: o.periodType ?? '12mo_ending',
    ...(o.areas ? { areas: o.areas } : {}),
    points: o.months.map((end, i) => {
      const raw = Math.round((o.base + o.step * i + ((i * 7) % 5) - 2) * 10) / 10;
      if (suppressed.has(i)) return { end, value: null, status: 'suppressed' as const };
      const status: ObservationStatus =
        o.status ?? (i >= o.months.length - tail ? 'provisional' : 'reported');
      return { end, value: raw, status };
    }),
  };
}

/** The predicted companion of a deaths series: 4% above, on the last `tail` periods. */
function predicted(s: Series, tail: number): Series {
  return {
    ...s,
    measure: 'deaths_predicted',
    points: s.points.map((p, i) => ({
      end: p.end,
      value: i >= s.points.length - tail && p.value !== null ? Math.round(p.value * 1.04 * 10) / 10 : null,
      status: (i >= s.points.length - tail ? 'predicted' : 'missing') as ObservationStatus,
    })),
  };
}

function spark(
  end: string,
  count: number,
  observedAt: (i: number) => number,
  alarmAt: number[],
): SparkPoint[] {
  const ends = monthEnds(
    new Date(Date.UTC(Number(end.slice(0, 4)), Number(end.slice(5, 7)) - count, 1)).toISOString().slice(0, 7),
    count,
  );
  return ends.map((e, i) => ({
    end: e,
    observed: observedAt(i),
    expected: 20 + i * 0.5,
    threshold: 45 + i * 0.5,
    alarm: alarmAt.includes(i),
  }));
}

export function alert(overrides: Partial<AlertRow> = {}): AlertRow {
  return {
    id: 'a1',
    source: 'cdc_vsrr_state',
    country: 'US',
    geoLevel: 'state',
    geo: 'NM',
    drug: 'fentanyl',
    measure: 'deaths',
    periodType: '12mo_ending',
    detectedOn: 'rolling_sum_increment',
    periodEnd: '2024-06-30',
    method: 'ears_c2',
    observed: 1234.5,
    expected: 980,
    threshold: 1150.25,
    score: 3.4,
    pValue: 0.0004,
    qValue: 0.012,
    fdrAlarm: true,
    corroboratedBy: [],
    baselineStart: '2023-09-01',
    baselineEnd: '2024-03-31',
    sentence: {
      en: 'Observed 1,234.5 deaths against an expected 980 (threshold 1,150.3).',
      es: 'Se observaron 1,234.5 muertes frente a 980 esperadas (umbral 1,150.3).',
    },
    spark: spark('2024-06-30', 24, (i) => 18 + ((i * 5) % 9) + (i === 23 ? 40 : 0), [23]),
    ...overrides,
  };
}

function segment(o: Partial<TrendSegment> & Pick<TrendSegment, 'geo' | 'drug' | 'segment'>): TrendSegment {
  const apc = o.apc ?? 10;
  const place = o.geo;
  return {
    source: 'cdc_vsrr_state',
    country: 'US',
    geoLevel: o.geo === 'US' || o.geo === 'MX' ? 'nation' : 'state',
    measure: 'deaths',
    periodType: '12mo_ending',
    segments: 2,
    start: '2022-07-31',
    end: '2023-09-30',
    apc,
    apcLower: apc - 2,
    apcUpper: apc + 2,
    pValue: 0.001,
    aapc: 0.4,
    sentence: {
      en: `${o.drug} deaths in ${place}: ${apc}% a year.`,
      es: `Muertes por ${o.drug} en ${place}: ${apc}% al año.`,
    },
    ...o,
  };
}

function mapValue(o: Partial<MapValue> & Pick<MapValue, 'geo' | 'value'>): MapValue {
  const country = /^\d+$/.test(o.geo) ? 'MX' : 'US';
  return {
    family: 'fentanyl',
    source: country === 'MX' ? 'inegi_deaths' : 'cdc_vsrr_state',
    country,
    geoLevel: 'state',
    drug: country === 'MX' ? 'mx_narcotics_poisoning' : 'fentanyl',
    measure: 'deaths',
    periodType: '12mo_ending',
    periodEnd: '2024-06-30',
    status: o.value === null ? 'suppressed' : 'provisional',
    previousEnd: '2023-06-30',
    previousValue: o.value === null ? null : Math.round(o.value * 0.9),
    previousStatus: 'provisional',
    rate: o.value === null ? null : Math.round((o.value / 50) * 10) / 10,
    previousRate: o.value === null ? null : Math.round((o.value / 55) * 10) / 10,
    populationSource: country === 'MX' ? 'conapo_state_population' : 'census_state_population',
    ...o,
  };
}

const bi = (en: string, es: string): Record<Lang, string> => ({ en, es });

/** Twenty-four months (July 2022 – June 2024) for both countries, with every kind of data the report shows. */
export function buildReportData(overrides: Partial<ReportData> = {}): ReportData {
  const months = monthEnds('2022-07', 24);
  const seizureMonths = monthEnds('2022-10', 24);
  const quarters = monthEnds('2022-09', 8, 3);
  const vsrr = (geo: string, drug: string, base: number, step: number, extra: Partial<SeriesOptions> = {}) =>
    series({ source: 'cdc_vsrr_state', geo, drug, months, base, step, provisionalTail: 6, ...extra });
  const inegi = (geo: string, drug: string, base: number, step: number) =>
    series({ source: 'inegi_deaths', geo, drug, months, base, step, provisionalTail: 12 });
  const usFent = vsrr('US', 'fentanyl', 74000, -300);
  const usMeth = vsrr('US', 'methamphetamine', 34000, -100);
  const states = [
    vsrr('CA', 'fentanyl', 7300, 25),
    vsrr('CA', 'methamphetamine', 5600, 10),
    vsrr('AZ', 'fentanyl', 1900, -12),
    vsrr('AZ', 'methamphetamine', 1200, 6),
    vsrr('NM', 'fentanyl', 640, 4.5),
    // New Mexico: a suppressed run (a gap) and one isolated value between suppressed months.
    vsrr('NM', 'methamphetamine', 12, 0.5, { suppressed: [3, 4, 6] }),
    vsrr('TX', 'fentanyl', 2500, 18),
    vsrr('TX', 'methamphetamine', 2100, 8),
  ];
  const data: ReportData = {
    demo: true,
    generatedAt: '2024-10-20T14:05:00Z',
    sourceLabels: definedSourceLabels(),
    notLoaded: [],
    sources: [
      {
        source: 'cdc_vsrr_state',
        countries: ['US'],
        measures: ['deaths', 'deaths_predicted'],
        periodTypes: ['12mo_ending'],
        geoLevels: ['nation', 'state'],
        firstPeriod: '2022-07-31',
        lastPeriod: '2024-06-30',
        vintage: '2024-10-16',
        loads: [
          { vintage: '2024-08-14', demo: true, rows: 100 },
          { vintage: '2024-10-16', demo: true, rows: 120 },
        ],
        demo: true,
        values: 1200,
        suppressed: 3,
        missing: 0,
        provisional: 60,
        predicted: 40,
      },
      {
        source: 'cbp_seizures',
        countries: ['US'],
        measures: ['seizure_kg'],
        periodTypes: ['month'],
        geoLevels: ['nation', 'port'],
        firstPeriod: '2022-10-31',
        lastPeriod: '2024-09-30',
        vintage: '2024-10-15',
        loads: [{ vintage: '2024-10-15', demo: true, rows: 500 }],
        demo: true,
        values: 500,
        suppressed: 0,
        missing: 0,
        provisional: 1,
        predicted: 0,
      },
      {
        source: 'inegi_deaths',
        countries: ['MX'],
        measures: ['deaths'],
        periodTypes: ['12mo_ending', 'month'],
        geoLevels: ['nation', 'state'],
        firstPeriod: '2022-07-31',
        lastPeriod: '2024-06-30',
        vintage: '2024-09-30',
        loads: [{ vintage: '2024-09-30', demo: true, rows: 300 }],
        demo: true,
        values: 300,
        suppressed: 0,
        missing: 0,
        provisional: 120,
        predicted: 0,
      },
    ],
    drugs: [
      {
        code: 'fentanyl',
        label: bi(
          'Fentanyl (synthetic opioids excl. methadone)',
          'Fentanilo (opioides sintéticos excepto metadona)',
        ),
      },
      {
        code: 'methamphetamine',
        label: bi('Methamphetamine (psychostimulants)', 'Metanfetamina (psicoestimulantes)'),
      },
      { code: 'all_opioids', label: bi('All opioids', 'Todos los opioides') },
      {
        code: 'mx_narcotics_poisoning',
        label: bi('Poisoning by narcotics (X42, X62, Y12)', 'Envenenamiento por narcóticos (X42, X62, Y12)'),
      },
      {
        code: 'mx_stimulant_use_disorder',
        label: bi('Disorders due to other stimulants (F15)', 'Trastornos por otros estimulantes (F15)'),
      },
      {
        code: 'narcomenudeo',
        label: bi(
          'Narcomenudeo: retail drug dealing and possession (investigations opened by state prosecutors)',
          'Narcomenudeo (carpetas de investigación de las fiscalías estatales)',
        ),
        short: bi('narcomenudeo (state)', 'narcomenudeo (fuero común)'),
      },
      {
        code: 'contra_la_salud',
        label: bi(
          'Crimes against health, Federal Penal Code (federal investigations)',
          'Delitos contra la salud, Código Penal Federal (carpetas del fuero federal)',
        ),
        short: bi('crimes against health (federal)', 'delitos contra la salud (fuero federal)'),
      },
    ],
    geographies: [
      {
        code: 'US',
        country: 'US',
        level: 'nation',
        name: bi('United States', 'Estados Unidos'),
        borderState: false,
      },
      { code: 'MX', country: 'MX', level: 'nation', name: bi('Mexico', 'México'), borderState: false },
      { code: 'AZ', country: 'US', level: 'state', name: bi('Arizona', 'Arizona'), borderState: true },
      { code: 'CA', country: 'US', level: 'state', name: bi('California', 'California'), borderState: true },
      {
        code: 'NM',
        country: 'US',
        level: 'state',
        name: bi('New Mexico', 'Nuevo México'),
        borderState: true,
      },
      { code: 'TX', country: 'US', level: 'state', name: bi('Texas', 'Texas'), borderState: true },
      { code: 'NY', country: 'US', level: 'state', name: bi('New York', 'Nueva York'), borderState: false },
      {
        code: '02',
        country: 'MX',
        level: 'state',
        name: bi('Baja California', 'Baja California'),
        borderState: true,
      },
      { code: '26', country: 'MX', level: 'state', name: bi('Sonora', 'Sonora'), borderState: true },
      { code: '08', country: 'MX', level: 'state', name: bi('Chihuahua', 'Chihuahua'), borderState: true },
    ],
    series: [
      usFent,
      predicted(usFent, 4),
      usMeth,
      predicted(usMeth, 4),
      ...states,
      ...states.map((s) => predicted(s, 3)),
      vsrr('US', 'all_opioids', 82000, -250),
      vsrr('AZ', 'all_opioids', 2400, -5),
      inegi('MX', 'mx_narcotics_poisoning', 180, 1.5),
      inegi('MX', 'mx_stimulant_use_disorder', 520, 3),
      inegi('02', 'mx_narcotics_poisoning', 60, 0.5),
      inegi('26', 'mx_narcotics_poisoning', 25, 0.2),
      inegi('02', 'mx_stimulant_use_disorder', 130, 1),
      // SESNSP: monthly investigations opened, each source with its own months (narcomenudeo stops in May 2022).
      ...(['MX', '02'] as const).flatMap((geo) => [
        series({
          source: 'sesnsp_fuero_comun',
          geo,
          drug: 'narcomenudeo',
          measure: 'investigations',
          periodType: 'month',
          months: monthEnds('2021-01', 17),
          base: geo === 'MX' ? 5600 : 310,
          step: geo === 'MX' ? 12 : 2,
          ...(geo === '02' ? { suppressed: [4] } : {}),
        }),
        series({
          source: 'sesnsp_fuero_federal',
          geo,
          drug: 'contra_la_salud',
          measure: 'investigations',
          periodType: 'month',
          months: monthEnds('2021-01', 42),
          base: geo === 'MX' ? 1450 : 64,
          step: geo === 'MX' ? -6 : 0.5,
        }),
      ]),
      series({
        source: 'cbp_seizures',
        geo: 'US',
        drug: 'fentanyl',
        measure: 'seizure_kg',
        periodType: 'month',
        months: seizureMonths,
        base: 900,
        step: 8,
        provisionalTail: 1,
      }),
      series({
        source: 'cbp_seizures',
        geo: 'US',
        drug: 'methamphetamine',
        measure: 'seizure_kg',
        periodType: 'month',
        months: seizureMonths,
        base: 6000,
        step: 20,
        provisionalTail: 1,
      }),
      series({
        source: 'cbp_seizures',
        geo: 'AZ',
        drug: 'fentanyl',
        measure: 'seizure_kg',
        periodType: 'month',
        months: seizureMonths,
        base: 300,
        step: 3,
        areas: ['CBP-FO-TUCSON', 'CBP-SEC-TUCSON'],
      }),
      series({
        source: 'mx_panel_seizures',
        geo: '02',
        drug: 'fentanyl',
        measure: 'seizure_kg',
        periodType: 'month',
        months: seizureMonths,
        base: 40,
        step: 1,
      }),
      series({
        source: 'medicaid_sdud',
        geo: 'US',
        drug: 'naloxone',
        measure: 'naloxone_rx',
        periodType: 'quarter',
        months: quarters,
        base: 250000,
        step: 9000,
      }),
      series({
        source: 'medicaid_sdud',
        geo: 'AZ',
        drug: 'naloxone',
        measure: 'naloxone_rx',
        periodType: 'quarter',
        months: quarters,
        base: 6000,
        step: 150,
      }),
    ],
    map: [
      mapValue({ geo: 'AZ', value: 2274 }),
      mapValue({ geo: 'CA', value: 6210 }),
      mapValue({ geo: 'NM', value: 491 }),
      mapValue({ geo: 'TX', value: 2342 }),
      mapValue({ geo: 'NY', value: null }),
      mapValue({ geo: '02', value: 64 }),
      mapValue({ geo: '26', value: 27 }),
      mapValue({ family: 'methamphetamine', drug: 'methamphetamine', geo: 'AZ', value: 1274 }),
      mapValue({ family: 'methamphetamine', drug: 'methamphetamine', geo: 'TX', value: 1782 }),
      mapValue({ family: 'methamphetamine', drug: 'mx_stimulant_use_disorder', geo: '02', value: 141 }),
    ],
    alerts: [
      alert(),
      alert({
        id: 'a2',
        geo: 'AZ',
        method: 'nssp_switch',
        observed: 103,
        expected: 8.2,
        threshold: 51.7,
        pValue: 0.001,
        qValue: 0.018,
        corroboratedBy: ['cbp_seizures'],
        sentence: {
          en: 'Fentanyl deaths in Arizona, June 2024: +103 deaths vs June 2023 (expected +8, threshold +52).',
          es: 'Muertes por fentanilo en Arizona, junio de 2024: +103 muertes frente a junio de 2023 (esperado +8, umbral +52).',
        },
      }),
      alert({
        id: 'a3',
        geo: 'AZ',
        method: 'ears_c3',
        observed: 103,
        expected: 27.6,
        threshold: 84.2,
        pValue: null,
        qValue: null,
        fdrAlarm: false,
        sentence: {
          en: 'Fentanyl deaths in Arizona, June 2024: +103 deaths vs June 2023 (expected +28, threshold +84).',
          es: 'Muertes por fentanilo en Arizona, junio de 2024: +103 muertes frente a junio de 2023 (esperado +28, umbral +84).',
        },
      }),
      alert({
        id: 'a4',
        geo: 'CA',
        drug: 'methamphetamine',
        periodEnd: '2024-05-31',
        method: 'ears_c1',
        observed: 5720,
        expected: 5600.4,
        threshold: 5690,
        fdrAlarm: false,
        qValue: 0.2,
        spark: spark('2024-05-31', 24, (i) => 30 + ((i * 3) % 7), [23]),
        sentence: {
          en: 'Observed 5,720 deaths against an expected 5,600.4 (threshold 5,690).',
          es: 'Se observaron 5,720 muertes frente a 5,600.4 esperadas (umbral 5,690).',
        },
      }),
    ],
    alertsOmitted: 0,
    trends: [
      segment({ geo: 'US', drug: 'fentanyl', segment: 1, apc: 15.2 }),
      segment({
        geo: 'US',
        drug: 'fentanyl',
        segment: 2,
        start: '2023-09-30',
        end: '2024-06-30',
        apc: -17.4,
      }),
      segment({ geo: 'AZ', drug: 'fentanyl', segment: 1, segments: 1, end: '2024-06-30', apc: 8.1 }),
      segment({ geo: 'US', drug: 'methamphetamine', segment: 1, segments: 1, end: '2024-06-30', apc: -5.4 }),
      segment({
        source: 'inegi_deaths',
        country: 'MX',
        geo: 'MX',
        drug: 'mx_narcotics_poisoning',
        segment: 1,
        segments: 1,
        end: '2024-06-30',
        apc: 11,
      }),
    ],
    revisions: [
      {
        source: 'cdc_vsrr_state',
        measure: 'deaths',
        oldVintage: '2024-08-14',
        newVintage: '2024-10-16',
        changed: 861,
        up: 676,
        down: 185,
        statusChanged: 0,
        medianPctChange: 0.9,
        maxAbsPctChange: 12.5,
      },
    ],
    populations: [
      {
        source: 'census_state_population',
        country: 'US',
        firstYear: 2020,
        lastYear: 2024,
        vintage: '2024-12-19',
      },
      {
        source: 'conapo_state_population',
        country: 'MX',
        firstYear: 2020,
        lastYear: 2030,
        vintage: '2023-06-01',
      },
    ],
    // As readActive finds them in the alerts above: June 2024 is the latest period the CDC series have verdicts for.
    active: [
      {
        source: 'cdc_vsrr_state',
        country: 'US',
        geoLevel: 'state',
        geo: 'AZ',
        drug: 'fentanyl',
        measure: 'deaths',
        periodType: '12mo_ending',
        detectedOn: 'rolling_sum_increment',
        periodEnd: '2024-06-30',
        since: '2024-04-30',
        methods: ['ears_c3', 'nssp_switch'],
        fdr: true,
        corroboratedBy: ['cbp_seizures'],
        observed: 103,
        expected: 8.2,
      },
      {
        source: 'cdc_vsrr_state',
        country: 'US',
        geoLevel: 'state',
        geo: 'NM',
        drug: 'fentanyl',
        measure: 'deaths',
        periodType: '12mo_ending',
        detectedOn: 'rolling_sum_increment',
        periodEnd: '2024-06-30',
        since: '2024-06-30',
        methods: ['ears_c2'],
        fdr: true,
        corroboratedBy: [],
        observed: 1234.5,
        expected: 980,
      },
    ],
    monitored: ['cbp_seizures', 'cdc_vsrr_state'],
    detection: {
      runId: 7,
      methods: ['ears_c1', 'ears_c2', 'ears_c3', 'nssp_switch'],
      verdicts: 900,
      alarms: 4,
      fdrAlarms: 2,
      corroborated: 1,
    },
  };
  return { ...data, ...overrides };
}

/** The built-in sources' labels, as a run writes them to meta.sources from their definitions. */
export function definedSourceLabels(): SourceLabel[] {
  return pipelines.map((p) => ({
    source: p.name,
    name: p.labels?.name ?? p.title,
    description: p.labels?.description ?? null,
    fiscalYears: p.fiscalYears,
  }));
}

/** The data with the given text planted in every dataset string a page shows (names, labels, sentences, sources). */
export function withHostileStrings(text: string, data = buildReportData()): ReportData {
  return {
    ...data,
    sources: data.sources.map((s, i) => (i === 0 ? { ...s, source: `cdc${text}` } : s)),
    geographies: data.geographies.map((g) =>
      g.code === 'NM' || g.code === 'US' || g.code === '02'
        ? { ...g, name: { en: `${g.name.en}${text}`, es: `${g.name.es}${text}` } }
        : g,
    ),
    drugs: data.drugs.map((d) =>
      d.code === 'fentanyl' || d.code === 'mx_narcotics_poisoning'
        ? { ...d, label: { en: `${d.label.en}${text}`, es: `${d.label.es}${text}` } }
        : d,
    ),
    alerts: data.alerts.map((a) => ({
      ...a,
      sentence: { en: `Observed ${text} deaths`, es: `Se observaron ${text} muertes` },
    })),
    trends: data.trends.map((t) => ({ ...t, sentence: { en: `Trend ${text}`, es: `Tendencia ${text}` } })),
  };
}
