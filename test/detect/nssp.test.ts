import { describe, expect, it } from 'vitest';
import { pt, qnbinomMu, qt } from '../../src/detect/distributions.ts';
import { glmNb } from '../../src/detect/glm.ts';
import { NSSP_MONTHLY, nsspEwma, nsspRegression, nsspSwitch } from '../../src/detect/nssp.ts';
import { nsspNbinom } from '../../src/detect/nsspNbinom.ts';
import { nsspSerfling } from '../../src/detect/nsspSerfling.ts';

/*
 * Hand-transcribed reference values (the Rnssp 0.2.0–0.3.0 loops and the pre-release 0.975 alert_nbinom; the
 * current Rnssp 0.3.1 is checked against its own R code in conformance/nssp.test.ts). Its source formulas
 * (CDCgov/Rnssp R/alert_ewma.R `ewma_loop` and R/alert_regression.R `adaptive_regression`; R/alert_nbinom.R
 * `nb_model`; R/alert_serfling.R `serfling_model`) were transcribed line for line to base R on plain
 * vectors and run in R 4.2.2 with MASS (glm.nb) — e.g. for the EWMA:
 *   ndx <- 1:10; for (i in 14:N) { if (last(ndx) < 28) ndx <- c(0, ndx); ndx <- ndx + 1; L <- length(ndx)
 *     mu <- mean(y[ndx]); s <- sd(y[ndx]); ucl_w <- round(qt(.95, L - 1), 5); ucl_a <- round(qt(.99, L - 1), 5)
 *     corr <- sqrt(w/(2-w) + 1/L - 2*(1-w)^(g+1)*(1-(1-w)^L)/L)
 *     const <- (0.1289 - (0.2414 - 0.1826*(1-w)^4)*log(0.5))*(w/ucl_w); sig <- max((w/ucl_w)*(1+0.5*(1-w)^2), s*corr+const)
 *     z[i] <- w*y[i] + (1-w)*z[i-1]; stat <- (z[i]-mu)/sig; if (abs(stat) > ucl_a) z[i] <- mu + sign(stat)*ucl_a*sig
 *     p <- 1 - pt(stat, L - 1) }  (for w = 0.4 and 0.9; the smaller p wins)
 * The numbers below are that script's output (15 significant digits).
 */

// 30 days from Monday 2024-01-01; the last day is an outbreak.
const SERIES_A = [
  12, 15, 14, 13, 16, 9, 8, 13, 16, 15, 12, 17, 10, 7, 14, 15, 13, 14, 18, 9, 8, 12, 16, 14, 15, 17, 11, 9,
  13, 31,
];
const DOW_A = SERIES_A.map((_, i) => i % 7); // 0 = Monday … 6 = Sunday (Rnssp's reference level)

// 110 weekly counts from Sunday 2019-01-06: R `round((40 + 12*sin(2*pi*(i+1)/52.18)) * (0.6 + ((i*7919) %% 17)/20))`,
// i = 0..109, plus 60 in week 107; baseline_end = 2020-12-27 = index 103 (104 weeks).
const SERIES_B = [
  25, 56, 51, 46, 40, 34, 69, 62, 56, 49, 41, 34, 70, 62, 54, 46, 38, 30, 64, 55, 47, 39, 31, 60, 52, 44, 37,
  30, 23, 47, 40, 34, 28, 23, 18, 37, 33, 28, 24, 20, 40, 36, 32, 29, 25, 21, 45, 41, 37, 33, 29, 24, 54, 49,
  44, 39, 33, 67, 61, 55, 48, 41, 34, 70, 62, 55, 47, 39, 30, 65, 57, 48, 40, 32, 62, 54, 46, 38, 31, 24, 49,
  42, 35, 29, 23, 18, 38, 33, 28, 24, 20, 39, 35, 31, 28, 24, 20, 43, 39, 36, 32, 27, 23, 51, 47, 42, 37, 92,
  65, 59,
];
const MONTHS_B = SERIES_B.map((_, i) => new Date(Date.UTC(2019, 0, 6 + 7 * i)).getUTCMonth() + 1);

