-- The ten HHS regions partition the US (deaths by place of occurrence), so for each release, drug and window the
-- regions add up to the US row, within what suppression hides: with k regions suppressed (1–9 deaths each),
-- US − (sum of the shown regions) lies between k and 9k. In CDC's 2025-01-05 release every drug and month holds:
-- exactly (k = 0) for six drugs, within the bounds for xylazine. Adding across REGIONS is right; across DRUGS never is.
WITH regions AS (
  SELECT load_id, drug_involved, month_ending_date,
         count(*) AS n_regions,
         coalesce(sum(drug_overdose_deaths), 0) AS shown,
         count(*) FILTER (WHERE drug_overdose_deaths IS NULL) AS hidden
  FROM raw.cdc_specific_drugs
  WHERE regexp_full_match(jurisdiction_occurrence, 'Region ([1-9]|10)')
  GROUP BY ALL
),
us AS (
  SELECT load_id, drug_involved, month_ending_date, drug_overdose_deaths AS us_deaths
  FROM raw.cdc_specific_drugs
  WHERE jurisdiction_occurrence = 'United States'
)
SELECT l.origin, us.load_id, us.drug_involved, us.month_ending_date, us.us_deaths, r.shown, r.hidden,
       us.us_deaths - r.shown AS difference
FROM us
JOIN regions AS r USING (load_id, drug_involved, month_ending_date)
LEFT JOIN meta.loads AS l ON l.load_id = us.load_id
WHERE r.n_regions = 10
  AND us.us_deaths IS NOT NULL
  AND NOT (us.us_deaths - r.shown BETWEEN r.hidden AND 9 * r.hidden);
