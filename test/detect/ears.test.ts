import { describe, expect, it } from 'vitest';
import { type EarsOptions, earsC1, earsC2, earsC3 } from '../../src/detect/ears.ts';
import type { DetectionPoint, SeriesValue } from '../../src/detect/types.ts';

/** The worked baseline of the brief: 10, 12, 11, 13, 12, 11, 10. */
const BASE = [10, 12, 11, 13, 12, 11, 10];
// Σx = 79, mean = 79/7 = 11.285714…
// Σx² = 100 + 144 + 121 + 169 + 144 + 121 + 100 = 899
// Σ(x − mean)² = 899 − 79²/7 = 899 − 891.571428… = 52/7 = 7.428571…
// sample variance = (52/7) / 6 = 26/21 = 1.238095…, sd = √(26/21) = 1.112697…
const MEAN = 79 / 7;
const SD = Math.sqrt(26 / 21);
const THRESHOLD = MEAN + 3 * SD; // 11.285714 + 3 × 1.112697 = 14.623806…

/** A period-7 pattern whose every 7-period window is {9,9,9,10,11,11,11}: mean 10, sd exactly 1. */
const P7 = [9, 11, 9, 11, 9, 11, 10];
// Σ(x − 10)² = 1+1+1+1+1+1+0 = 6; variance 6/6 = 1.
const patterned = (n: number) => Array.from({ length: n }, (_, i) => P7[i % 7] as number);

const last = (points: DetectionPoint[]): DetectionPoint => {
  const p = points.at(-1);
  if (!p) throw new Error('no points');
  return p;
};

describe('earsC1 by hand', () => {
  it('computes mean, sample SD (n − 1), threshold and score of the 7 previous periods', () => {
    expect(MEAN).toBeCloseTo(11.285714, 6);
    expect(SD).toBeCloseTo(1.112697, 6);
    expect(THRESHOLD).toBeCloseTo(14.623806, 6);

    const p = last(earsC1([...BASE, 15]));
    expect(p.index).toBe(7);
    expect(p.expected).toBeCloseTo(11.285714, 6);
    expect(p.threshold).toBeCloseTo(14.623806, 6);
    // score = (15 − 11.285714) / 1.112697 = 3.714286 / 1.112697 = 3.338092
    expect(p.score).toBeCloseTo(3.338092, 6);
    expect(p.alarm).toBe(true);
    expect([p.baselineStart, p.baselineEnd, p.reason]).toEqual([0, 6, null]);
  });

  it('does not alarm below the threshold', () => {
    const p = last(earsC1([...BASE, 14]));
    // (14 − 11.285714) / 1.112697 = 2.439400
    expect(p.score).toBeCloseTo(2.4394, 4);
    expect(p.alarm).toBe(false);
  });

  it('alarms strictly above mean + 3·sd: exactly on the threshold is no alarm', () => {
    // mean 10, sd 1 → threshold 13
    expect(last(earsC1([...P7, 13]))).toMatchObject({ expected: 10, threshold: 13, score: 3, alarm: false });
    expect(last(earsC1([...P7, 13.01]))).toMatchObject({ alarm: true });
  });

  it('slides the window: each period uses t-7..t-1', () => {
    const points = earsC1([...BASE, 15, 11]);
    // t = 8: window 1..8 = 12, 11, 13, 12, 11, 10, 15 → Σ 84, mean 12, Σ(x−12)² = 0+1+1+0+1+4+9 = 16,
    // variance 16/6, sd 1.632993; score (11 − 12)/1.632993 = −0.612372
    expect(points[8]).toMatchObject({ baselineStart: 1, baselineEnd: 7, expected: 12, alarm: false });
    expect(points[8]?.score).toBeCloseTo(-0.612372, 6);
  });
});

