-- CONAPO → population shape: one row per load, place and year. The indicators file has one row per place and year
-- (POB_MIT_AÑO); the 2023 projections have one row per place, year, age and sex (POBLACION), summed here.
-- CVE_GEO is an unpadded integer: 0 → the nation (MX), 1–32 → INEGI cve_ent 01–32.
WITH summed AS (
  SELECT
    load_id, vintage, anio AS year, CAST(cve_geo AS INTEGER) AS cve_geo,
    sum(coalesce(pob_mit_anio, poblacion)) AS population,
    count(*) AS source_rows,
    bool_or(edad IS NOT NULL) AS by_age_sex
  FROM raw.conapo_state_population
  GROUP BY ALL
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
    WHEN s.by_age_sex THEN 'CONAPO mid-year population, sum of ' || s.source_rows || ' age-and-sex rows (00_Pob_Mitad)'
    ELSE 'CONAPO mid-year population (POB_MIT_AÑO, demographic indicators file)'
  END AS note
FROM summed AS s
JOIN analytics.geography AS g
  ON g.country = 'MX'
 AND g.geo_code = CASE WHEN s.cve_geo = 0 THEN 'MX' ELSE lpad(CAST(s.cve_geo AS VARCHAR), 2, '0') END;
