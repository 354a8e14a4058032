-- Every observation names a drug and a place from the seeds.
SELECT o.source, o.geo_code, o.drug, count(*) AS n
FROM analytics.observations AS o
LEFT JOIN analytics.drugs AS d ON d.code = o.drug
LEFT JOIN analytics.geography AS g ON g.country = o.country AND g.geo_code = o.geo_code
WHERE d.code IS NULL OR g.geo_code IS NULL
GROUP BY ALL;
