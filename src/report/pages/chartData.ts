/**
 * The words and numbers behind a line chart, for readers who cannot see it (and for anyone who wants the figures):
 * a one-paragraph summary (each panel's latest value) and the chart's own rows as a table, labelled through the same
 * lookup tables the chart uses, so the table shows exactly what the marks show.
 */

import type { Lang } from '../../core/lang.ts';
import type { NamedChart } from '../charts/chart.ts';
import { escapeHtml as esc } from '../escape.ts';
import { formatMonth, formatNumber, listOf, strings } from '../i18n.ts';

interface Row {
  p?: string;
  t?: string;
  v?: number | null;
  k?: string;
  s?: string;
  c?: string;
  m?: string;
  [key: string]: unknown;
}

interface LookupStep {
  lookup?: string;
  from?: { data?: { values?: Record<string, unknown>[] }; fields?: string[] };
}

/** Code → label tables of the chart's lookups, by the field they add ("place", "seriesLabel", …). */
function lookups(spec: unknown): Map<string, { key: string; table: Map<string, string> }> {
  const out = new Map<string, { key: string; table: Map<string, string> }>();
  const steps = ((spec as { transform?: LookupStep[] }).transform ?? []).filter((t) => t.lookup);
  for (const t of steps) {
    const as = t.from?.fields?.[0];
    const key = t.lookup;
    if (!as || !key) continue;
    const table = new Map<string, string>();
    for (const v of t.from?.data?.values ?? []) table.set(String(v[key]), String(v[as]));
    out.set(as, { key, table });
  }
  return out;
}

/**
 * The title the chart's own hover tooltip gives a field ("12 months ending", "Deaths (12-month sum)"), so that the
 * table's columns read as the tooltips do; undefined when no tooltip shows the field.
 */
export function tooltipTitle(spec: unknown, field: string): string | undefined {
  if (Array.isArray(spec)) {
    for (const x of spec) {
      const found = tooltipTitle(x, field);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (spec === null || typeof spec !== 'object') return undefined;
  const o = spec as Record<string, unknown>;
  const encoding = o.encoding as { tooltip?: { field?: string; title?: string }[] } | undefined;
  if (Array.isArray(encoding?.tooltip)) {
    // The hover targets' tooltip (the one showing the value), not a gap band's.
    const t = encoding.tooltip.find((x) => x.field === field && typeof x.title === 'string');
    if (t?.title && encoding.tooltip.some((x) => x.field === 'v')) return t.title;
  }
  for (const key of ['layer', 'spec', 'hconcat', 'vconcat', 'concat']) {
    const found = key in o ? tooltipTitle(o[key], field) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

export function chartData(chart: NamedChart, lang: Lang): string {
  const spec = chart.spec as { data?: { values?: Row[] } };
  const rows = (spec.data?.values ?? []).filter((r) => 'p' in r && 't' in r && 'v' in r);
  if (rows.length === 0) return '';
  const s = strings(lang);
  const l = lookups(chart.spec);
  const labelOf = (as: string, r: Row) => {
    const found = l.get(as);
    return found ? (found.table.get(String(r[found.key])) ?? '') : '';
  };
  const hasSeries = new Set(rows.map((r) => labelOf('seriesLabel', r) + labelOf('drugLabel', r))).size > 1;
  // Reported against predicted only where the chart has both (as its tooltips say).
  const kinds = new Set(rows.map((r) => labelOf('seriesLabel', r))).size > 1;
  const seriesOf = (r: Row) =>
    [kinds ? labelOf('seriesLabel', r) : '', labelOf('drugLabel', r)].filter(Boolean).join(' · ');
  // Summary: each panel and series, its latest value.
  const latest = new Map<string, Row>();
  for (const r of rows) {
    if (r.v === null || r.v === undefined) continue;
    const key = `${labelOf('place', r)}|${seriesOf(r)}`;
    const held = latest.get(key);
    if (!held || String(r.t) > String(held.t)) latest.set(key, r);
  }
  const items = [...latest.values()].map((r) =>
    s.chartData.latestItem(
      [labelOf('place', r), hasSeries ? seriesOf(r) : ''].filter(Boolean).join(' · '),
      formatNumber(r.v, lang),
      formatMonth(String(r.t), lang),
    ),
  );
  const summary = s.chartData.summary(chart.title, listOf(items, lang));
  const head = [
    s.table.place,
    ...(hasSeries ? [s.tooltip.series] : []),
    tooltipTitle(chart.interactive, 't') ?? s.table.month,
    tooltipTitle(chart.interactive, 'v') ?? s.tooltip.value,
    s.table.status,
  ];
  const body = rows
    .map((r) => {
      const cells = [
        labelOf('place', r),
        ...(hasSeries ? [seriesOf(r)] : []),
        formatMonth(String(r.t), lang),
        r.v === null || r.v === undefined ? '–' : formatNumber(r.v, lang),
        labelOf('statusLabel', r),
      ];
      return `<tr>${cells.map((c, i) => `<td${i === cells.length - 2 ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<details class="chart-data">
<summary>${esc(s.chartData.toggle)}</summary>
<p>${esc(summary)}</p>
<div class="table-wrap" tabindex="0"><table class="data">
<caption>${esc(chart.title)}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody>
</table></div>
</details>`;
}
