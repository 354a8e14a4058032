-- Medicaid naloxone observations: unique per load (and so per vintage, the later load winning), only the two measures, quarterly, censored values NULL.
SELECT 'key not unique in its load' AS problem, vintage, geo_code, period_start, measure, count(*) AS n
FROM staging.medicaid_sdud
GROUP BY load_id, vintage, geo_code, period_start, measure HAVING count(*) > 1
UNION ALL
SELECT 'bad measure, period or status', vintage, geo_code, period_start, measure, 1
FROM staging.medicaid_sdud
WHERE measure NOT IN ('naloxone_rx', 'naloxone_units') OR period_type <> 'quarter'
   OR month(period_start) NOT IN (1, 4, 7, 10)
   OR (status IN ('suppressed', 'missing') AND value IS NOT NULL) OR (status = 'reported' AND value IS NULL);
