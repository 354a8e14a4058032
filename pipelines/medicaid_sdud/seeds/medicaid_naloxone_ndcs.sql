-- Seeds: which Medicaid SDUD rows are naloxone (source medicaid_sdud; see pipelines/medicaid_sdud/README.md).
-- A row is naloxone when its NDC is listed, or its product name matches an include pattern, and its product name
-- matches no exclude pattern.
CREATE OR REPLACE TABLE analytics.medicaid_naloxone_ndcs AS
SELECT * FROM read_csv('{{seeds}}/medicaid_naloxone_ndcs.csv', header = true, auto_detect = false,
  columns = {'ndc': 'VARCHAR', 'product': 'VARCHAR', 'labeler': 'VARCHAR', 'dosage_form': 'VARCHAR',
             'strength': 'VARCHAR', 'source_note': 'VARCHAR'});
COMMENT ON TABLE analytics.medicaid_naloxone_ndcs IS 'Naloxone NDCs known to be naloxone for overdose reversal; with analytics.medicaid_naloxone_names they select the naloxone rows of Medicaid State Drug Utilization Data. Verify against the FDA NDC Directory before extending.';
COMMENT ON COLUMN analytics.medicaid_naloxone_ndcs.ndc IS 'National Drug Code, 11 digits without dashes (5-4-2), as SDUD writes it.';
COMMENT ON COLUMN analytics.medicaid_naloxone_ndcs.product IS 'Product and package.';
COMMENT ON COLUMN analytics.medicaid_naloxone_ndcs.labeler IS 'Labeler (manufacturer or distributor).';
COMMENT ON COLUMN analytics.medicaid_naloxone_ndcs.dosage_form IS 'nasal spray, auto-injector or injection.';
COMMENT ON COLUMN analytics.medicaid_naloxone_ndcs.strength IS 'Strength, where known.';
COMMENT ON COLUMN analytics.medicaid_naloxone_ndcs.source_note IS 'Where the NDC was found to be naloxone.';

CREATE OR REPLACE TABLE analytics.medicaid_naloxone_names AS
SELECT * FROM read_csv('{{seeds}}/medicaid_naloxone_names.csv', header = true, auto_detect = false,
  columns = {'pattern': 'VARCHAR', 'kind': 'VARCHAR', 'note': 'VARCHAR'});
COMMENT ON TABLE analytics.medicaid_naloxone_names IS 'Product-name patterns (SQL LIKE on the upper-cased, trimmed SDUD Product Name) that select naloxone rows (include) or keep combination products out (exclude).';
COMMENT ON COLUMN analytics.medicaid_naloxone_names.pattern IS 'SQL LIKE pattern, upper case.';
COMMENT ON COLUMN analytics.medicaid_naloxone_names.kind IS 'include or exclude; exclude wins.';
COMMENT ON COLUMN analytics.medicaid_naloxone_names.note IS 'What the pattern is for.';
