-- What the report calls each source, and how it groups it, comes from the source's definition
-- (pipelines/<name>/pipeline.ts): every run writes its sources' labels here, so the report, which reads only the
-- warehouse, learns a new source's name from its folder alone.
CREATE TABLE meta.sources (
  name VARCHAR PRIMARY KEY,
  label_en VARCHAR NOT NULL,
  label_es VARCHAR NOT NULL,
  description_en VARCHAR,
  description_es VARCHAR,
  fiscal_years BOOLEAN NOT NULL
);
COMMENT ON TABLE meta.sources IS 'Each source a run has known, as its definition (pipelines/<name>/pipeline.ts) names and describes it, in English and Spanish: written by every run, read by the report.';
COMMENT ON COLUMN meta.sources.name IS 'Source name, e.g. cdc_vsrr_state (raw.<name>, staging.<name>, analytics.observations.source).';
COMMENT ON COLUMN meta.sources.label_en IS 'Short name shown in the report in English, e.g. CDC VSRR.';
COMMENT ON COLUMN meta.sources.label_es IS 'Short name shown in the report in Spanish.';
COMMENT ON COLUMN meta.sources.description_en IS 'What the source holds, one sentence or two in English (report notes); NULL when the definition gives none: the report then describes it from its data.';
COMMENT ON COLUMN meta.sources.description_es IS 'What the source holds, in Spanish; NULL when the definition gives none.';
COMMENT ON COLUMN meta.sources.fiscal_years IS 'True when the publisher counts in US federal fiscal years (October–September, e.g. CBP): the report explains how they become calendar months.';
