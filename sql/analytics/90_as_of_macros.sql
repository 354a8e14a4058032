-- "What did we know on that date": table macros over the vintages kept in raw (staging.observations has every
-- vintage) and over the detection runs kept in analytics.alerts.
--
--   SELECT * FROM analytics.observations_as_of(DATE '2024-09-30') WHERE drug = 'fentanyl';
--   SELECT * FROM analytics.observations_as_of('2024-09-30', as_of_basis := 'loaded');
--   SELECT * FROM analytics.alerts_as_of(DATE '2024-09-30') WHERE alarm;
--
-- observations_as_of(d) is analytics.observations computed from the releases published on or before d (vintage <= d):
-- for each (source, place, period, drug, measure), the value of the latest such release, unless a later one of those
-- releases covers it without publishing it (withdrawn, as in analytics.observations). On any date after the latest
-- vintage it returns exactly analytics.observations. With as_of_basis := 'loaded' it uses what this warehouse had loaded by
-- the end of d (UTC): the rows of loads whose run finished by then (a release we loaded late counts from its load).
--
-- alerts_as_of(d) is the verdicts of the last detection run (a run that wrote analytics.alerts) that had finished by the
-- end of d (UTC): the alerts the panel could have seen that day. Dates are compared as instants (epoch), so the answer
-- does not depend on the session's TimeZone setting.
--
-- The parameter names are unusual on purpose: DuckDB refuses a macro whose parameter has the name of a column used
-- inside a view it reads ("Conflicting column names"), and staging views are written by each source's author.
CREATE OR REPLACE MACRO analytics.observations_as_of(as_of_date, as_of_basis := 'vintage') AS TABLE
WITH loads_by_then AS (
  SELECT l.load_id
  FROM meta.loads AS l
  LEFT JOIN meta.runs AS r ON r.run_id = l.run_id
  WHERE l.status = 'loaded'
    AND epoch(coalesce(r.finished_at, l.finished_at)) < epoch(CAST(as_of_date AS DATE) + INTERVAL 1 DAY)
),
latest_then AS (
  SELECT o.*
  FROM staging.observations AS o
  WHERE CASE as_of_basis
      WHEN 'vintage' THEN o.vintage <= CAST(as_of_date AS DATE)
      WHEN 'loaded' THEN o.load_id IN (SELECT load_id FROM loads_by_then)
      ELSE error('observations_as_of: as_of_basis must be ''vintage'' or ''loaded''')
    END
  QUALIFY row_number() OVER (
    PARTITION BY o.source, o.geo_level, o.geo_code, o.period_type, o.period_start, o.period_end, o.drug, o.measure
    ORDER BY o.vintage DESC, o.load_id DESC
  ) = 1
),
coverage_then AS (
  SELECT c.*
  FROM analytics.release_coverage AS c
  WHERE CASE as_of_basis
      WHEN 'vintage' THEN c.vintage <= CAST(as_of_date AS DATE)
      ELSE c.load_id IN (SELECT load_id FROM loads_by_then)
    END
)
SELECT k.*
FROM latest_then AS k
ANTI JOIN coverage_then AS c
  ON c.source = k.source
 AND c.vintage > k.vintage
 AND (c.release_scope = 'all'
   OR (c.release_scope = 'periods' AND c.period_type = k.period_type
       AND k.period_end BETWEEN c.first_period_end AND c.last_period_end));
COMMENT ON MACRO TABLE analytics.observations_as_of IS 'observations_as_of(as_of_date DATE, as_of_basis := ''vintage''): analytics.observations as it stood on a date. as_of_basis ''vintage'' (default): from the releases published on or before that date (vintage <= as_of_date), latest release of each value, without the values a later one of those releases withdrew (analytics.release_coverage); ''loaded'': from what this warehouse had loaded by the end of that day (UTC). Same columns as analytics.observations. Looks its tables up in the current database: after ATTACH ''file'' AS c, run USE c.';

CREATE OR REPLACE MACRO analytics.alerts_as_of(as_of_date) AS TABLE
SELECT a.*
FROM analytics.alerts AS a
WHERE a.run_id = (
  SELECT max(r.run_id)
  FROM meta.runs AS r
  WHERE r.run_id IN (SELECT DISTINCT run_id FROM analytics.alerts)
    AND epoch(coalesce(r.finished_at, r.started_at)) < epoch(CAST(as_of_date AS DATE) + INTERVAL 1 DAY)
);
COMMENT ON MACRO TABLE analytics.alerts_as_of IS 'alerts_as_of(as_of_date DATE): the verdicts of the last detection run that had finished by the end of that day (UTC), i.e. the alerts known on that date. Same columns as analytics.alerts; empty before the first detection run. Looks its tables up in the current database: after ATTACH ''file'' AS c, run USE c.';
