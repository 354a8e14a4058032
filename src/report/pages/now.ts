/**
 * "Now", at the top of the overview: the series alarmed in the latest period their source has published, since when,
 * which methods and sources agree, the release each comes from, and what is not monitored or not loaded.
 */

import type { Lang } from '../../core/lang.ts';
import { drugLabel, placeName, sourceName } from '../derive.ts';
import { formatDate, formatMonth, formatNumber, label, listOf, strings } from '../i18n.ts';
import type { ActiveSignal, ReportData } from '../reportData.ts';
import { esc } from './shared.ts';

/** At most this many active signals are written out; the rest are counted, and listed on the alerts page. */
export const NOW_SHOWN = 12;

/** Strongest first: corroborated by another source, then several methods with an FDR survivor, then longest running. */
export function rankActive(active: ActiveSignal[]): ActiveSignal[] {
  const strong = (a: ActiveSignal) => a.methods.length > 1 && a.fdr !== false;
  return [...active].sort(
    (a, b) =>
      Number(b.corroboratedBy.length > 0) - Number(a.corroboratedBy.length > 0) ||
      Number(strong(b)) - Number(strong(a)) ||
      b.methods.length - a.methods.length ||
      Number(b.fdr === true) - Number(a.fdr === true) ||
      a.since.localeCompare(b.since) ||
      a.source.localeCompare(b.source) ||
      a.geo.localeCompare(b.geo) ||
      a.drug.localeCompare(b.drug),
  );
}

/** Months from the month of `from` to the month of `to`, both counted. */
const monthsSpanned = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
  Number(to.slice(5, 7)) -
  Number(from.slice(5, 7)) +
  1;

function item(data: ReportData, a: ActiveSignal, lang: Lang): string {
  const s = strings(lang);
  const n = s.now;
  const measure = label(s.measureShort, a.measure.startsWith('deaths') ? 'deaths' : a.measure);
  const drug = data.drugs.find((d) => d.code === a.drug)?.short?.[lang] ?? drugLabel(data, a.drug, lang);
  const what = `${placeName(data, a.geo, lang)} · ${drug}, ${measure}`;
  const months = monthsSpanned(a.since, a.periodEnd);
  const since = months <= 1 ? n.newNow : n.since(formatMonth(a.since, lang), formatNumber(months, lang, 0));
  const methods = listOf(
    a.methods.map((m) => label(s.method, m)),
    lang,
  );
  const parts = [
    since,
    a.methods.length > 1
      ? n.methodsAgree(formatNumber(a.methods.length, lang, 0), methods)
      : n.oneMethod(methods),
  ];
  if (a.fdr === true) parts.push(n.fdr);
  if (a.corroboratedBy.length > 0)
    parts.push(
      n.corroborated(
        listOf(
          a.corroboratedBy.map((c) => sourceName(data, c, lang)),
          lang,
        ),
      ),
    );
  return `<li><strong>${esc(what)}</strong>: ${esc(parts.join('; '))}.</li>`;
}

export function nowSection(data: ReportData, lang: Lang): string {
  const s = strings(lang);
  const n = s.now;
  const out: string[] = [`<h3>${esc(n.title)}</h3>`];
  if (data.monitored === null) {
    out.push(`<p>${esc(n.noDetection)}</p>`);
  } else {
    // One line per monitored source: its latest period, its release, how many of its series alarm now.
    const lines = data.monitored
      .map((source) => {
        const summary = data.sources.find((x) => x.source === source);
        const mine = data.active.filter((a) => a.source === source);
        const latest = mine[0]?.periodEnd ?? summary?.lastPeriod ?? null;
        const release = summary?.vintage ? formatDate(summary.vintage, lang) : null;
        const count = n.seriesAlarmed(mine.length, formatNumber(mine.length, lang, 0));
        return `<li>${esc(n.sourceLine(sourceName(data, source, lang), latest ? formatMonth(latest, lang) : '–', release, count))}</li>`;
      })
      .join('\n');
    out.push(`<p>${esc(n.intro)}</p>`);
    if (lines) out.push(`<ul class="now-sources">\n${lines}\n</ul>`);
    const ranked = rankActive(data.active);
    if (ranked.length === 0) out.push(`<p>${esc(n.none)}</p>`);
    else {
      out.push(
        `<ol class="now">\n${ranked
          .slice(0, NOW_SHOWN)
          .map((a) => item(data, a, lang))
          .join('\n')}\n</ol>`,
      );
      if (ranked.length > NOW_SHOWN)
        out.push(
          `<p><a href="#alerts">${esc(n.more(formatNumber(ranked.length - NOW_SHOWN, lang, 0)))}</a></p>`,
        );
    }
  }
  const loaded = new Set(data.sources.map((x) => x.source));
  const unmonitored = data.monitored === null ? [] : [...loaded].filter((x) => !data.monitored?.includes(x));
  if (unmonitored.length > 0)
    out.push(
      `<p class="note">${esc(
        n.notMonitored(
          listOf(
            unmonitored.map((x) => sourceName(data, x, lang)),
            lang,
          ),
        ),
      )}</p>`,
    );
  if (data.notLoaded.length > 0)
    out.push(
      `<p class="note">${esc(
        n.notLoaded(
          listOf(
            data.notLoaded.map((x) => sourceName(data, x, lang)),
            lang,
          ),
        ),
      )}</p>`,
    );
  return out.join('\n');
}