describe('Student t helpers', () => {
  it('match R qt/pt', () => {
    expect(qt(0.99, 10)).toBeCloseTo(2.763769457, 8);
    expect(qt(0.95, 27)).toBeCloseTo(1.703288446, 8);
    expect(pt(2, 5)).toBeCloseTo(0.9490302605850709, 12);
    // R: qnbinom(0.975, size = 5, mu = 20) = 43 (pnbinom(42) = 0.97128, pnbinom(43) = 0.97516).
    expect(qnbinomMu(0.975, 5, 20)).toBe(43);
  });
});

describe('nsspEwma (Rnssp alert_ewma)', () => {
  it('reproduces the first test day by hand', () => {
    // Test day t = 13 (0-based): g = 2, so the baseline is days 0..10 (L = 11, Rnssp's minimum).
    const base = SERIES_A.slice(0, 11); // 12 15 14 13 16 9 8 13 16 15 12: sum 143
    const mu = 143 / 11; // = 13
    // squared deviations 1 4 1 0 9 16 25 0 9 4 1 = 70 → sd = sqrt(70 / 10)
    const sd = Math.sqrt(70 / 10);
    expect(base.reduce((a, b) => a + b, 0)).toBe(143);
    const L = 11;
    const g = 2;
    const uclWarning = 1.81246; // round(qt(0.95, 10), 5) = round(1.812461…, 5)
    const sigmaFor = (w: number) => {
      const correction = Math.sqrt(w / (2 - w) + 1 / L - (2 * (1 - w) ** (g + 1) * (1 - (1 - w) ** L)) / L);
      const constant = (0.1289 - (0.2414 - 0.1826 * (1 - w) ** 4) * Math.log(0.5)) * (w / uclWarning);
      return Math.max((w / uclWarning) * (1 + 0.5 * (1 - w) ** 2), sd * correction + constant);
    };
    // z starts at y[0] = 12 and is smoothed through day 13 (no clamping before the first test).
    let z1 = 12;
    let z2 = 12;
    for (let i = 1; i <= 13; i++) {
      z1 = 0.4 * (SERIES_A[i] as number) + 0.6 * z1;
      z2 = 0.9 * (SERIES_A[i] as number) + 0.1 * z2;
    }
    const stat1 = (z1 - mu) / sigmaFor(0.4);
    const stat2 = (z2 - mu) / sigmaFor(0.9);
    // y[13] = 7 pulls z2 far below the mean: p2 = 1 − pt(stat2, 10) is the larger, so stat1 is reported.
    expect(1 - pt(stat1, 10)).toBeLessThan(1 - pt(stat2, 10));
    const got = nsspEwma(SERIES_A)[13];
    expect(got?.expected).toBe(13);
    expect(got?.score).toBeCloseTo(stat1, 12);
    expect(got?.score).toBeCloseTo(-1.65147669258125, 12); // R
    expect(got?.pValue).toBeCloseTo(0.935174462209998, 12); // R
    expect(got?.baselineStart).toBe(0);
    expect(got?.baselineEnd).toBe(10);
    expect(got?.level).toBe('blue');
  });

  it('matches the transcribed Rnssp loop on every tested day', () => {
    const r = nsspEwma(SERIES_A);
    // [t, expected, statistic, p] from R.
    const reference: [number, number, number, number][] = [
      [14, 13.3333333333333, 0.00114912716959742, 0.499551852281897],
      [18, 12.875, 1.5854786952678, 0.0668548548217751],
      [21, 13.2105263157895, -0.54040718893082262, 0.702229772005833],
      [26, 12.9166666666667, 0.38676061469872103, 0.351244331662128],
      [29, 13.0740740740741, 5.44770477458969, 5.17573255820469e-6],
    ];
    for (const [t, expected, stat, p] of reference) {
      expect(r[t]?.expected).toBeCloseTo(expected, 10);
      expect(r[t]?.score).toBeCloseTo(stat, 10);
      expect(r[t]?.pValue).toBeCloseTo(p, 12);
    }
    expect(r[29]?.level).toBe('red');
    expect(r[29]?.alarm).toBe(true);
    // The window grows from 11 days; at t = 29 it is days 0..26 (L = 27), full (28 days) from t = 30.
    expect([r[29]?.baselineStart, r[29]?.baselineEnd]).toEqual([0, 26]);
  });

  it('threshold is the observed value at which the red alarm starts', () => {
    const r = nsspEwma(SERIES_A);
    for (const p of r) {
      if (p.alarm === null || p.threshold === null || p.observed === null) continue;
      expect(p.alarm).toBe(p.observed > p.threshold);
    }
    // Replacing the last value by its threshold ± a hair flips the verdict.
    const thr = r[29]?.threshold as number;
    expect(nsspEwma([...SERIES_A.slice(0, 29), thr + 1e-6])[29]?.alarm).toBe(true);
    expect(nsspEwma([...SERIES_A.slice(0, 29), thr - 1e-6])[29]?.alarm).toBe(false);
  });
});

