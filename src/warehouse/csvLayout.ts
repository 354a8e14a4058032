/**
 * Matches a CSV file's header to one of a pipeline's layouts BY NAME: a layout is the set of header names a
 * publisher has used, so the file's column order does not matter, nor case, surrounding spaces or a byte-order mark.
 */
import { InputError } from '../core/errors.ts';
import { normaliseHeaderName } from '../core/headerName.ts';
import type { FileColumn } from '../core/load.ts';
import type { Layout, Pipeline } from '../core/pipeline.ts';

export interface LayoutMatch {
  layout: Layout;
  columns: FileColumn[];
  /** Headers of the file the layout does not name, when the layout reports them (otherColumns: 'report'). */
  unknownColumns: string[];
}

/**
 * The layout whose required headers the file has; when several have them, the one that names the most of the
 * file's columns (a 12-column file also holds every column of a 10-column layout), then the first declared.
 * A file no layout fits is refused, naming the missing columns of the closest layout.
 */
export function matchLayout(pipeline: Pipeline, header: readonly string[], origin: string): LayoutMatch {
  const where = { source: pipeline.name, origin, line: 1 };
  const written = header.map((h) => h.replace(/^\uFEFF/, '').trim());
  const names = written.map(normaliseHeaderName);
  const fits = pipeline.csv.layouts.map((layout) => fitLayout(layout, names));
  const candidates = fits.filter((f) => f.missing.length === 0);
  if (candidates.length === 0) throw noLayoutFits(where, written, fits);
  const best = candidates.reduce((a, b) => (b.named > a.named ? b : a));
  const filledBy = new Map<string, string>();
  const columns = written.map((h, i): FileColumn => {
    const raw = best.byName.get(names[i] as string) ?? null;
    if (raw !== null) {
      const earlier = filledBy.get(raw);
      if (earlier !== undefined) {
        throw new InputError(
          { ...where, column: h },
          `columns "${earlier}" and "${h}" both hold ${raw} in ${best.layout.description} (${best.layout.name}); expected one of them`,
        );
      }
      filledBy.set(raw, h);
    }
    return { header: uniqueHeader(h, written, i), raw };
  });
  const unknown = written.filter((_, i) => !best.byName.has(names[i] as string));
  return {
    layout: best.layout,
    columns,
    unknownColumns: best.layout.otherColumns === 'report' ? unknown : [],
  };
}

/**
 * Why no layout fits: the missing columns of the closest layout when it has most of its columns (a column renamed or
 * dropped), or every layout when none comes close (not this publisher's file at all).
 */
function noLayoutFits(
  where: { source: string; origin: string; line: number },
  written: string[],
  fits: Fit[],
) {
  const closest = fits.reduce((best, f) => (f.missing.length < best.missing.length ? f : best));
  const found = `the header has ${written.length} fields: ${written.join(',').slice(0, 300)}`;
  const columns = (f: Fit) =>
    `${f.layout.description} (${f.layout.name}): ${f.layout.fields.map(([h]) => h).join(',')}`;
  if (closest.missing.length > closest.required / 2) {
    return new InputError(
      where,
      `unknown header "${written.join(',').slice(0, 300)}" (expected ${fits.map(columns).join(' | or ')})`,
    );
  }
  const missing = closest.missing.map((m) => m.map((h) => `"${h}"`).join(' or ')).join(', ');
  // A few columns the layout does not know, beside a missing one, are most likely that column renamed.
  const unknown = written.filter((h) => !closest.byName.has(normaliseHeaderName(h)));
  const renamed =
    unknown.length > 0 && unknown.length <= 5
      ? ` (the file has ${unknown.map((h) => `"${h}"`).join(', ')} instead: renamed?)`
      : '';
  return new InputError(
    { ...where, column: closest.missing[0]?.[0] },
    `missing column${closest.missing.length > 1 ? 's' : ''} ${missing}${renamed}: expected ${columns(closest)}; ${found}`,
  );
}

interface Fit {
  layout: Layout;
  /** Normalised header → raw column (null: read and dropped). */
  byName: Map<string, string | null>;
  /** Required raw columns the file has no header for: each as the header(s) the layout accepts for it. */
  missing: string[][];
  /** How many raw columns the layout requires. */
  required: number;
  /** How many of the file's columns the layout names. */
  named: number;
}

/**
 * How a layout fits a header. A raw column named by several headers (CONAPO's AÑO and ANIO) takes any one of them;
 * it is required unless every one of its headers is optional. Headers mapped to null are never required.
 */
function fitLayout(layout: Layout, names: readonly string[]): Fit {
  const present = new Set(names);
  const optional = new Set(layout.optional.map(normaliseHeaderName));
  const byName = new Map(layout.fields.map(([h, raw]) => [normaliseHeaderName(h), raw]));
  const headersOf = new Map<string, string[]>();
  for (const [h, raw] of layout.fields)
    if (raw !== null) headersOf.set(raw, [...(headersOf.get(raw) ?? []), h]);
  const required = [...headersOf.values()].filter(
    (hs) => !hs.every((h) => optional.has(normaliseHeaderName(h))),
  );
  const missing = required.filter((hs) => !hs.some((h) => present.has(normaliseHeaderName(h))));
  return {
    layout,
    byName,
    missing,
    required: required.length,
    named: names.filter((n) => byName.has(n)).length,
  };
}

/** DuckDB needs distinct column names: a repeated header (of a column that is dropped) gets its position. */
function uniqueHeader(header: string, all: readonly string[], i: number): string {
  const n = normaliseHeaderName(header);
  const repeated = all.some((other, j) => j !== i && normaliseHeaderName(other) === n);
  return repeated || header === '' ? `${header || 'column'} (${i + 1})` : header;
}
