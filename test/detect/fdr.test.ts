import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '../../src/detect/fdr.ts';

describe('benjaminiHochberg by hand', () => {
  it('adjusts five p-values step-up: p̃_(i) = min_{j ≥ i} m·p_(j)/j', () => {
    // m = 5, sorted ascending: 0.01, 0.04, 0.1, 0.2, 0.3
    // m·p/i: 5·0.01/1 = 0.05, 5·0.04/2 = 0.1, 5·0.1/3 = 0.166667, 5·0.2/4 = 0.25, 5·0.3/5 = 0.3
    // running minimum from the largest down changes nothing here (already increasing).
    const { adjusted, rejected } = benjaminiHochberg([0.3, 0.2, 0.1, 0.04, 0.01]);
    expect(adjusted.map((a) => Number(a?.toFixed(6)))).toEqual([0.3, 0.25, 0.166667, 0.1, 0.05]);
    // q = 0.05: only 0.01 (adjusted 0.05 ≤ 0.05; step-up: 0.01 ≤ 1·0.05/5 = 0.01)
    expect(rejected).toEqual([false, false, false, false, true]);
    // q = 0.1: 0.04 ≤ 2·0.1/5 = 0.04 → the two smallest
    expect(benjaminiHochberg([0.3, 0.2, 0.1, 0.04, 0.01], 0.1).rejected).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it('takes the running minimum: a larger p can lower a smaller one', () => {
    // sorted 0.02, 0.021, 0.022: m·p/i = 0.06, 0.0315, 0.022 → min from the top: 0.022, 0.022, 0.022
    const { adjusted, rejected } = benjaminiHochberg([0.022, 0.02, 0.021]);
    expect(adjusted.map((a) => Number(a?.toFixed(9)))).toEqual([0.022, 0.022, 0.022]);
    expect(rejected).toEqual([true, true, true]);
  });

  it('caps at 1 and passes nulls through, not rejected and not counted in m', () => {
    const { adjusted, rejected } = benjaminiHochberg([null, 0.9, 0.8, null]);
    // m = 2: 2·0.8/1 = 1.6, 2·0.9/2 = 0.9 → min(0.9, 1.6) = 0.9 for both
    expect(adjusted).toEqual([null, 0.9, 0.9, null]);
    expect(rejected).toEqual([false, false, false, false]);
  });

  it('leaves a single p-value unchanged (R: n ≤ 1) and an empty run empty', () => {
    expect(benjaminiHochberg([0.02, null])).toEqual({ adjusted: [0.02, null], rejected: [true, false] });
    expect(benjaminiHochberg([])).toEqual({ adjusted: [], rejected: [] });
  });

  it('rejects invalid input', () => {
    expect(() => benjaminiHochberg([0.1, 1.2])).toThrow('invalid p-value at index 1: 1.2');
    expect(() => benjaminiHochberg([Number.NaN])).toThrow('invalid p-value at index 0: NaN');
    expect(() => benjaminiHochberg([0.1], 0)).toThrow('invalid q: 0');
  });
});

describe('benjaminiHochberg against R p.adjust(method = "BH")', () => {
  // The expected values below were computed with R 4.x (stats::p.adjust) by
  //   Rscript -e 'p <- c(0.01, 0.04, 0.03, 0.005, 0.5, 0.04, NA, 0.2, 0.0001, 1, NA, 0.049); print(p.adjust(p, "BH"), digits = 17)'
  // and
  //   Rscript -e 'set.seed(1); q <- round(runif(20)^3, 6); cat(sprintf("%.17g", p.adjust(q, "BH")), sep = ", ")'
  // and pasted here as literals.
  it('matches R with ties and NA (NA excluded from n)', () => {
    const p = [0.01, 0.04, 0.03, 0.005, 0.5, 0.04, null, 0.2, 0.0001, 1, null, 0.049];
    const r = [
      0.033333333333333333,
      0.066666666666666666,
      0.066666666666666666,
      0.025000000000000001,
      0.55555555555555558,
      0.066666666666666666,
      null,
      0.25,
      0.001,
      1,
      null,
      0.070000000000000007,
    ];
    const { adjusted, rejected } = benjaminiHochberg(p);
    adjusted.forEach((a, i) => {
      const ref = r[i] ?? null;
      if (ref === null) expect(a).toBeNull();
      else expect(a).toBeCloseTo(ref, 14);
    });
    expect(rejected).toEqual(r.map((x) => x !== null && x <= 0.05));
  });

  it('matches R on 20 random p-values', () => {
    const p = [
      0.018717, 0.05153, 0.187988, 0.749127, 0.008204, 0.725094, 0.843039, 0.28854, 0.248994, 0.000236,
      0.008739, 0.005504, 0.324275, 0.056669, 0.456251, 0.123282, 0.369557, 0.975914, 0.054887, 0.469904,
    ];
    const r = [
      0.074868000000000004, 0.14167249999999998, 0.37597599999999998, 0.83236333333333334,
      0.043694999999999998, 0.83236333333333334, 0.88740947368421041, 0.48090000000000005,
      0.45271636363636358, 0.0047200000000000002, 0.043694999999999998, 0.043694999999999998,
      0.49888461538461537, 0.14167249999999998, 0.58738000000000001, 0.27396000000000004, 0.52793857142857148,
      0.97591399999999995, 0.14167249999999998, 0.58738000000000001,
    ];
    const { adjusted, rejected } = benjaminiHochberg(p, 0.05);
    adjusted.forEach((a, i) => {
      expect(a).toBeCloseTo(r[i] as number, 14);
    });
    expect(rejected.filter(Boolean)).toHaveLength(4);
  });
});
