-- Seed: rebuilt on every transform from sql/seeds/border_regions.csv and border_drug_pairs.csv. Cross-border
-- corroboration (src/run/detect.ts, docs/detectors.md): alarms on the two sides of one border region, of the same
-- drug or of a pair below, within the lag, are marked as co-occurring. Co-occurrence, not cause.
CREATE OR REPLACE TABLE analytics.border_regions AS
SELECT * FROM read_csv('{{seeds}}/border_regions.csv', header = true, auto_detect = false,
  columns = {'region': 'VARCHAR', 'country': 'VARCHAR', 'geo_level': 'VARCHAR', 'geo_code': 'VARCHAR', 'note': 'VARCHAR'});
COMMENT ON TABLE analytics.border_regions IS 'Border regions for cross-border corroboration: the Mexican states, US states and CBP areas that face each other across the border (a place may be in two regions). Alarms in one region on both sides within the lag are marked as co-occurring (analytics.alerts.corroborated_by): co-occurrence, not cause.';
COMMENT ON COLUMN analytics.border_regions.region IS 'Region code, e.g. sonora_arizona.';
COMMENT ON COLUMN analytics.border_regions.country IS 'US or MX.';
COMMENT ON COLUMN analytics.border_regions.geo_level IS 'state or port (a CBP field office or Border Patrol sector).';
COMMENT ON COLUMN analytics.border_regions.geo_code IS 'Place code (analytics.geography).';
COMMENT ON COLUMN analytics.border_regions.note IS 'What the place is, or what part of it faces the other side.';

CREATE OR REPLACE TABLE analytics.border_drug_pairs AS
SELECT * FROM read_csv('{{seeds}}/border_drug_pairs.csv', header = true, auto_detect = false,
  columns = {'mx_drug': 'VARCHAR', 'us_drug': 'VARCHAR', 'note': 'VARCHAR'});
COMMENT ON TABLE analytics.border_drug_pairs IS 'Mexican and US codes that corroborate each other across the border besides a code with itself: Mexican crime categories covering every drug (narcomenudeo, contra_la_salud) and INEGI death groups, against fentanyl and methamphetamine.';
COMMENT ON COLUMN analytics.border_drug_pairs.mx_drug IS 'Code of the Mexican series (analytics.drugs).';
COMMENT ON COLUMN analytics.border_drug_pairs.us_drug IS 'Code of the US series (analytics.drugs).';
COMMENT ON COLUMN analytics.border_drug_pairs.note IS 'Why the pair is compared.';
