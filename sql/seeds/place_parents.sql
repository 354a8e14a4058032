-- Seed: rebuilt on every transform from sql/seeds/place_parents_*.csv (one file per source or country, same header).
CREATE OR REPLACE TABLE analytics.place_parents AS
SELECT * FROM read_csv('{{seeds}}/place_parents_*.csv', header = true, auto_detect = false,
  columns = {'country': 'VARCHAR', 'geo_level': 'VARCHAR', 'geo_code': 'VARCHAR', 'parent_geo_code': 'VARCHAR'});
COMMENT ON TABLE analytics.place_parents IS 'The state a smaller or separately reported place belongs to (a county, a CBP port or field office, New York City), for comparing sources at state level.';
COMMENT ON COLUMN analytics.place_parents.country IS 'US or MX.';
COMMENT ON COLUMN analytics.place_parents.geo_level IS 'Level of the place (county, port, state).';
COMMENT ON COLUMN analytics.place_parents.geo_code IS 'Place code (analytics.geography).';
COMMENT ON COLUMN analytics.place_parents.parent_geo_code IS 'Code of the state it lies in (geo_level state).';
