-- Every year of a CDC naloxone release covers the 50 states and DC (the places with a FIPS code in
-- sql/seeds/geography_us.csv but Puerto Rico): a state missing from a year is named here.
WITH expected AS (
  SELECT geo_code FROM analytics.geography
  WHERE country = 'US' AND geo_level = 'state' AND fips IS NOT NULL AND fips <> '72'
),
years AS (SELECT DISTINCT load_id, year FROM raw.cdc_naloxone_rates WHERE year IS NOT NULL)
SELECT y.load_id, y.year, e.geo_code AS missing_state
FROM years AS y
CROSS JOIN expected AS e
WHERE NOT EXISTS (
  SELECT 1 FROM raw.cdc_naloxone_rates AS r
  WHERE r.load_id = y.load_id AND r.year = y.year AND upper(trim(r.state_abbrev)) = e.geo_code
);
