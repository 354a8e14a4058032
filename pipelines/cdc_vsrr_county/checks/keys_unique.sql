-- One observation per county and window in a release: a duplicate would leave analytics to pick one at random.
-- Read after staging has placed the Virginia rows CDC publishes twice (a former independent city under its county's
-- FIPS; see pipelines/cdc_vsrr_county/staging.sql), so those pass and any other repeat fails, even an exact copy.
SELECT l.origin, s.load_id, s.geo_code AS fips, s.period_end AS window_end, count(*) AS n
FROM staging.cdc_vsrr_county AS s
LEFT JOIN meta.loads AS l USING (load_id)
GROUP BY ALL
HAVING count(*) > 1;
