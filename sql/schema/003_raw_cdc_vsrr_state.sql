CREATE TABLE raw.cdc_vsrr_state (
  load_id BIGINT NOT NULL,
  vintage DATE NOT NULL,
  state VARCHAR,
  year INTEGER,
  month VARCHAR,
  period VARCHAR,
  indicator VARCHAR,
  data_value DOUBLE,
  percent_complete VARCHAR,
  percent_pending_investigation DOUBLE,
  state_name VARCHAR,
  footnote VARCHAR,
  footnote_symbol VARCHAR,
  predicted_value DOUBLE
);
COMMENT ON TABLE raw.cdc_vsrr_state IS 'CDC NCHS VSRR provisional drug overdose death counts by state (data.cdc.gov xkb8-kh2a), as published: one row per state, month and indicator; values are 12-month-ending sums. Append-only, one set of rows per vintage.';
COMMENT ON COLUMN raw.cdc_vsrr_state.load_id IS 'Load that wrote the row (meta.loads).';
COMMENT ON COLUMN raw.cdc_vsrr_state.vintage IS 'Release the row came from (meta.loads.vintage).';
COMMENT ON COLUMN raw.cdc_vsrr_state.state IS 'State: USPS code, US for the nation, YC for New York City (NY then excludes NYC).';
COMMENT ON COLUMN raw.cdc_vsrr_state.year IS 'Year of the last month of the 12-month-ending window.';
COMMENT ON COLUMN raw.cdc_vsrr_state.month IS 'Last month of the window, full English month name.';
COMMENT ON COLUMN raw.cdc_vsrr_state.period IS 'Always "12 month-ending"; NULL in the older 10-column files, which lack the column.';
COMMENT ON COLUMN raw.cdc_vsrr_state.indicator IS 'Indicator as CDC spells it, e.g. "Synthetic opioids, excl. methadone (T40.4)".';
COMMENT ON COLUMN raw.cdc_vsrr_state.data_value IS 'Reported deaths in the window (or a percent for "Percent with drugs specified"); NULL when suppressed (<10) or not shown for low quality.';
COMMENT ON COLUMN raw.cdc_vsrr_state.percent_complete IS 'Percent of records complete, as text: CDC writes "99.5+" for nearly complete.';
COMMENT ON COLUMN raw.cdc_vsrr_state.percent_pending_investigation IS 'Percent of records pending investigation.';
COMMENT ON COLUMN raw.cdc_vsrr_state.state_name IS 'Jurisdiction name as CDC writes it.';
COMMENT ON COLUMN raw.cdc_vsrr_state.footnote IS 'CDC footnote text, e.g. "Data suppressed (<10)."';
COMMENT ON COLUMN raw.cdc_vsrr_state.footnote_symbol IS 'CDC footnote symbol (* underreported, ** may differ from final); NULL in 10-column files.';
COMMENT ON COLUMN raw.cdc_vsrr_state.predicted_value IS 'CDC''s predicted value, adjusted for delayed reporting; NULL where not given.';
