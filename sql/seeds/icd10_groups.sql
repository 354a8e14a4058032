-- Seed: rebuilt on every transform from sql/seeds/icd10_groups_*.csv (one file per source, same header).
CREATE OR REPLACE TABLE analytics.icd10_groups AS
SELECT * FROM read_csv('{{seeds}}/icd10_groups_*.csv', header = true, auto_detect = false,
  columns = {'source': 'VARCHAR', 'icd10': 'VARCHAR', 'drug': 'VARCHAR', 'by_intent': 'BOOLEAN'});
COMMENT ON TABLE analytics.icd10_groups IS 'Which ICD-10 underlying-cause categories (3 characters, no dot) count towards which drug code, per source: one row per category and drug. A category may count towards several (overlapping) drug codes.';
COMMENT ON COLUMN analytics.icd10_groups.source IS 'Source that classifies its records this way, e.g. inegi_deaths.';
COMMENT ON COLUMN analytics.icd10_groups.icd10 IS 'ICD-10 category, 3 characters without a dot (X42); a record''s 4-character code (X420) matches on its first 3.';
COMMENT ON COLUMN analytics.icd10_groups.drug IS 'Canonical drug code (analytics.drugs.code) the category counts towards.';
COMMENT ON COLUMN analytics.icd10_groups.by_intent IS 'True when the drug code is also broken down by intent (deaths_unintentional, deaths_suicide, deaths_homicide, deaths_undetermined).';
