import type { DetectionPoint, SeriesValue } from './types.ts';

/** The reason given for a censored (null) observed value. */
export const SUPPRESSED = 'value suppressed or missing';

export function detectionPoint(
  t: number,
  x: SeriesValue,
  expected: number | null,
  threshold: number | null,
  score: number | null,
  alarm: boolean | null,
  baselineStart: number | null,
  baselineEnd: number | null,
  reason: string | null,
): DetectionPoint {
  return { index: t, observed: x, expected, threshold, score, alarm, baselineStart, baselineEnd, reason };
}

/** A period with nothing computed: `reason`, or SUPPRESSED when the value itself is censored. */
export function unevaluated(t: number, x: SeriesValue, reason: string): DetectionPoint {
  return detectionPoint(t, x, null, null, null, null, null, null, x === null ? SUPPRESSED : reason);
}
