import { describe, expect, it } from 'vitest';
import { glmFit, glmNb } from '../../src/detect/glm.ts';
import { glrnb, glrnbRun } from '../../src/detect/glrnb.ts';

const { log } = Math;
const mu2 = (n: number) => Array(n).fill(2);

describe('glrnb by hand: Poisson (alpha = 0), mu0 = 2, c.ARL = 5', () => {
  // l_{n,k} = κ̂·Σx + (1 − e^κ̂)·Σmu0 over t = k..n, κ̂ = max(0, log(Σx/Σmu0)); GLR_n = max_k l_{n,k}.
  const x = [2, 6, 7, 2];

  it('computes every l_{n,k} and alarms at the first GLR ≥ 5, then restarts', () => {
    const points = glrnb(x, { mu0: mu2(4), alpha: 0 });
    // n = 0: Σx = 2 = Σmu0 → κ̂ = 0 → 0
    expect(points[0]?.score).toBe(0);
    // n = 1: k = 1: 6·log 3 − 2·2 = 2.591674; k = 0: 8·log 2 − 1·4 = 1.545177 → 2.591674
    expect(points[1]?.score).toBeCloseTo(6 * log(3) - 4, 12);
    // n = 2: k = 2: 7·log 3.5 − 2.5·2 = 3.769274; k = 1: 13·log 3.25 − 2.25·4 = 6.322436;
    //        k = 0: 15·log 2.5 − 1.5·6 = 4.744361 → 6.322436 ≥ 5: alarm
    expect(points[2]?.score).toBeCloseTo(13 * log(3.25) - 9, 12);
    expect(points[2]?.alarm).toBe(true);
    // n = 3: the chart restarted after the alarm, only x_3 = 2 counts: κ̂ = 0 → 0
    expect(points[3]).toMatchObject({ score: 0, alarm: false, expected: 2, threshold: null, reason: null });
  });

  it("ret 'cases': the smallest x_n that would alarm", () => {
    // n = 2, with s = 6 + x_2 the k = 1 term is s·log(s/4) − s + 4 (the largest for these x):
    //   x_2 = 5: s = 11 → 11·log 2.75 − 7 = 4.128 < 5;  x_2 = 6: s = 12 → 12·log 3 − 8 = 5.183 ≥ 5
    // (k = 2: 6·log 3 − 4 = 2.59; k = 0: 14·log(14/6) − 8 = 3.86 — smaller), so 6 cases.
    const points = glrnb(x, { mu0: mu2(4), alpha: 0, ret: 'cases' });
    expect(points[2]?.threshold).toBe(6);
    // n = 0 with nothing before: x·log(x/2) − x + 2 ≥ 5 first at x = 8 (7: 3.77, 8: 5.09)
    expect(points[0]?.threshold).toBe(8);
  });
});

describe('glrnb by hand: negative binomial, alpha = 0.5, mu0 = 2', () => {
  // l_{n,k}(κ) = Σ κ·x_t + (x_t + 1/α)·log((1 + α·mu0)/(1 + α·mu0·e^κ)). With a constant mu0 the score
  // Σ (x_t − e^κ·mu0)/(1 + α·e^κ·mu0) vanishes at e^κ̂ = mean(x)/mu0, so the MLE is closed-form here.
  const l = (sumx: number, len: number) => {
    const e = sumx / len / 2;
    return log(e) * sumx + (sumx + len / 0.5) * log((1 + 0.5 * 2) / (1 + 0.5 * 2 * e));
  };

  it('is smaller than the Poisson GLR: overdispersion discounts the same excess', () => {
    const points = glrnb([2, 6, 7], { mu0: mu2(3), alpha: 0.5 });
    // n = 1: k = 1: 6·log 3 + 8·log(2/4) = 1.046496; k = 0: 8·log 2 + 12·log(2/3) = 0.679 → 1.046496
    expect(points[1]?.score).toBeCloseTo(6 * log(3) + 8 * log(0.5), 6);
    expect(points[1]?.score).toBeCloseTo(l(6, 1), 6);
    // n = 2: k = 2: l(7, 1) = 1.4709; k = 1: l(13, 2) = 13·log 3.25 + 17·log(2/4.25) = 2.508394; k = 0: l(15, 3) = 1.992429
    expect(points[2]?.score).toBeCloseTo(Math.max(l(7, 1), l(13, 2), l(15, 3)), 6);
    expect(points[2]?.score).toBeCloseTo(2.508394, 6);
    expect(points[2]?.alarm).toBe(false);
  });

  it("ret 'cases' for NB: alarms at the threshold, not one below; an observed 0 still gets a count", () => {
    const x = [2, 0, 3, 9, 1];
    const points = glrnb(x, { mu0: Array(5).fill(2), alpha: 0.5, ret: 'cases', cARL: 3 });
    for (const p of points) {
      const c = p.threshold as number;
      expect(Number.isFinite(c)).toBe(true);
      const at = (v: number) => {
        const y = x.slice(0, p.index + 1);
        y[p.index] = v;
        return glrnb(y, { mu0: Array(y.length).fill(2), alpha: 0.5, cARL: 3 })[p.index]?.alarm;
      };
      // Only meaningful while no earlier alarm restarted the chart: the first alarm is at index 3.
      if (p.index <= 3) {
        expect(at(c)).toBe(true);
        if (c > 0) expect(at(c - 1)).toBe(false);
      }
    }
    expect(points[1]?.observed).toBe(0);
  });
});