describe('earsC2 by hand', () => {
  it('skips a 2-period guard band: baseline t-9..t-3', () => {
    // Two high periods right before t inflate C1's baseline but not C2's.
    const values = [...BASE, 30, 30, 15];
    const c1 = last(earsC1(values));
    const c2 = last(earsC2(values));
    // C1 at t = 9: window 2..8 = 11, 13, 12, 11, 10, 30, 30 → mean 16.714286, no alarm
    expect(c1.expected).toBeCloseTo(117 / 7, 6);
    expect(c1.alarm).toBe(false);
    // C2 at t = 9: window 0..6 = BASE → threshold 14.623806 < 15
    expect(c2).toMatchObject({ baselineStart: 0, baselineEnd: 6, alarm: true, reason: null });
    expect(c2.threshold).toBeCloseTo(THRESHOLD, 9);
    expect(c2.score).toBeCloseTo(3.338092, 6);
  });

  it('needs 9 earlier periods before its first verdict', () => {
    const points = earsC2([...BASE, 11, 11, 15]);
    expect(points.map((p) => p.alarm)).toEqual([null, null, null, null, null, null, null, null, null, true]);
    expect(points[8]?.reason).toBe('not enough history (needs 7 periods, has 6)');
  });
});

describe('earsC3 by hand: CDC C3 = Σ_{i=t-2..t} max(0, C2_i − 1), alarm when > 2', () => {
  // Indices 0..10 follow P7, so the C2 windows of t = 11, 12, 13 (2..8, 3..9, 4..10) all have mean 10, sd 1.
  // Then 11.5, 12, 12.25: C2 = 1.5, 2, 2.25, never above 3, so C2 never alarms.
  const values = [...patterned(11), 11.5, 12, 12.25];

  it('accumulates over three periods and alarms in C3 but not in C2', () => {
    const c3 = earsC3(values);
    // t = 11: C2_9 = (9 − 10)/1 = −1 → 0; C2_10 = (11 − 10)/1 = 1 → 0; C2_11 = 1.5 → 0.5;  C3 = 0.5
    // t = 12: 0 + 0.5 + (2 − 1) = 1.5
    // t = 13: 0.5 + 1 + (2.25 − 1) = 2.75 > 2
    expect(c3.slice(11).map((p) => [p.score, p.alarm])).toEqual([
      [0.5, false],
      [1.5, false],
      [2.75, true],
    ]);
    expect(earsC2(values).map((p) => p.alarm)).not.toContain(true);
    expect(earsC2(values)[13]?.score).toBe(2.25);
  });

  it('reports expected = C2 mean and threshold = the x_t that makes C3 exactly h', () => {
    const c3 = earsC3(values);
    // x* = mean + sigma·(1 + h − previous terms):
    // t = 11: previous 0 + 0 → 10 + 1·(1 + 2 − 0) = 13
    // t = 12: previous 0 + 0.5 → 10 + 1·(1 + 1.5) = 12.5
    // t = 13: previous 0.5 + 1 → 10 + 1·(1 + 0.5) = 11.5
    expect(c3.slice(11).map((p) => [p.expected, p.threshold])).toEqual([
      [10, 13],
      [10, 12.5],
      [10, 11.5],
    ]);
    // and at x_13 = 11.5 exactly, C3 = 0.5 + 1 + 0.5 = 2: no alarm
    expect(earsC3([...patterned(11), 11.5, 12, 11.5])[13]).toMatchObject({ score: 2, alarm: false });
    // the baseline periods behind C3 at t: t-11..t-3 (the windows of C2 at t-2, t-1 and t)
    expect(c3[13]).toMatchObject({ baselineStart: 2, baselineEnd: 10 });
  });

  it('caps the threshold at mean + sigma when earlier periods alone exceed h', () => {
    // t = 13: previous = (12.5 − 10 − 1) + (12 − 10 − 1) = 1.5 + 1 = 2.5 > 2, so it alarms whatever x_13 is.
    const p = earsC3([...patterned(11), 12.5, 12, 9])[13];
    expect(p).toMatchObject({ observed: 9, score: 2.5, alarm: true, threshold: 11 });
  });

  it('first verdict at index 11: C2 at t-2 needs its own 9 earlier periods', () => {
    const c3 = earsC3(values);
    expect(c3.findIndex((p) => p.alarm !== null)).toBe(11);
    expect(c3[9]?.reason).toBe('not enough history for C2 at t-2 (needs 7 periods, has 5)');
    expect(c3[10]?.reason).toBe('not enough history for C2 at t-2 (needs 7 periods, has 6)');
    expect(c3[8]?.reason).toBe('not enough history (needs 7 periods, has 6)');
  });
});

