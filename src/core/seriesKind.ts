import type { MethodName } from './methodNames.ts';

/**
 * Which detectors suit a series depends on what its numbers are:
 * - `count`: a plain monthly count of events (deaths, investigations opened, seizure events): the Poisson and
 *   negative binomial models (Noufaily, Farrington, CUSUM, GLR-NB) are built for these;
 * - `change`: the month-over-month change of a 12-month-ending sum (CDC), which can be negative, so no count model;
 * - `amount`: a quantity that is not a count of events (kilograms, pills, litres seized; percentages; rates): no
 *   count model either (a kilogram is not a Poisson event).
 */
export type SeriesKind = 'count' | 'change' | 'amount';

/** Measures that count events, one per unit: deaths (and their variants by intent or CDC's predicted deaths), investigations, seizure events. */
export function countsEvents(measure: string): boolean {
  return (
    measure === 'deaths' ||
    measure.startsWith('deaths_') ||
    measure === 'investigations' ||
    measure === 'seizure_events'
  );
}

export function seriesKind(periodType: string, measure: string): SeriesKind {
  if (periodType === '12mo_ending') return 'change';
  return countsEvents(measure) ? 'count' : 'amount';
}

/** The methods configured for each kind of series (config detect.methods, normalised). */
export interface MethodsByKind {
  counts: MethodName[];
  changes: MethodName[];
  amounts: MethodName[];
}

export function methodsFor(kind: SeriesKind, methods: MethodsByKind): MethodName[] {
  if (kind === 'count') return methods.counts;
  return kind === 'change' ? methods.changes : methods.amounts;
}
