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
{{include ../_lib/sesnsp_artefacts.sql}}
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
{{include ../_lib/sesnsp_published.sql}}
