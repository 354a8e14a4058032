-- CONAPO → population shape: one row per load, place and year. The indicators file has one row per place and year
-- (POB_MIT_AÑO); the projections by age and sex (CONAPO's 00_Pob_Mitad, DGIS's redistribution) one row per place,
-- year, age and sex (POBLACION), summed here.
-- CVE_GEO is an unpadded integer: 0 → the nation (MX), 1–32 → INEGI cve_ent 01–32.
-- A file without the nation's row (the government mirrors, DGIS) gets it as the sum of the 32 states, for the years
-- that have all 32; CONAPO's own national row equals that sum exactly where both exist (2018 projections, 1970–2050).
WITH summed AS (
  SELECT
    load_id, vintage, anio AS year, CAST(cve_geo AS INTEGER) AS cve_geo,
    sum(coalesce(pob_mit_anio, poblacion)) AS population,
    count(*) AS source_rows,
    bool_or(edad IS NOT NULL) AS by_age_sex
  FROM raw.conapo_state_population
  GROUP BY ALL
),
built_nation AS (
  SELECT load_id, vintage, year, 0 AS cve_geo, sum(population) AS population, sum(source_rows) AS source_rows,
         bool_or(by_age_sex) AS by_age_sex
  FROM summed AS s
  WHERE cve_geo BETWEEN 1 AND 32
    AND NOT EXISTS (SELECT 1 FROM summed AS n WHERE n.load_id = s.load_id AND n.year = s.year AND n.cve_geo = 0)
  GROUP BY load_id, vintage, year
  HAVING count(DISTINCT cve_geo) = 32
),
places AS (
  SELECT *, false AS built FROM summed
  UNION ALL BY NAME
  SELECT *, true AS built FROM built_nation
)
SELECT
  'conapo_state_population' AS source,
  'MX' AS country,
  CASE WHEN s.cve_geo = 0 THEN 'nation' ELSE 'state' END AS geo_level,
  CASE WHEN s.cve_geo = 0 THEN 'MX' ELSE lpad(CAST(s.cve_geo AS VARCHAR), 2, '0') END AS geo_code,
  s.year,
  CAST(s.population AS DOUBLE) AS population,
  s.vintage,
  s.load_id,
  CASE
    WHEN s.built THEN 'the sum of the 32 states (the file has no national row), '
    ELSE ''
  END ||
  CASE
    WHEN s.by_age_sex THEN 'CONAPO mid-year population, sum of ' || s.source_rows || ' age-and-sex rows'
    ELSE 'CONAPO mid-year population (POB_MIT_AÑO, demographic indicators file)'
  END AS note
FROM places AS s
JOIN analytics.geography AS g
  ON g.country = 'MX'
 AND g.geo_code = CASE WHEN s.cve_geo = 0 THEN 'MX' ELSE lpad(CAST(s.cve_geo AS VARCHAR), 2, '0') END;
