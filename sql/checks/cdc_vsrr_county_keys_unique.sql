-- One row per county and window in a release: a duplicate would leave analytics to pick one at random.
SELECT l.origin, r.load_id, lpad(trim(r.fips), 5, '0') AS fips,
       coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE)) AS window_end, count(*) AS n
FROM raw.cdc_vsrr_county AS r
LEFT JOIN meta.loads AS l USING (load_id)
GROUP BY ALL
HAVING count(*) > 1;
