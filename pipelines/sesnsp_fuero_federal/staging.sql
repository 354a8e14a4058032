-- SESNSP fuero federal → drug-crime investigations by state and month. See pipelines/sesnsp_fuero_federal/README.md.
--
-- * Wide → long as for the fuero común (sesnsp_fuero_comun.sql): empty cells stay NULL, months after the release's
--   through_month yield no row.
-- * Drugs are crimes: each CONTRA LA SALUD type of the Código Penal Federal, their sum contra_la_salud (NULL when a
--   type is blank), the Ley General de Salud's narcomenudeo and the organized-crime law's contra la salud, mapped
--   from "LEY / CONCEPTO / TIPO" by analytics.drug_aliases.
-- * Places: the 32 states (INEGI padded to cve_ent), EXTRANJERO apart (geo_level abroad, geo_code EXT), and the
--   nation MX = the 32 states plus EXTRANJERO (the file has no national row): NULL when a state is blank or absent.
-- * Reporting artefacts and blanked months: the same rules as the fuero común (pipelines/sesnsp_fuero_comun/README.md).
WITH drug_rows AS (
  SELECT r.load_id, r.vintage, r.through_month, r.anio,
         CASE WHEN upper(trim(r.entidad)) = 'EXTRANJERO' AND trim(coalesce(r.inegi, '')) = '' THEN 'EXT'
              ELSE lpad(CAST(CAST(trim(r.inegi) AS INTEGER) AS VARCHAR), 2, '0') END AS geo_code,
         a.drug, upper(trim(r.ley)) = 'CODIGO PENAL FEDERAL' AS cpf,
         r.enero, r.febrero, r.marzo, r.abril, r.mayo, r.junio, r.julio, r.agosto, r.septiembre, r.octubre,
         r.noviembre, r.diciembre
  FROM raw.sesnsp_fuero_federal AS r
  JOIN analytics.drug_aliases AS a
    ON a.source = 'sesnsp_fuero_federal'
   AND upper(trim(a.source_label)) = upper(trim(r.ley)) || ' / ' || upper(trim(r.concepto)) || ' / ' || upper(trim(r.tipo))
),
cells AS (
  SELECT load_id, vintage, through_month, geo_code, drug, cpf, make_date(anio, CAST(month AS INTEGER), 1) AS month_start, n
  FROM drug_rows
  UNPIVOT INCLUDE NULLS (n FOR month IN (enero AS '1', febrero AS '2', marzo AS '3', abril AS '4', mayo AS '5',
    junio AS '6', julio AS '7', agosto AS '8', septiembre AS '9', octubre AS '10', noviembre AS '11',
    diciembre AS '12'))
),
published AS (
  SELECT load_id, vintage, geo_code, drug, cpf, month_start, n FROM cells WHERE month_start <= through_month
),
states AS (
  SELECT load_id, vintage, geo_code, drug, month_start, CAST(n AS DOUBLE) AS value, NULL AS part_note
  FROM published
  UNION ALL
  SELECT load_id, any_value(vintage), geo_code, 'contra_la_salud', month_start,
         CASE WHEN count(n) = count(*) THEN CAST(sum(n) AS DOUBLE) END,
         'sum of the ' || count(*) || ' CONTRA LA SALUD types of the Código Penal Federal' ||
           CASE WHEN count(n) < count(*) THEN ': ' || (count(*) - count(n)) || ' of them blank' ELSE '' END
  FROM published
  WHERE cpf
  GROUP BY load_id, geo_code, month_start
),
zeros AS (
  SELECT load_id, geo_code, drug, month_start,
         date_diff('month', DATE '2000-01-01', month_start)
           - row_number() OVER (PARTITION BY load_id, geo_code, drug ORDER BY month_start) AS run
  FROM states
  WHERE value = 0
),
zero_runs AS (
  SELECT load_id, geo_code, drug, min(month_start) AS first_month, max(month_start) AS last_month, count(*) AS months,
         -- The 12 months either side, as dates: compared as timestamps, row by row, they were most of this view's time.
         CAST(min(month_start) - INTERVAL 12 MONTH AS DATE) AS before_first, CAST(min(month_start) - INTERVAL 1 MONTH AS DATE) AS before_last,
         CAST(max(month_start) + INTERVAL 1 MONTH AS DATE) AS after_first, CAST(max(month_start) + INTERVAL 12 MONTH AS DATE) AS after_last
  FROM zeros
  GROUP BY load_id, geo_code, drug, run
  HAVING count(*) >= 2
),
artefacts AS (
  SELECT z.load_id, z.geo_code, z.drug, z.first_month, z.last_month, z.months,
         avg(s.value) FILTER (WHERE s.month_start < z.first_month) AS mean_before,
         avg(s.value) FILTER (WHERE s.month_start > z.last_month) AS mean_after
  FROM zero_runs AS z
  JOIN states AS s
    ON s.load_id = z.load_id AND s.geo_code = z.geo_code AND s.drug = z.drug
   AND (s.month_start BETWEEN z.before_first AND z.before_last OR s.month_start BETWEEN z.after_first AND z.after_last)
  GROUP BY ALL
  HAVING coalesce(avg(s.value) FILTER (WHERE s.month_start < z.first_month), 0) >= 100
      OR coalesce(avg(s.value) FILTER (WHERE s.month_start > z.last_month), 0) >= 100
),
flagged AS (
  SELECT s.*, a.first_month IS NOT NULL AS artefact,
    CASE WHEN a.first_month IS NOT NULL THEN
      'published as 0; flagged as a reporting artefact: ' || a.months || ' months of 0 in a row (' ||
      strftime(a.first_month, '%Y-%m') || ' to ' || strftime(a.last_month, '%Y-%m') || ') where the state averaged ' ||
      concat_ws(' and ',
        CASE WHEN a.mean_before >= 100 THEN CAST(round(a.mean_before) AS BIGINT) || ' a month in the 12 months before' END,
        CASE WHEN a.mean_after >= 100 THEN CAST(round(a.mean_after) AS BIGINT) || ' a month in the 12 months after' END) ||
      ' (rule: pipelines/sesnsp_fuero_federal/README.md)'
    END AS artefact_note
  FROM states AS s
  LEFT JOIN artefacts AS a
    ON a.load_id = s.load_id AND a.geo_code = s.geo_code AND a.drug = s.drug
   AND s.month_start BETWEEN a.first_month AND a.last_month
),
nation AS (
  SELECT load_id, any_value(vintage) AS vintage, 'MX' AS geo_code, drug, month_start,
         CASE WHEN count(value) = count(*) AND count(DISTINCT geo_code) FILTER (WHERE geo_code <> 'EXT') = 32
              THEN sum(value) END AS value,
         concat_ws('; ',
           'sum of the 32 states and EXTRANJERO (the file has no national row)',
           CASE WHEN sum(value) FILTER (WHERE geo_code = 'EXT') > 0 THEN
             'of which abroad (EXTRANJERO): ' || CAST(sum(value) FILTER (WHERE geo_code = 'EXT') AS BIGINT) END,
           CASE WHEN count(DISTINCT geo_code) FILTER (WHERE geo_code <> 'EXT') < 32 THEN 'only ' ||
             count(DISTINCT geo_code) FILTER (WHERE geo_code <> 'EXT') || ' of 32 states in this release' END,
           CASE WHEN count(*) > count(value) THEN (count(*) - count(value)) || ' state(s) blank: ' ||
             string_agg(geo_code, ', ' ORDER BY geo_code) FILTER (WHERE value IS NULL) END,
           CASE WHEN bool_or(artefact) THEN 'includes the 0 published by ' ||
             string_agg(geo_code, ', ' ORDER BY geo_code) FILTER (WHERE artefact) || ', flagged as a reporting artefact' END
         ) AS note
  FROM flagged
  GROUP BY load_id, drug, month_start
),
levels AS (
  SELECT load_id, vintage, CASE WHEN geo_code = 'EXT' THEN 'abroad' ELSE 'state' END AS geo_level, geo_code,
         drug, month_start,
         CASE WHEN artefact THEN NULL ELSE value END AS value,
         CASE WHEN artefact THEN value END AS artefact_value,
         coalesce(artefact_note, part_note) AS note
  FROM flagged
  UNION ALL
  SELECT load_id, vintage, 'nation', geo_code, drug, month_start, value, NULL, note
  FROM nation
),
-- The newest earlier release that published a month this release leaves blank.
blanked AS (
  SELECT l.load_id, l.geo_level, l.geo_code, l.drug, l.month_start,
         arg_max(p.value, p.vintage) AS before_value, max(p.vintage) AS before_vintage
  FROM levels AS l
  JOIN levels AS p
    ON p.geo_level = l.geo_level AND p.geo_code = l.geo_code AND p.drug = l.drug AND p.month_start = l.month_start
   AND (p.vintage < l.vintage OR (p.vintage = l.vintage AND p.load_id < l.load_id))
   AND p.value IS NOT NULL
  WHERE l.value IS NULL AND l.artefact_value IS NULL
  GROUP BY ALL
)
SELECT
  'sesnsp_fuero_federal' AS source,
  'MX' AS country,
  l.geo_level,
  l.geo_code,
  l.month_start AS period_start,
  last_day(l.month_start) AS period_end,
  'month' AS period_type,
  l.drug,
  'investigations' AS measure,
  l.value,
  CASE WHEN l.value IS NULL THEN 'missing' ELSE 'reported' END AS status,
  l.vintage,
  l.load_id,
  CASE
    WHEN b.before_value IS NOT NULL THEN concat_ws('; ', 'blank in this release; the release of ' ||
      strftime(b.before_vintage, '%Y-%m-%d') || ' had published ' || CAST(b.before_value AS BIGINT), l.note)
    WHEN l.value IS NULL AND l.artefact_value IS NULL AND l.geo_level <> 'nation' THEN
      concat_ws('; ', 'blank in this release', l.note)
    ELSE l.note
  END AS note,
  CASE WHEN l.artefact_value IS NOT NULL THEN 'zero_run_artefact' WHEN b.before_value IS NOT NULL THEN 'blanked' END AS flag,
  coalesce(l.artefact_value, b.before_value) AS published_value
FROM levels AS l
LEFT JOIN blanked AS b
  ON b.load_id = l.load_id AND b.geo_level = l.geo_level AND b.geo_code = l.geo_code AND b.drug = l.drug
 AND b.month_start = l.month_start;
