-- SESNSP values that are not what they seem, per release: zeros flagged as reporting artefacts, and months an
-- earlier release had published that a later one left blank. The observations carry them as status 'missing'
-- with a note; this table lists them for review. Rules: pipelines/sesnsp_fuero_comun/README.md.
CREATE OR REPLACE TABLE analytics.sesnsp_quality AS
SELECT source, geo_level, geo_code, drug, period_start, period_end, vintage, load_id, flag, published_value, note
FROM staging.sesnsp_fuero_comun
WHERE flag IS NOT NULL
UNION ALL
SELECT source, geo_level, geo_code, drug, period_start, period_end, vintage, load_id, flag, published_value, note
FROM staging.sesnsp_fuero_federal
WHERE flag IS NOT NULL
ORDER BY source, flag, geo_code, drug, period_start, vintage;
COMMENT ON TABLE analytics.sesnsp_quality IS 'SESNSP (Mexican crime incidence) values flagged per release: zero_run_artefact (2+ months of 0 in a row where the state averaged 100+ a month in the 12 months before or after) and blanked (a month an earlier release published, left blank). Their observations are status missing, value NULL.';
COMMENT ON COLUMN analytics.sesnsp_quality.source IS 'sesnsp_fuero_comun or sesnsp_fuero_federal.';
COMMENT ON COLUMN analytics.sesnsp_quality.geo_level IS 'state, nation or abroad.';
COMMENT ON COLUMN analytics.sesnsp_quality.geo_code IS 'INEGI cve_ent 01–32, MX, or EXT (EXTRANJERO).';
COMMENT ON COLUMN analytics.sesnsp_quality.drug IS 'Crime code (analytics.drugs), e.g. narcomenudeo.';
COMMENT ON COLUMN analytics.sesnsp_quality.period_start IS 'First day of the month.';
COMMENT ON COLUMN analytics.sesnsp_quality.period_end IS 'Last day of the month.';
COMMENT ON COLUMN analytics.sesnsp_quality.vintage IS 'Release in which the value is flagged.';
COMMENT ON COLUMN analytics.sesnsp_quality.load_id IS 'Load of that release (meta.loads).';
COMMENT ON COLUMN analytics.sesnsp_quality.flag IS 'zero_run_artefact or blanked.';
COMMENT ON COLUMN analytics.sesnsp_quality.published_value IS 'zero_run_artefact: the 0 the release published; blanked: the value the newest earlier release had published.';
COMMENT ON COLUMN analytics.sesnsp_quality.note IS 'The observation''s note: the run, the averages around it, or the earlier release.';
-- The staging views' two columns beyond the observation shape, which feed this table.
COMMENT ON COLUMN staging.sesnsp_fuero_comun.flag IS 'zero_run_artefact, blanked, or NULL (see analytics.sesnsp_quality).';
COMMENT ON COLUMN staging.sesnsp_fuero_comun.published_value IS 'What the release (zero_run_artefact) or the newest earlier release (blanked) published where value is NULL.';
COMMENT ON COLUMN staging.sesnsp_fuero_federal.flag IS 'zero_run_artefact, blanked, or NULL (see analytics.sesnsp_quality).';
COMMENT ON COLUMN staging.sesnsp_fuero_federal.published_value IS 'What the release (zero_run_artefact) or the newest earlier release (blanked) published where value is NULL.';
