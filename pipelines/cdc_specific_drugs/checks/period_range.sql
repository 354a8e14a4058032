-- A release covers windows that ended before it came out, and states one release date: windows after the release
-- date (or its vintage), before 2018, or several "data as of" dates in one load are wrong.
SELECT l.origin, r.load_id, r.vintage, min(r.data_as_of) AS first_data_as_of, max(r.data_as_of) AS last_data_as_of,
       min(r.month_ending_date) AS first_window_end, max(r.month_ending_date) AS last_window_end
FROM raw.cdc_specific_drugs AS r
LEFT JOIN meta.loads AS l USING (load_id)
GROUP BY ALL
HAVING count(DISTINCT r.data_as_of) > 1
    OR max(r.month_ending_date) > least(max(r.data_as_of), max(r.vintage))
    OR min(r.month_ending_date) < DATE '2018-01-01';
