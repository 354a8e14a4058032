-- Seed keys are unique across their files: a drug code, a place, a source's label.
SELECT 'drugs' AS seed, code AS key, count(*) AS n FROM analytics.drugs GROUP BY code HAVING count(*) > 1
UNION ALL
SELECT 'geography', country || ':' || geo_level || ':' || geo_code, count(*) FROM analytics.geography
GROUP BY ALL HAVING count(*) > 1
UNION ALL
SELECT 'drug_aliases', source || ':' || source_label, count(*) FROM analytics.drug_aliases
GROUP BY ALL HAVING count(*) > 1;
