import { describe, expect, it } from 'vitest';
import { qt } from '../../src/detect/distributions.ts';
import { type JoinpointFit, joinpoint, mulberry32 } from '../../src/detect/joinpoint.ts';

function fitted(r: ReturnType<typeof joinpoint>): JoinpointFit {
  if (!r.ok) throw new Error(r.reason);
  return r;
}

/** ln y = ln 100 + 0.02·x up to x = 10, then slope −0.03: one joinpoint at index 10. */
const PERFECT = Array.from(
  { length: 25 },
  (_, x) => 100 * Math.exp(0.02 * Math.min(x, 10) - 0.03 * Math.max(0, x - 10)),
);

/*
 * NOISY: R `round(100 * exp(0.03 * pmin(x, 9) - 0.05 * pmax(0, x - 9)) * (1 + ((x * 37) %% 7 - 3) / 100), 1)`, x = 0..19.
 * Reference by brute force in R 4.2.2: for tau in 2:17, lm(log(y) ~ x + pmax(0, x - tau)); the least SSE is at
 * tau = 9 (SSE 0.00764422149192752; no joinpoint: SSE 0.284583573676412). BIC0 = ln(SSE0/20) + 2·ln(20)/20 =
 * −3.95288735842044, BIC1 = ln(SSE1/20) + 4·ln(20)/20 = −7.27039109594775. CIs use vcov(lm)·(n − 3)/(n − 4)
 * (MSE on NCI's n − 2k − 2 df) and qt(0.975, 16); the AAPC over 0..19 uses qnorm(0.975).
 */
const NOISY = [
  97, 102, 107.2, 112.7, 110.5, 116.2, 122.1, 119.7, 125.9, 132.3, 128.3, 116.2, 112.7, 109.4, 99, 96.1, 93.2,
  90.4, 81.9, 79.5,
];

describe('joinpoint: hand-worked examples', () => {
  it('recovers the break and the exact APCs of a perfectly log-linear series', () => {
    const r = fitted(joinpoint(PERFECT, { maxJoinpoints: 2 }));
    expect(r.joinpoints).toEqual([10]);
    expect(r.segments.map((s) => [s.startIndex, s.endIndex])).toEqual([
      [0, 10],
      [10, 24],
    ]);
    // APC = 100·(e^b − 1): 100·(e^0.02 − 1) = 2.0201340026756, 100·(e^−0.03 − 1) = −2.9554466451492.
    expect(r.segments[0]?.apc).toBeCloseTo(2.0201340026756, 10);
    expect(r.segments[1]?.apc).toBeCloseTo(-2.9554466451492, 10);
    // An exact fit has a degenerate CI: the interval is the point.
    expect(r.segments[0]?.apcUpper).toBeCloseTo(r.segments[0]?.apc as number, 9);
    // AAPC over 0..24: weights 10 and 14 periods → b̄ = (10·0.02 + 14·(−0.03))/24 = −0.22/24.
    expect(r.aapc.aapc).toBeCloseTo(100 * Math.expm1(-0.22 / 24), 10);
    expect(r.aapc.distribution).toBe('normal');
    // BIC prefers 1 joinpoint: the 2-joinpoint fit is as exact but pays 2·ln(25)/25 more.
    expect(r.models[2]?.bic).toBeGreaterThan(r.models[1]?.bic as number);
    expect(r.fitted[24]).toBeCloseTo(PERFECT[24] as number, 9);
  });

  it('annualises a monthly percent change', () => {
    const r = fitted(joinpoint(PERFECT, { periodsPerYear: 12 }));
    // 100·(e^{12·0.02} − 1) = 27.124915032140
    expect(r.segments[0]?.annualised?.apc).toBeCloseTo(27.12491503214, 9);
    expect(r.aapc.annualised?.aapc).toBeCloseTo(100 * Math.expm1((12 * -0.22) / 24), 9);
  });

  it('zero joinpoints: the APC is the log-linear least-squares slope, CI on n − 2 df', () => {
    const y = [100, 110, 115, 130, 140];
    // x = 0..4 (x̄ = 2, Sxx = 10); b = Σ(x − 2)·ln y / 10.
    const ly = y.map(Math.log);
    const b = ly.reduce((acc, v, x) => acc + (x - 2) * v, 0) / 10;
    const a = ly.reduce((acc, v) => acc + v, 0) / 5 - 2 * b;
    const sse = ly.reduce((acc, v, x) => acc + (v - a - b * x) ** 2, 0);
    const se = Math.sqrt(sse / 3 / 10);
    const r = fitted(joinpoint(y, { maxJoinpoints: 0 }));
    expect(r.joinpoints).toEqual([]);
    expect(r.df).toBe(3);
    expect(r.segments[0]?.apc).toBeCloseTo(100 * Math.expm1(b), 10);
    expect(r.segments[0]?.apcLower).toBeCloseTo(100 * Math.expm1(b - qt(0.975, 3) * se), 10);
    // R: lm(log(y) ~ I(0:4)) → APC 8.76287369624826 (6.75784434357227, 10.8055596982301), p = 0.000730889048945444.
    expect(r.segments[0]?.apc).toBeCloseTo(8.76287369624826, 10);
    expect(r.segments[0]?.apcLower).toBeCloseTo(6.75784434357227, 10);
    expect(r.segments[0]?.apcUpper).toBeCloseTo(10.8055596982301, 10);
    expect(r.segments[0]?.pValue).toBeCloseTo(0.000730889048945444, 12);
    // One segment: the AAPC is the APC, with its t interval.
    expect(r.aapc.distribution).toBe('t');
    expect(r.aapc.aapc).toBeCloseTo(r.segments[0]?.apc as number, 12);
    expect(r.aapc.lower).toBeCloseTo(r.segments[0]?.apcLower as number, 12);
  });
});

