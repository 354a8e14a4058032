-- The current value of every key (source, place, period, drug, measure): its latest row over every vintage, unless a
-- later release of the same source covers the key (analytics.release_coverage) and so, since the key's latest row is
-- older than that release, no longer publishes it: the key was withdrawn (analytics.revisions records when).
CREATE OR REPLACE TABLE analytics.observations AS
WITH latest AS (
  SELECT *
  FROM staging.observations
  QUALIFY row_number() OVER (
    PARTITION BY source, geo_level, geo_code, period_type, period_start, period_end, drug, measure
    ORDER BY vintage DESC, load_id DESC
  ) = 1
)
SELECT l.*
FROM latest AS l
ANTI JOIN analytics.release_coverage AS c
  ON c.source = l.source
 AND c.vintage > l.vintage
 AND (c.release_scope = 'all'
   OR (c.release_scope = 'periods' AND c.period_type = l.period_type
       AND l.period_end BETWEEN c.first_period_end AND c.last_period_end));
COMMENT ON TABLE analytics.observations IS 'Every observation of every source in one shape: the latest vintage of each (source, place, period, drug, measure), except values a later release withdrew by no longer publishing them (analytics.release_coverage; withdrawals are in analytics.revisions). Suppressed and missing values are NULL, never 0.';
COMMENT ON COLUMN analytics.observations.source IS 'Source, e.g. cdc_vsrr_state.';
COMMENT ON COLUMN analytics.observations.country IS 'US or MX.';
COMMENT ON COLUMN analytics.observations.geo_level IS 'nation, state, county, region or port.';
COMMENT ON COLUMN analytics.observations.geo_code IS 'Place code (analytics.geography): USPS for US states, US for the nation, YC for New York City.';
COMMENT ON COLUMN analytics.observations.period_start IS 'First day of the period. For 12mo_ending, the first day of the 12-month window.';
COMMENT ON COLUMN analytics.observations.period_end IS 'Last day of the period.';
COMMENT ON COLUMN analytics.observations.period_type IS 'month, quarter, week, year or 12mo_ending (a sum over the 12 months ending at period_end; consecutive windows overlap by 11 months).';
COMMENT ON COLUMN analytics.observations.drug IS 'Canonical drug code (analytics.drugs). Categories overlap (a death may involve several drugs): never sum across drugs.';
COMMENT ON COLUMN analytics.observations.measure IS 'What value counts: deaths, deaths_predicted (CDC''s completeness-adjusted count), pct_drug_specified, ...';
COMMENT ON COLUMN analytics.observations.value IS 'The number; NULL when suppressed or missing.';
COMMENT ON COLUMN analytics.observations.status IS 'reported, provisional (may be revised), predicted, suppressed (censored, e.g. 1–9 deaths; never 0) or missing.';
COMMENT ON COLUMN analytics.observations.vintage IS 'Publisher release the value comes from.';
COMMENT ON COLUMN analytics.observations.load_id IS 'Load that wrote the raw row (meta.loads).';
COMMENT ON COLUMN analytics.observations.note IS 'Publisher footnote for the value, as written.';
