-- Each change a release made to a value an earlier release had given: what we knew, and what we know now. A release
-- that covers a key (analytics.release_coverage) but does not publish it withdraws it: a row with new_status
-- 'withdrawn'; should a later release publish the key again, a row from old_status 'withdrawn' to its new value.
CREATE OR REPLACE TABLE analytics.revisions AS
WITH ordered AS (
  SELECT
    source, country, geo_level, geo_code, period_type, period_start, period_end, drug, measure,
    value, status, vintage,
    row_number() OVER w AS seq,
    lag(value) OVER w AS prev_value, lag(status) OVER w AS prev_status, lag(vintage) OVER w AS prev_vintage,
    lead(vintage) OVER w AS next_vintage
  FROM staging.observations
  WINDOW w AS (
    PARTITION BY source, country, geo_level, geo_code, period_type, period_start, period_end, drug, measure
    ORDER BY vintage, load_id
  )
),
-- Per source and vintage: how many releases able to withdraw (scope all or periods) came before it, and up to it.
release_counts AS (
  SELECT source, vintage,
         sum(withdraws) OVER (PARTITION BY source ORDER BY vintage) - withdraws AS before,
         sum(withdraws) OVER (PARTITION BY source ORDER BY vintage) AS up_to,
         sum(withdraws) OVER (PARTITION BY source) AS total
  FROM (
    SELECT source, vintage, CAST(bool_or(release_scope IN ('all', 'periods')) AS INTEGER) AS withdraws
    FROM analytics.release_coverage
    GROUP BY source, vintage
  )
),
-- Rows that some withdrawing release came after, before the key's next row (or after its last one): few, since a
-- release normally publishes again what the previous one had.
unrepeated AS (
  SELECT o.*
  FROM ordered AS o
  JOIN release_counts AS this ON this.source = o.source AND this.vintage = o.vintage
  LEFT JOIN release_counts AS nxt ON nxt.source = o.source AND nxt.vintage = o.next_vintage
  WHERE coalesce(nxt.before, this.total) > this.up_to
),
withdrawals AS (
  SELECT
    u.source, u.country, u.geo_level, u.geo_code, u.period_type, u.period_start, u.period_end, u.drug, u.measure,
    u.seq, u.vintage AS old_vintage, u.value AS old_value, u.status AS old_status,
    min(c.vintage) AS withdrawn_vintage
  FROM unrepeated AS u
  JOIN analytics.release_coverage AS c
    ON c.source = u.source
   AND c.vintage > u.vintage
   AND (u.next_vintage IS NULL OR c.vintage < u.next_vintage)
   AND (c.release_scope = 'all'
     OR (c.release_scope = 'periods' AND c.period_type = u.period_type
         AND u.period_end BETWEEN c.first_period_end AND c.last_period_end))
  GROUP BY ALL
),
changes AS (
  SELECT
    o.source, o.country, o.geo_level, o.geo_code, o.period_type, o.period_start, o.period_end, o.drug, o.measure,
    coalesce(w.withdrawn_vintage, o.prev_vintage) AS old_vintage,
    CASE WHEN w.seq IS NULL THEN o.prev_value END AS old_value,
    CASE WHEN w.seq IS NULL THEN o.prev_status ELSE 'withdrawn' END AS old_status,
    o.vintage AS new_vintage, o.value AS new_value, o.status AS new_status
  FROM ordered AS o
  LEFT JOIN withdrawals AS w
    ON w.seq + 1 = o.seq AND w.source = o.source AND w.country = o.country AND w.geo_level = o.geo_level
   AND w.geo_code = o.geo_code AND w.period_type = o.period_type
   AND w.period_start IS NOT DISTINCT FROM o.period_start AND w.period_end = o.period_end
   AND w.drug = o.drug AND w.measure = o.measure
  WHERE o.prev_vintage IS NOT NULL
)
SELECT
  source, country, geo_level, geo_code, period_type, period_start, period_end, drug, measure,
  old_vintage, old_value, old_status, new_vintage, new_value, new_status,
  new_value - old_value AS change
FROM changes
WHERE new_value IS DISTINCT FROM old_value OR new_status IS DISTINCT FROM old_status
UNION ALL
SELECT
  source, country, geo_level, geo_code, period_type, period_start, period_end, drug, measure,
  old_vintage, old_value, old_status, withdrawn_vintage, NULL, 'withdrawn', NULL
FROM withdrawals;
COMMENT ON TABLE analytics.revisions IS 'Revisions between consecutive releases of a source: one row per observation whose value or status changed from one vintage to the next, and one per withdrawal: a later release that covers the observation (analytics.release_coverage) but no longer publishes it (new_status withdrawn).';
COMMENT ON COLUMN analytics.revisions.source IS 'Source.';
COMMENT ON COLUMN analytics.revisions.country IS 'US or MX.';
COMMENT ON COLUMN analytics.revisions.geo_level IS 'Geographic level.';
COMMENT ON COLUMN analytics.revisions.geo_code IS 'Place code.';
COMMENT ON COLUMN analytics.revisions.period_type IS 'Period type.';
COMMENT ON COLUMN analytics.revisions.period_start IS 'First day of the period.';
COMMENT ON COLUMN analytics.revisions.period_end IS 'Last day of the period.';
COMMENT ON COLUMN analytics.revisions.drug IS 'Canonical drug code.';
COMMENT ON COLUMN analytics.revisions.measure IS 'Measure.';
COMMENT ON COLUMN analytics.revisions.old_vintage IS 'The earlier release (for a value published again after a withdrawal: the release that withdrew it).';
COMMENT ON COLUMN analytics.revisions.old_value IS 'Value in the earlier release (NULL if suppressed, missing or withdrawn then).';
COMMENT ON COLUMN analytics.revisions.old_status IS 'Status in the earlier release: reported, provisional, predicted, suppressed, missing, or withdrawn (the value was published again after a withdrawal).';
COMMENT ON COLUMN analytics.revisions.new_vintage IS 'The next release that changed it; for a withdrawal, the first release that covered the observation without publishing it.';
COMMENT ON COLUMN analytics.revisions.new_value IS 'Value in that release; NULL when withdrawn.';
COMMENT ON COLUMN analytics.revisions.new_status IS 'Status in that release, or withdrawn: that release covers the observation (analytics.release_coverage) but no longer publishes it, and analytics.observations no longer has it.';
COMMENT ON COLUMN analytics.revisions.change IS 'new_value − old_value (NULL when either is NULL).';
