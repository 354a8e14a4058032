import { describe, expect, it } from 'vitest';
import { readReportData } from '../../src/report/data.ts';
import { queryRows } from '../../src/warehouse/connection.ts';
import { openDemoWarehouseForSuite } from '../warehouse/demoWarehouse.ts';

/** The report's numbers on the whole demo warehouse (every source: months, years and 12-month windows side by side). */
describe('report data from the demo warehouse', () => {
  const demo = openDemoWarehouseForSuite();

  it('is the same, digit for digit, each time it is read', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const reads = [];
    for (let i = 0; i < 3; i++) reads.push(JSON.stringify(await readReportData(demo.get().connection, now)));
    expect(reads[1]).toBe(reads[0]);
    expect(reads[2]).toBe(reads[0]);
  });

  it("maps each place's rate from analytics.rates for the same period type, never from a month or a year that ends on the same day", async () => {
    const data = await readReportData(demo.get().connection);
    const rates = await queryRows<{ key: string; rate: number }>(
      demo.get().connection,
      `SELECT concat_ws('|', measure, source, geo_code, drug, period_type, strftime(period_end, '%Y-%m-%d')) AS key,
              rate_per_100k AS rate
       FROM analytics.rates WHERE measure IN ('deaths', 'deaths_predicted') AND rate_per_100k IS NOT NULL`,
    );
    const byKey = new Map(rates.map((r) => [r.key, r.rate]));
    const withRates = data.map.filter((m) => m.rate !== null);
    // Both countries have mapped rates, the Mexican ones from INEGI, which gives months, years and 12-month windows.
    expect(new Set(withRates.map((m) => m.country))).toEqual(new Set(['US', 'MX']));
    expect(new Set(withRates.map((m) => `${m.country} ${m.measure}`))).toEqual(
      new Set(['US deaths_predicted', 'MX deaths']),
    );
    for (const m of withRates) {
      // The rate of what the tile shows: CDC's predicted deaths where it predicts them, else reported deaths.
      const key = [m.measure, m.source, m.geo, m.drug, m.periodType, m.periodEnd].join('|');
      expect(byKey.has(key), key).toBe(true);
      expect(m.rate, key).toBeCloseTo(byKey.get(key) ?? Number.NaN, 9);
    }
  });
});
