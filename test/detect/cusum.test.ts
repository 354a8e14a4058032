import { describe, expect, it } from 'vitest';
import { cusum } from '../../src/detect/cusum.ts';

const pick = (points: ReturnType<typeof cusum>, key: 'score' | 'threshold' | 'alarm') =>
  points.map((p) => p[key]);

describe('cusum by hand (standard transform, m = 4, k = 0.5, h = 2)', () => {
  // z_t = (x − 4)/√4 = (x − 4)/2; C_t = max(0, C_{t−1} + z_t − 0.5); alarm C_t ≥ 2.
  // threshold_t = ceil(√4·(h + k − C_{t−1}) + 4) = ceil(2·(2.5 − C_{t−1}) + 4)
  const x = [4, 6, 8, 3, 10, 4];
  const opts = { m: 4, k: 0.5, h: 2 };

  it('with reset (default): the sum restarts at 0 after each alarm', () => {
    // t0: z = 0    C = max(0, 0 + 0 − 0.5) = 0      threshold ceil(2·2.5 + 4) = 9
    // t1: z = 1    C = 0 + 1 − 0.5 = 0.5            threshold 9
    // t2: z = 2    C = 0.5 + 2 − 0.5 = 2 ≥ 2 alarm  threshold ceil(2·(2.5 − 0.5) + 4) = 8 (x = 8 ≥ 8)
    // t3: reset;   z = −0.5 → C = 0                 threshold 9
    // t4: z = 3    C = 2.5 alarm                    threshold 9
    // t5: reset;   z = 0 → C = 0                    threshold 9
    const points = cusum(x, opts);
    expect(pick(points, 'score')).toEqual([0, 0.5, 2, 0, 2.5, 0]);
    expect(pick(points, 'alarm')).toEqual([false, false, true, false, true, false]);
    expect(pick(points, 'threshold')).toEqual([9, 9, 8, 9, 9, 9]);
    expect(points[2]).toMatchObject({ expected: 4, baselineStart: null, baselineEnd: null, reason: null });
  });

  it('without reset (R algo.cusum): the sum stays high and keeps alarming', () => {
    // t3: C = max(0, 2 − 0.5 − 0.5) = 1     threshold ceil(2·(2.5 − 2) + 4) = 5
    // t4: C = 1 + 3 − 0.5 = 3.5 alarm        threshold ceil(2·(2.5 − 1) + 4) = 7
    // t5: C = 3.5 + 0 − 0.5 = 3 alarm        threshold ceil(2·(2.5 − 3.5) + 4) = 2
    const points = cusum(x, { ...opts, reset: false });
    expect(pick(points, 'score')).toEqual([0, 0.5, 2, 1, 3.5, 3]);
    expect(pick(points, 'alarm')).toEqual([false, false, true, false, true, true]);
    expect(pick(points, 'threshold')).toEqual([9, 9, 8, 5, 7, 2]);
  });

  it('alarm ⇔ x ≥ threshold for integer counts', () => {
    for (const p of cusum([5, 7, 9, 2, 4, 11, 6, 3], { ...opts, reset: false })) {
      expect(p.alarm).toBe((p.observed as number) >= (p.threshold as number));
    }
  });
});

describe('cusum by hand (Rossi transform)', () => {
  it('z = (x − 3m + 2√(xm)) / (2√m) and its back-transformed threshold', () => {
    // m = 4, x = 9: z = (9 − 12 + 2·√36)/(2·2) = 9/4 = 2.25; C = 2.25 − 0.5 = 1.75 < 2
    // threshold (C_{t−1} = 0, u = h + k = 2.5): 5m + 2√m·u − 2√(4m² + 2m^{3/2}·u)
    //   = 20 + 10 − 2√(64 + 40) = 30 − 2√104 = 9.603921…; at x = 9.6039, z = 2.5 and C = h exactly.
    const [p] = cusum([9], { m: 4, k: 0.5, h: 2, trans: 'rossi' });
    expect(p?.score).toBeCloseTo(1.75, 12);
    expect(p?.threshold).toBeCloseTo(30 - 2 * Math.sqrt(104), 12);
    expect(p?.alarm).toBe(false);
    const [q] = cusum([10], { m: 4, k: 0.5, h: 2, trans: 'rossi' });
    expect(q?.alarm).toBe(true);
  });
});

describe('cusum in-control mean from the baseline', () => {
  it("'mean' is the mean of every period before start; a null there is left out, not zero", () => {
    // baseline 2, null, 6 → m = (2 + 6)/2 = 4 (not 8/3)
    const points = cusum([2, null, 6, 4, 8], { start: 3, k: 0.5, h: 2 });
    expect(points[3]).toMatchObject({ expected: 4, baselineStart: 0, baselineEnd: 2, score: 0 });
    // t4: z = (8 − 4)/2 = 2 → C = 1.5
    expect(points[4]?.score).toBe(1.5);
    expect(points.slice(0, 3).map((p) => p.reason)).toEqual([
      'not enough history (needs 3 periods, has 0)',
      'value suppressed or missing',
      'not enough history (needs 3 periods, has 2)',
    ]);
  });

  it("'glm' on two full years of a constant count gives that count (harmonic terms vanish)", () => {
    const points = cusum([...Array(24).fill(5), 5, 9], { start: 24, m: 'glm', period: 12 });
    expect(points[24]?.expected).toBeCloseTo(5, 8);
    expect(points[25]?.expected).toBeCloseTo(5, 8);
  });

  it('a baseline with no observed value gives an explicit reason, never a verdict', () => {
    const points = cusum([null, null, 3], { start: 2 });
    expect(points[2]).toMatchObject({ alarm: null, reason: 'not enough history (needs 1 periods, has 0)' });
  });

  it('an all-zero baseline has m = 0: no verdict (the standardisation divides by √m)', () => {
    const points = cusum([0, 0, 0, 1], { start: 3 });
    expect(points[3]).toMatchObject({ alarm: null, expected: 0 });
    expect(points[3]?.reason).toContain('is not > 0');
  });
});

describe('cusum and censored values', () => {
  it('a null period leaves the sum unchanged, gets no verdict, and keeps its threshold', () => {
    // m = 4, k = 0.5, h = 2: t0 x = 6 → C = 0.5; t1 null → C stays 0.5; t2 x = 7 → C = 0.5 + 1.5 − 0.5 = 1.5
    const points = cusum([6, null, 7], { m: 4, k: 0.5, h: 2 });
    expect(points[1]).toMatchObject({ observed: null, score: null, alarm: null, threshold: 8 });
    expect(points[1]?.reason).toBe('value suppressed or missing');
    expect(points[2]?.score).toBe(1.5);
  });
});

describe('cusum options', () => {
  it.each([
    [{ trans: 'anscombeNegBin' as never, m: 1 }, 'invalid trans: anscombeNegBin'],
    [{}, "start is required when m is 'mean'"],
    [{ m: 'glm' as const, start: 2 }, "m 'glm' needs period"],
    [{ m: 1, h: 0 }, 'invalid h: 0'],
    [{ m: [1, 2] }, 'm has 2 values, the series 3'],
  ])('rejects %o', (opts, message) => {
    expect(() => cusum([1, 2, 3], opts)).toThrow(message);
  });

  it('rejects negative or non-finite counts', () => {
    expect(() => cusum([1, -1], { m: 1 })).toThrow('invalid value at index 1: -1');
  });
});
