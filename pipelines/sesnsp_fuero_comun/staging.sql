-- SESNSP fuero común → narcomenudeo investigations by state and month. See pipelines/sesnsp_fuero_comun/README.md.
--
-- * Wide → long: the twelve month columns are unpivoted (INCLUDE NULLS: an empty cell is a month left blank, kept
--   as NULL, never 0). Months after the release's through_month (read from its file name) are not published yet and
--   yield no row, whatever the cell holds (later RNID files write 0 there).
-- * Drugs are crimes: narcomenudeo (the continuing series), and from 2026 (RNID) its two subtypes; the subtypes'
--   sum is narcomenudeo, NULL when either is blank. Labels are mapped by analytics.drug_aliases.
-- * Places: the 32 states (Clave_Ent padded to cve_ent 01–32) and the nation, MX = the sum of the 32 states (the
--   file has no national row): NULL when a state is blank or absent.
-- * Reporting artefacts: 2 or more months in a row published as 0 by a state whose published months average 100
--   or more in the 12 months before the run or in the 12 after it (Baja California, 2015) are status 'missing',
--   value NULL, with the published 0 and the rule in the note; the nation still adds the published 0 and says so.
-- * A month a release leaves blank that an earlier release had published is 'missing' with that value in the note.
-- * Every release is a vintage; flag and published_value feed analytics.sesnsp_quality.
WITH drug_rows AS (
  SELECT r.load_id, r.vintage, r.through_month, r.anio,
         lpad(CAST(CAST(trim(r.clave_ent) AS INTEGER) AS VARCHAR), 2, '0') AS geo_code,
         a.drug,
         r.enero, r.febrero, r.marzo, r.abril, r.mayo, r.junio, r.julio, r.agosto, r.septiembre, r.octubre,
         r.noviembre, r.diciembre
  FROM raw.sesnsp_fuero_comun AS r
  JOIN analytics.drug_aliases AS a
    ON a.source = 'sesnsp_fuero_comun' AND lower(trim(a.source_label)) = lower(trim(r.subtipo_delito))
  WHERE lower(trim(r.tipo_delito)) = 'narcomenudeo'
),
cells AS (
  SELECT load_id, vintage, through_month, geo_code, drug, make_date(anio, CAST(month AS INTEGER), 1) AS month_start, n
  FROM drug_rows
  UNPIVOT INCLUDE NULLS (n FOR month IN (enero AS '1', febrero AS '2', marzo AS '3', abril AS '4', mayo AS '5',
    junio AS '6', julio AS '7', agosto AS '8', septiembre AS '9', octubre AS '10', noviembre AS '11',
    diciembre AS '12'))
),
published AS (
  SELECT load_id, vintage, geo_code, drug, month_start, n FROM cells WHERE month_start <= through_month
),
states AS (
  SELECT load_id, vintage, geo_code, drug, month_start, CAST(n AS DOUBLE) AS value, NULL AS part_note
  FROM published
  UNION ALL
  SELECT load_id, any_value(vintage), geo_code, 'narcomenudeo', month_start,
         CASE WHEN count(n) = count(*) THEN CAST(sum(n) AS DOUBLE) END,
         'sum of the RNID subtypes (posesión simple, con fines de venta)' ||
           CASE WHEN count(n) < count(*) THEN ': ' || (count(*) - count(n)) || ' of them blank' ELSE '' END
  FROM published
  WHERE drug <> 'narcomenudeo'
  GROUP BY load_id, geo_code, month_start
),
{{include ../_lib/sesnsp_artefacts.sql}}
nation AS (
  SELECT load_id, any_value(vintage) AS vintage, 'MX' AS geo_code, drug, month_start,
         CASE WHEN count(value) = 32 AND count(DISTINCT geo_code) = 32 THEN sum(value) END AS value,
         concat_ws('; ',
           'sum of the 32 states (the file has no national row)',
           CASE WHEN count(DISTINCT geo_code) < 32 THEN 'only ' || count(DISTINCT geo_code) || ' of 32 states in this release' END,
           CASE WHEN count(*) > count(value) THEN (count(*) - count(value)) || ' state(s) blank: ' ||
             string_agg(geo_code, ', ' ORDER BY geo_code) FILTER (WHERE value IS NULL) END,
           CASE WHEN bool_or(artefact) THEN 'includes the 0 published by ' ||
             string_agg(geo_code, ', ' ORDER BY geo_code) FILTER (WHERE artefact) || ', flagged as a reporting artefact' END
         ) AS note
  FROM flagged
  GROUP BY load_id, drug, month_start
),
{{include ../_lib/sesnsp_published.sql}}
