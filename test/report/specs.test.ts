import { describe, expect, it } from 'vitest';
import type { Lang } from '../../src/core/lang.ts';
import type { NamedChart } from '../../src/report/charts/chart.ts';
import { mapRows } from '../../src/report/charts/map.ts';
import { FAMILIES } from '../../src/report/focus.ts';
import type { MapValue } from '../../src/report/reportData.ts';
import { buildCharts } from '../../src/report/specs.ts';
import { allTiles } from '../../src/report/tilegrid.ts';
import { buildReportData, withHostileStrings } from '../support/reportData.ts';

const data = buildReportData();

function chart(name: string, lang: Lang = 'en', d = data): NamedChart {
  const found = buildCharts(d, lang).find((c) => c.name === name);
  if (!found) throw new Error(`no chart ${name}`);
  return found;
}

/** Every object inside a JSON value. */
function* objects(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const v of value) yield* objects(v);
  else if (value && typeof value === 'object') {
    yield value as Record<string, unknown>;
    for (const v of Object.values(value)) yield* objects(v);
  }
}

/** Rows of every inline dataset of a spec (`data.values`) that carry the field `field`. */
function rowsWith(spec: unknown, field: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const o of objects(spec)) {
    const data = o.data as { values?: unknown } | undefined;
    if (data && Array.isArray(data.values))
      for (const r of data.values)
        if (r && typeof r === 'object' && field in r) rows.push(r as Record<string, unknown>);
  }
  return rows;
}

