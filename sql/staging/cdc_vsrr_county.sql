-- CDC VSRR provisional county-level overdose deaths (gb4e-yj24) → the common observation shape: one observation per
-- raw row, drug all_drugs (every drug overdose death), measure deaths, the 12 months ending at MonthEndingDate, for
-- the county of residence (geo_code: the 5-digit FIPS, zero-padded text).
-- An empty count stays NULL with status "suppressed": counts of 1–9 are the only counts this dataset withholds
-- (NCHS confidentiality). Never 0. The footnote and the completeness note are kept in `note`.
WITH typed AS (
  SELECT
    r.*,
    CASE WHEN regexp_full_match(trim(r.fips), '[0-9]{4,5}') THEN lpad(trim(r.fips), 5, '0') END AS fips5,
    coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE)) AS window_end
  FROM raw.cdc_vsrr_county AS r
)
SELECT
  'cdc_vsrr_county' AS source,
  'US' AS country,
  g.geo_level,
  g.geo_code,
  CAST(date_trunc('month', t.window_end) - INTERVAL 11 MONTH AS DATE) AS period_start,
  last_day(t.window_end) AS period_end,
  '12mo_ending' AS period_type,
  'all_drugs' AS drug,
  'deaths' AS measure,
  t.deaths AS value,
  CASE WHEN t.deaths IS NOT NULL THEN 'provisional' ELSE 'suppressed' END AS status,
  t.vintage,
  t.load_id,
  nullif(concat_ws(' ', nullif(trim(t.footnote), ''), nullif(trim(t.completeness_note), '')), '') AS note
FROM typed AS t
JOIN analytics.geography AS g ON g.country = 'US' AND g.geo_level = 'county' AND g.geo_code = t.fips5;