describe('joinpoint: against a brute-force R fit', () => {
  it('finds the same joinpoint, SSE, BIC, APCs, CIs and AAPC', () => {
    const r = fitted(joinpoint(NOISY, { maxJoinpoints: 1 }));
    expect(r.joinpoints).toEqual([9]);
    expect(r.models[0]?.sse).toBeCloseTo(0.284583573676412, 12);
    expect(r.models[1]?.sse).toBeCloseTo(0.00764422149192752, 12);
    expect(r.models[0]?.bic).toBeCloseTo(-3.95288735842044, 10);
    expect(r.models[1]?.bic).toBeCloseTo(-7.27039109594775, 10);
    const [s1, s2] = r.segments;
    expect([s1?.apc, s1?.apcLower, s1?.apcUpper, s1?.pValue]).toEqual([
      expect.closeTo(3.17021461935512, 9),
      expect.closeTo(2.73150329033838, 9),
      expect.closeTo(3.61079944991756, 9),
      expect.closeTo(4.55171711328743e-11, 18),
    ]);
    expect([s2?.apc, s2?.apcLower, s2?.apcUpper]).toEqual([
      expect.closeTo(-4.91707130386463, 9),
      expect.closeTo(-5.27563785546415, 9),
      expect.closeTo(-4.55714744598174, 9),
    ]);
    expect([r.aapc.aapc, r.aapc.lower, r.aapc.upper]).toEqual([
      expect.closeTo(-1.1684741598884, 9),
      expect.closeTo(-1.33269181797238, 9),
      expect.closeTo(-1.00398318494066, 9),
    ]);
  });
});

