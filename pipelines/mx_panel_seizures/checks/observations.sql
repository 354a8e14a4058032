-- Panel seizure observations: unique per vintage, missing values NULL (never 0), only the three seizure measures.
SELECT 'key not unique in its vintage' AS problem, vintage, geo_code, period_start, drug, measure, count(*) AS n
FROM staging.mx_panel_seizures
GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'bad status, value or measure', vintage, geo_code, period_start, drug, measure, 1
FROM staging.mx_panel_seizures
WHERE (status = 'missing' AND value IS NOT NULL) OR (status = 'reported' AND value IS NULL)
   OR measure NOT IN ('seizure_kg', 'seizure_pills', 'seizure_litres');
