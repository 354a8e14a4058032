-- Seed: rebuilt on every transform from sql/seeds/drug_aliases_*.csv (one file per source or country, same header).
CREATE OR REPLACE TABLE analytics.drug_aliases AS
SELECT * FROM read_csv('{{seeds}}/drug_aliases_*.csv', header = true, auto_detect = false,
  columns = {'source': 'VARCHAR', 'source_label': 'VARCHAR', 'drug': 'VARCHAR', 'measure': 'VARCHAR'});
COMMENT ON TABLE analytics.drug_aliases IS 'Each source''s own spelling of a drug or indicator, mapped to a canonical drug code and measure.';
COMMENT ON COLUMN analytics.drug_aliases.source IS 'Source name, e.g. cdc_vsrr_state.';
COMMENT ON COLUMN analytics.drug_aliases.source_label IS 'The label exactly as the publisher writes it.';
COMMENT ON COLUMN analytics.drug_aliases.drug IS 'Canonical drug code (analytics.drugs.code).';
COMMENT ON COLUMN analytics.drug_aliases.measure IS 'Measure the label''s values are, e.g. deaths or pct_drug_specified.';