describe('joinpoint: noisy monthly series, seeded', () => {
  const rnd = mulberry32(20240601);
  // 96 months: +1.5 %/month for 40 months, then −2 %/month; multiplicative noise of ±3 %.
  const series = Array.from(
    { length: 96 },
    (_, x) => 200 * Math.exp(0.015 * Math.min(x, 40) - 0.02 * Math.max(0, x - 40) + 0.03 * (rnd() - 0.5)),
  );

  it('BIC recovers the break within ±1 period', () => {
    const r = fitted(joinpoint(series, { maxJoinpoints: 2, periodsPerYear: 12 }));
    expect(r.joinpoints).toHaveLength(1);
    expect(Math.abs((r.joinpoints[0] as number) - 40)).toBeLessThanOrEqual(1);
    expect(r.segments[0]?.apc).toBeCloseTo(100 * Math.expm1(0.015), 0);
    expect(r.segments[0]?.apcLower).toBeLessThan(r.segments[0]?.apc as number);
  });

  it('the permutation test selects the same model and is deterministic given the seed', () => {
    const run = () =>
      fitted(
        joinpoint(series, {
          maxJoinpoints: 2,
          selection: 'permutation',
          permutations: 99,
          random: mulberry32(7),
        }),
      );
    const a = run();
    expect(a.method).toBe('permutation');
    expect(Math.abs((a.joinpoints[0] as number) - 40)).toBeLessThanOrEqual(1);
    expect(a.joinpoints).toHaveLength(1);
    // 0 vs 2 rejected at α/2 (p = 1/100, the smallest possible), then 1 vs 2 kept at α/1.
    expect(a.permutationTests?.map((t) => [t.nullJoinpoints, t.altJoinpoints, t.alpha, t.rejected])).toEqual([
      [0, 2, 0.025, true],
      [1, 2, 0.05, false],
    ]);
    expect(a.permutationTests?.[0]?.pValue).toBeCloseTo(0.01, 12);
    expect(run()).toEqual(a);
  });
});

describe('joinpoint: behaviour table', () => {
  it('keeps joinpoints ≥ 2 observations from either end and ≥ 2 apart (NCI defaults)', () => {
    // A break at index 1 cannot be placed (needs 2 observations before it).
    const y = Array.from({ length: 12 }, (_, x) => Math.exp(x <= 1 ? 0.5 * x : 0.5 - 0.1 * (x - 1)));
    const r = fitted(joinpoint(y, { maxJoinpoints: 2 }));
    for (const j of r.joinpoints) {
      expect(j).toBeGreaterThanOrEqual(2);
      expect(j).toBeLessThanOrEqual(12 - 3);
    }
    if (r.joinpoints.length === 2)
      expect((r.joinpoints[1] as number) - (r.joinpoints[0] as number)).toBeGreaterThanOrEqual(3);
  });

  it('nulls are left out, keeping the time axis', () => {
    const y: (number | null)[] = PERFECT.slice();
    y[3] = null;
    y[17] = null;
    const r = fitted(joinpoint(y));
    expect(r.n).toBe(23);
    expect(r.joinpoints).toEqual([10]);
    expect(r.segments[1]?.apc).toBeCloseTo(-2.9554466451492, 10);
    expect(r.fitted[3]).toBeNull();
  });

  it('zeros and short series give an explicit reason, not a trend', () => {
    const zero = joinpoint([5, 4, 0, 6, 7]);
    expect(zero).toEqual({ ok: false, reason: 'a log-linear trend needs positive values (index 2 is 0)' });
    expect(joinpoint([5, 6])).toEqual({ ok: false, reason: 'not enough history (needs 3 periods, has 2)' });
    // Too short for 2 joinpoints: the model falls back to what fits (n = 7 allows at most 1).
    const r = fitted(joinpoint([1, 2, 3, 4, 3, 2, 1], { maxJoinpoints: 2 }));
    expect(Object.keys(r.models)).toEqual(['0', '1']);
  });

  it('Poisson and standard-error weights leave an exact fit exact', () => {
    const poisson = fitted(joinpoint(PERFECT, { weighting: 'poisson' }));
    expect(poisson.joinpoints).toEqual([10]);
    expect(poisson.segments[0]?.apc).toBeCloseTo(2.0201340026756, 9);
    const se = fitted(joinpoint(PERFECT, { weighting: { standardErrors: PERFECT.map((v) => 0.05 * v) } }));
    expect(se.segments[1]?.apc).toBeCloseTo(-2.9554466451492, 9);
  });

  it('AAPC over a window inside one segment equals that APC, t-based', () => {
    const r = fitted(joinpoint(NOISY, { maxJoinpoints: 1, aapcRange: [12, 19] }));
    expect(r.aapc.distribution).toBe('t');
    expect(r.aapc.aapc).toBeCloseTo(r.segments[1]?.apc as number, 12);
    expect(r.aapc.upper).toBeCloseTo(r.segments[1]?.apcUpper as number, 12);
  });

  it('the permutation test needs a seeded generator', () => {
    expect(() => joinpoint(PERFECT, { selection: 'permutation' })).toThrow(/seeded `random`/);
  });
});
