-- A count the portal flags as withheld (suppression_flag Y, counts 1–4) must come without a number: a number there
-- means the flag or the file is wrong. This source's own check, named ems_naloxone_weekly_suppressed_counts_are_empty.
SELECT load_id, week_ending, county_fips, administrations
FROM raw.ems_naloxone_weekly
WHERE suppression_flag = 'Y' AND administrations IS NOT NULL;
