import { describe, expect, it } from 'vitest';
import {
  negBinomialUpperTail,
  pnorm,
  poissonUpperTail,
  pt,
  qnbinom,
  qnorm,
  qpois,
} from '../../src/detect/distributions.ts';
import {
  FARRINGTON_1996,
  type FarringtonOptions,
  farrington,
  NOUFAILY_2013,
} from '../../src/detect/farrington.ts';
import { type GlmData, QuasiPoissonFit } from '../../src/detect/glm.ts';

/** Deterministic pseudo-random numbers (LCG) and Poisson draws, so tests need no fixtures. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
function poisson(r: () => number, mu: number): number {
  const limit = Math.exp(-mu);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > limit);
  return k - 1;
}
/** Weekly seasonal counts, mean about `level`. */
function weekly(n: number, level: number, seed = 1): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, t) =>
    poisson(r, level * Math.exp(0.4 * Math.sin((2 * Math.PI * t) / 52))),
  );
}

describe('distributions (values from R 4.2.2)', () => {
  it('normal, t, Poisson and negative binomial match R', () => {
    expect(qnorm(0.975)).toBeCloseTo(1.9599639845400536, 14);
    expect(pnorm(1.7, 0, 1, true)).toBeCloseTo(0.04456546275854304, 15);
    expect(pt(-2.2, 17)).toBeCloseTo(0.020962328208031185, 10);
    expect(qnbinom(0.95, 2.5, 0.25)).toBe(18);
    expect(qpois(0.95, 12.3)).toBe(18);
    expect(negBinomialUpperTail(20, 2.5, 0.25)).toBeCloseTo(0.035866588747469764, 13);
    expect(poissonUpperTail(25, 12.3) / 0.0009603284101915997).toBeCloseTo(1, 12);
  });

  it('discrete tails are exact far out and quantiles work at large means', () => {
    // R: ppois(19, 2, lower.tail = FALSE) = 6.443731393112094e-14
    expect(poissonUpperTail(20, 2) / 6.443731393112094e-14).toBeCloseTo(1, 12);
    expect(qpois(0.95, 1e5)).toBe(100520); // R: qpois(0.95, 1e5)
    expect(qnbinom(0.95, 0.001, 0.001)).toBe(0);
  });
});

describe('QuasiPoissonFit (values from R glm(y ~ g + t, quasipoisson))', () => {
  const y = Float64Array.from([2, 3, 6, 7, 8, 9, 10, 12, 15, 4, 0, 5, 9, 11]);
  const level = Int32Array.from([1, 1, 1, 2, 2, 2, 2, 1, 2, 1, 1, 2, 2, 1].map((g) => g - 1));
  const time = Float64Array.from(y, (_, i) => i + 1 - 14);
  const data = (priorWeights: Float64Array | null): GlmData => ({
    n: y.length,
    y,
    level,
    nLevels: 2,
    time,
    offset: null,
    priorWeights,
  });

  it('coefficients, dispersion, hat values, iterations and prediction', () => {
    const fit = new QuasiPoissonFit(20, 2);
    expect(fit.fit(data(null))).toBe(true);
    expect(fit.iterations).toBe(5);
    expect(fit.levelCoef[0]).toBeCloseTo(1.9153977134435993, 10);
    expect(fit.levelCoef[1]).toBeCloseTo(1.9153977134435993 + 0.4782393042779834, 10);
    expect(fit.timeCoef).toBeCloseTo(0.03372253657511682, 10);
    expect(fit.dispersion()).toBeCloseTo(2.3545263039436395, 10);
    const hat = new Float64Array(14);
    fit.hatValues(data(null), hat);
    expect(hat[0]).toBeCloseTo(0.248816801828396, 10);
    expect(hat[13]).toBeCloseTo(0.35836337386429884, 10);
    expect(Math.sqrt(fit.dispersion() * fit.unscaledVariance(1, 0))).toBeCloseTo(0.2965084773343092, 10);
  });

  it("reproduces the quirk of storing prior weights in place of R's working weights", () => {
    const omega = Float64Array.from([1, 1, 1, 1, 0.2, 1, 1, 1, 1, 1, 1, 1, 0.5, 1]);
    const fit = new QuasiPoissonFit(20, 2);
    fit.fit(data(omega));
    expect(fit.timeCoef).toBeCloseTo(0.036412942908615346, 10);
    // summary.glm with the GLM's own working weights ω·μ: the Pearson dispersion.
    expect(fit.dispersion()).toBeCloseTo(2.3219125384838146, 10);
    // After `model$weights <- omega`, summary.glm and predict.glm use Σ ω r² / df with working
    // residuals r = (y − μ)/μ: about 1/μ̄ of the Pearson estimate here (μ ≈ 7).
    expect(fit.dispersion(omega)).toBeCloseTo(0.3608351330406498, 10);
  });
});

