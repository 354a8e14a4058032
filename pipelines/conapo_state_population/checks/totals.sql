-- CONAPO: the 32 states add up to the nation (CVE_GEO 0) for every load and year, within 0.01% (the 2018 file
-- sums exactly; a file by age and sex is summed from rounded cells); a year without the national row has all 32
-- states (staging builds the nation from them); every CVE_GEO is 0–32; populations positive.
WITH summed AS (
  SELECT load_id, anio, CAST(cve_geo AS INTEGER) AS cve_geo, sum(coalesce(pob_mit_anio, poblacion)) AS population
  FROM raw.conapo_state_population
  GROUP BY ALL
)
SELECT 'states do not sum to the nation' AS problem, load_id, anio,
       sum(population) FILTER (WHERE cve_geo BETWEEN 1 AND 32) AS states,
       sum(population) FILTER (WHERE cve_geo = 0) AS nation
FROM summed
GROUP BY load_id, anio
HAVING abs(states - nation) > 0.0001 * nation
UNION ALL
SELECT 'no national row and not all 32 states to build it from', load_id, anio,
       count(DISTINCT cve_geo) FILTER (WHERE cve_geo BETWEEN 1 AND 32), NULL
FROM summed
GROUP BY load_id, anio
HAVING count(*) FILTER (WHERE cve_geo = 0) = 0 AND count(DISTINCT cve_geo) FILTER (WHERE cve_geo BETWEEN 1 AND 32) < 32
UNION ALL
SELECT 'unknown CVE_GEO', load_id, anio, cve_geo, NULL
FROM summed
WHERE cve_geo IS NULL OR cve_geo NOT BETWEEN 0 AND 32
UNION ALL
SELECT 'population not positive', load_id, anio, population, NULL
FROM summed
WHERE population IS NULL OR population <= 0;
