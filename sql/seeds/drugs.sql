-- Seed: rebuilt on every transform from sql/seeds/drugs_*.csv (one file per source or country, same header).
CREATE OR REPLACE TABLE analytics.drugs AS
SELECT * FROM read_csv('{{seeds}}/drugs_*.csv', header = true, auto_detect = false,
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
