-- CDC adds drugs to its specific-drugs table (8hzs-zshh) as they appear on death certificates (nitazenes, bromazolam,
-- …). A label that pipelines/cdc_specific_drugs/seeds/drug_aliases_cdc_specific_drugs.csv does not list is loaded anyway, under a code made
-- from it (lower case, every run of other characters an underscore: "Para-fluorofentanyl" → para_fluorofentanyl),
-- labelled in both languages as CDC spells it, until someone adds a curated seed row (label, Spanish name, ICD-10).
-- A code that already exists (e.g. "FENTANYL" → fentanyl) maps the label onto that drug. Runs after drugs.sql and
-- drug_aliases.sql (name order); both tables are rebuilt on every transform, so nothing accumulates.
CREATE OR REPLACE TEMP TABLE cdc_specific_drugs_unlisted AS
SELECT DISTINCT
  r.drug_involved AS source_label,
  trim(regexp_replace(lower(trim(r.drug_involved)), '[^a-z0-9]+', '_', 'g'), '_') AS code
FROM raw.cdc_specific_drugs AS r
WHERE NOT EXISTS (
  SELECT 1 FROM analytics.drug_aliases AS a
  WHERE a.source = 'cdc_specific_drugs' AND a.source_label = r.drug_involved
);

INSERT INTO analytics.drugs
SELECT u.code, any_value(trim(u.source_label)), any_value(trim(u.source_label)), lower(any_value(trim(u.source_label))),
       lower(any_value(trim(u.source_label))), NULL,
       'Not in the seeds yet: named by CDC''s specific-drugs table (cdc_specific_drugs), found in the death certificate''s literal text; label as CDC spells it, untranslated.'
FROM cdc_specific_drugs_unlisted AS u
WHERE u.code <> '' AND u.code NOT IN (SELECT code FROM analytics.drugs)
GROUP BY u.code;

INSERT INTO analytics.drug_aliases
SELECT 'cdc_specific_drugs', u.source_label, u.code, 'deaths'
FROM cdc_specific_drugs_unlisted AS u
WHERE u.code <> '';

DROP TABLE cdc_specific_drugs_unlisted;
