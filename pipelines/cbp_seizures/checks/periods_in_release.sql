-- A CBP release covers at most four fiscal years and nothing after its own date; statuses and units are sane.
WITH per_release AS (
  SELECT load_id, vintage, min(period_start) AS first_month, max(period_start) AS last_month
  FROM staging.cbp_seizures
  GROUP BY ALL
)
SELECT 'period after the release' AS problem, load_id, vintage, first_month, last_month
FROM per_release WHERE last_month > vintage
UNION ALL
SELECT 'more than four fiscal years', load_id, vintage, first_month, last_month
FROM per_release WHERE date_diff('month', first_month, last_month) >= 48
UNION ALL
SELECT 'status or period type not expected', load_id, vintage, period_start, period_end
FROM staging.cbp_seizures
WHERE status NOT IN ('reported', 'provisional') OR value IS NULL OR period_type <> 'month'
   OR period_end <> last_day(period_start) OR measure NOT IN ('seizure_events', 'seizure_kg');
