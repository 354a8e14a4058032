-- How far each release reaches, in one grouped pass over every vintage: per load and period type, the first and last
-- period_end it publishes and the scope recorded on the load. analytics.observations, analytics.revisions and the
-- as-of macros withdraw, with it, the keys a later release covers but no longer publishes (docs/releases.md).
CREATE OR REPLACE TABLE analytics.release_coverage AS
SELECT
  c.source, c.vintage, c.load_id, c.period_type, c.first_period_end, c.last_period_end, c.observations,
  coalesce(l.release_scope, 'none') AS release_scope
FROM (
  SELECT source, vintage, load_id, period_type,
         min(period_end) AS first_period_end, max(period_end) AS last_period_end, count(*) AS observations
  FROM staging.observations
  GROUP BY source, vintage, load_id, period_type
) AS c
LEFT JOIN meta.loads AS l USING (load_id)
ORDER BY c.source, c.vintage, c.load_id, c.period_type;
COMMENT ON TABLE analytics.release_coverage IS 'How far each loaded release reaches: one row per load and period type, with the periods it publishes and its scope. A key (source, place, period, drug, measure) whose latest value is older than a release of the same source that covers it was withdrawn by that release: it is left out of analytics.observations and recorded in analytics.revisions (docs/releases.md).';
COMMENT ON COLUMN analytics.release_coverage.source IS 'Source.';
COMMENT ON COLUMN analytics.release_coverage.vintage IS 'The release. Loads of the same vintage are parts of one release and never withdraw each other''s values.';
COMMENT ON COLUMN analytics.release_coverage.load_id IS 'Load (meta.loads).';
COMMENT ON COLUMN analytics.release_coverage.period_type IS 'Period type of the observations counted in this row.';
COMMENT ON COLUMN analytics.release_coverage.first_period_end IS 'Earliest period_end the load publishes for this period type.';
COMMENT ON COLUMN analytics.release_coverage.last_period_end IS 'Latest period_end the load publishes for this period type.';
COMMENT ON COLUMN analytics.release_coverage.observations IS 'Observations the load publishes for this period type.';
COMMENT ON COLUMN analytics.release_coverage.release_scope IS 'What the release covers (meta.loads.release_scope): all = every key of the source; periods = keys of this period type with period_end from first_period_end to last_period_end; none = nothing (it never withdraws; also a load recorded before schema version 9).';
