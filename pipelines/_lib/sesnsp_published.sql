-- Shared by the SESNSP sources' staging.sql files, which include it: the last CTEs and
-- the final SELECT. Expects `flagged` (sesnsp_artefacts.sql) and `nation` (load_id, vintage, geo_code, drug,
-- month_start, value, note); geo_code 'EXT' (EXTRANJERO, fuero federal only) is geo_level 'abroad'.
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
  '{{source}}' AS source,
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
