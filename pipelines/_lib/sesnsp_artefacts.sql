-- Shared by the SESNSP sources' staging.sql files, which include it: CTEs, not a query.
-- Expects a CTE `states` (load_id, vintage, geo_code, drug, month_start, value, part_note), one row per state, drug
-- and month of each release; gives `flagged`: the same rows with `artefact` and `artefact_note`. Rule: 2 or more
-- months in a row published as 0 where the state averaged 100 or more a month in the 12 months before or after
-- (pipelines/sesnsp_fuero_comun/README.md, "Reporting artefacts").
zeros AS (
  SELECT load_id, geo_code, drug, month_start,
         date_diff('month', DATE '2000-01-01', month_start)
           - row_number() OVER (PARTITION BY load_id, geo_code, drug ORDER BY month_start) AS run
  FROM states
  WHERE value = 0
),
zero_runs AS (
  SELECT load_id, geo_code, drug, min(month_start) AS first_month, max(month_start) AS last_month, count(*) AS months,
         -- The 12 months either side, as dates: compared as timestamps, row by row, they were most of this view's time.
         CAST(min(month_start) - INTERVAL 12 MONTH AS DATE) AS before_first, CAST(min(month_start) - INTERVAL 1 MONTH AS DATE) AS before_last,
         CAST(max(month_start) + INTERVAL 1 MONTH AS DATE) AS after_first, CAST(max(month_start) + INTERVAL 12 MONTH AS DATE) AS after_last
  FROM zeros
  GROUP BY load_id, geo_code, drug, run
  HAVING count(*) >= 2
),
artefacts AS (
  SELECT z.load_id, z.geo_code, z.drug, z.first_month, z.last_month, z.months,
         avg(s.value) FILTER (WHERE s.month_start < z.first_month) AS mean_before,
         avg(s.value) FILTER (WHERE s.month_start > z.last_month) AS mean_after
  FROM zero_runs AS z
  JOIN states AS s
    ON s.load_id = z.load_id AND s.geo_code = z.geo_code AND s.drug = z.drug
   AND (s.month_start BETWEEN z.before_first AND z.before_last OR s.month_start BETWEEN z.after_first AND z.after_last)
  GROUP BY ALL
  HAVING coalesce(avg(s.value) FILTER (WHERE s.month_start < z.first_month), 0) >= 100
      OR coalesce(avg(s.value) FILTER (WHERE s.month_start > z.last_month), 0) >= 100
),
flagged AS (
  SELECT s.*, a.first_month IS NOT NULL AS artefact,
    CASE WHEN a.first_month IS NOT NULL THEN
      'published as 0; flagged as a reporting artefact: ' || a.months || ' months of 0 in a row (' ||
      strftime(a.first_month, '%Y-%m') || ' to ' || strftime(a.last_month, '%Y-%m') || ') where the state averaged ' ||
      concat_ws(' and ',
        CASE WHEN a.mean_before >= 100 THEN CAST(round(a.mean_before) AS BIGINT) || ' a month in the 12 months before' END,
        CASE WHEN a.mean_after >= 100 THEN CAST(round(a.mean_after) AS BIGINT) || ' a month in the 12 months after' END) ||
      ' (rule: pipelines/{{source}}/README.md)'
    END AS artefact_note
  FROM states AS s
  LEFT JOIN artefacts AS a
    ON a.load_id = s.load_id AND a.geo_code = s.geo_code AND a.drug = s.drug
   AND s.month_start BETWEEN a.first_month AND a.last_month
),