describe('nsspRegression (Rnssp alert_regression)', () => {
  it('matches the transcribed Rnssp loop with day-of-week terms', () => {
    const r = nsspRegression(SERIES_A, { season: DOW_A, seasonLevels: 7 });
    // [t, expected, statistic, p, adjusted R²] from R.
    const reference: [number, number, number, number, number][] = [
      [13, 8.5, -1.2535663410560154, 0.85060089345893, 0.928571428571428],
      [14, 13.4, 0.5960395606792662, 0.291619523637088, 0.948031496062992],
      [18, 17.07692307692307, 0.9196444870402063, 0.192324706539172, 0.941918118713699],
      [25, 17.35, -0.336596450520289, 0.629457959077299, 0.927767666439446],
      [29, 16.203125, 14.5146344329852, 4.90130158681268e-12, 0.92155204559983],
    ];
    for (const [t, expected, stat, p, r2] of reference) {
      expect(r[t]?.expected).toBeCloseTo(expected, 9);
      expect(r[t]?.score).toBeCloseTo(stat, 9);
      expect(r[t]?.pValue).toBeCloseTo(p, 12);
      expect(r[t]?.adjustedRSquared).toBeCloseTo(r2, 12);
    }
    expect(r[12]?.reason).toBe('not enough history (needs 11 periods, has 10)');
  });

  it("Rnssp's closed-form forecast SE equals the exact one on a full 4-week window", () => {
    const long = [...SERIES_A, ...SERIES_A.slice(0, 12)];
    const season = long.map((_, i) => i % 7);
    const rnssp = nsspRegression(long, { season, seasonLevels: 7 });
    const exact = nsspRegression(long, { season, seasonLevels: 7, predictionSe: 'exact' });
    // t ≥ 30: L = 28 (balanced days of week), test at L + g + 1 = 31.
    for (let t = 30; t < long.length; t++)
      expect(rnssp[t]?.threshold).toBeCloseTo(exact[t]?.threshold as number, 9);
  });

  it('monthly: trend-only model, by hand on a perfect line', () => {
    // y = 10 + 2t: the fit is exact, so the forecast is the line and σ falls to Rnssp's floor 0.01/round(qt(.95, df), 5)
    // (1.01/… before Rnssp 0.3.1).
    const y = Array.from({ length: 30 }, (_, t) => 10 + 2 * t);
    const r = nsspRegression(y, NSSP_MONTHLY);
    const p = r[29];
    // Baseline t − 1 − 24 .. t − 2 = 4..27 (B = 24, g = 1): L = 24, df = 22.
    expect([p?.baselineStart, p?.baselineEnd]).toEqual([4, 27]);
    expect(p?.expected).toBeCloseTo(10 + 2 * 29, 9);
    const floor = 0.01 / 1.71714; // round(qt(0.95, 22), 5) = 1.71714
    expect(p?.threshold).toBeCloseTo(68 + qt(0.99, 22) * floor, 9);
    const legacy = nsspRegression(y, { ...NSSP_MONTHLY, version: 'rnssp-0.3.0' })[29];
    expect(legacy?.threshold).toBeCloseTo(68 + qt(0.99, 22) * (1.01 / 1.71714), 9);
    expect(p?.adjustedRSquared).toBeCloseTo(1, 12);
    expect(p?.alarm).toBe(false);
  });
});

describe('nsspSwitch (Rnssp alert_switch)', () => {
  it('uses the regression where adjusted R² ≥ 0.60, else EWMA', () => {
    const s = nsspSwitch(SERIES_A, { season: DOW_A, seasonLevels: 7 });
    // Adjusted R² is ≥ 0.9 on every tested day of series A (see the regression reference), so regression answers.
    expect(s.slice(13).every((p) => p.detector === 'regression')).toBe(true);
    // Without day-of-week terms a linear trend explains nothing here: EWMA answers.
    const plain = nsspSwitch(SERIES_A);
    expect(plain.slice(13).every((p) => p.detector === 'ewma')).toBe(true);
    expect(plain[29]?.score).toBeCloseTo(5.44770477458969, 10);
  });

  it('a flat baseline has adjusted R² 0 (Rnssp maps NaN to 0) and switches to EWMA', () => {
    const flat = new Array(20).fill(5);
    const reg = nsspRegression(flat);
    expect(reg[19]?.adjustedRSquared).toBe(0);
    const s = nsspSwitch(flat);
    expect(s[19]?.detector).toBe('ewma');
    expect(s[19]?.adjustedRSquared).toBe(0);
  });
});

