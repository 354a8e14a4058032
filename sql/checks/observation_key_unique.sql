-- Within one load, an observation is unique per source, place, period, drug and measure. (analytics.observations keeps
-- one row per key by construction, so the check looks where two rows of one release could still disagree.)
SELECT source, load_id, geo_level, geo_code, period_type, period_start, period_end, drug, measure, count(*) AS n
FROM staging.observations
GROUP BY ALL
HAVING count(*) > 1;
