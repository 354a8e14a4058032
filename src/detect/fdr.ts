/**
 * Benjamini–Hochberg false-discovery-rate control over the series of one run (the panel screens thousands of
 * state × drug × measure series at once; a raw alarm in one of them is reported beside its BH verdict).
 *
 * Adjusted p-values exactly as R `p.adjust(p, method = "BH")`: with the m non-null p-values sorted,
 * p̃_(i) = min(1, min_{j ≥ i} m·p_(j)/j). A series is rejected (a discovery at FDR q) when p̃ ≤ q, which is
 * the BH step-up rule "reject p_(1..i*) for the largest i* with p_(i*) ≤ i*·q/m".
 *
 * Nulls (series with no p-value: too little history, censored) pass through as null and are not rejected;
 * they do not count in m, as in R, where NA p-values are left out of n.
 */

export interface BhResult {
  /** BH-adjusted p-values (R p.adjust "BH"), null where the input was null. */
  adjusted: (number | null)[];
  /** adjusted ≤ q; false where the input was null. */
  rejected: boolean[];
}

export function benjaminiHochberg(pValues: readonly (number | null)[], q = 0.05): BhResult {
  if (!Array.isArray(pValues))
    throw new TypeError(`invalid p-values: expected an array, got ${typeof pValues}`);
  if (!(q > 0 && q <= 1)) throw new RangeError(`invalid q: ${q} (expected a number in (0, 1])`);
  const idx: number[] = [];
  pValues.forEach((p, i) => {
    if (p === null) return;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new RangeError(
        `invalid p-value at index ${i}: ${String(p)} (expected a number in [0, 1] or null)`,
      );
    }
    idx.push(i);
  });
  const m = idx.length;
  const adjusted: (number | null)[] = pValues.map((p) => (m <= 1 ? p : null));
  if (m > 1) {
    // Largest p first, as R: cummin over n/i·p in decreasing order of p. Ties keep input order (stable sort),
    // which cannot change the values: tied p-values get the same adjusted value.
    const order = [...idx].sort((a, b) => (pValues[b] as number) - (pValues[a] as number));
    let running = Number.POSITIVE_INFINITY;
    order.forEach((i, r) => {
      const rank = m - r;
      running = Math.min(running, (m / rank) * (pValues[i] as number));
      adjusted[i] = Math.min(1, running);
    });
  }
  return { adjusted, rejected: adjusted.map((a) => a !== null && a <= q) };
}
