-- A release holds windows that ended before it came out: a window ending after the release's vintage, or before
-- 2019 (the dataset starts with the window ending January 2020), is out of range.
SELECT l.origin, r.load_id, r.vintage,
       min(coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE))) AS first_window_end,
       max(coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE))) AS last_window_end
FROM raw.cdc_vsrr_county AS r
LEFT JOIN meta.loads AS l USING (load_id)
GROUP BY ALL
HAVING max(coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE))) > max(r.vintage)
    OR min(coalesce(r.month_ending_date, CAST(r.month_ending_ts AS DATE))) < DATE '2019-01-01';
