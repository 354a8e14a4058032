-- INEGI series: one value per key and vintage (staging holds every "as of" vintage); counts are whole, never
-- negative and never NULL (the microdata are not suppressed: a month with no death is a true 0); a release holds
-- one registration year; every drug code of the ICD-10 groups is a known drug, listed once per category.
SELECT 'duplicate key' AS problem, geo_code, period_type, CAST(period_end AS VARCHAR) AS period_end, drug, measure,
       CAST(vintage AS VARCHAR) AS vintage, count(*) AS n
FROM staging.inegi_deaths
GROUP BY ALL
HAVING count(*) > 1
UNION ALL
SELECT 'bad count', geo_code, period_type, CAST(period_end AS VARCHAR), drug, measure, CAST(vintage AS VARCHAR), 1
FROM staging.inegi_deaths
WHERE value IS NULL OR value < 0 OR value <> round(value) OR status NOT IN ('reported', 'provisional')
UNION ALL
SELECT 'several registration years in one release', NULL, NULL, NULL, NULL, NULL, CAST(any_value(vintage) AS VARCHAR),
       count(DISTINCT anio_regis)
FROM raw.inegi_deaths
GROUP BY load_id
HAVING count(DISTINCT anio_regis) > 1
UNION ALL
SELECT 'unknown drug in icd10_groups', NULL, NULL, NULL, g.drug, g.icd10, NULL, 1
FROM analytics.icd10_groups AS g
LEFT JOIN analytics.drugs AS d ON d.code = g.drug
WHERE d.code IS NULL
UNION ALL
SELECT 'duplicate icd10_groups row', NULL, NULL, NULL, drug, icd10, NULL, count(*)
FROM analytics.icd10_groups
GROUP BY source, icd10, drug
HAVING count(*) > 1;
