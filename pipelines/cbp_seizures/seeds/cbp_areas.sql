-- Seed: rebuilt on every transform from this folder's cbp_areas.csv (source cbp_seizures; see pipelines/cbp_seizures/README.md).
CREATE OR REPLACE TABLE analytics.cbp_areas AS
SELECT * FROM read_csv('{{seeds}}/cbp_areas.csv', header = true, auto_detect = false,
  columns = {'area_label': 'VARCHAR', 'geo_code': 'VARCHAR', 'component': 'VARCHAR', 'area_type': 'VARCHAR',
             'region_label': 'VARCHAR', 'region_code': 'VARCHAR', 'state': 'VARCHAR', 'note': 'VARCHAR'});
COMMENT ON TABLE analytics.cbp_areas IS 'CBP areas of responsibility (OFO field offices and Border Patrol sectors) as the nationwide drug seizure files name them, with their CBP region and, where the area lies in one state only, that state. Observations of source cbp_seizures at geo_level port use geo_code.';
COMMENT ON COLUMN analytics.cbp_areas.area_label IS 'Area of Responsibility exactly as CBP writes it, e.g. SAN DIEGO FIELD OFFICE.';
COMMENT ON COLUMN analytics.cbp_areas.geo_code IS 'Our code for the area (analytics.geography, geo_level port): CBP-FO-<name> for field offices, CBP-SEC-<name> for sectors.';
COMMENT ON COLUMN analytics.cbp_areas.component IS 'CBP component: Office of Field Operations (ports of entry) or U.S. Border Patrol (between ports).';
COMMENT ON COLUMN analytics.cbp_areas.area_type IS 'field_office or sector.';
COMMENT ON COLUMN analytics.cbp_areas.region_label IS 'CBP region as CBP writes it: Southwest Border, Northern Border or Coastal/Interior.';
COMMENT ON COLUMN analytics.cbp_areas.region_code IS 'Our code for the region (analytics.geography, geo_level region): CBP-SWB, CBP-NB or CBP-CI.';
COMMENT ON COLUMN analytics.cbp_areas.state IS 'USPS code of the one state the area lies in; NULL when it spans states or territories, or lies abroad (never guessed). Areas do not add up to state totals: no state-level seizure observations are made.';
COMMENT ON COLUMN analytics.cbp_areas.note IS 'Why the state is empty, or what the area covers.';
