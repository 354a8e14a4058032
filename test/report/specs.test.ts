import type { TopLevelSpec } from 'vega-lite';
import * as vegaLite from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  alertsSpec,
  borderStatesSpec,
  buildCharts,
  DRUG_COLORS,
  nationalTrendSpec,
  type TrendRow,
  trendRows,
} from '../../src/report/specs.ts';
import { buildReportData } from '../support/reportData.ts';

const data = buildReportData();

/** Every object nested anywhere in `value`. */
function objects(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(objects);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return [obj, ...Object.values(obj).flatMap(objects)];
  }
  return [];
}

function rowsOf(spec: TopLevelSpec): TrendRow[] {
  const values = (spec.data as { values: TrendRow[] }).values;
  expect(Array.isArray(values)).toBe(true);
  return values;
}

function warningsOf(spec: TopLevelSpec): string[] {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...args: unknown[]) => {
      warnings.push(`error: ${args.join(' ')}`);
      return logger;
    },
    warn: (...args: unknown[]) => {
      warnings.push(args.join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  // biome-ignore lint/suspicious/noExplicitAny: vega-lite's logger type is vega's LoggerInterface
  vegaLite.compile(spec, { logger: logger as any });
  return warnings;
}

const allSpecs = (['en', 'es'] as const).flatMap((lang) =>
  buildCharts(data, lang).map((c) => ({ lang, ...c })),
);

describe('chart specs', () => {
  it('builds national, border-states and alerts charts in each language', () => {
    expect(allSpecs.map((c) => `${c.name}.${c.lang}`)).toEqual([
      'national.en',
      'border-states.en',
      'alerts.en',
      'national.es',
      'border-states.es',
      'alerts.es',
    ]);
  });

  it.each(allSpecs.map((c) => [`${c.name}.${c.lang}`, c.spec] as const))(
    '%s compiles without warnings',
    (_, spec) => {
      expect(warningsOf(spec)).toEqual([]);
    },
  );

  it.each(allSpecs.map((c) => [`${c.name}.${c.lang}`, c.spec] as const))(
    '%s uses UTC time units and UTC scales for every temporal field',
    (_, spec) => {
      const temporal = objects(spec).filter((o) => o.type === 'temporal');
      expect(temporal.length).toBeGreaterThan(0);
      for (const def of temporal) {
        if (def.timeUnit !== undefined) expect(String(def.timeUnit)).toMatch(/^utc/);
        expect(def.scale).toMatchObject({ type: 'utc' });
      }
    },
  );

  it('carries no $schema and no URL', () => {
    for (const { spec } of allSpecs) {
      expect(spec).not.toHaveProperty('$schema');
      expect(JSON.stringify(spec)).not.toMatch(/https?:/);
    }
  });

  it('inlines its data as data.values', () => {
    for (const { spec } of allSpecs)
      expect(Array.isArray((spec.data as { values?: unknown }).values)).toBe(true);
  });
});

describe('trend data', () => {
  const rows = rowsOf(borderStatesSpec(data, 'en'));
  const nmMeth = rows.filter(
    (r) => r.geo === 'NM' && r.drug === 'methamphetamine' && r.series === 'reported',
  );

  it('keeps suppressed counts as null, never 0', () => {
    const suppressed = nmMeth.filter((r) => r.status === 'suppressed');
    expect(suppressed.map((r) => r.periodEnd)).toEqual(['2023-10-31', '2023-11-30', '2024-01-31']);
    for (const r of suppressed) {
      expect(r.value).toBeNull();
      expect(r.valueLabel).toBe('—');
      expect(r.gapFrom).toBeDefined();
    }
    expect(rows.some((r) => r.value === 0)).toBe(false);
  });

  it('breaks lines at null values instead of dropping or zeroing them', () => {
    const spec = borderStatesSpec(data, 'en') as {
      spec: { layer: { mark: { type: string; invalid?: string } }[] };
    };
    const line = spec.spec.layer.find((l) => l.mark.type === 'line');
    expect(line?.mark.invalid).toBe('break-paths-show-domains');
  });

  it('marks a value between two gaps as isolated so it is drawn as a dot', () => {
    expect(nmMeth.filter((r) => r.isolated).map((r) => r.periodEnd)).toEqual(['2023-12-31']);
  });

  it('adds predicted rows only for series that have predicted values', () => {
    expect(rows.some((r) => r.geo === 'NM' && r.drug === 'methamphetamine' && r.series === 'predicted')).toBe(
      false,
    );
    const predicted = rows.filter((r) => r.geo === 'AZ' && r.drug === 'fentanyl' && r.series === 'predicted');
    expect(predicted).toHaveLength(12);
    expect(predicted.filter((r) => r.value !== null)).toHaveLength(3);
  });

  it('fills an absent month with a null "missing" row so the gap is not bridged', () => {
    const national = data.national.filter((p) => p.periodEnd !== '2024-02-29');
    const filled = trendRows(data, national, 'en').filter(
      (r) => r.drug === 'fentanyl' && r.series === 'reported',
    );
    expect(filled).toHaveLength(12);
    expect(filled.find((r) => r.periodEnd === '2024-02-29')).toMatchObject({
      value: null,
      status: 'missing',
    });
  });

  it('orders the border states AZ, CA, NM, TX', () => {
    expect([...new Set(rows.map((r) => r.geo))]).toEqual(['AZ', 'CA', 'NM', 'TX']);
  });

  it('gives each small multiple its own y scale', () => {
    expect(borderStatesSpec(data, 'en')).toMatchObject({ resolve: { scale: { y: 'independent' } } });
  });
});

describe('labels and colours', () => {
  it('uses the Okabe–Ito vermillion for fentanyl and blue for methamphetamine', () => {
    const color = objects(nationalTrendSpec(data, 'en')).find((o) => o.field === 'drugLabel' && o.scale);
    expect(color?.scale).toEqual({
      domain: ['Fentanyl', 'Methamphetamine'],
      range: [DRUG_COLORS.fentanyl, DRUG_COLORS.methamphetamine],
    });
    expect(DRUG_COLORS).toEqual({ fentanyl: '#D55E00', methamphetamine: '#0072B2' });
  });

  it('labels titles, axes, legends and tooltips in the page language', () => {
    const en = JSON.stringify(nationalTrendSpec(data, 'en'));
    const es = JSON.stringify(nationalTrendSpec(data, 'es'));
    expect(en).toContain('Deaths (12-month sum)');
    expect(en).toContain('"Fentanyl"');
    expect(en).toContain('June 2024');
    expect(es).toContain('Muertes (suma de 12 meses)');
    expect(es).toContain('"Fentanilo"');
    expect(es).toContain('junio de 2024');
    expect(es).not.toContain('Deaths');
    const titles = (lang: 'en' | 'es') =>
      objects(borderStatesSpec(data, lang)).flatMap((o) => [o.title, o.text]);
    expect(titles('en')).not.toEqual(titles('es'));
  });

  it('gives Vega an es-MX locale for Spanish axis labels', () => {
    const es = nationalTrendSpec(data, 'es') as { config: { locale: { time: { months: string[] } } } };
    const en = nationalTrendSpec(data, 'en') as { config: { locale: { time: { months: string[] } } } };
    expect(es.config.locale.time.months[5]).toBe('junio');
    expect(en.config.locale.time.months[5]).toBe('June');
  });

  it('formats alert values for the language', () => {
    const values = (alertsSpec(data, 'es').data as { values: Record<string, string>[] }).values;
    expect(values[0]).toMatchObject({ place: 'Nuevo México', month: 'junio de 2024', observed: '1,234.5' });
  });

  it('leaves the alert chart out when there are no alerts', () => {
    expect(buildCharts({ ...data, alerts: [] }, 'en').map((c) => c.name)).toEqual([
      'national',
      'border-states',
    ]);
  });
});
