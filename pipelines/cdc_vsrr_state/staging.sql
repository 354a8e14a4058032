-- CDC VSRR state file → the common observation shape. Each raw row gives up to two observations:
-- the reported count (measure from drug_aliases) and CDC's predicted count (measure || '_predicted').
-- Empty values stay NULL: "suppressed" when CDC's footnote says so (1–9 deaths), "missing" otherwise.
WITH month_names(month, month_num) AS (
  VALUES ('January', 1), ('February', 2), ('March', 3), ('April', 4), ('May', 5), ('June', 6), ('July', 7),
         ('August', 8), ('September', 9), ('October', 10), ('November', 11), ('December', 12)
),
typed AS (
  SELECT
    r.load_id,
    r.vintage,
    r.state,
    g.geo_level,
    make_date(r.year, m.month_num, 1) AS month_start,
    a.drug,
    a.measure,
    nullif(trim(r.footnote), '') AS note,
    CASE WHEN contains(r.footnote, 'suppressed') THEN 'suppressed' ELSE 'missing' END AS empty_status,
    -- CDC gives no prediction for some indicators (e.g. all-cause deaths): no row rather than a fake "missing".
    CASE
      WHEN a.measure <> 'deaths' THEN [struct_pack(measure := a.measure, value := r.data_value, given := 'provisional')]
      WHEN r.predicted_value IS NULL AND r.data_value IS NOT NULL
        THEN [struct_pack(measure := a.measure, value := r.data_value, given := 'provisional')]
      ELSE [struct_pack(measure := a.measure, value := r.data_value, given := 'provisional'),
            struct_pack(measure := a.measure || '_predicted', value := r.predicted_value, given := 'predicted')]
    END AS pairs
  FROM raw.cdc_vsrr_state AS r
  JOIN month_names AS m USING (month)
  JOIN analytics.drug_aliases AS a ON a.source = 'cdc_vsrr_state' AND a.source_label = r.indicator
  JOIN analytics.geography AS g ON g.country = 'US' AND g.geo_code = r.state
),
shaped AS (
  SELECT * EXCLUDE (pairs), unnest(pairs) AS p FROM typed
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
  p.measure AS measure,
  p.value AS value,
  CASE WHEN p.value IS NOT NULL THEN p.given ELSE empty_status END AS status,
  vintage,
  load_id,
  note
FROM shaped;
