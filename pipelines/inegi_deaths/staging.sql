-- INEGI registered deaths (microdata, one row per death) → counts by month and state OF OCCURRENCE.
--
-- A yearly file holds the deaths REGISTERED that year, late registrations of earlier years included, so the count
-- for a month of occurrence is summed over every registration year loaded. Each vintage V is an "as of" view: for
-- every registration year, the newest load released by V. A year of occurrence Y is shown (every month, zeros
-- included) once the registration file of Y is loaded; its counts are 'provisional' until the file of Y+1 (which
-- brings most late registrations) is loaded too, 'reported' after. Deaths that occurred in a year whose own file
-- is not loaded are not shown.
--
-- Places: the 32 states (ent_ocurr 01–32) and the nation (MX) = every registered death, including those that
-- occurred abroad (33–35) or in an unspecified state (99); the nation's note counts those. Months: deaths with the
-- month not specified (99) count in the year rows only; deaths with the year not specified (9999) in no row.
-- Series: all_causes; each drug code of analytics.icd10_groups (underlying cause, 3-character category); and, for
-- the poisoning codes (by_intent), one measure per intent from presunto/tipo_defun. Periods: month, year and
-- 12-month-ending windows (only where all 12 months are shown).
WITH loads AS (
  SELECT load_id, any_value(vintage) AS vintage, mode(anio_regis) AS reg_year
  FROM raw.inegi_deaths
  GROUP BY load_id
),
as_of AS (
  SELECT vintage AS as_of, max(load_id) AS load_id FROM loads GROUP BY vintage
),
chosen AS (
  SELECT a.as_of, l.load_id, l.reg_year
  FROM as_of AS a
  JOIN loads AS l ON l.vintage <= a.as_of
  QUALIFY row_number() OVER (PARTITION BY a.as_of, l.reg_year ORDER BY l.vintage DESC, l.load_id DESC) = 1
),
covered AS (
  SELECT c.as_of, c.reg_year AS year,
         CASE WHEN EXISTS (SELECT 1 FROM chosen AS n WHERE n.as_of = c.as_of AND n.reg_year = c.reg_year + 1)
              THEN 'reported' ELSE 'provisional' END AS status
  FROM chosen AS c
),
intents(presunto, measure) AS (
  VALUES (1, 'deaths_unintentional'), (2, 'deaths_homicide'), (3, 'deaths_suicide'), (4, 'deaths_undetermined')
),
groups AS (
  SELECT icd10, drug, by_intent FROM analytics.icd10_groups WHERE source = 'inegi_deaths'
),
series AS (
  SELECT 'all_causes' AS drug, 'deaths' AS measure
  UNION
  SELECT drug, 'deaths' FROM groups
  UNION
  SELECT g.drug, i.measure FROM groups AS g CROSS JOIN intents AS i WHERE g.by_intent
),
-- Deaths per load, occurrence month, state, cause category and intent: a few thousand rows per file.
cells AS (
  SELECT
    load_id,
    CASE WHEN anio_ocur BETWEEN 1900 AND 2200 THEN anio_ocur END AS occ_year,
    CASE WHEN mes_ocurr BETWEEN 1 AND 12 THEN mes_ocurr END AS occ_month,
    lpad(trim(ent_ocurr), 2, '0') AS ent,
    left(upper(trim(causa_def)), 3) AS icd10,
    presunto,
    count(*) AS n
  FROM raw.inegi_deaths
  GROUP BY ALL
),
counted AS (
  SELECT load_id, occ_year, occ_month, ent, 'all_causes' AS drug, 'deaths' AS measure, sum(n) AS n
  FROM cells GROUP BY ALL
  UNION ALL
  SELECT c.load_id, c.occ_year, c.occ_month, c.ent, g.drug, 'deaths', sum(c.n)
  FROM cells AS c JOIN groups AS g USING (icd10) GROUP BY ALL
  UNION ALL
  SELECT c.load_id, c.occ_year, c.occ_month, c.ent, g.drug, i.measure, sum(c.n)
  FROM cells AS c JOIN groups AS g USING (icd10) JOIN intents AS i USING (presunto)
  WHERE g.by_intent GROUP BY ALL
),
-- As of each vintage: the chosen loads' deaths in the covered years of occurrence.
placed AS (
  SELECT ch.as_of, k.occ_year, k.occ_month, k.ent, k.drug, k.measure, k.n
  FROM chosen AS ch
  JOIN counted AS k USING (load_id)
  JOIN covered AS cv ON cv.as_of = ch.as_of AND cv.year = k.occ_year
),
by_place AS (
  SELECT as_of, occ_year, occ_month, ent AS geo_code, drug, measure, sum(n) AS n,
         0 AS abroad, 0 AS unspecified
  FROM placed WHERE ent BETWEEN '01' AND '32' GROUP BY ALL
  UNION ALL
  SELECT as_of, occ_year, occ_month, 'MX', drug, measure, sum(n),
         coalesce(sum(n) FILTER (WHERE ent IN ('33', '34', '35')), 0),
         coalesce(sum(n) FILTER (WHERE NOT (ent BETWEEN '01' AND '35')), 0)
  FROM placed GROUP BY ALL
),
places AS (
  SELECT geo_level, geo_code FROM analytics.geography WHERE country = 'MX'
),
month_grid AS (
  SELECT cv.as_of, cv.year, m.month, make_date(cv.year, m.month, 1) AS month_start, cv.status,
         p.geo_level, p.geo_code, s.drug, s.measure
  FROM covered AS cv
  CROSS JOIN (SELECT unnest(range(1, 13)) AS month) AS m
  CROSS JOIN places AS p
  CROSS JOIN series AS s
),
monthly AS (
  SELECT g.*, coalesce(b.n, 0) AS value, coalesce(b.abroad, 0) AS abroad, coalesce(b.unspecified, 0) AS unspecified
  FROM month_grid AS g
  LEFT JOIN by_place AS b
    ON b.as_of = g.as_of AND b.occ_year = g.year AND b.occ_month = g.month AND b.geo_code = g.geo_code
   AND b.drug = g.drug AND b.measure = g.measure
),
yearly AS (
  SELECT g.as_of, g.year, g.status, g.geo_level, g.geo_code, g.drug, g.measure,
         coalesce(sum(b.n), 0) AS value,
         coalesce(sum(b.abroad), 0) AS abroad,
         coalesce(sum(b.unspecified), 0) AS unspecified,
         coalesce(sum(b.n) FILTER (WHERE b.occ_month IS NULL), 0) AS month_unknown
  FROM (SELECT DISTINCT as_of, year, status, geo_level, geo_code, drug, measure FROM month_grid) AS g
  LEFT JOIN by_place AS b
    ON b.as_of = g.as_of AND b.occ_year = g.year AND b.geo_code = g.geo_code AND b.drug = g.drug
   AND b.measure = g.measure
  GROUP BY ALL
),
rolling AS (
  SELECT
    as_of, month_start, geo_level, geo_code, drug, measure,
    sum(value) OVER w AS value,
    sum(abroad) OVER w AS abroad,
    sum(unspecified) OVER w AS unspecified,
    count(*) OVER w AS months,
    bool_or(status = 'provisional') OVER w AS any_provisional
  FROM monthly
  WINDOW w AS (
    PARTITION BY as_of, geo_level, geo_code, drug, measure
    ORDER BY month_start RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW
  )
),
shaped AS (
  SELECT as_of, geo_level, geo_code, month_start AS period_start, last_day(month_start) AS period_end,
         'month' AS period_type, drug, measure, value, status, abroad, unspecified, 0 AS month_unknown
  FROM monthly
  UNION ALL
  SELECT as_of, geo_level, geo_code, make_date(year, 1, 1), make_date(year, 12, 31), 'year', drug, measure,
         value, status, abroad, unspecified, month_unknown
  FROM yearly
  UNION ALL
  SELECT as_of, geo_level, geo_code, CAST(month_start - INTERVAL 11 MONTH AS DATE), last_day(month_start),
         '12mo_ending', drug, measure, value,
         CASE WHEN any_provisional THEN 'provisional' ELSE 'reported' END, abroad, unspecified, 0
  FROM rolling
  WHERE months = 12
)
SELECT
  'inegi_deaths' AS source,
  'MX' AS country,
  s.geo_level,
  s.geo_code,
  s.period_start,
  s.period_end,
  s.period_type,
  s.drug,
  s.measure,
  CAST(s.value AS DOUBLE) AS value,
  s.status,
  s.as_of AS vintage,
  a.load_id,
  CASE WHEN s.abroad + s.unspecified + s.month_unknown > 0 THEN 'includes ' || concat_ws('; ',
    CASE WHEN s.abroad > 0 THEN s.abroad || ' death(s) that occurred abroad (ent_ocurr 33–35)' END,
    CASE WHEN s.unspecified > 0 THEN s.unspecified || ' in a state not specified (ent_ocurr 99)' END,
    CASE WHEN s.month_unknown > 0 THEN s.month_unknown || ' with the month of occurrence not specified' END
  ) END AS note
FROM shaped AS s
JOIN as_of AS a USING (as_of);