describe("glrnb κ̂ search: R's Newton diverges when mu0 is tiny next to the count", () => {
  // One observation x = 3 with mu0 = 1e-5, alpha = 0.5: the score vanishes at e^κ̂ = x/mu0 = 3e5, so
  // l = 3·log(3e5) + (3 + 2)·log((1 + 0.5e-5)/(1 + 0.5·3)) = 37.833 − 4.581 = 33.25 — a huge excess.
  // R's first Newton step from κ = 0.5 is score/(e^κ·fisher) ≈ 3/(1.65 × 2.5e-5) ≈ 72,700: e^κ overflows,
  // κ becomes NaN, C's fmax(0, NaN) = 0, and R reports GLR 0.
  const expected = 3 * log(3e5) + 5 * log((1 + 0.5e-5) / 2.5);

  it("default 'safeguarded': the root of the score, so the true statistic and an alarm", () => {
    const [p] = glrnb([3], { mu0: [1e-5], alpha: 0.5 });
    expect(p?.score).toBeCloseTo(expected, 8);
    expect(p?.alarm).toBe(true);
  });

  it("newton 'r' reproduces R: 0 and no alarm", () => {
    expect(glrnb([3], { mu0: [1e-5], alpha: 0.5, newton: 'r' })[0]).toMatchObject({ score: 0, alarm: false });
  });

  it('both agree whenever the iteration converges', () => {
    const x = [3, 5, 2, 8, 9, 4];
    const mu0 = [3, 3.5, 4, 4, 3.5, 3];
    const a = glrnb(x, { mu0, alpha: 0.3 }).map((p) => p.score);
    const b = glrnb(x, { mu0, alpha: 0.3, newton: 'r' }).map((p) => p.score);
    expect(a).toEqual(b);
  });
});

describe('glrnb censored values and history', () => {
  it('a null period is left out of the sums: same statistics as the series without it', () => {
    const withGap = glrnb([2, null, 6, 7], { mu0: mu2(4), alpha: 0 });
    const without = glrnb([2, 6, 7], { mu0: mu2(3), alpha: 0 });
    expect(withGap[1]).toMatchObject({
      observed: null,
      score: null,
      alarm: null,
      reason: 'value suppressed or missing',
    });
    expect([withGap[0]?.score, withGap[2]?.score, withGap[3]?.score]).toEqual(without.map((p) => p.score));
  });

  it('periods before start, and a baseline too short for the GLM, say so', () => {
    const points = glrnb([3, 4, 5, 6], { start: 2, mu0: { period: 52 } });
    expect(points.map((p) => p.reason)).toEqual([
      'not enough history (needs 2 periods, has 0)',
      'not enough history (needs 2 periods, has 1)',
      'not enough history (needs 4 periods, has 2)',
      'not enough history (needs 4 periods, has 2)',
    ]);
    expect(points.every((p) => p.alarm === null)).toBe(true);
  });

  it('Mtilde = 2: the first period after a (re)start has no verdict', () => {
    const points = glrnb([2, 9, 9, 2], { mu0: mu2(4), alpha: 0.2, Mtilde: 2, cARL: 2 });
    expect(points[0]?.reason).toBe('not enough history (needs 2 periods since the chart started, has 1)');
    expect(points[1]?.alarm).toBe(true);
    expect(points[2]?.alarm).toBeNull();
  });
});

describe('glrnb in-control estimation (R estimateGLRNbHook)', () => {
  it('Poisson GLM on two full years of a constant count: mu0 is that count', () => {
    const r = glrnbRun([...Array(104).fill(7), 7, 20], { start: 104, mu0: { period: 52 }, alpha: 0 });
    expect(r.mu0[104]).toBeCloseTo(7, 8);
    expect(r.points[104]).toMatchObject({ baselineStart: 0, baselineEnd: 103 });
  });

  it('glm.nb: theta by maximum likelihood; the intercept-only fit has mu = mean(y)', () => {
    // An intercept-only NB GLM has μ̂ = ȳ whatever θ; θ̂ solves the profile score.
    const y = [0, 3, 1, 8, 2, 0, 5, 12, 1, 4];
    const X = y.map(() => [1]);
    const nb = glmNb(X, y);
    expect(nb?.mu[0]).toBeCloseTo(3.6, 7);
    // θ̂ solves Σ ψ(θ + y) − ψ(θ) + log θ + 1 − log(θ + μ) − (y + θ)/(μ + θ) = 0; R 4.x
    //   Rscript -e 'y <- c(0, 3, 1, 8, 2, 0, 5, 12, 1, 4); print(MASS::glm.nb(y ~ 1)$theta, digits = 15)'
    // prints 1.11104486168846.
    expect(nb?.theta).toBeCloseTo(1.11104486168846, 6);
    const pois = glmFit(X, y, { kind: 'poisson' });
    expect(pois?.mu[0]).toBeCloseTo(3.6, 8);
  });
});

describe('glrnb options', () => {
  it.each([
    [{ mu0: mu2(3), alpha: 'estimate' as const }, "alpha 'estimate' needs an estimated mu0"],
    [{ mu0: { period: 12 } }, 'start is required when mu0 is estimated'],
    [{ mu0: [2, 0, 2] }, 'invalid mu0 at index 1: 0'],
    [{ mu0: mu2(3), change: 'epi' as never }, "unsupported change: epi (only 'intercept' is implemented)"],
    [
      { mu0: mu2(3), ret: 'cases' as const, dir: 'dec' as const },
      "ret 'cases' is implemented for dir 'inc' only",
    ],
    [{ mu0: mu2(3), M: 0 }, 'invalid M: 0'],
  ])('rejects %o', (opts, message) => {
    expect(() => glrnb([1, 2, 3], opts)).toThrow(message);
  });

  it('rejects non-integer counts (R would truncate them silently)', () => {
    expect(() => glrnb([1.5], { mu0: [1] })).toThrow('invalid value at index 0: 1.5');
  });
});
