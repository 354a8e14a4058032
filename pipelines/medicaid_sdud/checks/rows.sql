-- Medicaid naloxone rows: known states, utilization types and quarters; no negative numbers; one row per
-- utilization type, state, NDC and quarter in each load (two incremental pulls may share a vintage: the later load
-- wins in analytics); no quarter after the release.
SELECT 'unknown state, utilization type or quarter' AS problem, r.load_id, r.state, r.ndc, r.year, r.quarter, 1 AS n
FROM raw.medicaid_sdud AS r
LEFT JOIN analytics.geography AS g ON g.country = 'US' AND g.geo_code = CASE WHEN r.state = 'XX' THEN 'US' ELSE r.state END
WHERE g.geo_code IS NULL OR r.utilization_type NOT IN ('FFSU', 'MCOU') OR r.utilization_type IS NULL
   OR r.quarter NOT BETWEEN 1 AND 4 OR r.quarter IS NULL OR r.year IS NULL
UNION ALL
SELECT 'negative number', load_id, state, ndc, year, quarter, 1
FROM raw.medicaid_sdud
WHERE number_of_prescriptions < 0 OR units_reimbursed < 0 OR total_amount_reimbursed < 0
UNION ALL
SELECT 'quarter starts after the release', load_id, state, ndc, year, quarter, 1
FROM raw.medicaid_sdud
WHERE make_date(year, 3 * (quarter - 1) + 1, 1) > vintage
UNION ALL
SELECT 'duplicate key in a load', load_id, state, ndc, year, quarter, count(*)
FROM raw.medicaid_sdud
GROUP BY load_id, utilization_type, state, ndc, year, quarter
HAVING count(*) > 1;
