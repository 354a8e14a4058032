/**
 * Incremental Socrata pulls: after a first complete pull, re-fetch only a trailing window of periods.
 *
 * Why this keeps the vintage model whole: every pull is a release (a vintage), and analytics.observations keeps, for
 * each (source, place, period, drug, measure), the value of the LATEST vintage that has it. A partial pull gives a new
 * vintage to the periods inside the window only; periods before the window keep the value of the last pull that had
 * them. Nothing is deleted, so analytics never loses an older period: a windowed pull records release scope 'periods'
 * (src/core/releaseScope.ts), so it withdraws only keys of its window that the publisher no longer has. What a partial pull cannot see is a revision the
 * publisher makes to a period older than the window: choose `lagMonths` longer than the publisher's revision horizon,
 * and run a complete pull now and then (an input without `window`, e.g. `centinela ingest <name> --live` with a
 * configured input) to catch up. The first pull of a dataset is always complete: a window is used only once the
 * published warehouse holds a successful load of the same dataset (same source, same resource URL).
 */
import type { Config } from '../core/config.ts';
import type { PipelineInput } from '../core/pipeline.ts';
import { hasPublishedLoad } from '../warehouse/ledger.ts';

export type SocrataInput = Extract<PipelineInput, { kind: 'socrata' }>;

/**
 * The first day (YYYY-MM-DD, UTC) of the trailing window of `lagMonths` months that ends with `now`'s month:
 * lagMonths = 1 is the current month only; 2026-03-15 with lagMonths = 12 gives 2025-04-01.
 */
export function windowStart(now: Date, lagMonths: number): string {
  if (!Number.isInteger(lagMonths) || lagMonths < 1) {
    throw new RangeError(`invalid lagMonths: ${lagMonths} (expected a whole number of months, 1 or more)`);
  }
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (lagMonths - 1), 1));
  return start.toISOString().slice(0, 10);
}

/** The resource URL a Socrata input's rows are recorded under (meta.loads.origin). */
export function socrataOrigin(input: Pick<SocrataInput, 'baseUrl' | 'datasetId'>): string {
  return `${input.baseUrl.replace(/\/+$/, '')}/resource/${input.datasetId}.csv`;
}

/** The SoQL condition for `trailing` rows: `field >= 'YYYY-MM-01T00:00:00'` (Socrata floating timestamps). */
export function windowCondition(dateField: string, since: string): string {
  return `${dateField} >= '${since}T00:00:00'`;
}

export interface WindowContext {
  source: string;
  config: Config;
  log: (message: string) => void;
  /** The clock; tests pass a fixed date. */
  now?: Date;
}

/**
 * The `$where` for a Socrata input: its own `where`, ANDed with the trailing window when the input has one and the
 * published warehouse already holds a load of the dataset. Undefined when there is no condition at all.
 */
export async function socrataWhere(input: SocrataInput, ctx: WindowContext): Promise<string | undefined> {
  if (!input.window) return input.where;
  const origin = socrataOrigin(input);
  const { dateField, lagMonths } = input.window;
  if (!(await hasPublishedLoad(ctx.config.warehouse, ctx.source, origin))) {
    ctx.log(
      `${ctx.source}: first pull of ${origin}: fetching every row (later pulls re-fetch the latest ${lagMonths} month(s) of ${dateField})`,
    );
    return input.where;
  }
  const condition = windowCondition(dateField, windowStart(ctx.now ?? new Date(), lagMonths));
  ctx.log(
    `${ctx.source}: incremental pull of ${origin} where ${condition}; older periods keep the vintage of an earlier pull`,
  );
  return input.where ? `(${input.where}) AND ${condition}` : condition;
}
