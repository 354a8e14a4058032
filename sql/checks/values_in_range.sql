-- Counts are never negative; percentages lie in 0–100; a period ends after it starts.
SELECT source, geo_code, period_start, period_end, drug, measure, value
FROM analytics.observations
WHERE value < 0
   OR (measure LIKE 'pct_%' AND value > 100)
   OR period_start > period_end
   OR (period_type = '12mo_ending' AND period_start <> CAST(date_trunc('month', period_end) - INTERVAL 11 MONTH AS DATE));
