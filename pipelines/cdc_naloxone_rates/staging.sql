-- CDC state naloxone dispensing rates → the common observation shape. See pipelines/cdc_naloxone_rates/README.md.
--
-- * One observation per state and calendar year: measure naloxone_rx_per_100, retail pharmacy naloxone
--   prescriptions dispensed per 100 persons, AS PUBLISHED (rounded to 0.1). It is already a rate (CDC divides IQVIA
--   Xponent's projected prescriptions by the Census resident population): never turned into a count, never summed
--   across states, and left out of analytics.rates, which divides counts only.
-- * Placed by STATE_ABBREV (USPS); the load refuses a code the seeds do not know or a FIPS code of another state.
-- * The map band (last column) is kept in raw and in the note, not as an observation.
-- * An empty rate is NULL with status 'missing', never 0.
SELECT
  'cdc_naloxone_rates' AS source,
  'US' AS country,
  'state' AS geo_level,
  g.geo_code,
  make_date(r.year, 1, 1) AS period_start,
  make_date(r.year, 12, 31) AS period_end,
  'year' AS period_type,
  'naloxone' AS drug,
  'naloxone_rx_per_100' AS measure,
  r.naloxone_dispensing_rate AS value,
  CASE WHEN r.naloxone_dispensing_rate IS NULL THEN 'missing' ELSE 'reported' END AS status,
  r.vintage,
  r.load_id,
  'retail naloxone prescriptions per 100 persons (IQVIA Xponent), as published'
    || coalesce('; CDC map band ' || r.rate_band, '') AS note
FROM raw.cdc_naloxone_rates AS r
JOIN analytics.geography AS g
  ON g.country = 'US' AND g.geo_level = 'state' AND g.geo_code = upper(trim(r.state_abbrev))
WHERE r.year IS NOT NULL;
