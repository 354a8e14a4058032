-- Every source's staging view, every vintage. analytics.observations keeps the latest vintage.
CREATE OR REPLACE VIEW staging.observations AS
SELECT * FROM staging.cdc_vsrr_state;
COMMENT ON VIEW staging.observations IS 'Every source''s observations, every vintage (analytics.observations keeps the latest). Columns as in analytics.observations.';
