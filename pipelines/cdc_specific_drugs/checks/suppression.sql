-- CDC never publishes 1–9 deaths (they are suppressed), and a suppressed cell is empty, never 0: a count of 1–9, or a
-- number beside the suppression footnote, means the file was altered or misread.
SELECT l.origin, r.load_id, r.jurisdiction_occurrence, r.drug_involved, r.month_ending_date, r.drug_overdose_deaths,
       r.footnote
FROM raw.cdc_specific_drugs AS r
LEFT JOIN meta.loads AS l USING (load_id)
WHERE (r.drug_overdose_deaths BETWEEN 1 AND 9)
   OR (r.drug_overdose_deaths IS NOT NULL AND r.footnote ILIKE '%suppressed%')
   OR r.drug_overdose_deaths <> round(r.drug_overdose_deaths);