describe('nsspNbinom (Rnssp alert_nbinom)', () => {
  it('matches MASS::glm.nb and qnbinom on a weekly series', () => {
    const rows = SERIES_B.slice(0, 104).map((_, i) => {
      const obs = i + 1;
      return [1, obs, Math.cos((2 * Math.PI * obs) / 52.18), Math.sin((2 * Math.PI * obs) / 52.18)];
    });
    const fit = glmNb(rows, SERIES_B.slice(0, 104));
    expect(fit?.theta).toBeCloseTo(26.6121925583906, 6);
    expect(fit?.beta[0]).toBeCloseTo(3.67460396250369, 8);
    expect(fit?.beta[3]).toBeCloseTo(0.305268814058626, 8);
    // These upper_pi values come from the pre-release transcription at 0.975 (Rnssp's development version of
    // 2023-01-06); Rnssp 0.2.0 on uses 0.95, checked in conformance/nssp.test.ts.
    const r = nsspNbinom(SERIES_B, { baselineEnd: 103, quantile: 0.975 });
    // [t, estimate, upper_pi] from R.
    const reference: [number, number, number][] = [
      [0, 40.8971487883783, 70],
      [49, 36.1183321543622, 61],
      [103, 38.227586726728, 66],
      [104, 39.6510611298052, 69],
      [107, 44.0649471898684, 77],
      [109, 46.8764484275718, 82],
    ];
    for (const [t, estimate, upper] of reference) {
      expect(r[t]?.expected).toBeCloseTo(estimate, 7);
      expect(r[t]?.threshold).toBe(upper);
    }
    expect(r.filter((p) => p.alarm).map((p) => p.index)).toEqual([107]);
    expect(r[107]?.pValue).toBeLessThanOrEqual(0.025);
  });

  it('needs two years of baseline and integer counts', () => {
    const short = nsspNbinom(SERIES_B.slice(0, 60), { baselineEnd: 50 });
    expect(short[0]?.reason).toBe('not enough history (needs 104 periods, has 51)');
    expect(() => nsspNbinom([1.5, ...SERIES_B], { baselineEnd: 104 })).toThrow(/non-negative integers/);
    const zeros = nsspNbinom(new Array(30).fill(0), { baselineEnd: 25, cycle: 12 });
    expect(zeros[0]?.reason).toMatch(/all baseline counts are zero/);
  });
});

describe('nsspSerfling (Rnssp alert_serfling)', () => {
  it('matches lm + predict(interval = "prediction", level = 0.90), epidemic months dropped', () => {
    const r = nsspSerfling(SERIES_B, { baselineEnd: 103, months: MONTHS_B });
    const reference: [number, number, number][] = [
      [0, 44.7409497264904, 78.389470538271],
      [49, 39.0699277087363, 69.3395619530862],
      [99, 35.6247134390612, 63.4276106579374],
      [107, 51.027529759083, 86.3379701777633],
      [109, 54.3062561149869, 89.6741597132832],
    ];
    for (const [t, estimate, threshold] of reference) {
      expect(r[t]?.expected).toBeCloseTo(estimate, 9);
      expect(r[t]?.threshold).toBeCloseTo(threshold, 9);
    }
    expect(r[107]?.alarm).toBe(true);
  });

  it('without month labels fits the whole baseline', () => {
    const r = nsspSerfling(SERIES_B, { baselineEnd: 103 });
    expect(r[104]?.expected).toBeCloseTo(40.591280267484, 9);
    expect(r[104]?.threshold).toBeCloseTo(58.2088402208355, 9);
    expect(r[107]?.threshold).toBeCloseTo(62.4489745614369, 9);
  });
});

