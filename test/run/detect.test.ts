import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Warehouse } from '../../src/warehouse/connection.ts';
import { openDemoWarehouseForSuite } from '../warehouse/demoWarehouse.ts';

interface AlertRow {
  period_end: string;
  method: string;
  detected_on: string;
  observed: number | null;
  expected: number | null;
  threshold: number | null;
  alarm: boolean | null;
  baseline_start: string | null;
  baseline_end: string | null;
  reason: string | null;
  sentence_en: string | null;
  sentence_es: string | null;
}

describe('detection over the demo warehouse', () => {
  const demo = openDemoWarehouseForSuite();
  let wh: Warehouse;
  let az: AlertRow[];
  let sums: Map<string, number | null>;

  beforeAll(async () => {
    wh = demo.get();
    az = await queryRows<AlertRow>(
      wh.connection,
      `SELECT strftime(period_end, '%Y-%m-%d') AS period_end, method, detected_on, observed, expected, threshold, alarm,
              strftime(baseline_start, '%Y-%m-%d') AS baseline_start, strftime(baseline_end, '%Y-%m-%d') AS baseline_end,
              reason, sentence_en, sentence_es
       FROM analytics.alerts WHERE source = 'cdc_vsrr_state' AND geo_code = 'AZ' AND drug = 'fentanyl'
       ORDER BY method, period_end`,
    );
    const obs = await queryRows<{ period_end: string; value: number | null }>(
      wh.connection,
      `SELECT strftime(period_end, '%Y-%m-%d') AS period_end, value FROM analytics.observations
       WHERE source = 'cdc_vsrr_state' AND geo_code = 'AZ' AND drug = 'fentanyl' AND measure = 'deaths'
       ORDER BY period_end`,
    );
    sums = new Map(obs.map((o) => [o.period_end, o.value]));
  });

  it('gives a verdict, or a reason for none, for every month, method and series', async () => {
    const counts = await queryRows<{ method: string; series: number; n: number }>(
      wh.connection,
      `SELECT method, count(DISTINCT (geo_code, drug)) AS series, count(*) AS n FROM analytics.alerts
       WHERE source = 'cdc_vsrr_state' GROUP BY 1 ORDER BY 1`,
    );
    // 11 places × 2 drugs, 66 months each (2019-01 … 2024-06)
    // Count models (Noufaily) do not apply to month-over-month changes of 12-month sums, which can be negative.
    expect(counts).toEqual(
      ['ears_c1', 'ears_c2', 'ears_c3', 'nssp_switch'].map((method) => ({ method, series: 22, n: 22 * 66 })),
    );
    const silent = await queryRows(
      wh.connection,
      'SELECT * FROM analytics.alerts WHERE alarm IS NULL AND reason IS NULL OR alarm IS NOT NULL AND expected IS NULL',
    );
    expect(silent).toEqual([]);
    expect(az.every((a) => a.detected_on === 'rolling_sum_increment')).toBe(true);
    expect(az[0]?.reason).toBe('value suppressed or missing'); // the first month has no previous window
  });

  it('writes Noufaily and Farrington verdicts on the Mexican monthly series, and EARS/NSSP on kilograms', async () => {
    const rows = await queryRows<{
      source: string;
      measure: string;
      method: string;
      levels: string;
      series: number;
    }>(
      wh.connection,
      `SELECT source, measure, method, string_agg(DISTINCT geo_level, ',' ORDER BY geo_level) AS levels,
              count(DISTINCT (geo_code, drug)) AS series
       FROM analytics.alerts
       WHERE country = 'MX' OR source = 'cbp_seizures'
       GROUP BY ALL ORDER BY ALL`,
    );
    const methodsOf = (source: string, measure: string) =>
      rows.filter((r) => r.source === source && r.measure === measure).map((r) => r.method);
    for (const source of ['sesnsp_fuero_comun', 'sesnsp_fuero_federal']) {
      expect(methodsOf(source, 'investigations')).toEqual(['farrington', 'noufaily']);
      // the totals (narcomenudeo; contra_la_salud) of the 32 states and the nation, not abroad
      expect(rows.find((r) => r.source === source)).toMatchObject({ levels: 'nation,state', series: 33 });
    }
    expect(methodsOf('inegi_deaths', 'deaths')).toEqual([
      'ears_c1',
      'ears_c2',
      'ears_c3',
      'farrington',
      'noufaily',
      'nssp_switch',
    ]);
    expect(methodsOf('cbp_seizures', 'seizure_events')).toEqual(['farrington', 'noufaily']);
    expect(methodsOf('cbp_seizures', 'seizure_kg')).toEqual(['ears_c1', 'ears_c2', 'ears_c3', 'nssp_switch']);
    // INEGI: count models on the monthly counts, EARS/NSSP on the 12-month sums' changes, never the other way round
    const mixed = await queryRows(
      wh.connection,
      `SELECT DISTINCT source, period_type, detected_on, method FROM analytics.alerts
       WHERE (method IN ('noufaily', 'farrington') AND (period_type <> 'month' OR measure = 'seizure_kg'))
          OR (method LIKE 'ears%' AND period_type = 'month' AND measure IN ('deaths', 'investigations', 'seizure_events'))`,
    );
    expect(mixed).toEqual([]);
    const verdicts = await queryRows<{ n: number; alarms: number; sentence: string }>(
      wh.connection,
      `SELECT count(*) FILTER (WHERE alarm IS NOT NULL) AS n, count(*) FILTER (WHERE alarm) AS alarms,
              any_value(sentence_en) FILTER (WHERE alarm) AS sentence
       FROM analytics.alerts WHERE source = 'sesnsp_fuero_comun' AND method = 'noufaily'`,
    );
    expect(verdicts[0]?.n).toBeGreaterThan(0);
    if ((verdicts[0]?.alarms ?? 0) > 0)
      expect(verdicts[0]?.sentence).toMatch(/^Narcomenudeo investigations in /);
  });

  it('hands the detectors a flagged SESNSP zero, and a national total that adds one, as missing', async () => {
    const flagged = await queryRows<{
      geo_code: string;
      period_end: string;
      reason: string | null;
      observed: number | null;
    }>(
      wh.connection,
      `SELECT a.geo_code, strftime(a.period_end, '%Y-%m-%d') AS period_end, a.reason, a.observed
       FROM analytics.alerts AS a
       JOIN analytics.sesnsp_quality AS q
         ON q.source = a.source AND q.drug = a.drug AND q.period_end = a.period_end
        AND (q.geo_code = a.geo_code OR a.geo_level = 'nation')
       WHERE q.flag = 'zero_run_artefact' AND a.method = 'noufaily'`,
    );
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((f) => f.observed === null)).toBe(true);
    // The national total the staging publishes adds the flagged 0: a number, which the detectors must not see.
    const totals = await queryRows<{ value: number | null }>(
      wh.connection,
      `SELECT o.value FROM analytics.observations AS o
       JOIN analytics.sesnsp_quality AS q
         ON q.source = o.source AND q.drug = o.drug AND q.period_end = o.period_end AND q.load_id = o.load_id
       WHERE q.flag = 'zero_run_artefact' AND o.geo_code = 'MX'`,
    );
    expect(totals.length).toBeGreaterThan(0);
    expect(totals.every((t) => typeof t.value === 'number')).toBe(true);
    expect(flagged.some((f) => f.geo_code === 'MX')).toBe(true);
  });

  it('computes C1 on the month-over-month change of the 12-month sums, as a hand calculation does', () => {
    const month = '2024-01-31';
    const ends = [...sums.keys()];
    const t = ends.indexOf(month);
    const change = (i: number) =>
      (sums.get(ends[i] as string) as number) - (sums.get(ends[i - 1] as string) as number);
    const baseline = [7, 6, 5, 4, 3, 2, 1].map((k) => change(t - k));
    const mean = baseline.reduce((a, b) => a + b, 0) / 7;
    const sd = Math.sqrt(baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / 6);
    const c1 = az.find((a) => a.method === 'ears_c1' && a.period_end === month);
    expect(c1?.observed).toBe(change(t));
    expect(c1?.expected).toBeCloseTo(mean, 9);
    expect(c1?.threshold).toBeCloseTo(mean + 3 * sd, 9);
    expect(c1?.baseline_start).toBe('2023-06-01'); // C1: the 7 months before January 2024
    expect(c1?.baseline_end).toBe(ends[t - 1]);
    expect(c1?.alarm).toBe(change(t) > mean + 3 * sd);
  });

  it('flags the injected Arizona fentanyl rise and explains it in both languages', () => {
    const c2 = az.filter((a) => a.method === 'ears_c2' && a.alarm).map((a) => a.period_end);
    expect(c2).toEqual(expect.arrayContaining(['2023-12-31', '2024-01-31', '2024-02-29']));
    const dec = az.find((a) => a.method === 'ears_c2' && a.period_end === '2023-12-31') as AlertRow;
    const n = Math.round(dec.observed as number);
    expect(dec.sentence_en).toMatch(
      new RegExp(
        `^Fentanyl deaths in Arizona, December 2023: \\+${n} deaths vs December 2022 \\(expected [+-−]?\\d+, threshold \\+\\d+\\)\\. EARS C2 on the monthly change of the 12-month-ending count; baseline \\w+ 2023–\\w+ 2023\\.$`,
      ),
    );
    expect(dec.sentence_es).toMatch(
      new RegExp(
        `^Muertes por fentanilo en Arizona, diciembre de 2023: \\+${n} muertes frente a diciembre de 2022`,
      ),
    );
    expect(az.filter((a) => !a.alarm).every((a) => a.sentence_en === null)).toBe(true);
  });

  it('fits Joinpoint trend segments that cover each series and see the injected rise', async () => {
    const segments = await queryRows<{
      segment: number;
      segments: number;
      s: string;
      e: string;
      pct_change: number;
      pct_change_lower: number;
      pct_change_upper: number;
      annual_pct_change: number;
      sentence_en: string;
      sentence_es: string;
    }>(
      wh.connection,
      `SELECT segment, segments, strftime(segment_start, '%Y-%m-%d') AS s, strftime(segment_end, '%Y-%m-%d') AS e,
              pct_change, pct_change_lower, pct_change_upper, annual_pct_change, sentence_en, sentence_es
       FROM analytics.trends WHERE source = 'cdc_vsrr_state' AND geo_code = 'AZ' AND drug = 'fentanyl' AND measure = 'deaths'
       ORDER BY segment`,
    );
    expect(segments.length).toBeGreaterThanOrEqual(2);
    expect(segments[0]?.s).toBe('2019-01-31');
    expect(segments.at(-1)?.e).toBe('2024-06-30');
    for (const [i, seg] of segments.entries()) {
      expect(seg.segments).toBe(segments.length);
      expect(seg.pct_change_lower).toBeLessThanOrEqual(seg.pct_change);
      expect(seg.pct_change_upper).toBeGreaterThanOrEqual(seg.pct_change);
      // monthly and annual percent change describe the same slope
      expect(100 * ((1 + seg.pct_change / 100) ** 12 - 1)).toBeCloseTo(seg.annual_pct_change, 6);
      if (i > 0) expect(seg.s).toBe(segments[i - 1]?.e); // segments meet at the joinpoint
    }
    const last = segments.at(-1) as (typeof segments)[number];
    expect(last.s >= '2023-06-30').toBe(true); // the rise injected from November 2023 gets its own segment
    expect(last.pct_change_lower).toBeGreaterThan(0);
    expect(last.sentence_en).toMatch(
      /^Fentanyl deaths in Arizona \(12-month-ending count\): \+\d+\.\d% a month from \w+ \d{4} to June 2024 \(95% CI \+\d+\.\d% to \+\d+\.\d%\)\.$/,
    );
    expect(last.sentence_es).toMatch(
      /^Muertes por fentanilo en Arizona \(conteo de 12 meses\): \+\d+\.\d% al mes de .* a junio de 2024 \(IC 95% /,
    );
  });

  it('adjusts p-values across series with Benjamini-Hochberg, per method and month', async () => {
    const rows = await queryRows<{ p_value: number; q_value: number; fdr_alarm: boolean }>(
      wh.connection,
      `SELECT p_value, q_value, fdr_alarm FROM analytics.alerts
       WHERE method = 'ears_c1' AND period_type = '12mo_ending' AND period_end = DATE '2024-01-31'
         AND p_value IS NOT NULL
       ORDER BY p_value`,
    );
    expect(rows.length).toBeGreaterThan(10);
    // BH by hand: q_(i) = min over j ≥ i of p_(j)·m/j
    const m = rows.length;
    const q = rows.map((_, i) => Math.min(...rows.slice(i).map((s, k) => (s.p_value * m) / (i + k + 1)), 1));
    rows.forEach((r, i) => {
      expect(r.q_value).toBeCloseTo(q[i] as number, 12);
      expect(r.fdr_alarm).toBe((q[i] as number) <= 0.05);
    });
    const none = await queryRows(
      wh.connection,
      "SELECT * FROM analytics.alerts WHERE method = 'ears_c3' AND (p_value IS NOT NULL OR q_value IS NOT NULL)",
    );
    expect(none).toEqual([]);
  });
});
