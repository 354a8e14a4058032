-- CDC naloxone dispensing rates are retail prescriptions per 100 persons: from 0 to 20 (the highest published is
-- 2.5). A larger value is a count or a rate per 1,000 or 100,000 that slipped in, not a rate per 100.
SELECT source, geo_code, period_start, measure, value
FROM analytics.observations
WHERE source = 'cdc_naloxone_rates'
  AND (measure <> 'naloxone_rx_per_100' OR period_type <> 'year' OR value < 0 OR value > 20 OR NOT isfinite(value)
       OR (status = 'missing') <> (value IS NULL));
