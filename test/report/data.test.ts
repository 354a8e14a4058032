import { afterEach, describe, expect, it } from 'vitest';
import { readReportData } from '../../src/report/data.ts';
import { openWarehouse, type Warehouse } from '../../src/warehouse/connection.ts';

/**
 * A warehouse as the foundation issue left it: observations, seeds, loads, and alerts without the columns that
 * later migrations add. The report must work on it, and use each newer table or column once it exists.
 */
const BASE = `
CREATE SCHEMA analytics; CREATE SCHEMA meta;
CREATE TABLE meta.loads (load_id BIGINT, source VARCHAR, vintage DATE, demo BOOLEAN, rows_loaded BIGINT, status VARCHAR);
INSERT INTO meta.loads VALUES (1, 'cdc_vsrr_state', DATE '2024-10-16', true, 100, 'loaded'),
  (2, 'cbp_seizures', DATE '2024-11-01', true, 50, 'loaded'), (3, 'inegi_deaths', DATE '2024-09-30', true, 10, 'loaded'),
  (4, 'cdc_vsrr_state', DATE '2024-12-01', false, 0, 'failed');
CREATE TABLE analytics.drugs (code VARCHAR, label_en VARCHAR, label_es VARCHAR);
INSERT INTO analytics.drugs VALUES ('fentanyl', 'Fentanyl', 'Fentanilo'), ('methamphetamine', 'Methamphetamine', 'Metanfetamina'),
  ('mx_narcotics_poisoning', 'Narcotics poisoning', 'Envenenamiento por narcóticos'), ('cocaine', 'Cocaine', 'Cocaína');
CREATE TABLE analytics.geography (country VARCHAR, geo_level VARCHAR, geo_code VARCHAR, name_en VARCHAR, name_es VARCHAR, border_state BOOLEAN);
INSERT INTO analytics.geography VALUES ('US', 'nation', 'US', 'United States', 'Estados Unidos', false),
  ('US', 'state', 'AZ', 'Arizona', 'Arizona', true), ('US', 'state', 'NY', 'New York', 'Nueva York', false),
  ('US', 'region', 'HHS9', 'HHS Region 9', 'Región 9 del HHS', true), ('MX', 'nation', 'MX', 'Mexico', 'México', false),
  ('MX', 'state', '02', 'Baja California', 'Baja California', true),
  ('US', 'port', 'CBP-FO-TUCSON', 'Tucson Field Office', 'Oficina de campo de Tucson', false),
  ('US', 'port', 'CBP-SEC-YUMA', 'Yuma Sector', 'Sector Yuma', false);
CREATE TABLE analytics.observations (source VARCHAR, country VARCHAR, geo_level VARCHAR, geo_code VARCHAR,
  period_start DATE, period_end DATE, period_type VARCHAR, drug VARCHAR, measure VARCHAR, value DOUBLE, status VARCHAR,
  vintage DATE, load_id BIGINT);
INSERT INTO analytics.observations
SELECT 'cdc_vsrr_state', 'US', g.level, g.code, NULL, last_day(DATE '2022-07-01' + INTERVAL (i) MONTH), '12mo_ending',
       d.drug, 'deaths',
       CASE WHEN g.code = 'NY' AND i = 23 THEN 5 ELSE g.base + 10 * i END,
       CASE WHEN g.code = 'NY' AND i = 23 THEN 'suppressed' ELSE 'provisional' END, DATE '2024-10-16', 1
FROM range(24) AS r(i)
CROSS JOIN (VALUES ('US', 'nation', 70000), ('AZ', 'state', 2000), ('NY', 'state', 3000)) AS g(code, level, base)
CROSS JOIN (VALUES ('fentanyl'), ('methamphetamine'), ('cocaine')) AS d(drug);
INSERT INTO analytics.observations
SELECT 'inegi_deaths', 'MX', g.level, g.code, NULL, last_day(DATE '2022-07-01' + INTERVAL (i) MONTH), '12mo_ending',
       'mx_narcotics_poisoning', 'deaths', g.base + i, 'reported', DATE '2024-09-30', 3
FROM range(24) AS r(i) CROSS JOIN (VALUES ('MX', 'nation', 200), ('02', 'state', 50)) AS g(code, level, base);
INSERT INTO analytics.observations
SELECT 'cbp_seizures', 'US', 'port', p.code, NULL, last_day(DATE '2023-01-01' + INTERVAL (i) MONTH), 'month',
       'fentanyl', 'seizure_kg', p.kg, 'reported', DATE '2024-11-01', 2
FROM range(12) AS r(i) CROSS JOIN (VALUES ('CBP-FO-TUCSON', 10.0), ('CBP-SEC-YUMA', 99.0)) AS p(code, kg);
CREATE TABLE analytics.alerts (run_id BIGINT, source VARCHAR, geo_code VARCHAR, drug VARCHAR, period_end DATE,
  method VARCHAR, observed DOUBLE, expected DOUBLE, threshold DOUBLE, score DOUBLE, alarm BOOLEAN,
  sentence_en VARCHAR, sentence_es VARCHAR);
INSERT INTO analytics.alerts
SELECT run, 'cdc_vsrr_state', 'AZ', 'fentanyl', last_day(DATE '2022-07-01' + INTERVAL (i) MONTH), 'ears_c1',
       10 + i, 10, 20, 1, i = 23 AND run = 2, CASE WHEN i = 23 THEN 'Alarm in Arizona' END,
       CASE WHEN i = 23 THEN 'Alarma en Arizona' END
FROM range(24) AS r(i) CROSS JOIN (VALUES (1), (2)) AS runs(run);
`;

