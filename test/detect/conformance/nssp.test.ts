/**
 * NSSP detectors against CDC `Rnssp` (alert_ewma, alert_regression, alert_switch of v0.3.1 and v0.3.0;
 * alert_nbinom, unchanged from v0.2.0 to v0.3.1): cases made by test/detect/conformance/r/nssp.R, which
 * `source()`s the functions unchanged from the Rnssp repository (commits in the JSON). No R needed here.
 *
 * Tolerances: statistics, p-values, expectations and adjusted R² within 1e-9 (relative, or absolute for
 * values below 1; the JSON keeps 12 significant digits); colours and alarms exactly; NB thresholds exactly.
 *
 * Deliberate difference: Rnssp 0.3.1's down-slope check runs over every row, including the first days that
 * have no test (p-value NA, 'grey'), and turns those below their 7-day mean 'blue'. Here a period without a
 * test has no colour (null); the check only withdraws red and yellow verdicts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type NsspPoint,
  nsspEwma,
  nsspRegression,
  nsspSwitch,
  type RnsspVersion,
} from '../../../src/detect/nssp.ts';
import { nsspNbinom } from '../../../src/detect/nsspNbinom.ts';

type Num = number | null;
interface DailyCase {
  series: string;
  version: RnsspVersion;
  B: number;
  g: number;
  ewma_scale: number;
  ewma: { expected: Num[]; statistic: Num[]; p: Num[]; alert: string[] };
  regression: {
    expected: Num[];
    statistic: Num[];
    p: Num[];
    sigma: Num[];
    adjusted_r_squared: Num[];
    alert: string[];
  };
  switch: { expected: Num[]; statistic: Num[]; p: Num[]; alert: string[]; detector: (string | null)[] };
}
interface NbinomCase {
  series: string;
  include_time: boolean;
  baseline_end_index: number;
  estimate: number[];
  threshold: number[];
  alarm: boolean[];
  time_term: boolean;
}
interface Doc {
  rnssp: Record<string, string>;
  daily_start: string;
  daily_series: Record<string, number[]>;
  daily_cases: DailyCase[];
  weekly_series: Record<string, number[]>;
  nbinom_cases: NbinomCase[];
}

const doc = JSON.parse(readFileSync(join(import.meta.dirname, 'cases', 'nssp.json'), 'utf8')) as Doc;

/** Day of week of each day, Monday = 0 … Sunday = 6 (Rnssp's regression: Sunday is the reference level). */
function weekdays(n: number): number[] {
  const start = new Date(`${doc.daily_start}T00:00:00Z`);
  return Array.from(
    { length: n },
    (_, i) => (new Date(start.getTime() + i * 86_400_000).getUTCDay() + 6) % 7,
  );
}

const close = (a: number | null, b: number, what: string) => {
  expect(a, what).not.toBeNull();
  const tol = 1e-9 * Math.max(1, Math.abs(b));
  expect(Math.abs((a as number) - b), `${what}: ours ${a}, R ${b}`).toBeLessThanOrEqual(tol);
};

const DETECTOR: Record<string, string> = { EWMA: 'ewma', 'Adaptive Multiple Regression': 'regression' };

/** Compares one method's points with R's columns; returns how many tested periods were compared. */
function compare(
  label: string,
  points: NsspPoint[],
  r: { expected: Num[]; statistic: Num[]; p: Num[]; alert: string[] },
  scale = 1,
): number {
  let tested = 0;
  points.forEach((pt, i) => {
    const p = r.p[i] ?? null;
    const at = `${label} day ${i}`;
    if (p === null) {
      expect(pt.level, at).toBeNull();
      expect(['grey', 'blue'], at).toContain(r.alert[i]);
      return;
    }
    tested++;
    close(pt.pValue, p, `${at} p`);
    close(pt.score, r.statistic[i] as number, `${at} statistic`);
    close(pt.expected === null ? null : pt.expected / scale, r.expected[i] as number, `${at} expected`);
    expect(pt.level, `${at} colour`).toBe(r.alert[i]);
    expect(pt.alarm, `${at} alarm`).toBe(r.alert[i] === 'red');
  });
  return tested;
}

