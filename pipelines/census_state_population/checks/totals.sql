-- Census: the 50 states and DC add up to the nation exactly (Puerto Rico is outside the US total), for every load
-- and year; every state row has a place in analytics.geography; populations are positive.
WITH typed AS (
  UNPIVOT (
    SELECT load_id, lpad(trim(sumlev), 3, '0') AS sumlev, lpad(trim(state), 2, '0') AS state,
           COLUMNS('^popestimate\d{4}$')
    FROM raw.census_state_population
  )
  ON COLUMNS('^popestimate\d{4}$') INTO NAME column_name VALUE population
)
SELECT 'states do not sum to the nation' AS problem, load_id, column_name,
       sum(population) FILTER (WHERE sumlev = '040' AND state <> '72') AS states,
       sum(population) FILTER (WHERE sumlev = '010') AS nation
FROM typed
GROUP BY load_id, column_name
HAVING states IS DISTINCT FROM nation
UNION ALL
SELECT 'unknown state or summary level', t.load_id, t.state || '/' || t.sumlev, NULL, NULL
FROM typed AS t
LEFT JOIN analytics.geography AS g ON g.country = 'US' AND g.geo_level = 'state' AND g.fips = t.state
WHERE t.sumlev NOT IN ('010', '020', '030', '040') OR (t.sumlev = '040' AND g.geo_code IS NULL)
UNION ALL
SELECT 'population not positive', load_id, column_name, population, NULL
FROM typed
WHERE population <= 0;
