import type { MethodName } from '../core/methodNames.ts';
import { cusum } from '../detect/cusum.ts';
import { pnorm } from '../detect/distributions.ts';
import { earsC1, earsC2, earsC3 } from '../detect/ears.ts';
import { FARRINGTON_1996, farrington, NOUFAILY_2013 } from '../detect/farrington.ts';
import { glrnb } from '../detect/glrnb.ts';
import { NSSP_MONTHLY, nsspEwma, nsspRegression, nsspSwitch } from '../detect/nssp.ts';
import { nsspNbinom } from '../detect/nsspNbinom.ts';
import { nsspSerfling } from '../detect/nsspSerfling.ts';
import type { DetectionPoint, SeriesValue } from '../detect/types.ts';

/** A verdict with the p-value the method gives (or null), for false-discovery control across series. */
export interface MethodPoint extends DetectionPoint {
  pValue: number | null;
}

export interface Method {
  /** Human name used in sentences: "EARS C2", "Noufaily". */
  label: string;
  /** Counts only (Poisson / negative binomial models): not for month-over-month changes, which can be negative. */
  countsOnly: boolean;
  /** Parameters recorded with every verdict. */
  parameters: Record<string, unknown>;
  run(values: readonly SeriesValue[]): MethodPoint[];
}

export interface MethodSettings {
  ears: { baseline: number; z: number; h: number; minSigma: number };
}

// The upper tail directly: 1 − pnorm(z) loses every digit past z ≈ 8 (it is 0 there), and BH needs them to rank.
const upperTail = (score: number | null) => (score === null ? null : pnorm(score, 0, 1, true));
const withP = (points: DetectionPoint[], p: (point: DetectionPoint) => number | null): MethodPoint[] =>
  points.map((point) => ({ ...point, pValue: point.alarm === null ? null : p(point) }));

/** Monthly presets: the methods' published defaults are for daily or weekly data, see docs/detectors.md. */
const MONTHLY_FARRINGTON = { frequency: 12, b: 3, w: 2 } as const;
const MONTHLY_NOUFAILY = { frequency: 12, b: 3, w: 2, noPeriods: 4, pastWeeksNotIncluded: 6 } as const;
/** Two years of baseline for the methods that fit one. */
const BASELINE_MONTHS = 24;

export function monthlyMethods(settings: MethodSettings): Record<MethodName, Method> {
  const ears = settings.ears;
  const lastYear = (values: readonly SeriesValue[]) => Math.max(BASELINE_MONTHS - 1, values.length - 13);
  return {
    ears_c1: {
      label: 'EARS C1',
      countsOnly: false,
      parameters: { ...ears },
      run: (v) => withP(earsC1(v, ears), (p) => upperTail(p.score)),
    },
    ears_c2: {
      label: 'EARS C2',
      countsOnly: false,
      parameters: { ...ears },
      run: (v) => withP(earsC2(v, ears), (p) => upperTail(p.score)),
    },
    // C3's statistic is a sum of truncated z-scores: it has no simple null distribution, so no p-value.
    ears_c3: {
      label: 'EARS C3',
      countsOnly: false,
      parameters: { ...ears },
      run: (v) => withP(earsC3(v, ears), () => null),
    },
    cusum: {
      label: 'Poisson CUSUM',
      countsOnly: true,
      parameters: { start: BASELINE_MONTHS, m: 'glm', period: 12, k: 1.04, h: 2.26, reset: true },
      run: (v) => withP(cusum(v, { start: BASELINE_MONTHS, m: 'glm', period: 12 }), () => null),
    },
    glrnb: {
      label: 'GLR negative binomial',
      countsOnly: true,
      parameters: { start: BASELINE_MONTHS, mu0: { period: 12, S: 1, trend: true }, cARL: 5, ret: 'cases' },
      run: (v) =>
        withP(
          glrnb(v, { start: BASELINE_MONTHS, mu0: { period: 12, S: 1, trend: true }, ret: 'cases' }),
          () => null,
        ),
    },
    nssp_ewma: {
      label: 'NSSP EWMA',
      countsOnly: false,
      parameters: { ...NSSP_MONTHLY },
      run: (v) => nsspEwma(v, NSSP_MONTHLY),
    },
    nssp_regression: {
      label: 'NSSP regression',
      countsOnly: false,
      parameters: { ...NSSP_MONTHLY },
      run: (v) => nsspRegression(v, NSSP_MONTHLY),
    },
    nssp_switch: {
      label: 'NSSP regression/EWMA switch',
      countsOnly: false,
      parameters: { ...NSSP_MONTHLY, minAdjustedRSquared: 0.6 },
      run: (v) => nsspSwitch(v, NSSP_MONTHLY),
    },
    nssp_nbinom: {
      label: 'NSSP negative binomial regression',
      countsOnly: true,
      parameters: { cycle: 12, baseline: 'all but the last 12 months' },
      run: (v) => nsspNbinom(v, { baselineEnd: lastYear(v), cycle: 12 }),
    },
    nssp_serfling: {
      label: 'NSSP Serfling regression',
      countsOnly: false,
      parameters: { cycle: 12, baseline: 'all but the last 12 months' },
      run: (v) => nsspSerfling(v, { baselineEnd: lastYear(v), cycle: 12 }),
    },
    farrington: {
      label: 'Farrington',
      countsOnly: true,
      parameters: { ...FARRINGTON_1996, ...MONTHLY_FARRINGTON },
      run: (v) => farrington(v, { ...FARRINGTON_1996, ...MONTHLY_FARRINGTON }),
    },
    noufaily: {
      label: 'Noufaily',
      countsOnly: true,
      parameters: { ...NOUFAILY_2013, ...MONTHLY_NOUFAILY },
      run: (v) => farrington(v, { ...NOUFAILY_2013, ...MONTHLY_NOUFAILY }),
    },
  };
}
