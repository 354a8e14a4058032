/** What the report's pages share: escaping, names of drugs and families, empty notes, figures and filters. */

import type { Lang } from '../../core/lang.ts';
import type { NamedChart } from '../charts/chart.ts';
import { drugLabel } from '../derive.ts';
import { escapeHtml } from '../escape.ts';
import { FAMILIES, type Family } from '../focus.ts';
import { label, type Strings, strings } from '../i18n.ts';
import type { ReportData } from '../reportData.ts';
import { chartData } from './chartData.ts';

export const esc = escapeHtml;

/** A path relative to the report directory, as seen from the page in `lang`. */
export function fromPage(lang: Lang, path: string): string {
  return lang === 'en' ? path : `../${path}`;
}

export function familyName(s: Strings, family: Family | string): string {
  const code = typeof family === 'string' ? family : family.code;
  return label(s.family, code);
}

/** A drug's name for tables: the family's short name for the focus drugs, else the warehouse label. */
export function drugName(data: ReportData, drug: string, lang: Lang): string {
  const s = strings(lang);
  return FAMILIES.some((f) => f.code === drug) ? familyName(s, drug) : drugLabel(data, drug, lang);
}

export function empty(text: string): string {
  return `<p class="empty">${esc(text)}</p>`;
}

export function figure(
  chart: NamedChart | undefined,
  lang: Lang,
  caption: string,
  notes: string[] = [],
): string {
  if (!chart) return '';
  const s = strings(lang);
  const files = `<span class="chart-files">${esc(s.downloads)} <a href="${esc(fromPage(lang, `charts/${chart.name}.${lang}.svg`))}">${esc(s.svgLink)}</a> · <a href="${esc(fromPage(lang, `charts/${chart.name}.${lang}.vl.json`))}">${esc(s.specLink)}</a></span>`;
  const extra = notes.map((n) => ` ${esc(n)}`).join('');
  return `<figure class="chart" id="chart-${esc(chart.name)}">
<div class="vega-chart" data-spec="spec-${esc(chart.name)}"${chart.narrow ? ` data-spec-narrow="spec-${esc(chart.name)}-narrow" data-narrow-below="${chart.narrow.below}"` : ''} role="img" aria-label="${esc(chart.title)}"><p class="chart-loading">${esc(s.chartLoading)}</p></div>
<figcaption>${esc(caption)}${extra} ${files}</figcaption>
</figure>
${chartData(chart, lang)}`;
}

export function select(name: string, title: string, options: [string, string][], any: string): string {
  const opts = options.map(([value, text]) => `<option value="${esc(value)}">${esc(text)}</option>`).join('');
  return `<label>${esc(title)}<select name="${esc(name)}"><option value="">${esc(any)}</option>${opts}</select></label>`;
}
