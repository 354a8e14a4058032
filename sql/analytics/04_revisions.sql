-- Each change a release made to a value an earlier release had given: what we knew, and what we know now.
CREATE OR REPLACE TABLE analytics.revisions AS
WITH ordered AS (
  SELECT
    source, country, geo_level, geo_code, period_type, period_start, period_end, drug, measure,
    value AS new_value, status AS new_status, vintage AS new_vintage,
    lag(value) OVER w AS old_value, lag(status) OVER w AS old_status, lag(vintage) OVER w AS old_vintage
  FROM staging.observations
  WINDOW w AS (
    PARTITION BY source, country, geo_level, geo_code, period_type, period_start, period_end, drug, measure
    ORDER BY vintage, load_id
  )
)
SELECT
  source, country, geo_level, geo_code, period_type, period_start, period_end, drug, measure,
  old_vintage, old_value, old_status, new_vintage, new_value, new_status,
  new_value - old_value AS change
FROM ordered
WHERE old_vintage IS NOT NULL
  AND (new_value IS DISTINCT FROM old_value OR new_status IS DISTINCT FROM old_status);
COMMENT ON TABLE analytics.revisions IS 'Revisions between consecutive releases of a source: one row per observation whose value or status changed from one vintage to the next.';
COMMENT ON COLUMN analytics.revisions.source IS 'Source.';
COMMENT ON COLUMN analytics.revisions.country IS 'US or MX.';
COMMENT ON COLUMN analytics.revisions.geo_level IS 'Geographic level.';
COMMENT ON COLUMN analytics.revisions.geo_code IS 'Place code.';
COMMENT ON COLUMN analytics.revisions.period_type IS 'Period type.';
COMMENT ON COLUMN analytics.revisions.period_start IS 'First day of the period.';
COMMENT ON COLUMN analytics.revisions.period_end IS 'Last day of the period.';
COMMENT ON COLUMN analytics.revisions.drug IS 'Canonical drug code.';
COMMENT ON COLUMN analytics.revisions.measure IS 'Measure.';
COMMENT ON COLUMN analytics.revisions.old_vintage IS 'The earlier release.';
COMMENT ON COLUMN analytics.revisions.old_value IS 'Value in the earlier release (NULL if suppressed or missing then).';
COMMENT ON COLUMN analytics.revisions.old_status IS 'Status in the earlier release.';
COMMENT ON COLUMN analytics.revisions.new_vintage IS 'The next release that changed it.';
COMMENT ON COLUMN analytics.revisions.new_value IS 'Value in that release.';
COMMENT ON COLUMN analytics.revisions.new_status IS 'Status in that release.';
COMMENT ON COLUMN analytics.revisions.change IS 'new_value − old_value (NULL when either is NULL).';
