-- Counts are never negative; percentages lie in 0–100; a period ends after it starts; values are finite numbers
-- (NaN and infinity read from a file are not data) below a billion (no count, weight or rate here comes near); periods lie between 1900 and next year (3000 or 1850 is a typo).
SELECT source, geo_code, period_start, period_end, drug, measure, value
FROM analytics.observations
WHERE value < 0
   OR NOT isfinite(value)
   OR value > 1e9
   OR period_start < DATE '1900-01-01'
   OR period_end > CAST(date_trunc('year', current_date) + INTERVAL 2 YEAR AS DATE) - 1
   OR (measure LIKE 'pct_%' AND value > 100)
   OR period_start > period_end
   OR (period_type = '12mo_ending' AND period_start <> CAST(date_trunc('month', period_end) - INTERVAL 11 MONTH AS DATE));
