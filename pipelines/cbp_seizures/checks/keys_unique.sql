-- One CBP observation per place, month, drug and measure in each vintage (two files must not claim one release).
SELECT vintage, geo_level, geo_code, period_start, drug, measure, count(*) AS n
FROM staging.cbp_seizures
GROUP BY ALL
HAVING count(*) > 1;
