-- Medicaid State Drug Utilization Data, naloxone rows → the common observation shape.
-- See pipelines/medicaid_sdud/README.md.
--
-- * Naloxone: NDC in analytics.medicaid_naloxone_ndcs or product name matching an include pattern of
--   analytics.medicaid_naloxone_names, and no exclude pattern (buprenorphine/naloxone, pentazocine/naloxone).
-- * Two measures: naloxone_rx (Number of Prescriptions) and naloxone_units (Units Reimbursed), each the TOTAL of
--   fee-for-service (FFSU) and managed care (MCOU) over every naloxone NDC. The split by utilization type is in the
--   note and in raw.medicaid_sdud; no observation holds a part, so nothing is counted twice.
-- * State XX is the nation (geo 'US'); CMS fills it with what states suppress, so the states do not add up to it.
-- * Suppressed rows (Suppression Used = true, 1–10 prescriptions) are censored: when every contributing row is
--   suppressed (or what is known adds to 0) the value is NULL with status 'suppressed', never 0; when some are, the
--   value is the sum of the known rows, a lower bound, and the note says how many rows are missing from it.
WITH naloxone AS (
  SELECT r.*
  FROM raw.medicaid_sdud AS r
  WHERE (r.ndc IN (SELECT ndc FROM analytics.medicaid_naloxone_ndcs)
         OR EXISTS (SELECT 1 FROM analytics.medicaid_naloxone_names AS n
                    WHERE n.kind = 'include' AND upper(trim(r.product_name)) LIKE n.pattern))
    AND NOT EXISTS (SELECT 1 FROM analytics.medicaid_naloxone_names AS n
                    WHERE n.kind = 'exclude' AND upper(trim(coalesce(r.product_name, ''))) LIKE n.pattern)
),
long AS (
  SELECT
    x.load_id,
    x.vintage,
    CASE WHEN x.state = 'XX' THEN 'nation' ELSE 'state' END AS geo_level,
    CASE WHEN x.state = 'XX' THEN 'US' ELSE x.state END AS geo_code,
    make_date(x.year, 3 * (x.quarter - 1) + 1, 1) AS period_start,
    a.drug,
    a.measure,
    x.utilization_type,
    x.suppression_used,
    CASE WHEN x.suppression_used THEN NULL
         WHEN a.source_label = 'Number of Prescriptions' THEN x.number_of_prescriptions
         ELSE x.units_reimbursed END AS amount
  FROM naloxone AS x
  JOIN analytics.drug_aliases AS a ON a.source = 'medicaid_sdud'
  JOIN analytics.geography AS g ON g.country = 'US' AND g.geo_code = CASE WHEN x.state = 'XX' THEN 'US' ELSE x.state END
),
summed AS (
  SELECT
    load_id, vintage, geo_level, geo_code, period_start, drug, measure,
    sum(amount) AS known,
    count(amount) AS n_known,
    count(*) FILTER (WHERE suppression_used) AS n_suppressed,
    count(*) FILTER (WHERE NOT suppression_used AND amount IS NULL) AS n_missing,
    sum(amount) FILTER (WHERE utilization_type = 'FFSU') AS ffsu,
    sum(amount) FILTER (WHERE utilization_type = 'MCOU') AS mcou,
    count(*) FILTER (WHERE utilization_type = 'FFSU' AND amount IS NULL) AS ffsu_unknown,
    count(*) FILTER (WHERE utilization_type = 'MCOU' AND amount IS NULL) AS mcou_unknown
  FROM long
  GROUP BY load_id, vintage, geo_level, geo_code, period_start, drug, measure
)
SELECT
  'medicaid_sdud' AS source,
  'US' AS country,
  geo_level,
  geo_code,
  period_start,
  last_day(period_start + INTERVAL 2 MONTH) AS period_end,
  'quarter' AS period_type,
  drug,
  measure,
  CASE WHEN n_known = 0 OR (known = 0 AND n_suppressed > 0) THEN NULL ELSE known END AS value,
  CASE WHEN n_known = 0 OR (known = 0 AND n_suppressed > 0)
       THEN CASE WHEN n_suppressed > 0 THEN 'suppressed' ELSE 'missing' END
       ELSE 'reported' END AS status,
  vintage,
  load_id,
  concat_ws('; ',
    'FFSU ' || coalesce(CASE WHEN ffsu = round(ffsu) THEN CAST(CAST(ffsu AS HUGEINT) AS VARCHAR) ELSE CAST(ffsu AS VARCHAR) END, '—') || CASE WHEN ffsu_unknown > 0 THEN ' (+' || ffsu_unknown || ' row(s) suppressed or empty)' ELSE '' END,
    'MCOU ' || coalesce(CASE WHEN mcou = round(mcou) THEN CAST(CAST(mcou AS HUGEINT) AS VARCHAR) ELSE CAST(mcou AS VARCHAR) END, '—') || CASE WHEN mcou_unknown > 0 THEN ' (+' || mcou_unknown || ' row(s) suppressed or empty)' ELSE '' END,
    CASE WHEN n_known > 0 AND NOT (known = 0 AND n_suppressed > 0) AND n_suppressed > 0
      THEN 'lower bound: ' || n_suppressed || ' suppressed row(s) not included (1–10 prescriptions each)' END,
    CASE WHEN n_missing > 0 THEN n_missing || ' row(s) with no number and no suppression flag' END) AS note
FROM summed;
