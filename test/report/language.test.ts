/**
 * One language per page: the Spanish report (its text and every label its charts draw) holds no English word of a
 * list of common ones, and the English report no Spanish one, outside proper names (places, Mexican legal terms).
 */

import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/core/lang.ts';
import { renderReportHtml } from '../../src/report/html.ts';
import { buildCharts } from '../../src/report/specs.ts';
import { renderSvgs } from '../../src/report/svg.ts';
import { buildReportData } from '../support/reportData.ts';

const PLACEHOLDERS = { vega: '', vegaLite: '', vegaEmbed: '' } as never;
const data = buildReportData();

const ENGLISH = [
  'the',
  'and',
  'of',
  'with',
  'from',
  'per',
  'not',
  'only',
  'deaths',
  'death',
  'seized',
  'alarm',
  'alarms',
  'alarm(s)',
  'regression',
  'switch',
  'month',
  'months',
  'year',
  'observed',
  'expected',
  'threshold',
  'value',
  'place',
  'status',
  'data',
  'investigations',
  'latest',
  'source',
  'rate',
  'change',
  'unit',
  'segment',
  'drug',
  'method',
  'improved',
  'predicted',
  'reported',
  '(US)',
];
const SPANISH = [
  'de',
  'del',
  'los',
  'las',
  'muertes',
  'muerte',
  'meses',
  'mes',
  'año',
  'datos',
  'umbral',
  'esperado',
  'con',
  'para',
  'fuente',
  'alarma',
  'alarmas',
  'carpetas',
  'según',
  'sin',
  'cambio',
  'serie',
  'tasa',
  'población',
];
/** Proper names in either language: places, and Mexican legal terms kept in Spanish on purpose. */
const PROPER = [
  ...data.geographies.flatMap((g) => [g.name.en, g.name.es]),
  'Ley General de Salud',
  'contra la salud',
  'CONTRA LA SALUD',
  'fuero común',
  'Fuero común',
];

/** Every string a reader sees in a chart: titles, axis and legend titles, lookup labels, tooltip titles. */
function chartStrings(lang: Lang): string[] {
  const out: string[] = [];
  const visit = (v: unknown, key = '') => {
    if (typeof v === 'string') {
      if (['text', 'subtitle', 'title'].includes(key) || /[a-z] [a-z]/i.test(v)) out.push(v);
    } else if (Array.isArray(v)) for (const x of v) visit(x, key);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v))
        if (!['field', 'filter', 'calculate', 'test', 'expr', 'font'].includes(k)) visit(x, k);
  };
  for (const c of buildCharts(data, lang)) visit(c.interactive);
  return out;
}

function visibleText(lang: Lang): string {
  const html = renderReportHtml(data, lang, PLACEHOLDERS)
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ');
  let text = `${html}\n${chartStrings(lang).join('\n')}`;
  for (const name of PROPER.sort((a, b) => b.length - a.length)) text = text.split(name).join(' ');
  // Source and drug codes (inegi_deaths) are identifiers, shown as such in the notes.
  text = text.replace(/\b[a-z0-9]+(?:_[a-z0-9]+)+\b/g, ' ');
  return text;
}

function found(text: string, words: string[]): string[] {
  return words.flatMap((w) => {
    const escaped = w.replace(/[()]/g, '\\$&');
    const m = new RegExp(`(?<![\\p{L}\\d])${escaped}(?![\\p{L}\\d])`, 'iu').exec(text);
    return m ? [`${w}: …${text.slice(Math.max(0, m.index - 50), m.index + 40).replace(/\s+/g, ' ')}…`] : [];
  });
}

describe('one language per report', () => {
  it('has no English word in the Spanish report', () => {
    expect(found(visibleText('es'), ENGLISH)).toEqual([]);
  });

  it('has no Spanish word in the English report', () => {
    expect(found(visibleText('en'), SPANISH)).toEqual([]);
  });

  it('writes plural forms, never "alarm(s)" or "valor(es)", and the singular for one', () => {
    for (const lang of ['en', 'es'] as const) expect(visibleText(lang)).not.toMatch(/\p{L}\((s|es)\)/u);
    const one = buildReportData({
      alerts: data.alerts.slice(0, 1),
      detection: { ...(data.detection as NonNullable<typeof data.detection>), alarms: 1, fdrAlarms: 1 },
    });
    expect(renderReportHtml(one, 'en', PLACEHOLDERS)).toContain(
      '1 alarm in the latest detection run; 1 survives the false-discovery-rate correction',
    );
    expect(renderReportHtml(one, 'es', PLACEHOLDERS)).toContain(
      '1 alarma en la ejecución de detección más reciente; 1 resiste la corrección',
    );
  });
});

/** Every text the charts draw (axis ticks, legends, tile labels), rendered by Vega in the page's locale. */
async function drawnText(lang: Lang): Promise<string> {
  const svgs = await renderSvgs(
    buildCharts(data, lang).map((c) => c.spec),
    { workers: 1 },
  );
  return svgs
    .flatMap((svg) => [...svg.matchAll(/<(?:text|tspan)[^>]*>([^<]*)</g)].map((m) => m[1] ?? ''))
    .join('\n')
    .replace(/&[a-z#0-9]+;/g, ' ');
}

describe('one number style per language', () => {
  // es-MX writes numbers as en-US does ("65,672", "17.1%"), as INEGI does; "17,1 %" and "100 000" are Spain's.
  it.each(['en', 'es'] as const)(
    'the %s report writes "65,672" and "17.1%", never "17,1 %" or "100 000"',
    async (lang) => {
      const text = `${visibleText(lang)}\n${await drawnText(lang)}`;
      const around = (re: RegExp) =>
        [...text.matchAll(new RegExp(re.source, 'gu'))].map((m) =>
          text.slice(Math.max(0, (m.index ?? 0) - 30), (m.index ?? 0) + 30).replace(/\s+/g, ' '),
        );
      // Thousands grouped by spaces, decimal commas (or a number cut after its comma), a space before the percent sign.
      expect(around(/(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])/), 'grouped by spaces').toEqual(
        [],
      );
      expect(around(/\d,\d{1,2}(?!\d)/), 'decimal commas').toEqual([]);
      expect(around(/\d[ \u00a0\u202f]%/), 'space before %').toEqual([]);
      // And the one style is there: thousands with commas, decimals with points, % right after the number.
      expect(text).toMatch(/\d{1,3}(?:,\d{3})+/);
      expect(text).toMatch(/\d\.\d+%/);
    },
  );
});
