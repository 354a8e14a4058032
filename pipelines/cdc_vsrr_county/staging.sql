-- CDC VSRR provisional county-level overdose deaths (gb4e-yj24) → the common observation shape: one observation per
-- raw row, drug all_drugs (every drug overdose death), measure deaths, the 12 months ending at MonthEndingDate, for
-- the county of residence (geo_code: the 5-digit FIPS, zero-padded text).
-- The window is MonthEndingDate only: "Start Date"/"End Date" are the first and last window ends of the whole
-- release (2020-01-31 and 2025-12-31 on every row of the 2026-07 release), not the row's window.
-- An empty count stays NULL with status "suppressed": counts of 1–9 are the only counts this dataset withholds
-- (NCHS confidentiality). Never 0. The footnote and the completeness note are kept in `note`.
--
-- Virginia: CDC publishes two rows per window under FIPS 51005 (Alleghany County, which absorbed the independent city
-- of Clifton Forge, 51560, in 2001) and 51019 (Bedford County, which absorbed Bedford city, 51515, in 2013). A row
-- whose county name is the former city's is kept under the city's old code (in sql/seeds/geography_us_counties.csv),
-- so neither value is dropped or added into the other. Rows of those two FIPS that repeat each other in every
-- published value are one figure shown twice: one is kept. Anything else that shares a county and window fails
-- cdc_vsrr_county_keys_unique. See pipelines/cdc_vsrr_county/README.md.
WITH merged_cities (fips5, city_name, city_fips) AS (
  VALUES ('51005', 'clifton forge', '51560'),
         ('51019', 'bedford city', '51515')
),
typed AS (
  SELECT
    r.*,
    CASE WHEN regexp_full_match(trim(r.fips), '[0-9]{4,5}') THEN lpad(trim(r.fips), 5, '0') END AS fips5,
    coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE)) AS window_end
  FROM raw.cdc_vsrr_county AS r
),
placed AS (
  SELECT t.*, coalesce(m.city_fips, t.fips5) AS place, m.city_fips IS NOT NULL AS former_city
  FROM typed AS t
  LEFT JOIN merged_cities AS m
    ON m.fips5 = t.fips5
   AND regexp_full_match(lower(trim(t.county_name)), m.city_name || '( city)?')
),
kept AS (
  SELECT *
  FROM placed
  QUALIFY fips5 NOT IN (SELECT fips5 FROM merged_cities)
       OR row_number() OVER (
            PARTITION BY load_id, place, window_end, deaths, pct_pending, footnote, completeness_note
            ORDER BY county_name
          ) = 1
)
SELECT
  'cdc_vsrr_county' AS source,
  'US' AS country,
  g.geo_level,
  g.geo_code,
  CAST(date_trunc('month', k.window_end) - INTERVAL 11 MONTH AS DATE) AS period_start,
  last_day(k.window_end) AS period_end,
  '12mo_ending' AS period_type,
  'all_drugs' AS drug,
  'deaths' AS measure,
  k.deaths AS value,
  CASE WHEN k.deaths IS NOT NULL THEN 'provisional' ELSE 'suppressed' END AS status,
  k.vintage,
  k.load_id,
  nullif(concat_ws(' ',
    CASE WHEN k.former_city
      THEN 'Published by CDC under FIPS ' || k.fips5 || ' as "' || trim(k.county_name) || '", a former independent city.'
    END,
    nullif(trim(k.footnote), ''),
    nullif(trim(k.completeness_note), '')), '') AS note
FROM kept AS k
JOIN analytics.geography AS g ON g.country = 'US' AND g.geo_level = 'county' AND g.geo_code = k.place;