type Row = [
  name: string,
  values: SeriesValue[],
  opts: EarsOptions | undefined,
  expected: Partial<DetectionPoint>,
];

describe('earsC1 edge cases (input → last point)', () => {
  const rows: Row[] = [
    [
      'a single value',
      [5],
      undefined,
      { alarm: null, expected: null, reason: 'not enough history (needs 7 periods, has 0)' },
    ],
    [
      'six periods of history',
      [1, 2, 3, 4, 5, 6, 7],
      undefined,
      { alarm: null, threshold: null, reason: 'not enough history (needs 7 periods, has 6)' },
    ],
    [
      'all-zero baseline, zero observed',
      [0, 0, 0, 0, 0, 0, 0, 0],
      undefined,
      { expected: 0, threshold: 0, score: null, alarm: false, reason: 'zero variance baseline' },
    ],
    [
      'all-zero baseline, one death',
      [0, 0, 0, 0, 0, 0, 0, 1],
      undefined,
      { expected: 0, threshold: 0, score: null, alarm: true, reason: 'zero variance baseline' },
    ],
    [
      'all-zero baseline with minSigma 1, x = 3',
      [0, 0, 0, 0, 0, 0, 0, 3],
      { minSigma: 1 },
      { threshold: 3, score: 3, alarm: false, reason: null },
    ],
    [
      'all-zero baseline with minSigma 1, x = 4',
      [0, 0, 0, 0, 0, 0, 0, 4],
      { minSigma: 1 },
      { threshold: 3, score: 4, alarm: true, reason: null },
    ],
    [
      'all-equal baseline, same value',
      [5, 5, 5, 5, 5, 5, 5, 5],
      undefined,
      { expected: 5, threshold: 5, score: null, alarm: false, reason: 'zero variance baseline' },
    ],
    [
      'all-equal baseline, one more',
      [5, 5, 5, 5, 5, 5, 5, 6],
      undefined,
      { expected: 5, score: null, alarm: true, reason: 'zero variance baseline' },
    ],
    [
      'all-equal baseline, one less',
      [5, 5, 5, 5, 5, 5, 5, 4],
      undefined,
      { score: null, alarm: false, reason: 'zero variance baseline' },
    ],
    [
      'constant non-integer baseline (rounding is not variance)',
      [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2],
      undefined,
      { score: null, alarm: true, reason: 'zero variance baseline' },
    ],
    [
      'null inside the baseline is skipped, not zero',
      [10, 12, null, 13, 12, 11, 10, 15],
      undefined,
      {
        alarm: null,
        expected: null,
        threshold: null,
        baselineStart: null,
        reason: 'not enough history (needs 7 periods, has 6)',
      },
    ],
    [
      'null observed keeps expected and threshold',
      [...BASE, null],
      undefined,
      {
        observed: null,
        alarm: null,
        score: null,
        expected: MEAN,
        baselineStart: 0,
        baselineEnd: 6,
        reason: 'value suppressed or missing',
      },
    ],
    [
      'null observed without history',
      [1, null],
      undefined,
      { alarm: null, expected: null, reason: 'value suppressed or missing' },
    ],
    [
      'baseline 3: mean 2, sd 1, threshold 5',
      [1, 2, 3, 10],
      { baseline: 3 },
      { expected: 2, threshold: 5, score: 8, alarm: true },
    ],
    ['z 2 lowers the threshold', [...BASE, 14], { z: 2 }, { alarm: true }],
    [
      'negative increments are ordinary values',
      [-3, -1, -3, -1, -3, -1, -2, 1],
      undefined,
      { expected: -2, threshold: 1, score: 3, alarm: false },
    ],
  ];
  it.each(rows)('%s', (_name, values, opts, expected) => {
    const points = earsC1(values, opts);
    expect(points).toHaveLength(values.length);
    expect(last(points)).toMatchObject(expected);
  });

  it('an empty series gives no points', () => {
    expect(earsC1([])).toEqual([]);
    expect(earsC2([])).toEqual([]);
    expect(earsC3([])).toEqual([]);
  });

  it('threshold for a null observed equals the hand value', () => {
    expect(last(earsC1([...BASE, null])).threshold).toBeCloseTo(THRESHOLD, 9);
  });
});

