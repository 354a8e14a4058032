-- An observation is unique per source, place, period, drug and measure.
SELECT source, geo_level, geo_code, period_type, period_start, period_end, drug, measure, count(*) AS n
FROM analytics.observations
GROUP BY ALL
HAVING count(*) > 1;