describe('NSSP behaviour table', () => {
  // Fewest baseline values: the EWMA grows from 7 since Rnssp 0.3.1, the regression from 11; the switch
  // falls back to the EWMA where the regression has too few.
  const methods = {
    ewma: [(v: (number | null)[]) => nsspEwma(v), 7],
    regression: [(v: (number | null)[]) => nsspRegression(v), 11],
    switch: [(v: (number | null)[]) => nsspSwitch(v), 7],
  } as const;

  for (const [name, [run, needs]] of Object.entries(methods)) {
    it(`${name}: one point per input, explicit short-history reason`, () => {
      const r = run([3, 4, 5, 6, 7]);
      expect(r).toHaveLength(5);
      expect(r.every((p) => p.alarm === null)).toBe(true);
      expect(r[4]?.reason).toBe(`not enough history (needs ${needs} periods, has 2)`);
      expect(run([])).toEqual([]);
    });

    it(`${name}: all zeros give finite, silent verdicts; a jump from zero alarms`, () => {
      const zeros = new Array(20).fill(0);
      const r = run(zeros);
      expect(r.slice(13).every((p) => p.alarm === false && Number.isFinite(p.score))).toBe(true);
      const jump = run([...zeros.slice(0, 19), 10]);
      expect(jump[19]?.alarm).toBe(true);
    });

    it(`${name}: nulls are left out of the baseline and get no verdict`, () => {
      const v: (number | null)[] = SERIES_A.slice();
      v[5] = null;
      v[20] = null;
      const r = run(v);
      expect(r[20]?.alarm).toBeNull();
      expect(r[20]?.reason).toBe('value suppressed or missing');
      // At t = needs + 2 the window 0..needs − 1 holds only needs − 1 non-null values: not enough.
      expect(r[needs + 2]?.reason).toBe(`not enough history (needs ${needs} periods, has ${needs - 1})`);
      expect(r[needs + 3]?.alarm).not.toBeNull();
      // A null is not a zero: the same series with 0 in place of the null gives another expectation.
      const zeroed = run(v.map((x) => x ?? 0));
      expect(zeroed[18]?.expected).not.toBeCloseTo(r[18]?.expected as number, 6);
    });
  }

  it('EWMA nulls: the mean skips them exactly', () => {
    const v: (number | null)[] = SERIES_A.slice();
    v[3] = null;
    const r = nsspEwma(v);
    // t = 14: window 0..11 minus index 3 → 11 values.
    const vals = SERIES_A.slice(0, 12).filter((_, i) => i !== 3);
    expect(r[14]?.expected).toBeCloseTo(vals.reduce((a, b) => a + b, 0) / 11, 12);
  });

  it('constant baseline: EWMA σ falls to its floor, regression σ to 0.01/ucl (1.01/ucl before 0.3.1)', () => {
    const flat = [...new Array(19).fill(5), 6];
    const e = nsspEwma(flat)[19];
    expect(e?.expected).toBe(5);
    expect(Number.isFinite(e?.score)).toBe(true);
    const reg = nsspRegression(flat)[19];
    // df = L − 2 = 15: σ = 0.01 / round(qt(0.95, 15), 5) = 0.01 / 1.75305.
    expect(reg?.score).toBeCloseTo((6 - 5) / (0.01 / 1.75305), 9);
    const legacy = nsspRegression(flat, { version: 'rnssp-0.3.0' })[19];
    expect(legacy?.score).toBeCloseTo((6 - 5) / (1.01 / 1.75305), 9);
  });

  it('rejects bad input', () => {
    expect(() => nsspEwma([1, Number.NaN])).toThrow(/invalid value at index 1/);
    expect(() => nsspEwma([1], { guard: -1 })).toThrow(/guard/);
    expect(() => nsspEwma([1], { w1: 1.5 })).toThrow(/smoothing/);
    expect(() => nsspRegression([1, 2], { season: [0] })).toThrow(/season/);
  });

  it("alarmAt: 'yellow' also alarms at 0.01 ≤ p < 0.05", () => {
    const red = nsspEwma(SERIES_A);
    const yellow = nsspEwma(SERIES_A, { alarmAt: 'yellow' });
    for (let t = 0; t < SERIES_A.length; t++) {
      const p = red[t]?.pValue;
      if (p === null || p === undefined) continue;
      expect(yellow[t]?.alarm).toBe(p < 0.05);
      expect(yellow[t]?.threshold as number).toBeLessThan(red[t]?.threshold as number);
    }
  });
});
