-- Raw CDC rows that staging would drop: an indicator, month or state the seeds do not know.
SELECT r.load_id, r.state, r.year, r.month, r.indicator, count(*) AS n
FROM raw.cdc_vsrr_state AS r
LEFT JOIN analytics.drug_aliases AS a ON a.source = 'cdc_vsrr_state' AND a.source_label = r.indicator
LEFT JOIN analytics.geography AS g ON g.country = 'US' AND g.geo_code = r.state
WHERE a.drug IS NULL
   OR g.geo_code IS NULL
   OR r.year IS NULL
   OR r.month NOT IN ('January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
                      'October', 'November', 'December')
   OR r.month IS NULL
GROUP BY ALL;
