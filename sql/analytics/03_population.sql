-- Population denominators: every population source's latest vintage for each place and year (sources side by side;
-- analytics.rates chooses one per place). Census and CONAPO both give mid-year (July 1 / mid-year) populations.
CREATE OR REPLACE TABLE analytics.population AS
SELECT *
FROM staging.population
QUALIFY row_number() OVER (PARTITION BY source, country, geo_level, geo_code, year ORDER BY vintage DESC, load_id DESC) = 1;
COMMENT ON TABLE analytics.population IS 'Population denominators per place and year, latest vintage of each source. Rates record which source and vintage they used.';
COMMENT ON COLUMN analytics.population.source IS 'Source of the denominator: census_state_population (US Census NST-EST ALLDATA) or conapo_state_population (CONAPO projections).';
COMMENT ON COLUMN analytics.population.country IS 'US or MX.';
COMMENT ON COLUMN analytics.population.geo_level IS 'nation or state.';
COMMENT ON COLUMN analytics.population.geo_code IS 'Place code (analytics.geography).';
COMMENT ON COLUMN analytics.population.year IS 'Year the population estimate or projection is for (mid-year or 1 July, as the source defines).';
COMMENT ON COLUMN analytics.population.population IS 'Number of residents.';
COMMENT ON COLUMN analytics.population.vintage IS 'Release of the denominator (estimates are revised: Census 2023 and 2024 files disagree on 2023).';
COMMENT ON COLUMN analytics.population.load_id IS 'Load that wrote the raw row (meta.loads).';
COMMENT ON COLUMN analytics.population.note IS 'What the value is, e.g. the Census vintage and file ("Census Vintage 2024 (NST-EST2024-ALLDATA)"), or that a US state row is the whole state (New York with New York City).';
