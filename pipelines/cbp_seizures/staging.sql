-- CBP nationwide drug seizures → the common observation shape. See pipelines/cbp_seizures/README.md.
--
-- * Fiscal year → calendar month: FY 2023 OCT–DEC are October–December 2022, JAN–SEP are January–September 2023.
--   `2026 (FYTD)` marks the year in progress: its months are 'provisional', complete years 'reported'.
-- * Pounds → kilograms: kg = lbs × 0.45359237, rounded to the milligram (6 decimals) so that float noise in the
--   published pounds (84.45259999999999) never shows as a revision between releases. The pounds stay in
--   raw.cbp_seizures and in the note.
-- * Two measures per row: seizure_events (Count of Event) and seizure_kg.
-- * Three levels that must never be added together: port (one area of responsibility, both land filters added),
--   region (the three CBP regions) and nation (US), each summed from the same release's rows.
-- * CBP lists only the months, areas and drugs with a seizure. So when an earlier (or later) release has a key
--   inside this release's months that this release lacks, this release says 0 for it: a revision to zero, not a gap.
WITH months(month_abbv, month_num) AS (
  VALUES ('OCT', 10), ('NOV', 11), ('DEC', 12), ('JAN', 1), ('FEB', 2), ('MAR', 3), ('APR', 4), ('MAY', 5),
         ('JUN', 6), ('JUL', 7), ('AUG', 8), ('SEP', 9)
),
typed AS (
  SELECT
    r.load_id,
    r.vintage,
    CAST(regexp_extract(r.fy, '^\s*(?:FY\s*)?(\d{4})', 1, 'i') AS INTEGER) AS fy,
    regexp_matches(r.fy, '\(FYTD\)', 'i') AS fytd,
    m.month_num,
    a.geo_code AS area_code,
    d.drug,
    r.event_count,
    r.qty_lbs
  FROM raw.cbp_seizures AS r
  JOIN months AS m ON m.month_abbv = upper(trim(r.month_abbv))
  JOIN analytics.cbp_areas AS a ON a.area_label = r.area_of_responsibility
  JOIN analytics.drug_aliases AS d ON d.source = 'cbp_seizures' AND d.source_label = r.drug_type
),
ports AS (
  SELECT
    load_id,
    any_value(vintage) AS vintage,
    area_code,
    make_date(CASE WHEN month_num >= 10 THEN fy - 1 ELSE fy END, month_num, 1) AS month_start,
    drug,
    bool_or(fytd) AS fytd,
    sum(event_count) AS events,
    sum(qty_lbs) AS lbs,
    sum(event_count) FILTER (WHERE qty_lbs = 0) AS zero_weight_events,
    false AS absent
  FROM typed
  GROUP BY load_id, area_code, month_start, drug
),
releases AS (
  SELECT load_id, any_value(vintage) AS vintage, min(month_start) AS first_month, max(month_start) AS last_month,
         max(month_start) FILTER (WHERE fytd) AS fytd_last_month, min(month_start) FILTER (WHERE fytd) AS fytd_first_month
  FROM ports
  GROUP BY load_id
),
absent AS (
  SELECT
    rel.load_id, rel.vintage, k.area_code, k.month_start, k.drug,
    k.month_start BETWEEN rel.fytd_first_month AND rel.fytd_last_month AS fytd,
    0 AS events, 0.0 AS lbs, NULL AS zero_weight_events, true AS absent
  FROM releases AS rel
  JOIN (SELECT DISTINCT area_code, month_start, drug FROM ports) AS k
    ON k.month_start BETWEEN rel.first_month AND rel.last_month
  ANTI JOIN ports AS p
    ON p.load_id = rel.load_id AND p.area_code = k.area_code AND p.month_start = k.month_start AND p.drug = k.drug
),
all_ports AS (
  SELECT * FROM ports
  UNION ALL BY NAME
  SELECT * FROM absent
),
levels AS (
  SELECT load_id, vintage, 'port' AS geo_level, area_code AS geo_code, month_start, drug, fytd, events, lbs,
         zero_weight_events, absent
  FROM all_ports
  UNION ALL
  SELECT p.load_id, any_value(p.vintage), 'region', a.region_code, p.month_start, p.drug, bool_or(p.fytd),
         sum(p.events), sum(p.lbs), sum(p.zero_weight_events), bool_and(p.absent)
  FROM all_ports AS p JOIN analytics.cbp_areas AS a ON a.geo_code = p.area_code
  GROUP BY p.load_id, a.region_code, p.month_start, p.drug
  UNION ALL
  SELECT load_id, any_value(vintage), 'nation', 'US', month_start, drug, bool_or(fytd), sum(events), sum(lbs),
         sum(zero_weight_events), bool_and(absent)
  FROM all_ports
  GROUP BY load_id, month_start, drug
),
shaped AS (
  SELECT
    *,
    CASE
      WHEN absent THEN 'not in this release: no seizure listed (another release of these months had one)'
      ELSE concat_ws('; ',
        'Sum Qty (lbs) ' || CAST(round(lbs, 6) AS VARCHAR),
        CASE WHEN zero_weight_events > 0
          THEN zero_weight_events || ' event(s) published with 0 lbs (weight not recorded or under the precision)' END)
    END AS note,
    [struct_pack(measure := 'seizure_events', value := CAST(events AS DOUBLE)),
     struct_pack(measure := 'seizure_kg', value := round(lbs * 0.45359237, 6))] AS pairs
  FROM levels
)
SELECT
  'cbp_seizures' AS source,
  'US' AS country,
  geo_level,
  geo_code,
  month_start AS period_start,
  last_day(month_start) AS period_end,
  'month' AS period_type,
  drug,
  p.measure AS measure,
  p.value AS value,
  CASE WHEN fytd THEN 'provisional' ELSE 'reported' END AS status,
  vintage,
  load_id,
  note
FROM (SELECT * EXCLUDE (pairs), unnest(pairs) AS p FROM shaped);
