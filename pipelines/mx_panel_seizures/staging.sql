-- Panel-submitted Mexican seizures → the common observation shape. See pipelines/mx_panel_seizures/README.md.
--
-- * Units: kilograms as written; grams ÷ 1000 → kilograms (measure seizure_kg); pills (seizure_pills) and litres
--   (seizure_litres) are counts of their own and are never turned into a weight.
-- * Agencies are added up per state, month, drug and measure (the template asks for one row per seizing agency and
--   a joint operation under one agency only); the note names the agencies.
-- * ND (no data) rows have no quantity: if no agency gave a number the value is NULL with status 'missing' (never 0);
--   if some did, the value is their sum and the note says which agencies gave none (a lower bound).
-- * State level only: submissions need not cover every state, so no national total is made.
WITH typed AS (
  SELECT
    load_id,
    vintage,
    cve_ent,
    month_start,
    drug,
    agency,
    CASE unit WHEN 'kg' THEN 'seizure_kg' WHEN 'g' THEN 'seizure_kg' WHEN 'pills' THEN 'seizure_pills'
              WHEN 'L' THEN 'seizure_litres' END AS measure,
    CASE unit WHEN 'g' THEN quantity / 1000.0 ELSE quantity END AS amount
  FROM raw.mx_panel_seizures
)
SELECT
  'mx_panel_seizures' AS source,
  'MX' AS country,
  'state' AS geo_level,
  cve_ent AS geo_code,
  month_start AS period_start,
  last_day(month_start) AS period_end,
  'month' AS period_type,
  drug,
  measure,
  -- Rounded to 6 decimals (milligrams, millilitres): the sum of decimals written by people carries float noise.
  CASE WHEN count(amount) > 0 THEN round(sum(amount), 6) END AS value,
  CASE WHEN count(amount) > 0 THEN 'reported' ELSE 'missing' END AS status,
  vintage,
  load_id,
  concat_ws('; ',
    'agencies: ' || string_agg(DISTINCT agency, ', ' ORDER BY agency),
    CASE WHEN count(amount) < count(*) AND count(amount) > 0
      THEN 'partial, a lower bound: no data (ND) from ' ||
           string_agg(DISTINCT agency, ', ' ORDER BY agency) FILTER (WHERE amount IS NULL) END,
    CASE WHEN count(amount) = 0 THEN 'no data (ND) from any agency' END) AS note
FROM typed
GROUP BY load_id, vintage, cve_ent, month_start, drug, measure;
