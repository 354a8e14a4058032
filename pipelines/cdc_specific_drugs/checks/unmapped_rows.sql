-- Raw rows of CDC's specific-drugs file that staging would drop or misdate: a place that is neither "United States"
-- nor "Region 1" … "Region 10", a row naming no drug (a drug the seeds do not list gets a generated alias, see
-- pipelines/cdc_specific_drugs/seeds/drugs_unlisted_cdc_specific_drugs.sql), another time period, or a window end that is not the last day of
-- death_year/death_month.
SELECT l.origin, r.load_id, r.jurisdiction_occurrence, r.drug_involved, r.time_period, r.death_year, r.death_month,
       r.month_ending_date, count(*) AS n
FROM raw.cdc_specific_drugs AS r
LEFT JOIN meta.loads AS l USING (load_id)
LEFT JOIN analytics.drug_aliases AS a ON a.source = 'cdc_specific_drugs' AND a.source_label = r.drug_involved
LEFT JOIN analytics.geography AS g
  ON g.country = 'US'
 AND g.geo_code = CASE
       WHEN r.jurisdiction_occurrence = 'United States' THEN 'US'
       ELSE 'HHS' || regexp_extract(r.jurisdiction_occurrence, '^Region ([1-9]|10)$', 1)
     END
WHERE a.drug IS NULL
   OR g.geo_code IS NULL
   OR r.time_period IS DISTINCT FROM '12 month-ending'
   OR r.month_ending_date IS NULL
   OR r.month_ending_date <> last_day(r.month_ending_date)
   OR r.death_year IS DISTINCT FROM year(r.month_ending_date)
   OR r.death_month IS DISTINCT FROM month(r.month_ending_date)
GROUP BY ALL;