describe('buildCharts', () => {
  it('builds every chart the pages need, in page order, with file-safe names', () => {
    expect(buildCharts(data, 'en').map((c) => c.name)).toEqual([
      'fentanyl-national',
      'fentanyl-border',
      'methamphetamine-national',
      'methamphetamine-border',
      'seizures-fentanyl-us',
      'seizures-fentanyl-mx',
      'seizures-methamphetamine-us',
      'investigations-mx',
      'naloxone-us',
      'map-fentanyl',
      'map-methamphetamine',
      'alerts',
      'trends-fentanyl',
      'trends-methamphetamine',
    ]);
    for (const c of buildCharts(data, 'es')) expect(c.name).toMatch(/^[a-z0-9-]+$/);
  });

  it('builds nothing from an empty warehouse', () => {
    const empty = buildReportData({ series: [], map: [], alerts: [], trends: [] });
    expect(buildCharts(empty, 'en')).toEqual([]);
  });

  it('puts every temporal field on a UTC scale or a UTC time unit', () => {
    for (const lang of ['en', 'es'] as const) {
      for (const c of buildCharts(data, lang)) {
        for (const spec of [c.spec, c.interactive]) {
          for (const o of objects(spec)) {
            if (o.type !== 'temporal') continue;
            const utcUnit = typeof o.timeUnit === 'string' && o.timeUnit.startsWith('utc');
            const utcScale = (o.scale as { type?: string } | undefined)?.type === 'utc';
            const tooltip = typeof o.format === 'string' && utcUnit;
            expect(utcUnit || utcScale || tooltip, `${c.name}: ${JSON.stringify(o)}`).toBe(true);
          }
        }
      }
    }
  });

  it('labels in the chart language, with the Vega locale of that language', () => {
    const es = chart('fentanyl-national', 'es').spec as {
      config: { locale: { time: { months: string[] } } };
    };
    expect(es.config.locale.time.months[0]).toBe('enero');
    expect(JSON.stringify(es)).toContain('Fentanilo: muertes por sobredosis a nivel nacional');
    expect(JSON.stringify(chart('map-fentanyl', 'es').spec)).toContain('Cambio respecto a un año antes');
    expect(JSON.stringify(chart('map-fentanyl', 'en').spec)).not.toContain('Cambio');
  });

  it('keeps suppressed values null (a gap with a grey band), never zero', () => {
    const rows = rowsWith(chart('methamphetamine-border').spec, 'v').filter(
      (r) => r.p === 'US-NM' && r.k === 'r',
    );
    const suppressed = rows.filter((r) => r.s === 'suppressed');
    expect(suppressed.length).toBe(3);
    for (const r of suppressed) {
      expect(r.v).toBeNull();
      expect(typeof r.a).toBe('string');
      expect(typeof r.b).toBe('string');
    }
    // The value between two suppressed months has no neighbour: it is drawn as a dot.
    expect(rows.filter((r) => r.i === 1).map((r) => r.t)).toEqual(['2022-12-01']);
  });

  it('draws reported counts solid and predicted counts dashed', () => {
    const spec = chart('fentanyl-national').spec;
    const dash = [...objects(spec)].find((o) => o.field === 'seriesLabel' && o.scale) as {
      scale: { domain: string[]; range: number[][] };
    };
    expect(dash.scale.domain).toEqual(['Reported', 'Predicted (delay-adjusted)']);
    expect(dash.scale.range).toEqual([
      [1, 0],
      [6, 4],
    ]);
    const rows = rowsWith(spec, 'v');
    expect(rows.some((r) => r.k === 'p' && r.s === 'predicted' && typeof r.v === 'number')).toBe(true);
  });

  it('uses Okabe–Ito colours for the drugs and colour-blind-safe schemes for the maps and trends', () => {
    const text = (name: string) => JSON.stringify(chart(name).spec);
    expect(text('fentanyl-national')).toContain(FAMILIES[0]?.color);
    expect(text('methamphetamine-national')).toContain(FAMILIES[1]?.color);
    expect(text('map-fentanyl')).toContain('"scheme":"blues"');
    expect(text('map-fentanyl')).toContain('"scheme":"blueorange"');
    expect(text('trends-fentanyl')).toContain('"scheme":"blueorange"');
  });

  it('never puts a dataset string into a Vega expression: labels come from lookup tables', () => {
    const marker = '<script>alert("x")</script>';
    const hostile = withHostileStrings(marker);
    for (const c of buildCharts(hostile, 'en')) {
      const all = JSON.stringify(c.interactive);
      for (const o of objects(c.interactive)) {
        for (const key of ['filter', 'calculate', 'test', 'expr']) {
          const v = o[key];
          if (typeof v === 'string') expect(v, `${c.name}.${key}`).not.toContain('script');
        }
        if (Array.isArray(o.sort)) throw new Error(`${c.name}: sort by a literal array builds an expression`);
      }
      // The hostile name is in the chart, as data (in a lookup table), where Vega shows it as text.
      if (c.name === 'fentanyl-national') expect(all).toContain(JSON.stringify(marker).slice(1, -1));
    }
  });

  it('adds hover targets only to the interactive version', () => {
    const c = chart('fentanyl-border');
    const tooltips = (spec: unknown) => [...objects(spec)].filter((o) => 'tooltip' in o).length;
    expect(JSON.stringify(c.spec)).not.toContain('"opacity":0}');
    expect(tooltips(c.interactive)).toBeGreaterThan(tooltips(c.spec));
  });

  it('stacks each place as seizures above deaths on one shared month axis', () => {
    const spec = chart('seizures-fentanyl-us').spec as unknown as {
      data: { values: { p: string; m: string; b0?: string; b1?: string }[] };
      transform: { lookup: string; from: { data: { values: Record<string, unknown>[] } } }[];
      facet: { row: { field: string } };
      resolve: unknown;
    };
    const labels = spec.transform.find((t) => t.from.data.values.some((v) => 'place' in v))?.from.data.values;
    expect(labels?.map((v) => v.place)).toEqual([
      'United States — Seized (kg) per month',
      'United States — Deaths in the 12 months ending each month',
      'Arizona — Seized (kg) per month',
      'Arizona — Deaths in the 12 months ending each month',
    ]);
    expect(spec.facet.row.field).toBe('place');
    expect(spec.resolve).toEqual({ scale: { y: 'independent' } });
    // A month's bar spans the month: from its first day to the first day of the next.
    const bar = spec.data.values.find((r) => r.p === 'AZ|x');
    expect(bar).toMatchObject({ m: 'x', b0: '2022-10-01', b1: '2022-11-01' });
  });
});

describe("Mexico's monthly investigations", () => {
  it('draws SESNSP investigations per month, labelled as investigations, each series over its own months', () => {
    const c = chart('investigations-mx', 'en');
    const text = JSON.stringify(c.spec);
    expect(c.page).toBe('seizures');
    expect(c.title).toBe('Mexico: drug-crime investigations opened each month');
    expect(text).toContain('Investigations opened (SESNSP), not seizures and not deaths');
    const rows = rowsWith(c.spec, 'v') as { p: string; c: string; t: string; v: number | null; s: string }[];
    const months = (drug: string) => rows.filter((r) => r.p === 'MX' && r.c === drug).map((r) => r.t);
    // Narcomenudeo ends in May 2022, the federal series runs to June 2024: no month is padded onto either.
    expect(months('narcomenudeo').at(-1)).toBe('2022-05-01');
    expect(months('contra_la_salud').at(-1)).toBe('2024-06-01');
    // A suppressed month is a gap, never zero; and the nation and the border state are panels of their own.
    expect(rows.find((r) => r.p === '02' && r.c === 'narcomenudeo' && r.t === '2021-05-01')).toMatchObject({
      v: null,
      s: 'suppressed',
    });
    expect(new Set(rows.map((r) => r.p))).toEqual(new Set(['MX', '02']));
    expect(JSON.stringify(chart('investigations-mx', 'es').spec)).toContain('no aseguramientos ni muertes');
  });
});