/** What later migrations add: population, CBP areas, alert FDR and corroboration, trends, revisions. */
const LATER = `
CREATE TABLE analytics.population (source VARCHAR, country VARCHAR, geo_level VARCHAR, geo_code VARCHAR, year INTEGER,
  population DOUBLE, vintage DATE, load_id BIGINT, note VARCHAR);
INSERT INTO analytics.population VALUES ('census_state_population', 'US', 'state', 'AZ', 2023, 7000000, DATE '2024-12-01', 9, NULL),
  ('census_state_population', 'US', 'state', 'AZ', 2024, 7400000, DATE '2024-12-01', 9, NULL);
INSERT INTO meta.loads VALUES (9, 'census_state_population', DATE '2024-12-01', false, 2, 'loaded');
CREATE TABLE analytics.cbp_areas (area_label VARCHAR, geo_code VARCHAR, state VARCHAR);
INSERT INTO analytics.cbp_areas VALUES ('TUCSON FIELD OFFICE', 'CBP-FO-TUCSON', 'AZ'), ('YUMA SECTOR', 'CBP-SEC-YUMA', NULL);
ALTER TABLE analytics.alerts ADD COLUMN q_value DOUBLE;
ALTER TABLE analytics.alerts ADD COLUMN fdr_alarm BOOLEAN;
ALTER TABLE analytics.alerts ADD COLUMN corroborated_by VARCHAR[];
UPDATE analytics.alerts SET q_value = 0.01, fdr_alarm = true, corroborated_by = ['cbp_seizures'] WHERE alarm;
CREATE TABLE analytics.trends (run_id BIGINT, source VARCHAR, geo_code VARCHAR, drug VARCHAR, segment INTEGER,
  segments INTEGER, segment_start DATE, segment_end DATE, annual_pct_change DOUBLE, pct_change_lower DOUBLE,
  pct_change_upper DOUBLE, p_value DOUBLE, sentence_en VARCHAR, sentence_es VARCHAR);
INSERT INTO analytics.trends VALUES (2, 'cdc_vsrr_state', 'US', 'fentanyl', 1, 1, DATE '2022-07-31', DATE '2024-06-30',
  12.7, 0.9, 1.1, 0.001, 'Up', 'Sube');
CREATE TABLE analytics.revisions (source VARCHAR, measure VARCHAR, old_vintage DATE, new_vintage DATE, old_value DOUBLE,
  new_value DOUBLE, old_status VARCHAR, new_status VARCHAR);
INSERT INTO analytics.revisions VALUES ('cdc_vsrr_state', 'deaths', DATE '2024-08-14', DATE '2024-10-16', 100, 110, 'provisional', 'provisional'),
  ('cdc_vsrr_state', 'deaths', DATE '2024-08-14', DATE '2024-10-16', 100, 90, 'provisional', 'reported');
`;

let wh: Warehouse | undefined;
afterEach(() => {
  wh?.closeSync();
  wh = undefined;
});

async function warehouse(sql: string): Promise<Warehouse> {
  wh = await openWarehouse(':memory:');
  await wh.connection.run(sql);
  return wh;
}

