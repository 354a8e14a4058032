-- Raw county rows that staging would drop or misplace: a FIPS that is not 4–5 digits or names no county in
-- sql/seeds/geography_us_counties.csv, a FIPS that disagrees with STATEFIPS/COUNTYFIPS or with ST_ABBREV, or a window
-- end that is missing, not a month's last day, or not in Year/Month.
WITH typed AS (
  SELECT
    r.*,
    CASE WHEN regexp_full_match(trim(r.fips), '[0-9]{4,5}') THEN lpad(trim(r.fips), 5, '0') END AS fips5,
    coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE)) AS window_end
  FROM raw.cdc_vsrr_county AS r
)
SELECT l.origin, t.load_id, t.fips, t.state_fips, t.county_fips, t.st_abbrev, t.county_name, t.year, t.month,
       t.window_end, count(*) AS n
FROM typed AS t
LEFT JOIN meta.loads AS l USING (load_id)
LEFT JOIN analytics.geography AS c ON c.country = 'US' AND c.geo_level = 'county' AND c.geo_code = t.fips5
LEFT JOIN analytics.geography AS s ON s.country = 'US' AND s.geo_level = 'state' AND s.fips = left(t.fips5, 2)
WHERE c.geo_code IS NULL
   OR s.geo_code IS DISTINCT FROM t.st_abbrev
   OR (t.state_fips IS NOT NULL AND t.county_fips IS NOT NULL
       AND lpad(trim(t.state_fips), 2, '0') || lpad(trim(t.county_fips), 3, '0') <> t.fips5)
   OR t.window_end IS NULL
   OR t.window_end <> last_day(t.window_end)
   OR t.year IS DISTINCT FROM year(t.window_end)
   OR t.month IS DISTINCT FROM month(t.window_end)
GROUP BY ALL;
