-- CDC provisional counts for specific drugs (8hzs-zshh) → the common observation shape. One raw row, one observation:
-- deaths in the 12 months ending at month_ending_date, for the US or an HHS region (geo_code HHS1 … HHS10).
-- An empty count stays NULL: "suppressed" when CDC's footnote says so (1–9 deaths), "missing" otherwise. Never 0.
-- Drugs overlap (a death involving fentanyl and xylazine counts under both): never add across drugs.
WITH placed AS (
  SELECT
    r.*,
    CASE
      WHEN r.jurisdiction_occurrence = 'United States' THEN 'US'
      ELSE 'HHS' || regexp_extract(r.jurisdiction_occurrence, '^Region ([1-9]|10)$', 1)
    END AS place_code
  FROM raw.cdc_specific_drugs AS r
  WHERE r.time_period = '12 month-ending'
)
SELECT
  'cdc_specific_drugs' AS source,
  'US' AS country,
  g.geo_level,
  g.geo_code,
  CAST(date_trunc('month', p.month_ending_date) - INTERVAL 11 MONTH AS DATE) AS period_start,
  last_day(p.month_ending_date) AS period_end,
  '12mo_ending' AS period_type,
  a.drug,
  a.measure,
  p.drug_overdose_deaths AS value,
  CASE
    WHEN p.drug_overdose_deaths IS NOT NULL THEN 'provisional'
    WHEN p.footnote ILIKE '%suppressed%' THEN 'suppressed'
    ELSE 'missing'
  END AS status,
  p.vintage,
  p.load_id,
  nullif(trim(p.footnote), '') AS note
FROM placed AS p
JOIN analytics.geography AS g ON g.country = 'US' AND g.geo_code = p.place_code
JOIN analytics.drug_aliases AS a ON a.source = 'cdc_specific_drugs' AND a.source_label = p.drug_involved;
