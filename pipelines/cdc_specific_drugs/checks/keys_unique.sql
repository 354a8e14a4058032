-- One row per place, drug and window in a release: a duplicate would leave analytics to pick one at random.
SELECT l.origin, r.load_id, r.jurisdiction_occurrence, r.drug_involved, r.month_ending_date, count(*) AS n
FROM raw.cdc_specific_drugs AS r
LEFT JOIN meta.loads AS l USING (load_id)
GROUP BY ALL
HAVING count(*) > 1;
