-- Rates per 100,000 residents, wherever a denominator exists (docs/rates.md).
--
-- Which observations: counts of people or of prescriptions among a place's residents — measure 'deaths' and its
-- variants (deaths_predicted, deaths_unintentional, …), naloxone_rx and naloxone_units — and investigations opened
-- by a state's prosecutors (SESNSP, Mexico: a crime rate, as Mexico publishes them) — for a nation or a state.
-- Not seizures (events and weights at ports of entry say nothing per resident), not percentages, not regions.
-- Not rates a publisher already gives (cdc_naloxone_rates' naloxone_rx_per_100, prescriptions per 100 persons):
-- the measure list below is exact, so such a rate is never divided by a population a second time.
-- New York: a source that reports New York City (YC) apart gives NY without it, so its NY has no denominator.
--
-- Which denominator: per place, one population source (US: census_state_population; MX: conapo_state_population;
-- any other population source ranks after these), its latest vintage for each year (analytics.population). A period
-- is split by calendar year and the population is the day-weighted mean of those years' mid-year populations: a
-- 12-month window from April 2023 to March 2024 takes 275/366 of 2023's and 91/366 of 2024's. A year after the last
-- one the source gives is carried forward from that last year (flagged); a year before its first has no rate.
CREATE OR REPLACE TABLE analytics.rates AS
WITH preference(country, source, rank) AS (
  VALUES ('US', 'census_state_population', 1), ('MX', 'conapo_state_population', 1)
),
sources AS (
  SELECT DISTINCT p.country, p.geo_level, p.geo_code, p.source, coalesce(pr.rank, 99) AS rank
  FROM analytics.population AS p
  LEFT JOIN preference AS pr USING (country, source)
),
chosen AS (
  SELECT country, geo_level, geo_code, source
  FROM sources
  QUALIFY row_number() OVER (PARTITION BY country, geo_level, geo_code ORDER BY rank, source) = 1
),
denominators AS (
  SELECT p.country, p.geo_level, p.geo_code, p.source, p.year, p.population, p.vintage
  FROM analytics.population AS p
  JOIN chosen USING (country, geo_level, geo_code, source)
),
bounds AS (
  SELECT country, geo_level, geo_code, source, min(year) AS first_year, max(year) AS last_year
  FROM denominators
  GROUP BY ALL
),
sources_with_nyc AS (
  SELECT DISTINCT source FROM analytics.observations WHERE country = 'US' AND geo_code = 'YC'
),
eligible AS (
  SELECT o.*
  FROM analytics.observations AS o
  WHERE (o.measure IN ('deaths', 'naloxone_rx', 'naloxone_units', 'investigations') OR starts_with(o.measure, 'deaths_'))
    AND o.geo_level IN ('nation', 'state')
    AND NOT (o.country = 'US' AND o.geo_code = 'NY' AND o.source IN (SELECT source FROM sources_with_nyc))
),
-- A period touches at most two calendar years (month, quarter, week, year, 12-month window): its days in each, and
-- those years' populations joined directly. No aggregate over split rows: that held every observation in memory,
-- past the run's memory limit (joins spill; ordered aggregates do not). A longer period would get no rate.
spans AS (
  SELECT
    o.*,
    year(o.period_start) AS y1,
    year(o.period_end) AS y2,
    datediff('day', o.period_start, least(o.period_end, make_date(year(o.period_start), 12, 31))) + 1 AS d1,
    CASE WHEN year(o.period_end) > year(o.period_start)
      THEN datediff('day', make_date(year(o.period_end), 1, 1), o.period_end) + 1 ELSE 0 END AS d2
  FROM eligible AS o
  WHERE year(o.period_end) - year(o.period_start) <= 1
),
weighted AS (
  SELECT
    s.*, b.source AS population_source, b.last_year,
    p1.population AS pop1, p1.vintage AS v1, p2.population AS pop2, p2.vintage AS v2
  FROM spans AS s
  JOIN bounds AS b USING (country, geo_level, geo_code)
  JOIN denominators AS p1
    ON p1.country = s.country AND p1.geo_level = s.geo_level AND p1.geo_code = s.geo_code AND p1.source = b.source
   AND p1.year = least(s.y1, b.last_year)
  -- The second year's key is NULL (matches nothing) for a period within one year: a condition on the period alone
  -- in ON would make this a nested-loop join over every observation and every population row.
  LEFT JOIN denominators AS p2
    ON p2.country = s.country AND p2.geo_level = s.geo_level AND p2.geo_code = s.geo_code
   AND p2.source = b.source AND p2.year = CASE WHEN s.y2 > s.y1 THEN least(s.y2, b.last_year) END
  WHERE s.y1 >= b.first_year
),
per_observation AS (
  SELECT
    *,
    CASE WHEN d2 > 0 THEN (pop1 * d1 + pop2 * d2) / (d1 + d2) ELSE pop1 END AS population,
    d1 + d2 AS days
  FROM weighted
  WHERE d2 = 0 OR pop2 IS NOT NULL
)
SELECT
  source, country, geo_level, geo_code, period_start, period_end, period_type, drug, measure,
  value, status, vintage,
  population,
  value / population * 100000 AS rate_per_100k,
  value / population * 100000 * 365.25 / days AS rate_per_100k_annualized,
  population_source,
  CASE WHEN d2 > 0 THEN greatest(v1, v2) ELSE v1 END AS population_vintage,
  y2 > last_year AS population_carried_forward,
  y1 || CASE WHEN y1 > last_year THEN ' (as ' || last_year || ')' ELSE '' END || ': ' || d1 || ' d × '
    || CAST(pop1 AS BIGINT) || ' (vintage ' || v1 || ')'
    || CASE WHEN d2 > 0 THEN '; ' || y2 || CASE WHEN y2 > last_year THEN ' (as ' || last_year || ')' ELSE '' END
         || ': ' || d2 || ' d × ' || CAST(pop2 AS BIGINT) || ' (vintage ' || v2 || ')' ELSE '' END AS population_detail
FROM per_observation;
COMMENT ON TABLE analytics.rates IS 'Rates per 100,000 residents for every count in analytics.observations that has a denominator (deaths and their variants, naloxone prescriptions and units, SESNSP investigations; nation and state), with the population source, vintage and years used. See docs/rates.md.';
COMMENT ON COLUMN analytics.rates.source IS 'Source of the count (analytics.observations.source).';
COMMENT ON COLUMN analytics.rates.country IS 'US or MX.';
COMMENT ON COLUMN analytics.rates.geo_level IS 'nation or state.';
COMMENT ON COLUMN analytics.rates.geo_code IS 'Place code (analytics.geography). NY is left out for sources that report New York City (YC) apart, whose NY excludes the city.';
COMMENT ON COLUMN analytics.rates.period_start IS 'First day of the period of the count.';
COMMENT ON COLUMN analytics.rates.period_end IS 'Last day of the period of the count.';
COMMENT ON COLUMN analytics.rates.period_type IS 'month, quarter, week, year or 12mo_ending, as in analytics.observations.';
COMMENT ON COLUMN analytics.rates.drug IS 'Canonical drug code. Categories overlap: never sum rates across drugs.';
COMMENT ON COLUMN analytics.rates.measure IS 'What was counted: deaths, deaths_predicted, deaths_unintentional, …, naloxone_rx, naloxone_units, investigations (SESNSP, Mexico).';
COMMENT ON COLUMN analytics.rates.value IS 'The count (analytics.observations.value); NULL when suppressed or missing, and then so is the rate.';
COMMENT ON COLUMN analytics.rates.status IS 'Status of the count: reported, provisional, predicted, suppressed or missing.';
COMMENT ON COLUMN analytics.rates.vintage IS 'Release of the count.';
COMMENT ON COLUMN analytics.rates.population IS 'Denominator: the mid-year populations of the calendar years the period touches, weighted by the number of its days in each year.';
COMMENT ON COLUMN analytics.rates.rate_per_100k IS 'value / population × 100,000, over the period as it is (a month''s deaths per 100,000; a 12-month window''s deaths per 100,000). NULL when the count is.';
COMMENT ON COLUMN analytics.rates.rate_per_100k_annualized IS 'rate_per_100k × 365.25 / days in the period: a yearly rate, comparable across months, quarters and 12-month windows.';
COMMENT ON COLUMN analytics.rates.population_source IS 'Source of the denominator, e.g. census_state_population or conapo_state_population.';
COMMENT ON COLUMN analytics.rates.population_vintage IS 'Release of the denominator (the latest, when the years used come from different releases): Census Vintage 2023 and 2024 disagree on 2023.';
COMMENT ON COLUMN analytics.rates.population_carried_forward IS 'True when a year of the period is after the last year of the denominator source, whose last year''s population was used instead.';
COMMENT ON COLUMN analytics.rates.population_detail IS 'How the denominator was made: each calendar year, the days of the period in it, the population used and its vintage.';
