-- Raw CDC naloxone rows that staging would drop or misplace: no year, a state code that is not a state of
-- analytics.geography, or a FIPS code that is another state's.
SELECT r.load_id, r.year, r.state_abbrev, r.state_fips, r.state_name, g.fips AS seed_fips
FROM raw.cdc_naloxone_rates AS r
LEFT JOIN analytics.geography AS g
  ON g.country = 'US' AND g.geo_level = 'state' AND g.geo_code = upper(trim(r.state_abbrev))
WHERE r.year IS NULL
   OR g.geo_code IS NULL
   OR g.fips IS DISTINCT FROM lpad(trim(r.state_fips), 2, '0');