describe('earsC3 edge cases (input → point at index 13)', () => {
  const rows: Row[] = [
    [
      'suppressed value at t-2',
      [...patterned(11), null, 12, 12.25],
      undefined,
      {
        alarm: null,
        score: null,
        expected: 10,
        threshold: null,
        reason: 'C3 needs C2 at t-2: value suppressed or missing',
      },
    ],
    [
      'suppressed value at t-1',
      [...patterned(11), 11.5, null, 12.25],
      undefined,
      { alarm: null, reason: 'C3 needs C2 at t-1: value suppressed or missing' },
    ],
    [
      'suppressed value at t keeps expected and threshold',
      [...patterned(11), 11.5, 12, null],
      undefined,
      { alarm: null, expected: 10, threshold: 11.5, reason: 'value suppressed or missing' },
    ],
    [
      'null outside every window changes nothing',
      [null, ...patterned(11).slice(1), 11.5, 12, 12.25],
      undefined,
      { score: 2.75, alarm: true },
    ],
    [
      'null inside the baseline of t (window 4..10)',
      [...patterned(5), null, ...patterned(14).slice(6)],
      undefined,
      { alarm: null, expected: null, reason: 'not enough history (needs 7 periods, has 6)' },
    ],
    [
      'all-equal baseline, no rise',
      Array(14).fill(5),
      undefined,
      { score: null, alarm: false, expected: 5, threshold: 5, reason: 'zero variance baseline' },
    ],
    [
      'all-equal baseline, rise at t',
      [...Array(13).fill(5), 6],
      undefined,
      { score: null, alarm: true, reason: 'zero variance baseline' },
    ],
    [
      'all-equal baseline, rise at t-2 only',
      [...Array(11).fill(5), 6, 5, 5],
      undefined,
      { score: null, alarm: true, reason: 'zero variance baseline' },
    ],
    [
      'zeros with minSigma 1 accumulate like sd 1',
      [...Array(11).fill(0), 1.5, 2, 2.25],
      { minSigma: 1 },
      { score: 2.75, alarm: true, threshold: 1.5 },
    ],
    [
      'h 3 raises the bar',
      [...patterned(11), 11.5, 12, 12.25],
      { h: 3 },
      { score: 2.75, alarm: false, threshold: 12.5 },
    ],
  ];
  it.each(rows)('%s', (_name, values, opts, expected) => {
    const points = earsC3(values, opts);
    expect(points).toHaveLength(values.length);
    expect(points[13]).toMatchObject(expected);
  });
});

describe('shape of the output', () => {
  // A fixed irregular series with a suppressed value and a jump.
  const series: SeriesValue[] = [
    12,
    15,
    null,
    14,
    13,
    16,
    12,
    14,
    11,
    13,
    15,
    12,
    14,
    30,
    16,
    13,
    12,
    15,
    14,
    13,
  ];

  it.each([
    ['C1', earsC1],
    ['C2', earsC2],
    ['C3', earsC3],
  ] as const)('%s returns one point per input index, in order', (_name, detector) => {
    const points = detector(series);
    expect(points.map((p) => p.index)).toEqual(series.map((_, i) => i));
    expect(points.map((p) => p.observed)).toEqual(series);
  });

  it.each([
    ['C1', earsC1],
    ['C2', earsC2],
  ] as const)('%s: alarm ⇔ observed > threshold, score = (x − expected)/sigma', (_name, detector) => {
    const verdicts = detector(series).filter((p) => p.alarm !== null);
    expect(verdicts.length).toBeGreaterThan(0);
    for (const p of verdicts) {
      expect(p.alarm).toBe((p.observed ?? Number.NaN) > (p.threshold ?? Number.NaN));
      const sigma = ((p.threshold ?? 0) - (p.expected ?? 0)) / 3;
      expect(p.score).toBeCloseTo(((p.observed ?? 0) - (p.expected ?? 0)) / sigma, 9);
    }
  });

  it('C1 flags the jump at index 13 and gives no verdict while the suppressed value is in the window', () => {
    const c1 = earsC1(series);
    expect(c1[2]).toMatchObject({ alarm: null, reason: 'value suppressed or missing' });
    expect(c1[9]).toMatchObject({ alarm: null, reason: 'not enough history (needs 7 periods, has 6)' });
    // t = 10: window 3..9 = 14, 13, 16, 12, 14, 11, 13 → Σ 93, mean 13.285714
    expect(c1[10]?.expected).toBeCloseTo(93 / 7, 9);
    // t = 13: window 6..12 = 12, 14, 11, 13, 15, 12, 14 → mean 13, Σ(x−13)² = 12, sd √2, threshold 17.242641
    expect(c1[13]?.threshold).toBeCloseTo(13 + 3 * Math.SQRT2, 9);
    expect(c1[13]?.alarm).toBe(true);
  });
});

