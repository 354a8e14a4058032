-- Census NST-EST ALLDATA → population shape: one row per load, area and year (POPESTIMATEyyyy unpivoted; the
-- columns a vintage does not have are NULL in raw and dropped by UNPIVOT). The nation (SUMLEV 010, 50 states + DC,
-- without Puerto Rico) and the states, DC and Puerto Rico (SUMLEV 040, FIPS → USPS through analytics.geography).
-- Census regions and divisions are not HHS regions and are left out. Codes are normalised (lpad) because the
-- Vintage 2011 file wrote SUMLEV 10 and STATE 0.
WITH unpivoted AS (
  UNPIVOT (
    SELECT load_id, vintage, lpad(trim(sumlev), 3, '0') AS sumlev, lpad(trim(state), 2, '0') AS state,
           COLUMNS('^popestimate\d{4}$')
    FROM raw.census_state_population
  )
  ON COLUMNS('^popestimate\d{4}$') INTO NAME column_name VALUE population
),
typed AS (
  SELECT
    load_id, vintage, sumlev, state, population,
    CAST(substr(column_name, 12, 4) AS INTEGER) AS year,
    max(CAST(substr(column_name, 12, 4) AS INTEGER)) OVER (PARTITION BY load_id) AS vintage_year
  FROM unpivoted
)
SELECT
  'census_state_population' AS source,
  'US' AS country,
  CASE t.sumlev WHEN '010' THEN 'nation' ELSE 'state' END AS geo_level,
  CASE t.sumlev WHEN '010' THEN 'US' ELSE g.geo_code END AS geo_code,
  t.year,
  CAST(t.population AS DOUBLE) AS population,
  t.vintage,
  t.load_id,
  'Census Vintage ' || t.vintage_year || ' (NST-EST' || t.vintage_year || '-ALLDATA), resident population on July 1'
    || CASE WHEN t.sumlev = '010' THEN '; the 50 states and DC, without Puerto Rico' ELSE '' END
    || CASE WHEN g.geo_code = 'NY' THEN '; the whole state, New York City included' ELSE '' END AS note
FROM typed AS t
LEFT JOIN analytics.geography AS g
  ON g.country = 'US' AND g.geo_level = 'state' AND g.fips = t.state AND t.sumlev = '040'
WHERE t.sumlev = '010' OR (t.sumlev = '040' AND g.geo_code IS NOT NULL);
