-- Panel seizure rows: codes known to the seeds, units known, quantities not negative, months not after the
-- submission, and one row per state, month, agency, drug and kind of unit in each submission.
SELECT 'unknown state, drug or unit' AS problem, r.load_id, r.line, r.cve_ent, r.drug, r.unit, NULL AS n
FROM raw.mx_panel_seizures AS r
LEFT JOIN analytics.geography AS g ON g.country = 'MX' AND g.geo_level = 'state' AND g.geo_code = r.cve_ent
LEFT JOIN analytics.drugs AS d ON d.code = r.drug
WHERE g.geo_code IS NULL OR d.code IS NULL OR r.unit NOT IN ('kg', 'g', 'pills', 'L') OR r.unit IS NULL
UNION ALL
SELECT 'negative quantity or month after the submission', load_id, line, cve_ent, drug, unit, NULL
FROM raw.mx_panel_seizures
WHERE quantity < 0 OR month_start > vintage OR month_start IS NULL
UNION ALL
SELECT 'duplicate key', load_id, min(line), cve_ent, drug,
  CASE WHEN unit IN ('kg', 'g') THEN 'kg/g' ELSE unit END, count(*)
FROM raw.mx_panel_seizures
GROUP BY load_id, cve_ent, month_start, agency, drug, CASE WHEN unit IN ('kg', 'g') THEN 'kg/g' ELSE unit END
HAVING count(*) > 1;
