CREATE TABLE analytics.alerts (
  run_id BIGINT NOT NULL,
  source VARCHAR NOT NULL,
  country VARCHAR NOT NULL,
  geo_level VARCHAR NOT NULL,
  geo_code VARCHAR NOT NULL,
  drug VARCHAR NOT NULL,
  measure VARCHAR NOT NULL,
  period_type VARCHAR NOT NULL,
  detected_on VARCHAR NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  method VARCHAR NOT NULL,
  observed DOUBLE,
  expected DOUBLE,
  threshold DOUBLE,
  score DOUBLE,
  alarm BOOLEAN,
  baseline_start DATE,
  baseline_end DATE,
  parameters JSON NOT NULL,
  reason VARCHAR,
  sentence_en VARCHAR,
  sentence_es VARCHAR
);
COMMENT ON TABLE analytics.alerts IS 'Detector output: one row per series, period and method of each detection run, alarm or not.';
COMMENT ON COLUMN analytics.alerts.run_id IS 'Detection run (meta.runs).';
COMMENT ON COLUMN analytics.alerts.source IS 'Series key: source.';
COMMENT ON COLUMN analytics.alerts.country IS 'Series key: US or MX.';
COMMENT ON COLUMN analytics.alerts.geo_level IS 'Series key: nation, state, ...';
COMMENT ON COLUMN analytics.alerts.geo_code IS 'Series key: geography code (analytics.geography).';
COMMENT ON COLUMN analytics.alerts.drug IS 'Series key: canonical drug code (analytics.drugs).';
COMMENT ON COLUMN analytics.alerts.measure IS 'Series key: measure, e.g. deaths.';
COMMENT ON COLUMN analytics.alerts.period_type IS 'Series key: period type of the observations, e.g. 12mo_ending.';
COMMENT ON COLUMN analytics.alerts.detected_on IS 'What the detector saw: value (the observations themselves) or rolling_sum_increment (for 12-month-ending sums: this month''s deaths minus the same month a year earlier).';
COMMENT ON COLUMN analytics.alerts.period_start IS 'Start of the observation period the verdict is for.';
COMMENT ON COLUMN analytics.alerts.period_end IS 'End of that period.';
COMMENT ON COLUMN analytics.alerts.method IS 'Detector: ears_c1, ears_c2, ears_c3 (CDC definitions).';
COMMENT ON COLUMN analytics.alerts.observed IS 'Value the detector saw (see detected_on).';
COMMENT ON COLUMN analytics.alerts.expected IS 'Expected value: the baseline mean.';
COMMENT ON COLUMN analytics.alerts.threshold IS 'Upper bound: an observed value above it raises the alarm.';
COMMENT ON COLUMN analytics.alerts.score IS 'Detector statistic (C1/C2: standardised distance from the baseline mean; C3: the C3 sum).';
COMMENT ON COLUMN analytics.alerts.alarm IS 'True when the detector signals; NULL when no verdict could be reached (see reason).';
COMMENT ON COLUMN analytics.alerts.baseline_start IS 'First day of the first baseline month used.';
COMMENT ON COLUMN analytics.alerts.baseline_end IS 'Last day of the last baseline month used.';
COMMENT ON COLUMN analytics.alerts.parameters IS 'Detector parameters, JSON.';
COMMENT ON COLUMN analytics.alerts.reason IS 'Why no verdict was reached, e.g. not enough history.';
COMMENT ON COLUMN analytics.alerts.sentence_en IS 'The alarm in one English sentence (alarms only).';
COMMENT ON COLUMN analytics.alerts.sentence_es IS 'The alarm in one Spanish sentence (alarms only).';
