-- CDC VSRR state file → the common observation shape. Each raw row gives up to two observations:
-- the reported count (measure from drug_aliases) and CDC's predicted count (measure || '_predicted').
-- Empty values stay NULL: "suppressed" when CDC's footnote says so (1–9 deaths), "missing" otherwise.
CREATE OR REPLACE VIEW staging.cdc_vsrr_state AS
WITH month_names(month, month_num) AS (
  VALUES ('January', 1), ('February', 2), ('March', 3), ('April', 4), ('May', 5), ('June', 6), ('July', 7),
         ('August', 8), ('September', 9), ('October', 10), ('November', 11), ('December', 12)
),
typed AS (
  SELECT
    r.*,
    make_date(r.year, m.month_num, 1) AS month_start,
    a.drug,
    a.measure,
    g.geo_level,
    r.footnote ILIKE '%suppressed%' AS is_suppressed
  FROM raw.cdc_vsrr_state AS r
  JOIN month_names AS m USING (month)
  JOIN analytics.drug_aliases AS a ON a.source = 'cdc_vsrr_state' AND a.source_label = r.indicator
  JOIN analytics.geography AS g ON g.country = 'US' AND g.geo_code = r.state
),
shaped AS (
  SELECT *, data_value AS value, measure AS out_measure,
    CASE WHEN data_value IS NOT NULL THEN 'provisional' WHEN is_suppressed THEN 'suppressed' ELSE 'missing' END AS status
  FROM typed
  UNION ALL
  SELECT *, predicted_value AS value, measure || '_predicted' AS out_measure,
    CASE WHEN predicted_value IS NOT NULL THEN 'predicted' WHEN is_suppressed THEN 'suppressed' ELSE 'missing' END AS status
  FROM typed
  -- CDC gives no prediction for some indicators (e.g. all-cause deaths): no row rather than a fake "missing".
  WHERE measure = 'deaths' AND (predicted_value IS NOT NULL OR data_value IS NULL)
)
SELECT
  'cdc_vsrr_state' AS source,
  'US' AS country,
  geo_level,
  state AS geo_code,
  CAST(month_start - INTERVAL 11 MONTH AS DATE) AS period_start,
  last_day(month_start) AS period_end,
  '12mo_ending' AS period_type,
  drug,
  out_measure AS measure,
  value,
  status,
  vintage,
  load_id,
  nullif(trim(footnote), '') AS note
FROM shaped;