describe('NSSP EWMA / regression / switch against Rnssp', () => {
  it('names the Rnssp commits the cases came from', () => {
    expect(doc.rnssp['rnssp-0.3.1']).toMatch(/7f76909c57a70cff81fea68c621aeb7424b9254a/);
    expect(doc.rnssp['rnssp-0.3.0']).toMatch(/84b46cf79707481f43686506bb24d1da21019b72/);
  });

  for (const c of doc.daily_cases) {
    const label = `${c.series} ${c.version} B=${c.B} g=${c.g}`;
    it(label, () => {
      const y = doc.daily_series[c.series] as number[];
      const season = weekdays(y.length);
      const o = { version: c.version, baseline: c.B, guard: c.g };
      const ewma = nsspEwma(y, o);
      expect(compare(`${label} ewma`, ewma, c.ewma, c.ewma_scale)).toBeGreaterThan(100);
      const reg = nsspRegression(y, { ...o, season, seasonLevels: 7 });
      expect(compare(`${label} regression`, reg, c.regression)).toBeGreaterThan(100);
      reg.forEach((pt, i) => {
        const r2 = c.regression.adjusted_r_squared[i] ?? null;
        if (r2 !== null) close(pt.adjustedRSquared ?? null, r2, `${label} regression day ${i} adjusted R²`);
      });
      const sw = nsspSwitch(y, { ...o, season, seasonLevels: 7 });
      // The switch reports the EWMA's expectation on Rnssp's rescaled scale too.
      sw.forEach((pt, i) => {
        const d = c.switch.detector[i] ?? null;
        expect(pt.detector, `${label} switch day ${i} detector`).toBe(d === null ? null : DETECTOR[d]);
      });
      const scaleOf = (i: number) => (sw[i]?.detector === 'ewma' ? c.ewma_scale : 1);
      let tested = 0;
      sw.forEach((pt, i) => {
        tested += compare(
          `${label} switch`,
          [pt],
          {
            expected: [c.switch.expected[i] ?? null],
            statistic: [c.switch.statistic[i] ?? null],
            p: [c.switch.p[i] ?? null],
            alert: [c.switch.alert[i] as string],
          },
          scaleOf(i),
        );
      });
      expect(tested).toBeGreaterThan(100);
    });
  }

  it('the cases exercise what changed in 0.3.1: rescaling, floors, the 7-value start, the down-slope check', () => {
    const v31 = doc.daily_cases.filter((c) => c.version === 'rnssp-0.3.1');
    expect(v31.some((c) => c.ewma_scale !== 1)).toBe(true);
    // Down-slope withdrawals: tested days R colours blue although their p-value is below 0.05.
    const withdrawn = v31.reduce(
      (n, c) =>
        n +
        c.regression.p.filter((p, i) => p !== null && p < 0.05 && c.regression.alert[i] === 'blue').length,
      0,
    );
    expect(withdrawn).toBeGreaterThan(0);
    // The EWMA tests from day 9 (7 baseline values + g = 2) in 0.3.1, from day 13 in 0.3.0.
    const first = (c: DailyCase) => c.ewma.p.findIndex((p) => p !== null);
    expect(first(v31[0] as DailyCase)).toBe(9);
    expect(first(doc.daily_cases.find((c) => c.version === 'rnssp-0.3.0') as DailyCase)).toBe(13);
  });
});

describe('NSSP negative binomial against Rnssp alert_nbinom (0.95 since v0.2.0; include_time)', () => {
  for (const c of doc.nbinom_cases) {
    it(`${c.series} include_time=${c.include_time}`, () => {
      const y = doc.weekly_series[c.series] as number[];
      const r = nsspNbinom(y, { baselineEnd: c.baseline_end_index, includeTime: c.include_time });
      expect(c.time_term).toBe(c.include_time);
      r.forEach((pt, i) => {
        close(pt.expected, c.estimate[i] as number, `${c.series} week ${i} estimate`);
        expect(pt.threshold, `${c.series} week ${i} threshold`).toBe(c.threshold[i]);
        expect(pt.alarm, `${c.series} week ${i} alarm`).toBe(c.alarm[i]);
      });
    });
  }

  it("0.975 (the pre-release quantile, option quantile: 0.975) gives higher thresholds than Rnssp's", () => {
    const c = doc.nbinom_cases[0] as NbinomCase;
    const y = doc.weekly_series[c.series] as number[];
    const old = nsspNbinom(y, { baselineEnd: c.baseline_end_index, quantile: 0.975 });
    let higher = 0;
    old.forEach((pt, i) => {
      expect(pt.threshold as number).toBeGreaterThanOrEqual(c.threshold[i] as number);
      if ((pt.threshold as number) > (c.threshold[i] as number)) higher++;
    });
    expect(higher).toBeGreaterThan(200);
  });
});
