-- Suppressed and missing values must be NULL (never 0); values with a number must have a number.
SELECT source, geo_code, period_end, drug, measure, value, status
FROM analytics.observations
WHERE (status IN ('suppressed', 'missing') AND value IS NOT NULL)
   OR (status IN ('reported', 'provisional', 'predicted') AND value IS NULL)
   OR status NOT IN ('reported', 'provisional', 'predicted', 'suppressed', 'missing');
