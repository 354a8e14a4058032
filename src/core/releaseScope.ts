/**
 * How far a release reaches: which keys (source, place, period, drug, measure) a load speaks for, so that a key it
 * does not publish is withdrawn from analytics.observations (sql/analytics/01_observations.sql).
 *
 * - all: the release is the whole dataset; a key of the source it does not publish is withdrawn.
 * - periods: the release covers only the periods it contains; a key whose period_end lies between the release's first
 *   and last period_end (for the same period_type) and that it does not publish is withdrawn, other keys untouched.
 * - none: the release adds and replaces values, never withdraws (a panel submission does not speak for other states).
 */
export const RELEASE_SCOPES = ['all', 'periods', 'none'] as const;
export type ReleaseScope = (typeof RELEASE_SCOPES)[number];

/**
 * The scope recorded on a load (meta.loads.release_scope). An incremental pull (a trailing window) is complete only
 * within its window, so it reaches at most the periods it holds: 'all' narrows to 'periods'. Its rows' period_end span
 * the window (Socrata's dateField and DKAN's year/quarter are the period the staging view derives period_end from),
 * so 'periods' withdraws exactly the keys of the window the publisher no longer has, and leaves older periods alone.
 */
export function effectiveReleaseScope(declared: ReleaseScope, incremental: boolean): ReleaseScope {
  return incremental && declared === 'all' ? 'periods' : declared;
}
