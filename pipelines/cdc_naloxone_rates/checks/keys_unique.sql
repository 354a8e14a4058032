-- One CDC naloxone rate per state and year in each load (a release must not give a state-year twice).
SELECT load_id, year, state_abbrev, count(*) AS n
FROM raw.cdc_naloxone_rates
GROUP BY ALL
HAVING count(*) > 1;