describe('option and input validation', () => {
  const bad: [EarsOptions, string][] = [
    [{ baseline: 0 }, 'invalid baseline: 0 (expected an integer ≥ 3)'],
    [{ baseline: 2 }, 'invalid baseline: 2 (expected an integer ≥ 3)'],
    [{ baseline: 7.5 }, 'invalid baseline: 7.5 (expected an integer ≥ 3)'],
    [{ baseline: Number.NaN }, 'invalid baseline: NaN (expected an integer ≥ 3)'],
    [{ z: 0 }, 'invalid z: 0 (expected a finite number > 0)'],
    [{ z: -1 }, 'invalid z: -1 (expected a finite number > 0)'],
    [{ z: Number.POSITIVE_INFINITY }, 'invalid z: Infinity (expected a finite number > 0)'],
    [{ h: 0 }, 'invalid h: 0 (expected a finite number > 0)'],
    [{ minSigma: -1 }, 'invalid minSigma: -1 (expected a finite number ≥ 0)'],
    [{ minSigma: Number.NaN }, 'invalid minSigma: NaN (expected a finite number ≥ 0)'],
  ];
  it.each(bad)('rejects %o', (opts, message) => {
    expect(() => earsC1([1], opts)).toThrow(message);
    expect(() => earsC2([1], opts)).toThrow(message);
    expect(() => earsC3([1], opts)).toThrow(message);
  });

  it.each([
    [[1, Number.NaN], 'invalid value at index 1: NaN (expected a finite number or null)'],
    [[Number.POSITIVE_INFINITY], 'invalid value at index 0: Infinity (expected a finite number or null)'],
    [[1, 2, '3' as unknown as number], 'invalid value at index 2: 3 (expected a finite number or null)'],
    [
      [undefined as unknown as number],
      'invalid value at index 0: undefined (expected a finite number or null)',
    ],
  ])('rejects values %o', (values, message) => {
    expect(() => earsC1(values)).toThrow(message);
    expect(() => earsC3(values)).toThrow(message);
  });
});

