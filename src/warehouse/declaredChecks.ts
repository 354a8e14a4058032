/**
 * The generic data checks a source declares (`checks` in its definition), each made from one template into a query
 * returning the offending rows: keys unique, codes mapped, periods in range, suppression. A source's own checks are
 * the .sql files of its folder's checks/.
 */

import { quotedString } from '@duckdb/node-api';
import type { DeclaredChecks, Pipeline } from '../core/pipeline.ts';

export interface DeclaredCheck {
  name: string;
  sql: string;
}

export function declaredChecks(pipeline: Pipeline): DeclaredCheck[] {
  const c: DeclaredChecks = pipeline.checks;
  const made: DeclaredCheck[] = [];
  const name = (check: string) => `${pipeline.name}_${check}`;
  if (c.keysUnique) made.push({ name: name('keys_unique'), sql: keysUnique(pipeline.name, c.keysUnique) });
  if (c.unmappedRows)
    made.push({ name: name('unmapped_rows'), sql: unmappedRows(pipeline.name, c.unmappedRows) });
  if (c.periodRange)
    made.push({ name: name('period_range'), sql: periodRange(pipeline.name, c.periodRange) });
  if (c.suppression) made.push({ name: name('suppression'), sql: suppression(pipeline.name, c.suppression) });
  return made;
}

type Declared<K extends keyof DeclaredChecks> = NonNullable<DeclaredChecks[K]>;

/** The checked table aliased r, with the load's origin (the file) as l when asked for. */
function from(table: string, origin: boolean): { select: string; join: string } {
  return {
    select: origin ? 'l.origin, ' : '',
    join: `FROM ${table} AS r${origin ? '\nLEFT JOIN meta.loads AS l USING (load_id)' : ''}`,
  };
}

function keysUnique(source: string, k: Declared<'keysUnique'>): string {
  const { select, join } = from(`${k.from}.${source}`, k.origin);
  return `-- ${source}: one row per key in a release (checks.keysUnique in its definition).
SELECT ${select}${k.columns.join(', ')}, count(*) AS n
${join}
GROUP BY ALL
HAVING count(*) > 1`;
}

function unmappedRows(source: string, u: Declared<'unmappedRows'>): string {
  const { select, join } = from(`raw.${source}`, u.origin);
  const joins: string[] = [];
  const wrong: string[] = [];
  if (u.drug) {
    joins.push(
      `LEFT JOIN analytics.drug_aliases AS a ON a.source = ${quotedString(source)} AND a.source_label = ${u.drug}`,
    );
    wrong.push('a.drug IS NULL');
  }
  if (u.place) {
    const level = u.place.level ? ` AND g.geo_level = ${quotedString(u.place.level)}` : '';
    joins.push(
      `LEFT JOIN analytics.geography AS g\n  ON g.country = ${quotedString(u.place.country)}${level} AND g.geo_code = ${u.place.code}`,
    );
    wrong.push('g.geo_code IS NULL');
  }
  wrong.push(...u.also);
  if (wrong.length === 0)
    throw new Error(`${source}: checks.unmappedRows needs a drug, a place or a condition`);
  return `-- ${source}: raw rows that staging would drop or misplace (checks.unmappedRows in its definition).
SELECT ${select}${u.columns.join(', ')}${u.grouped ? ', count(*) AS n' : ''}
${join}
${joins.join('\n')}
WHERE ${wrong.map((w) => `(${w})`).join('\n   OR ')}${u.grouped ? '\nGROUP BY ALL' : ''}`;
}

function periodRange(source: string, p: Declared<'periodRange'>): string {
  const { join } = from(`raw.${source}`, true);
  const asOf = p.asOf ? `min(r.${p.asOf}) AS first_${p.asOf}, max(r.${p.asOf}) AS last_${p.asOf}, ` : '';
  const released = p.asOf ? `least(max(r.${p.asOf}), max(r.vintage))` : 'max(r.vintage)';
  return `-- ${source}: a release holds periods that ended before it came out, and after ${p.from} (checks.periodRange).
SELECT l.origin, r.load_id, r.vintage, ${asOf}min(${p.end}) AS first_${p.name}, max(${p.end}) AS last_${p.name}
${join}
GROUP BY ALL
HAVING ${p.asOf ? `count(DISTINCT r.${p.asOf}) > 1\n    OR ` : ''}max(${p.end}) > ${released}
    OR min(${p.end}) < DATE ${quotedString(p.from)}`;
}

function suppression(source: string, s: Declared<'suppression'>): string {
  const { join } = from(`raw.${source}`, true);
  const v = `r.${s.value}`;
  const footnote = s.footnote ? `\n   OR (${v} IS NOT NULL AND r.${s.footnote} ILIKE '%suppressed%')` : '';
  return `-- ${source}: values the publisher never shows (checks.suppression in its definition): ${s.hidden[0]}–${s.hidden[1]}
-- (suppressed, the cell left empty, never 0), not a whole number, negative, or a number beside a suppression note.
SELECT l.origin, ${s.columns.join(', ')}
${join}
WHERE ${v} BETWEEN ${s.hidden[0]} AND ${s.hidden[1]}
   OR ${v} <> round(${v})
   OR ${v} < 0${footnote}`;
}
