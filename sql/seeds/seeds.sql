-- Reference tables, rebuilt from the CSV files beside this one on every transform.
CREATE OR REPLACE TABLE analytics.drugs AS
SELECT * FROM read_csv('{{seeds}}/drugs.csv', header = true, auto_detect = false,
  columns = {'code': 'VARCHAR', 'label_en': 'VARCHAR', 'label_es': 'VARCHAR', 'short_en': 'VARCHAR',
             'short_es': 'VARCHAR', 'icd10': 'VARCHAR', 'note_en': 'VARCHAR'});
COMMENT ON TABLE analytics.drugs IS 'Canonical drug codes with English and Spanish labels and the ICD-10 codes behind them.';
COMMENT ON COLUMN analytics.drugs.code IS 'Canonical drug code used in every analytics table, e.g. fentanyl.';
COMMENT ON COLUMN analytics.drugs.label_en IS 'Label in English.';
COMMENT ON COLUMN analytics.drugs.label_es IS 'Label in Spanish.';
COMMENT ON COLUMN analytics.drugs.short_en IS 'Short English name used in sentences ("fentanyl deaths").';
COMMENT ON COLUMN analytics.drugs.short_es IS 'Short Spanish name used in sentences ("muertes por fentanilo").';
COMMENT ON COLUMN analytics.drugs.icd10 IS 'ICD-10 multiple-cause codes the category stands for.';
COMMENT ON COLUMN analytics.drugs.note_en IS 'What a reader should know about the category.';

CREATE OR REPLACE TABLE analytics.drug_aliases AS
SELECT * FROM read_csv('{{seeds}}/drug_aliases.csv', header = true, auto_detect = false,
  columns = {'source': 'VARCHAR', 'source_label': 'VARCHAR', 'drug': 'VARCHAR', 'measure': 'VARCHAR'});
COMMENT ON TABLE analytics.drug_aliases IS 'Each source''s own spelling of a drug or indicator, mapped to a canonical drug code and measure.';
COMMENT ON COLUMN analytics.drug_aliases.source IS 'Source name, e.g. cdc_vsrr_state.';
COMMENT ON COLUMN analytics.drug_aliases.source_label IS 'The label exactly as the publisher writes it.';
COMMENT ON COLUMN analytics.drug_aliases.drug IS 'Canonical drug code (analytics.drugs.code).';
COMMENT ON COLUMN analytics.drug_aliases.measure IS 'Measure the label''s values are, e.g. deaths or pct_drug_specified.';

CREATE OR REPLACE TABLE analytics.geography AS
SELECT * FROM read_csv('{{seeds}}/geography.csv', header = true, auto_detect = false,
  columns = {'country': 'VARCHAR', 'geo_level': 'VARCHAR', 'geo_code': 'VARCHAR', 'fips': 'VARCHAR',
             'name_en': 'VARCHAR', 'name_es': 'VARCHAR', 'hhs_region': 'INTEGER', 'border_state': 'BOOLEAN'});
COMMENT ON TABLE analytics.geography IS 'Places of both countries: the US, its states, DC, Puerto Rico and New York City as CDC reports them; Mexico and its 32 states (INEGI cve_ent).';
COMMENT ON COLUMN analytics.geography.country IS 'US or MX.';
COMMENT ON COLUMN analytics.geography.geo_level IS 'nation or state (New York City is reported at state level; NY then excludes it).';
COMMENT ON COLUMN analytics.geography.geo_code IS 'US: USPS code (US for the nation, YC for New York City). MX: INEGI cve_ent 01–32 (MX for the nation).';
COMMENT ON COLUMN analytics.geography.fips IS 'Two-digit state code, zero-padded text: FIPS in the US, INEGI cve_ent in Mexico.';
COMMENT ON COLUMN analytics.geography.name_en IS 'Name in English.';
COMMENT ON COLUMN analytics.geography.name_es IS 'Name in Spanish.';
COMMENT ON COLUMN analytics.geography.hhs_region IS 'HHS region (1-10); 6 and 9 hold the US–Mexico border states.';
COMMENT ON COLUMN analytics.geography.border_state IS 'True for the states on the US–Mexico border: AZ, CA, NM, TX; Baja California, Sonora, Chihuahua, Coahuila, Nuevo León, Tamaulipas.';