describe('farrington', () => {
  it('presets carry the R settings', () => {
    expect(FARRINGTON_1996).toMatchObject({ b: 5, w: 3, weightsThreshold: 1, alpha: 0.025, noPeriods: 1 });
    expect(NOUFAILY_2013).toMatchObject({
      b: 5,
      w: 3,
      noPeriods: 10,
      pastWeeksNotIncluded: 26,
      weightsThreshold: 2.58,
      pThresholdTrend: 1,
      thresholdMethod: 'nbPlugin',
      alpha: 0.05,
    });
    expect(Object.isFrozen(NOUFAILY_2013)).toBe(true);
  });

  it('says how much history it needs instead of guessing', () => {
    const values = weekly(300, 10);
    const points = farrington(values, { ...NOUFAILY_2013, frequency: 52 });
    expect(points).toHaveLength(300);
    const first = points[0];
    expect(first?.alarm).toBeNull();
    expect(first?.reason).toBe('not enough history (needs 264 periods, has 1)');
    expect(points[262]?.reason).toBe('not enough history (needs 264 periods, has 263)');
    expect(points[263]?.reason ?? '').not.toMatch(/history/);
    expect(points[263]?.threshold).not.toBeNull();
  });

  it('uses the reference windows (Farrington) or every period but the last 26 weeks (Noufaily)', () => {
    const values = weekly(300, 10);
    const [f] = farrington(values, { ...FARRINGTON_1996, frequency: 52, evaluate: { from: 290, to: 290 } });
    expect(f?.baselineSize).toBe(5 * 7);
    expect(f?.baselineStart).toBe(290 - 5 * 52 - 3);
    expect(f?.baselineEnd).toBe(290 - 52 + 3);
    const [n] = farrington(values, { ...NOUFAILY_2013, frequency: 52, evaluate: { from: 290, to: 290 } });
    expect(n?.baselineSize).toBe(5 * 52 + 3 + 1 - 27);
    expect(n?.baselineStart).toBe(290 - 5 * 52 - 3);
    expect(n?.baselineEnd).toBe(290 - 27);
  });

  it('leaves censored values out of the baseline instead of reading them as zero', () => {
    const values: (number | null)[] = weekly(300, 10);
    const opts: FarringtonOptions = { ...FARRINGTON_1996, frequency: 52, evaluate: { from: 290, to: 290 } };
    const [before] = farrington(values, opts);
    values[290 - 52] = null;
    values[290 - 104 + 1] = null;
    const [after] = farrington(values, opts);
    expect(after?.baselineSize).toBe((before?.baselineSize ?? 0) - 2);
    // Zeros would pull the expected value down; leaving the values out does not.
    const zeroed = weekly(300, 10);
    zeroed[290 - 52] = 0;
    zeroed[290 - 104 + 1] = 0;
    const [withZeros] = farrington(zeroed, opts);
    expect(after?.expected).toBeGreaterThan(withZeros?.expected ?? Number.POSITIVE_INFINITY);
  });

  it('flags an outbreak and explains the verdict', () => {
    const values = weekly(320, 10, 7);
    values[310] = 45;
    const points = farrington(values, { ...NOUFAILY_2013, frequency: 52, evaluate: { from: 300, to: 319 } });
    const spike = points.find((p) => p.index === 310);
    expect(spike?.alarm).toBe(true);
    expect(spike?.reason).toBeNull();
    expect(spike?.threshold).toBeLessThan(45);
    expect(spike?.score).toBeGreaterThan(1);
    expect(spike?.pValue).toBeLessThan(0.05);
    expect(spike?.phi).toBeGreaterThanOrEqual(1);
    expect(points.filter((p) => p.alarm).length).toBeLessThanOrEqual(3);
  });

  it('a suppressed current value gets expected and threshold but no verdict', () => {
    const values: (number | null)[] = weekly(300, 10);
    values[295] = null;
    const [p] = farrington(values, { ...NOUFAILY_2013, frequency: 52, evaluate: { from: 295, to: 295 } });
    expect(p?.observed).toBeNull();
    expect(p?.alarm).toBeNull();
    expect(p?.threshold).not.toBeNull();
    expect(p?.reason).toBe('value suppressed or missing');
  });

  it('applies the fewer-than-5-cases rule, and says when censoring makes it undecidable', () => {
    const values: (number | null)[] = weekly(300, 0.2, 3);
    for (let i = 290; i < 296; i++) values[i] = 0;
    values[296] = 4; // above a near-zero threshold, but only 4 cases in 4 weeks
    const opts: FarringtonOptions = { ...NOUFAILY_2013, frequency: 52, evaluate: { from: 296, to: 296 } };
    const [p] = farrington(values, opts);
    expect(p?.observed).toBe(4);
    expect(p?.alarm).toBe(false);
    expect(p?.threshold).toBeLessThan(4);
    expect(p?.reason).toBe('fewer than 5 cases in the last 4 periods');
    values[295] = null;
    const [q] = farrington(values, opts);
    expect(q?.alarm).toBeNull();
    expect(q?.reason).toMatch(/cannot apply the fewer-than-5-cases rule/);
    values[296] = 9; // the current count alone decides the rule
    const [r] = farrington(values, opts);
    expect(r?.alarm).toBe(true);
  });

  it('fits rates with a population offset', () => {
    const r = rng(5);
    const pop = Array.from({ length: 300 }, (_, t) => 1e5 * Math.exp((0.8 * t) / 300));
    const values = pop.map((p) => poisson(r, p * 1e-4));
    const opts = { ...NOUFAILY_2013, frequency: 52, evaluate: { from: 299, to: 299 } };
    const [withOffset] = farrington(values, { ...opts, populationOffset: pop });
    const [without] = farrington(values, { ...opts, trend: false });
    // The population grew 2.2× over the series: the offset model expects about today's rate.
    expect(withOffset?.expected).toBeGreaterThan((without?.expected ?? 0) * 1.3);
  });

  it('validates its options', () => {
    const values = weekly(300, 5);
    expect(() => farrington(values, { frequency: 4, w: 3 })).toThrow(/invalid w/);
    expect(() => farrington(values, { ...NOUFAILY_2013, frequency: 12 })).toThrow(
      /invalid noPeriods: 10 \(at most 6/,
    );
    expect(() => farrington([1, -2, 3], { frequency: 52 })).toThrow(/invalid value at index 1/);
    expect(() => farrington(values, { frequency: 52, populationOffset: [1, 2] })).toThrow(/populationOffset/);
    expect(() => farrington(values, { frequency: 52, alpha: 0 })).toThrow(/alpha/);
    expect(() => farrington(values, { frequency: 52, evaluate: { from: 10, to: 400 } })).toThrow(/evaluate/);
  });

  it('evaluates only the requested range', () => {
    const values = weekly(300, 5);
    const points = farrington(values, { ...NOUFAILY_2013, frequency: 52, evaluate: { from: 280, to: 289 } });
    expect(points.map((p) => p.index)).toEqual(Array.from({ length: 10 }, (_, i) => 280 + i));
  });

  it('monthly and quarterly series', () => {
    const r = rng(9);
    const monthly = Array.from({ length: 120 }, (_, t) =>
      poisson(r, 30 * Math.exp(0.3 * Math.cos((2 * Math.PI * t) / 12))),
    );
    const m = farrington(monthly, { ...NOUFAILY_2013, frequency: 12, noPeriods: 4, pastWeeksNotIncluded: 6 });
    expect(m.filter((p) => p.threshold !== null)).toHaveLength(120 - 63);
    const quarterly = Array.from({ length: 40 }, () => poisson(r, 80));
    const q = farrington(quarterly, { ...FARRINGTON_1996, frequency: 4, w: 1 });
    expect(q.filter((p) => p.threshold !== null)).toHaveLength(40 - 21);
    expect(q[39]?.expected).toBeGreaterThan(60);
  });

  it('an all-zero baseline gives an explicit reason, never a silent verdict', () => {
    const values = new Array<number>(300).fill(0);
    values[299] = 6;
    const [p] = farrington(values, { ...NOUFAILY_2013, frequency: 52, evaluate: { from: 299, to: 299 } });
    expect(p?.alarm).toBeNull();
    expect(p?.reason).toBe('GLM did not converge (all baseline values are zero)');
  });
});
