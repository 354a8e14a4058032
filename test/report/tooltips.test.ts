/** What a reader sees on hover is the value of the table: tooltips evaluated by Vega on the page's specs. */

import { describe, expect, it } from 'vitest';
import { monthStart } from '../../src/report/charts/chart.ts';
import { STRINGS } from '../../src/report/i18n.ts';
import { buildCharts } from '../../src/report/specs.ts';
import { buildReportData } from '../support/reportData.ts';
import { markItems } from '../support/vegaItems.ts';

const data = buildReportData();

const isoDay = (t: unknown) =>
  t instanceof Date
    ? t.toISOString().slice(0, 10)
    : typeof t === 'number'
      ? new Date(t).toISOString().slice(0, 10)
      : String(t);
const parseEn = (text: string | undefined) =>
  text === undefined ? undefined : Number(text.replace(/,/g, ''));

describe('tooltips', () => {
  it('show each alarm its own observed, expected and threshold values', async () => {
    const chart = buildCharts(data, 'en').find((c) => c.name === 'alerts');
    if (!chart) throw new Error('no alerts chart');
    const t = STRINGS.en.tooltip;
    const items = (await markItems(chart.interactive)).filter((i) => i.tooltip?.[t.method] !== undefined);
    expect(items.length).toBeGreaterThan(0);
    for (const { datum, tooltip } of items) {
      const alert = data.alerts.find(
        (a) =>
          `${a.source}|${a.geo}|${a.drug}` === datum.r &&
          a.method === datum.me &&
          monthStart(a.periodEnd) === isoDay(datum.t),
      );
      expect(alert, JSON.stringify(datum)).toBeDefined();
      const shown = Object.fromEntries(
        Object.entries(tooltip ?? {}).map(([k, v]) => [k.replace(/ \(.*\)$/, ''), v]),
      );
      expect(parseEn(shown[t.observed])).toBeCloseTo(alert?.observed ?? Number.NaN, 1);
      expect(parseEn(shown[t.expected])).toBeCloseTo(alert?.expected ?? Number.NaN, 1);
      expect(parseEn(shown[t.threshold])).toBeCloseTo(alert?.threshold ?? Number.NaN, 1);
      // The values carry their unit: deaths, or the change of a 12-month sum for detectors on that change.
      expect(shown[t.unit]).toBe(
        alert?.detectedOn === 'rolling_sum_increment'
          ? 'deaths: change in the 12-month sum on a year earlier'
          : alert?.measure === 'deaths'
            ? 'deaths'
            : expect.any(String),
      );
    }
  });

  it('name a 12-month-ending sum as such, never as a monthly count', async () => {
    const chart = buildCharts(data, 'en').find((c) => c.name === 'fentanyl-national');
    if (!chart) throw new Error('no national chart');
    const items = (await markItems(chart.interactive)).filter((i) => i.tooltip?.Series !== undefined);
    expect(items.length).toBeGreaterThan(0);
    for (const { tooltip } of items) {
      expect(Object.keys(tooltip ?? {})).toEqual(
        expect.arrayContaining(['12 months ending', 'Deaths (12-month sum)']),
      );
      expect(Object.keys(tooltip ?? {})).not.toContain('Month');
      expect(Object.keys(tooltip ?? {})).not.toContain('Value');
    }
  });

  it('never print "null" or "NaN": a missing value reads as a dash', async () => {
    for (const lang of ['en', 'es'] as const)
      for (const c of buildCharts(data, lang)) {
        const items = await markItems(c.interactive);
        for (const { tooltip } of items)
          for (const [k, v] of Object.entries(tooltip ?? {}))
            expect(String(v), `${c.name}.${lang}: ${k}`).not.toMatch(/null|NaN|undefined/);
      }
  });
});