describe("definition 'r-surveillance' (R surveillance::earsC 1.20.3)", () => {
  const R = { definition: 'r-surveillance' } as const;
  // qnorm(1 − 0.001) = 3.090232306167813, qnorm(1 − 0.025) = 1.959963984540054 (R, printed to 16 digits)
  const Z001 = 3.090232306167813;
  const Z025 = 1.959963984540054;

  it('C1: alpha is one-sided, default 0.001 → z = 3.090232 instead of CDC 3', () => {
    // threshold = 11.285714 + 3.090232 × 1.112697 = 14.724207 (CDC: 14.623806)
    const p = last(earsC1([...BASE, 14.7], R));
    expect(p.threshold).toBeCloseTo(MEAN + Z001 * SD, 12);
    expect(p.threshold).toBeCloseTo(14.724207, 6);
    expect(p.alarm).toBe(false);
    expect(last(earsC1([...BASE, 14.7])).alarm).toBe(true); // CDC alarms on the same value
  });

  it('C2 with alpha 0.05: z = qnorm(0.95) = 1.644854', () => {
    const p = last(earsC2([...P7, 0, 0, 11.7], { ...R, alpha: 0.05 }));
    // window 0..6 = P7: mean 10, sd 1 → threshold 11.644854
    expect(p.threshold).toBeCloseTo(11.644853626951472, 12);
    expect(p.alarm).toBe(true);
  });

  describe('C3: upperbound = max(0, x_t + sd_t·(z − S_t)), S_t = Σ_{i=t-2..t-1} max(0, C2_i − 1)', () => {
    // Same P7 series as the CDC C3 hand calculation: C2 = 1.5, 2, 2.25 at t = 11, 12, 13, all windows mean 10, sd 1.
    const values = [...patterned(11), 11.5, 12, 12.25];

    it('default alpha for C3 is 0.025 (z = 1.959964) and the bound is built from the observed count', () => {
      const p = earsC3(values, R)[13];
      // S_13 = max(0, 1.5 − 1) + max(0, 2 − 1) = 0.5 + 1 = 1.5
      // upperbound = 12.25 + 1 × (1.959964 − 1.5) = 12.709964 → 12.25 is not above it
      expect(p?.score).toBe(1.5);
      expect(p?.threshold).toBeCloseTo(12.25 + Z025 - 1.5, 12);
      expect(p?.alarm).toBe(false);
      // CDC's C3 (which includes t's own term, 1.25) alarms: 2.75 > 2
      expect(earsC3(values)[13]?.alarm).toBe(true);
    });

    it("the current period's own C2 does not count: a much larger x_t moves the bound with it", () => {
      const p = earsC3([...patterned(11), 11.5, 12, 40], R)[13];
      expect(p?.threshold).toBeCloseTo(40 + Z025 - 1.5, 12);
      expect(p?.alarm).toBe(false);
    });

    it('alarms when the two earlier terms exceed z, whatever x_t > 0; never at x_t = 0', () => {
      // S = (12.5 − 10 − 1) + (12 − 10 − 1) = 2.5 > 1.959964 → upperbound = 9 − 0.540036 = 8.459964 < 9
      const p = earsC3([...patterned(11), 12.5, 12, 9], R)[13];
      expect(p).toMatchObject({ score: 2.5, alarm: true });
      expect(p?.threshold).toBeCloseTo(9 + Z025 - 2.5, 12);
      // x_t = 0: upperbound = max(0, 0 − 0.540036) = 0, and 0 > 0 is false
      expect(earsC3([...patterned(11), 12.5, 12, 0], R)[13]).toMatchObject({ threshold: 0, alarm: false });
    });

    it('zero-variance baselines follow R: a rise at t-2 gives Inf − Inf = NaN, no verdict', () => {
      // C2_11 = (6 − 5)/0 = Inf; sd_13 = 0 → 0 × (z − Inf) = NaN: R's upper bound and alarm are NA
      expect(earsC3([...Array(11).fill(5), 6, 5, 5], R)[13]).toMatchObject({
        threshold: null,
        alarm: null,
        reason: 'zero variance baseline',
      });
      // With minSigma 0.5 everything is finite: S = max(0, 2 − 1) = 1, upperbound 5 + 0.5 × (1.959964 − 1)
      const p = earsC3([...Array(11).fill(5), 6, 5, 5], { ...R, minSigma: 0.5 })[13];
      expect(p?.threshold).toBeCloseTo(5 + 0.5 * (Z025 - 1), 12);
    });

    it('a censored current value has no upper bound (R builds it from x_t)', () => {
      expect(earsC3([...values.slice(0, 13), null], R)[13]).toMatchObject({
        threshold: null,
        alarm: null,
        expected: 10,
        reason: 'value suppressed or missing',
      });
    });
  });

  it('rejects options of the other definition', () => {
    expect(() => earsC1([1], { alpha: 0.01 })).toThrow("alpha applies to definition 'r-surveillance' only");
    expect(() => earsC1([1], { ...R, z: 3 })).toThrow("z and h apply to definition 'cdc' only");
    expect(() => earsC3([1], { ...R, h: 2 })).toThrow("z and h apply to definition 'cdc' only");
    expect(() => earsC1([1], { ...R, alpha: 1 })).toThrow('invalid alpha: 1 (expected a number in (0, 1))');
    expect(() => earsC1([1], { definition: 'sas' as never })).toThrow('invalid definition: sas');
  });
});
