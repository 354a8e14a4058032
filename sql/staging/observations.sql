-- Every source's staging view, every vintage. analytics.observations keeps the latest vintage.
CREATE OR REPLACE VIEW staging.observations AS
SELECT * FROM staging.cdc_vsrr_state;
