-- CDC never shows a county count of 1–9 (it is suppressed, and the cell left empty, never 0): a shown 1–9, or a
-- count that is not a whole number, means the file was altered or misread.
SELECT l.origin, r.load_id, r.fips, r.county_name, coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE)) AS window_end,
       r.deaths, r.footnote
FROM raw.cdc_vsrr_county AS r
LEFT JOIN meta.loads AS l USING (load_id)
WHERE r.deaths BETWEEN 1 AND 9
   OR r.deaths <> round(r.deaths)
   OR r.deaths < 0;