describe('the binational tile map', () => {
  it('has one tile per state of both countries, values where known', () => {
    const { rows, rates } = mapRows(data, FAMILIES[0] as (typeof FAMILIES)[number]);
    expect(rates).toBe(true);
    expect(rows.length).toBe(allTiles().length);
    const byGeo = new Map(rows.map((r) => [r.g, r]));
    expect(byGeo.get('AZ')).toMatchObject({ ab: 'AZ', v1: 45.5, s: 'provisional', c: 'US' });
    expect(byGeo.get('02')).toMatchObject({ ab: 'BC', c: 'MX', d: 'mx_narcotics_poisoning' });
    expect(byGeo.get('NY')).toMatchObject({ v1: null, v2: null, s: 'suppressed' });
    expect(byGeo.get('WY')).toMatchObject({ v1: null, s: 'missing' });
    const positions = new Set(rows.map((r) => `${r.x},${r.y}`));
    expect(positions.size).toBe(rows.length);
  });

  it('writes the value in each tile, and no percent change on fewer than 10 deaths a year earlier', () => {
    const small = buildReportData({
      map: data.map.map((m) =>
        m.geo === '26' ? { ...m, value: 12, previousValue: 6, rate: 0.4, previousRate: 0.2 } : m,
      ),
    });
    const byGeo = new Map(
      mapRows(small, FAMILIES[0] as (typeof FAMILIES)[number], 'es').rows.map((r) => [r.g, r]),
    );
    expect(byGeo.get('AZ')?.l1).toEqual(['AZ', '45.5']);
    expect(byGeo.get('AZ')?.l2).toEqual(['AZ', '+10']);
    expect(byGeo.get('26')).toMatchObject({ v2: null, l2: ['SON', '*'] });
    expect(byGeo.get('NY')?.l1).toEqual(['NY', 's']);
    expect(byGeo.get('WY')?.l1).toEqual(['WY', '–']);
  });

  it('shows a count, marked, for a place with deaths but no matching population (New York without NYC)', () => {
    const ny = buildReportData({
      map: [
        ...data.map,
        {
          ...(data.map.find((m) => m.geo === 'AZ') as MapValue),
          geo: 'YC',
          value: 2450,
          previousValue: 2900,
          rate: null,
          previousRate: null,
          status: 'reported',
        },
      ],
    });
    const byGeo = new Map(
      mapRows(ny, FAMILIES[0] as (typeof FAMILIES)[number], 'en').rows.map((r) => [r.g, r]),
    );
    expect(byGeo.get('YC')).toMatchObject({ v1: null, l1: ['NYC', '2,450†'], tn: '2,450', tr: '–' });
    // Its change is of counts, as no rate exists: −15.5%.
    expect(byGeo.get('YC')?.v2).toBeCloseTo((100 * (2450 - 2900)) / 2900, 6);
  });

  it('gives each country its own colour scale and legend: Mexican tiles are not washed out by US levels', () => {
    const spec = chart('map-fentanyl').spec;
    const colors = [...objects(spec)]
      .filter((o) => typeof o.filter === 'string' || (o.encoding as { color?: unknown } | undefined)?.color)
      .map(
        (o) =>
          (
            o.encoding as {
              color?: { field?: string; scale?: { scheme?: string }; legend?: { title?: string | string[] } };
            }
          )?.color,
      )
      .filter((c) => c?.field === 'v1');
    expect(colors.map((c) => [c?.scale?.scheme, c?.legend?.title])).toEqual([
      ['blues', ['United States', 'Per 100,000']],
      ['purples', ['Mexico', 'Per 100,000']],
    ]);
    // Dark tiles (white text) are dark on their own country's scale: Mexico's highest rate gets white text.
    const { rows } = mapRows(data, FAMILIES[0] as (typeof FAMILIES)[number]);
    const mx = rows.filter((r) => r.c === 'MX' && r.v1 !== null);
    const top = mx.reduce((a, b) => ((b.v1 ?? 0) > (a.v1 ?? 0) ? b : a));
    expect(top.w1).toBe(1);
  });

  it('falls back to counts, and says so in the title, without denominators', () => {
    const counts = buildReportData({ map: data.map.map((m) => ({ ...m, rate: null, previousRate: null })) });
    expect(mapRows(counts, FAMILIES[0] as (typeof FAMILIES)[number]).rates).toBe(false);
    expect(JSON.stringify(chart('map-fentanyl', 'en', counts).spec)).toContain('Deaths (count, not a rate)');
  });
});
