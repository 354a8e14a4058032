CREATE OR REPLACE TABLE analytics.series AS
SELECT
  source, country, geo_level, geo_code, drug, measure, period_type,
  min(period_end) AS first_period_end,
  max(period_end) AS last_period_end,
  count(*) AS n_periods,
  count(value) AS n_values,
  count(*) FILTER (WHERE status = 'suppressed') AS n_suppressed,
  max(vintage) AS vintage
FROM analytics.observations
GROUP BY ALL
ORDER BY ALL;
COMMENT ON TABLE analytics.series IS 'One row per series (source, place, drug, measure, period type) in analytics.observations, with its extent.';
COMMENT ON COLUMN analytics.series.source IS 'Source.';
COMMENT ON COLUMN analytics.series.country IS 'US or MX.';
COMMENT ON COLUMN analytics.series.geo_level IS 'Geographic level.';
COMMENT ON COLUMN analytics.series.geo_code IS 'Place code.';
COMMENT ON COLUMN analytics.series.drug IS 'Canonical drug code.';
COMMENT ON COLUMN analytics.series.measure IS 'Measure.';
COMMENT ON COLUMN analytics.series.period_type IS 'Period type.';
COMMENT ON COLUMN analytics.series.first_period_end IS 'End of the first period.';
COMMENT ON COLUMN analytics.series.last_period_end IS 'End of the latest period.';
COMMENT ON COLUMN analytics.series.n_periods IS 'Number of periods, values or not.';
COMMENT ON COLUMN analytics.series.n_values IS 'Number of periods with a value.';
COMMENT ON COLUMN analytics.series.n_suppressed IS 'Number of suppressed periods.';
COMMENT ON COLUMN analytics.series.vintage IS 'Latest vintage contributing to the series.';
