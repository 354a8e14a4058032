-- Raw CBP rows that staging would drop: a fiscal year, month, area of responsibility or drug the seeds do not know.
-- (The loader refuses such files with line numbers; this catches rows loaded before a seed changed.)
SELECT r.load_id, r.fy, r.month_abbv, r.area_of_responsibility, r.drug_type, count(*) AS n
FROM raw.cbp_seizures AS r
LEFT JOIN analytics.cbp_areas AS a ON a.area_label = r.area_of_responsibility
LEFT JOIN analytics.drug_aliases AS d ON d.source = 'cbp_seizures' AND d.source_label = r.drug_type
LEFT JOIN analytics.geography AS g ON g.country = 'US' AND g.geo_level = 'port' AND g.geo_code = a.geo_code
LEFT JOIN analytics.geography AS gr ON gr.country = 'US' AND gr.geo_level = 'region' AND gr.geo_code = a.region_code
WHERE a.area_label IS NULL OR d.drug IS NULL OR g.geo_code IS NULL OR gr.geo_code IS NULL
   OR NOT regexp_full_match(coalesce(r.fy, ''), '\s*(FY\s*)?\d{4}\s*(\(FYTD\))?\s*', 'i')
   OR upper(trim(coalesce(r.month_abbv, ''))) NOT IN ('OCT', 'NOV', 'DEC', 'JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN',
                                                       'JUL', 'AUG', 'SEP')
GROUP BY ALL;
