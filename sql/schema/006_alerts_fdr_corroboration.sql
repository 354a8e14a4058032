ALTER TABLE analytics.alerts ADD COLUMN p_value DOUBLE;
ALTER TABLE analytics.alerts ADD COLUMN q_value DOUBLE;
ALTER TABLE analytics.alerts ADD COLUMN fdr_alarm BOOLEAN;
ALTER TABLE analytics.alerts ADD COLUMN corroborated_by VARCHAR[];
COMMENT ON COLUMN analytics.alerts.p_value IS 'One-sided p-value of the verdict, for methods that give one (NSSP, Farrington/Noufaily; EARS C1/C2 from the normal distribution of their z-score); NULL otherwise.';
COMMENT ON COLUMN analytics.alerts.q_value IS 'Benjamini–Hochberg adjusted p-value across all series of the run tested by the same method for the same period.';
COMMENT ON COLUMN analytics.alerts.fdr_alarm IS 'True when q_value is below the configured false discovery rate (default 0.05): the alarm survives testing thousands of series at once. Read beside alarm.';
COMMENT ON COLUMN analytics.alerts.corroborated_by IS 'Other sources that raised an alarm for the same drug and place within the configured lag (months), e.g. [cbp_seizures]; NULL when none.';
