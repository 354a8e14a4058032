import { afterEach, describe, expect, it } from 'vitest';
import type { Lang } from '../../src/core/lang.ts';
import { buildCharts } from '../../src/report/specs.ts';
import { renderSvg, renderSvgs } from '../../src/report/svg.ts';
import { alert, buildReportData } from '../support/reportData.ts';

const data = buildReportData();

function chart(name: string, lang: Lang) {
  const found = buildCharts(data, lang).find((c) => c.name === name);
  if (!found) throw new Error(`no chart ${name}`);
  return found.spec;
}

/**
 * Stable SVG text: numbers rounded to one decimal, generated ids (which count up across renders in one process)
 * renumbered in order of appearance, one element per line.
 */
function normaliseSvg(svg: string): string {
  const ids = new Map<string, string>();
  return svg
    .replace(/-?\d+\.\d+(e-?\d+)?/g, (n) => {
      const rounded = Number(n).toFixed(1);
      return rounded === '-0.0' ? '0.0' : rounded;
    })
    .replace(/\b(clip|gradient|pattern|mask|marker)_?(\d+)\b/g, (id, kind: string) => {
      let renamed = ids.get(id);
      if (!renamed) {
        renamed = `${kind}-${ids.size + 1}`;
        ids.set(id, renamed);
      }
      return renamed;
    })
    .replace(/></g, '>\n<');
}

describe('renderSvg', () => {
  const cases: [string, Lang][] = [
    ['fentanyl-national', 'en'],
    ['fentanyl-national', 'es'],
    ['methamphetamine-border', 'en'],
    ['seizures-fentanyl-us', 'en'],
    ['naloxone-us', 'en'],
    ['map-fentanyl', 'en'],
    ['map-fentanyl', 'es'],
    ['alerts', 'en'],
    ['trends-fentanyl', 'en'],
  ];

  it.each(cases)('%s.%s matches its snapshot', async (name, lang) => {
    const svg = await renderSvg(chart(name, lang));
    expect(svg.startsWith('<svg')).toBe(true);
    await expect(normaliseSvg(svg)).toMatchFileSnapshot(`./__snapshots__/${name}.${lang}.svg`);
  });

  it('draws Spanish month names and titles for Spanish', async () => {
    const svg = await renderSvg(chart('fentanyl-national', 'es'));
    expect(svg).toContain('Muertes (suma de 12 meses)');
    expect(svg).toMatch(/>(ene|mar|may|jul|sep|nov) 20\d\d</);
    expect(svg).not.toMatch(/>(Jan|Mar|May|Jul|Sep|Nov) 20\d\d</);
  });

  it('draws a gap, not a zero, for suppressed months', async () => {
    const svg = await renderSvg(chart('methamphetamine-border', 'en'));
    // Broken paths: a line path with more than one subpath ("M" move-to after the first).
    const linePaths = [...svg.matchAll(/<path[^>]*aria-roledescription="line mark"[^>]*d="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(linePaths.length).toBeGreaterThan(0);
    expect(linePaths.some((d) => (d?.match(/M/g) ?? []).length > 1)).toBe(true);
  });

  it('renders the same charts in worker threads as here', async () => {
    const specs = buildCharts(data, 'en')
      .slice(0, 6)
      .map((c) => c.spec);
    const here = await renderSvgs(specs, { workers: 1 });
    const there = await renderSvgs(specs, { workers: 2 });
    expect(there.map(normaliseSvg)).toEqual(here.map(normaliseSvg));
  });

  describe('does not depend on the server time zone', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it('renders the same SVG in Mexico City and in Tokyo', async () => {
      process.env.TZ = 'America/Mexico_City';
      const west = normaliseSvg(await renderSvg(chart('fentanyl-national', 'en')));
      process.env.TZ = 'Asia/Tokyo';
      const east = normaliseSvg(await renderSvg(chart('fentanyl-national', 'en')));
      expect(new Date(Date.UTC(2024, 0, 1)).getHours()).toBe(9); // the zone change took effect
      expect(east).toBe(west);
    });
  });
});

describe('the alert chart', () => {
  // Two sources on one place and drug name the source too: the longest labels the chart draws.
  const long = buildReportData({
    alerts: [
      ...data.alerts,
      alert({
        id: 'l1',
        source: 'inegi_deaths',
        country: 'MX',
        geo: '08',
        drug: 'mx_stimulant_use_disorder',
      }),
      alert({
        id: 'l2',
        source: 'sinave_weekly',
        country: 'MX',
        geo: '08',
        drug: 'mx_stimulant_use_disorder',
      }),
    ],
  });

  it.each(['en', 'es'] as const)(
    'wraps long row labels onto lines instead of cutting them (%s)',
    async (lang) => {
      const spec = buildCharts(long, lang).find((c) => c.name === 'alerts')?.spec;
      if (!spec) throw new Error('no alerts chart');
      const rowLookup = (
        spec as { transform: { from: { fields: string[]; data: { values: Record<string, string>[] } } }[] }
      ).transform.find((t) => t.from?.fields[0] === 'row');
      const expected = new Set(rowLookup?.from.data.values.map((v) => v.row ?? '') ?? []);
      const svg = await renderSvg(spec);
      const axis = /<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/gs;
      const drawn: string[][] = [];
      for (const group of svg.matchAll(axis))
        for (const text of (group[1] ?? '').matchAll(/<text[^>]*>(.*?)<\/text>/gs)) {
          const body = text[1] ?? '';
          const lines = [...body.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((m) => m[1] ?? '');
          drawn.push(lines.length > 0 ? lines : [body]);
        }
      const rows = drawn.map((lines) => lines.join(' ')).filter((l) => expected.has(l));
      // Every row label is drawn whole, none cut with an ellipsis, and the long ones on more than one line.
      expect(new Set(rows)).toEqual(expected);
      expect(drawn.flat().filter((l) => l.includes('…'))).toEqual([]);
      const longest = [...expected].sort((a, b) => b.length - a.length)[0] ?? '';
      expect(longest.length).toBeGreaterThan(40);
      expect(drawn.find((lines) => lines.join(' ') === longest)?.length).toBeGreaterThan(1);
    },
  );
});