describe('readReportData', () => {
  it('reads a warehouse without the later tables and columns', async () => {
    const w = await warehouse(BASE);
    const data = await readReportData(w.connection, new Date('2025-01-02T03:04:05Z'));
    expect(data.demo).toBe(true);
    expect(data.generatedAt).toBe('2025-01-02T03:04:05.000Z');
    expect(data.geographies.find((g) => g.code === 'HHS9')?.borderState).toBe(false);
    // Focus drugs only, nation and border states only: no cocaine, no New York.
    const keys = data.series.map((s) => `${s.source}/${s.geo}/${s.drug}/${s.measure}`).sort();
    // No table maps CBP areas to states yet: their seizures stay out of the state series.
    expect(keys).toEqual([
      'cdc_vsrr_state/AZ/fentanyl/deaths',
      'cdc_vsrr_state/AZ/methamphetamine/deaths',
      'cdc_vsrr_state/US/fentanyl/deaths',
      'cdc_vsrr_state/US/methamphetamine/deaths',
      'inegi_deaths/02/mx_narcotics_poisoning/deaths',
      'inegi_deaths/MX/mx_narcotics_poisoning/deaths',
    ]);
    expect(data.alerts).toHaveLength(1);
    expect(data.alerts[0]).toMatchObject({
      geo: 'AZ',
      method: 'ears_c1',
      fdrAlarm: null,
      qValue: null,
      corroboratedBy: [],
      sentence: { en: 'Alarm in Arizona', es: 'Alarma en Arizona' },
    });
    expect(data.alerts[0]?.spark).toHaveLength(24);
    expect(data.alerts[0]?.spark.at(-1)).toMatchObject({ end: '2024-06-30', observed: 33, alarm: true });
    expect(data.detection).toMatchObject({ runId: 2, alarms: 1, fdrAlarms: null, corroborated: null });
    expect(data.trends).toEqual([]);
    expect(data.revisions).toEqual([]);
    expect(data.populations).toEqual([]);
    expect(data.sources.map((s) => [s.source, s.vintage, s.loads.length])).toEqual([
      ['cbp_seizures', '2024-11-01', 1],
      ['cdc_vsrr_state', '2024-10-16', 1],
      ['inegi_deaths', '2024-09-30', 1],
    ]);
  });

  it('keeps a suppressed value null even when the source wrote a number, and maps counts without denominators', async () => {
    const w = await warehouse(BASE);
    const data = await readReportData(w.connection);
    const ny = data.map.find((m) => m.geo === 'NY' && m.family === 'fentanyl');
    expect(ny).toMatchObject({ status: 'suppressed', value: null, rate: null, previousValue: 3110 });
    const az = data.map.find((m) => m.geo === 'AZ' && m.family === 'fentanyl');
    expect(az).toMatchObject({
      periodEnd: '2024-06-30',
      value: 2230,
      previousEnd: '2023-06-30',
      previousValue: 2110,
    });
    expect(az?.rate).toBeNull();
    const mx = data.map.find((m) => m.geo === '02');
    expect(mx).toMatchObject({ family: 'fentanyl', drug: 'mx_narcotics_poisoning', value: 73 });
    expect(data.sources.find((s) => s.source === 'cdc_vsrr_state')?.suppressed).toBe(3);
  });

  it('takes rates from analytics.rates alone when it exists', async () => {
    const rates = `
      CREATE TABLE analytics.rates (source VARCHAR, geo_code VARCHAR, drug VARCHAR, measure VARCHAR, period_end DATE,
        rate_per_100k DOUBLE, population_source VARCHAR);
      INSERT INTO analytics.rates VALUES
        ('cdc_vsrr_state', 'AZ', 'fentanyl', 'deaths', DATE '2024-06-30', 29.9, 'census_state_population'),
        ('cdc_vsrr_state', 'AZ', 'fentanyl', 'deaths_predicted', DATE '2024-06-30', 99, 'census_state_population');`;
    const w = await warehouse(BASE + LATER + rates);
    const data = await readReportData(w.connection);
    const az = data.map.find((m) => m.geo === 'AZ' && m.family === 'fentanyl');
    expect(az?.rate).toBe(29.9);
    expect(az?.populationSource).toBe('census_state_population');
    // The year before is not in analytics.rates, which leaves out on purpose what has no matching denominator
    // (New York without New York City): no rate is made up from analytics.population.
    expect(az?.previousValue).toBe(2110);
    expect(az?.previousRate).toBeNull();
  });

  it("maps CDC's predicted (delay-adjusted) deaths where it predicts both periods, reported counts elsewhere", async () => {
    const predicted = `
      INSERT INTO analytics.observations
      SELECT 'cdc_vsrr_state', 'US', 'state', 'AZ', NULL, last_day(DATE '2022-07-01' + INTERVAL (i) MONTH), '12mo_ending',
             'fentanyl', 'deaths_predicted', 2100 + 12 * i, 'predicted', DATE '2024-10-16', 1
      FROM range(24) AS r(i);
      CREATE TABLE analytics.rates (source VARCHAR, geo_code VARCHAR, drug VARCHAR, measure VARCHAR, period_end DATE,
        rate_per_100k DOUBLE, population_source VARCHAR);
      INSERT INTO analytics.rates VALUES
        ('cdc_vsrr_state', 'AZ', 'fentanyl', 'deaths', DATE '2024-06-30', 29.9, 'census_state_population'),
        ('cdc_vsrr_state', 'AZ', 'fentanyl', 'deaths_predicted', DATE '2024-06-30', 32.0, 'census_state_population'),
        ('cdc_vsrr_state', 'AZ', 'fentanyl', 'deaths_predicted', DATE '2023-06-30', 31.0, 'census_state_population');`;
    const w = await warehouse(BASE + LATER + predicted);
    const data = await readReportData(w.connection);
    const az = data.map.find((m) => m.geo === 'AZ' && m.family === 'fentanyl');
    // Reported: 2,230 now and 2,110 a year earlier; predicted: 2,100 + 12 × 23 and 2,100 + 12 × 11.
    expect(az).toMatchObject({
      measure: 'deaths_predicted',
      status: 'predicted',
      periodEnd: '2024-06-30',
      value: 2376,
      previousValue: 2232,
      rate: 32,
      previousRate: 31,
    });
    // No prediction for New York: its reported (here suppressed) count, as before.
    const ny = data.map.find((m) => m.geo === 'NY' && m.family === 'fentanyl');
    expect(ny).toMatchObject({ measure: 'deaths', status: 'suppressed', value: null, previousValue: 3110 });
    // The predicted series does not make a second map entry or move the latest period.
    expect(data.map.filter((m) => m.geo === 'AZ' && m.family === 'fentanyl')).toHaveLength(1);
  });

  it('uses population, FDR, corroboration, trends and revisions once they exist', async () => {
    const w = await warehouse(BASE + LATER);
    const data = await readReportData(w.connection);
    expect(data.demo).toBe(true);
    // Seizures of the areas lying in one state add up to that state; an area spanning states is left out.
    const seized = data.series.find((s) => s.source === 'cbp_seizures');
    expect(seized).toMatchObject({ geo: 'AZ', geoLevel: 'state', areas: ['CBP-FO-TUCSON'] });
    expect(seized?.points.every((p) => p.value === 10)).toBe(true);
    const az = data.map.find((m) => m.geo === 'AZ' && m.family === 'fentanyl');
    // 12 months ending June 2024 → mostly 2024 (population 7.4 M); ending June 2023 → 2023 (7.0 M).
    expect(az?.rate).toBeCloseTo((2230 / 7_400_000) * 100_000, 6);
    expect(az?.previousRate).toBeCloseTo((2110 / 7_000_000) * 100_000, 6);
    expect(az?.populationSource).toBe('census_state_population');
    expect(data.alerts[0]).toMatchObject({ fdrAlarm: true, qValue: 0.01, corroboratedBy: ['cbp_seizures'] });
    expect(data.detection).toMatchObject({ fdrAlarms: 1, corroborated: 1 });
    expect(data.trends[0]).toMatchObject({ geo: 'US', apc: 12.7, segments: 1 });
    expect(data.trends[0]?.apcLower).toBeCloseTo(100 * (1.009 ** 12 - 1), 6);
    expect(data.revisions).toEqual([
      {
        source: 'cdc_vsrr_state',
        measure: 'deaths',
        oldVintage: '2024-08-14',
        newVintage: '2024-10-16',
        changed: 2,
        up: 1,
        down: 1,
        statusChanged: 1,
        medianPctChange: 0,
        maxAbsPctChange: 10,
      },
    ]);
    expect(data.populations).toEqual([
      {
        source: 'census_state_population',
        country: 'US',
        firstYear: 2023,
        lastYear: 2024,
        vintage: '2024-12-01',
      },
    ]);
  });

  it("finds the signals going on now: each source's latest period, since when, the methods agreeing", async () => {
    const w = await warehouse(`${BASE}
DROP TABLE analytics.alerts;
CREATE TABLE analytics.alerts (run_id BIGINT, source VARCHAR, country VARCHAR, geo_level VARCHAR, geo_code VARCHAR,
  drug VARCHAR, measure VARCHAR, period_type VARCHAR, detected_on VARCHAR, period_end DATE, method VARCHAR,
  observed DOUBLE, expected DOUBLE, threshold DOUBLE, score DOUBLE, alarm BOOLEAN, fdr_alarm BOOLEAN,
  corroborated_by VARCHAR[], sentence_en VARCHAR, sentence_es VARCHAR);
-- Arizona: C3 alarms in February, quiet in March, alarms April to June (C2 joins in June): going on since April.
-- New Mexico: an alarm in May only, quiet in June (the latest month): not going on.
INSERT INTO analytics.alerts
SELECT 2, 'cdc_vsrr_state', 'US', 'state', g, 'fentanyl', 'deaths', '12mo_ending', 'rolling_sum_increment',
       last_day(DATE '2024-01-01' + INTERVAL (i) MONTH), m, 10 + i, 5, 8, 1,
       CASE WHEN g = 'AZ' AND m = 'ears_c3' THEN i IN (1, 3, 4, 5)
            WHEN g = 'AZ' AND m = 'ears_c2' THEN i = 5
            ELSE g = 'NM' AND m = 'ears_c3' AND i = 4 END,
       m = 'ears_c3', CASE WHEN g = 'AZ' AND i = 5 AND m = 'ears_c3' THEN ['cbp_seizures'] ELSE [] END, NULL, NULL
FROM range(6) AS r(i) CROSS JOIN (VALUES ('AZ'), ('NM')) AS gs(g) CROSS JOIN (VALUES ('ears_c2'), ('ears_c3')) AS ms(m);
-- An older run must not count.
INSERT INTO analytics.alerts SELECT 1, source, country, geo_level, 'NM', drug, measure, period_type, detected_on,
  period_end, method, observed, expected, threshold, score, true, true, [], NULL, NULL FROM analytics.alerts;
-- CBP: its own latest month, September 2024.
INSERT INTO analytics.alerts VALUES
  (2, 'cbp_seizures', 'US', 'port', 'CBP-FO-TUCSON', 'fentanyl', 'seizure_kg', 'month', 'value', DATE '2024-08-31',
   'noufaily', 10, 5, 8, 1, false, false, [], NULL, NULL),
  (2, 'cbp_seizures', 'US', 'port', 'CBP-FO-TUCSON', 'fentanyl', 'seizure_kg', 'month', 'value', DATE '2024-09-30',
   'noufaily', 30, 5, 8, 1, true, false, [], NULL, NULL);
`);
    const data = await readReportData(w.connection);
    expect(data.monitored).toEqual(['cbp_seizures', 'cdc_vsrr_state']);
    expect(
      data.active.map((a) => [a.source, a.geo, a.periodEnd, a.since, a.methods, a.fdr, a.corroboratedBy]),
    ).toEqual([
      ['cdc_vsrr_state', 'AZ', '2024-06-30', '2024-04-30', ['ears_c2', 'ears_c3'], true, ['cbp_seizures']],
      ['cbp_seizures', 'CBP-FO-TUCSON', '2024-09-30', '2024-09-30', ['noufaily'], false, []],
    ]);
  });

  it("reads Mexico's monthly SESNSP investigations for the nation and the border states", async () => {
    const w = await warehouse(`${BASE}
INSERT INTO analytics.observations
SELECT src, 'MX', g.level, g.code, NULL, last_day(DATE '2022-01-01' + INTERVAL (i) MONTH), 'month', d, 'investigations',
       CASE WHEN i = 2 THEN NULL ELSE 100 + i END, CASE WHEN i = 2 THEN 'missing' ELSE 'reported' END, DATE '2025-08-20', 3
FROM range(5) AS r(i)
CROSS JOIN (VALUES ('MX', 'nation'), ('02', 'state')) AS g(code, level)
CROSS JOIN (VALUES ('sesnsp_fuero_comun', 'narcomenudeo'), ('sesnsp_fuero_federal', 'contra_la_salud'),
                   ('sesnsp_fuero_federal', 'contra_la_salud_posesion')) AS x(src, d);
`);
    const data = await readReportData(w.connection);
    const inv = data.series.filter((x) => x.measure === 'investigations');
    // The two continuing series, not the federal subtypes; a blank month stays null.
    expect(inv.map((x) => `${x.source}/${x.geo}/${x.drug}`).sort()).toEqual([
      'sesnsp_fuero_comun/02/narcomenudeo',
      'sesnsp_fuero_comun/MX/narcomenudeo',
      'sesnsp_fuero_federal/02/contra_la_salud',
      'sesnsp_fuero_federal/MX/contra_la_salud',
    ]);
    expect(inv[0]?.points.map((p) => p.value)).toEqual([100, 101, null, 103, 104]);
  });
});
