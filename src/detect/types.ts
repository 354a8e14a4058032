/** One period's verdict from a detector. `null` means "not computed" (too little baseline, or a censored value). */
export interface DetectionPoint {
  index: number;
  observed: number | null;
  expected: number | null;
  threshold: number | null;
  score: number | null;
  alarm: boolean | null;
  /** Inclusive indices of the baseline periods used, or null when none was. */
  baselineStart: number | null;
  baselineEnd: number | null;
  /** Why no verdict was reached, e.g. "not enough history (needs 7 periods, has 3)". */
  reason: string | null;
}

/** A series value: a number, or null for suppressed / missing (censored, never zero). */
export type SeriesValue = number | null;
