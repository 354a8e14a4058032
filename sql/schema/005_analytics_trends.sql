CREATE TABLE analytics.trends (
  run_id BIGINT NOT NULL,
  source VARCHAR NOT NULL,
  country VARCHAR NOT NULL,
  geo_level VARCHAR NOT NULL,
  geo_code VARCHAR NOT NULL,
  drug VARCHAR NOT NULL,
  measure VARCHAR NOT NULL,
  period_type VARCHAR NOT NULL,
  method VARCHAR NOT NULL,
  segment INTEGER NOT NULL,
  segments INTEGER NOT NULL,
  segment_start DATE NOT NULL,
  segment_end DATE NOT NULL,
  pct_change DOUBLE NOT NULL,
  pct_change_lower DOUBLE NOT NULL,
  pct_change_upper DOUBLE NOT NULL,
  annual_pct_change DOUBLE,
  p_value DOUBLE NOT NULL,
  aapc DOUBLE NOT NULL,
  aapc_lower DOUBLE NOT NULL,
  aapc_upper DOUBLE NOT NULL,
  observations INTEGER NOT NULL,
  sentence_en VARCHAR NOT NULL,
  sentence_es VARCHAR NOT NULL
);
COMMENT ON TABLE analytics.trends IS 'Trend segments, Joinpoint-style: a log-linear segmented regression per series, one row per segment, with the percent change per period and its 95% confidence interval.';
COMMENT ON COLUMN analytics.trends.run_id IS 'Detection run (meta.runs).';
COMMENT ON COLUMN analytics.trends.source IS 'Series key: source.';
COMMENT ON COLUMN analytics.trends.country IS 'Series key: US or MX.';
COMMENT ON COLUMN analytics.trends.geo_level IS 'Series key: geographic level.';
COMMENT ON COLUMN analytics.trends.geo_code IS 'Series key: place code.';
COMMENT ON COLUMN analytics.trends.drug IS 'Series key: canonical drug code.';
COMMENT ON COLUMN analytics.trends.measure IS 'Series key: measure.';
COMMENT ON COLUMN analytics.trends.period_type IS 'Series key: period type. For 12mo_ending the fit is on the monthly 12-month-ending sums: overlapping windows make neighbouring values correlated, so intervals are narrower than they should be.';
COMMENT ON COLUMN analytics.trends.method IS 'joinpoint_bic: number of joinpoints chosen by BIC (at most the configured maximum).';
COMMENT ON COLUMN analytics.trends.segment IS 'Segment number, 1 = earliest.';
COMMENT ON COLUMN analytics.trends.segments IS 'Number of segments in the chosen model (joinpoints + 1).';
COMMENT ON COLUMN analytics.trends.segment_start IS 'Last day of the first period of the segment.';
COMMENT ON COLUMN analytics.trends.segment_end IS 'Last day of the last period of the segment.';
COMMENT ON COLUMN analytics.trends.pct_change IS 'Percent change per period (monthly percent change for monthly series): 100·(exp(slope) − 1).';
COMMENT ON COLUMN analytics.trends.pct_change_lower IS 'Lower bound of its 95% confidence interval.';
COMMENT ON COLUMN analytics.trends.pct_change_upper IS 'Upper bound of its 95% confidence interval.';
COMMENT ON COLUMN analytics.trends.annual_pct_change IS 'The same slope as an annual percent change (APC): 100·(exp(12·slope) − 1) for monthly series.';
COMMENT ON COLUMN analytics.trends.p_value IS 'Two-sided p-value of a zero slope in the segment.';
COMMENT ON COLUMN analytics.trends.aapc IS 'Average percent change per period over the whole series (AAPC, NCI definition), repeated on each segment row.';
COMMENT ON COLUMN analytics.trends.aapc_lower IS 'Lower bound of the AAPC 95% confidence interval.';
COMMENT ON COLUMN analytics.trends.aapc_upper IS 'Upper bound of the AAPC 95% confidence interval.';
COMMENT ON COLUMN analytics.trends.observations IS 'Periods with a value used by the fit.';
COMMENT ON COLUMN analytics.trends.sentence_en IS 'The segment in one English sentence.';
COMMENT ON COLUMN analytics.trends.sentence_es IS 'The segment in one Spanish sentence.';
