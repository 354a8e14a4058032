-- Seed: rebuilt on every transform from sql/seeds/geography_*.csv (one file per source or country, same header).
CREATE OR REPLACE TABLE analytics.geography AS
SELECT * FROM read_csv('{{seeds}}/geography_*.csv', header = true, auto_detect = false,
  columns = {'country': 'VARCHAR', 'geo_level': 'VARCHAR', 'geo_code': 'VARCHAR', 'fips': 'VARCHAR',
             'name_en': 'VARCHAR', 'name_es': 'VARCHAR', 'hhs_region': 'INTEGER', 'border_state': 'BOOLEAN'});
COMMENT ON TABLE analytics.geography IS 'Places of both countries: the US, its states, DC, Puerto Rico and New York City as CDC reports them; Mexico and its 32 states (INEGI cve_ent).';
COMMENT ON COLUMN analytics.geography.country IS 'US or MX.';
COMMENT ON COLUMN analytics.geography.geo_level IS 'nation or state (New York City is reported at state level; NY then excludes it); region and port for CBP; abroad for SESNSP''s EXTRANJERO.';
COMMENT ON COLUMN analytics.geography.geo_code IS 'US: USPS code (US for the nation, YC for New York City). MX: INEGI cve_ent 01–32 (MX for the nation; EXT abroad, SESNSP''s EXTRANJERO).';
COMMENT ON COLUMN analytics.geography.fips IS 'Two-digit state code, zero-padded text: FIPS in the US, INEGI cve_ent in Mexico.';
COMMENT ON COLUMN analytics.geography.name_en IS 'Name in English.';
COMMENT ON COLUMN analytics.geography.name_es IS 'Name in Spanish.';
COMMENT ON COLUMN analytics.geography.hhs_region IS 'HHS region (1-10); 6 and 9 hold the US–Mexico border states.';
COMMENT ON COLUMN analytics.geography.border_state IS 'True for the states on the US–Mexico border: AZ, CA, NM, TX; Baja California, Sonora, Chihuahua, Coahuila, Nuevo León, Tamaulipas.';
