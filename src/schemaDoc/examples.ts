/**
 * Example queries printed in docs/schema.md. Each one is run against a warehouse built from the demo data by
 * test/warehouse/schemaDoc.test.ts, so an example that no longer works fails the tests instead of misleading a reader.
 */
export interface ExampleQuery {
  title: string;
  sql: string;
  /** True when the demo warehouse must give at least one row (false for queries whose answer may be empty). */
  rows: boolean;
}

export const EXAMPLE_QUERIES: ExampleQuery[] = [
  {
    title: 'Which schema version is this file, which run made it, and is it demo data?',
    sql: `SELECT key, value FROM meta.info ORDER BY key;`,
    rows: true,
  },
  {
    title: 'Fentanyl deaths (12 months ending each month) in the US–Mexico border states, latest release',
    sql: `SELECT geo_code, period_end, value, status, vintage
FROM analytics.observations
WHERE source = 'cdc_vsrr_state' AND drug = 'fentanyl' AND measure = 'deaths'
  AND geo_code IN ('AZ', 'CA', 'NM', 'TX')
ORDER BY geo_code, period_end;`,
    rows: true,
  },
  {
    title:
      'What did we know on 30 September 2024? The same series as published by then, beside today’s values',
    sql: `SELECT t.geo_code, t.period_end, t.value AS value_then, t.vintage AS vintage_then,
       n.value AS value_now, n.vintage AS vintage_now
FROM analytics.observations_as_of(DATE '2024-09-30') AS t
JOIN analytics.observations AS n
  USING (source, geo_level, geo_code, period_type, period_start, period_end, drug, measure)
WHERE t.source = 'cdc_vsrr_state' AND t.drug = 'fentanyl' AND t.measure = 'deaths' AND t.geo_code = 'US'
ORDER BY t.period_end;`,
    rows: true,
  },
  {
    title: 'What this warehouse had loaded by a date (rather than what publishers had released by then)',
    sql: `SELECT source, max(vintage) AS latest_vintage, count(*) AS observations
FROM analytics.observations_as_of(current_date, as_of_basis := 'loaded')
GROUP BY source
ORDER BY source;`,
    rows: true,
  },
  {
    title: 'The alarms the panel could have seen on a date (last detection run finished by then)',
    sql: `SELECT run_id, source, geo_code, drug, period_end, method, observed, expected, threshold, sentence_en
FROM analytics.alerts_as_of(current_date)
WHERE alarm
ORDER BY drug, geo_code, period_end, method;`,
    rows: true,
  },
  {
    title: 'Every release of a source, and how many values each carried',
    sql: `SELECT source, vintage, count(*) AS observations, count(value) AS with_value
FROM staging.observations
GROUP BY source, vintage
ORDER BY source, vintage;`,
    rows: true,
  },
  {
    title: 'The largest revisions between consecutive releases',
    sql: `SELECT source, geo_code, drug, measure, period_end, old_vintage, old_value, new_vintage, new_value, change
FROM analytics.revisions
WHERE change IS NOT NULL
ORDER BY abs(change) DESC
LIMIT 20;`,
    rows: true,
  },
  {
    title: 'Values a later release withdrew: it covers them but no longer publishes them',
    sql: `SELECT source, geo_code, drug, measure, period_type, period_end, old_vintage, old_value, new_vintage AS withdrawn_by
FROM analytics.revisions
WHERE new_status = 'withdrawn'
ORDER BY source, geo_code, drug, measure, period_end;`,
    rows: false,
  },
  {
    title: 'How far each release reaches (what a later release withdraws by not publishing it)',
    sql: `SELECT source, vintage, release_scope, period_type, first_period_end, last_period_end, observations
FROM analytics.release_coverage
ORDER BY source, vintage, period_type;`,
    rows: true,
  },
  {
    title: 'Annualised death rates per 100,000 residents, latest 12-month window per state',
    sql: `SELECT source, country, geo_code, drug, period_end, value, population, round(rate_per_100k_annualized, 1) AS rate
FROM analytics.rates
WHERE measure = 'deaths' AND period_type = '12mo_ending' AND drug IN ('fentanyl', 'methamphetamine')
QUALIFY period_end = max(period_end) OVER (PARTITION BY source, geo_code, drug)
ORDER BY rate DESC NULLS LAST;`,
    rows: true,
  },
  {
    title: 'Alarms of the latest detection run, explained in both languages',
    sql: `SELECT geo_code, drug, period_end, method, observed, expected, threshold, q_value, sentence_en, sentence_es
FROM analytics.alerts
WHERE alarm AND run_id = (SELECT max(run_id) FROM analytics.alerts)
ORDER BY drug, geo_code, period_end;`,
    rows: true,
  },
  {
    title: 'Trend segments (Joinpoint-style) with their annual percent change',
    sql: `SELECT source, geo_code, drug, segment, segment_start, segment_end, round(annual_pct_change, 1) AS apc,
       round(aapc, 2) AS aapc_per_period, sentence_en
FROM analytics.trends
WHERE run_id = (SELECT max(run_id) FROM analytics.trends)
ORDER BY source, geo_code, drug, segment;`,
    rows: true,
  },
  {
    title: 'Where a value came from: its load, the publisher’s bytes (sha256) and when they were fetched',
    sql: `SELECT o.source, o.geo_code, o.drug, o.period_end, o.value, l.load_id, l.origin, l.vintage, s.sha256, s.fetched_at
FROM analytics.observations AS o
JOIN meta.loads AS l USING (load_id)
JOIN meta.snapshots AS s ON s.sha256 = l.sha256
WHERE o.drug = 'methamphetamine' AND o.geo_code = 'AZ'
LIMIT 5;`,
    rows: true,
  },
  {
    title: 'Input lines a publisher sent that the parser rejected, with the reason',
    sql: `SELECT source, origin, line, column_name, error_type, message
FROM meta.rejects
ORDER BY load_id, line
LIMIT 20;`,
    rows: false,
  },
  {
    title: 'The columns of a table, with their descriptions, from the catalogue itself',
    sql: `SELECT column_name, data_type, comment
FROM duckdb_columns()
WHERE schema_name = 'analytics' AND table_name = 'observations'
ORDER BY column_index;`,
    rows: true,
  },
];
