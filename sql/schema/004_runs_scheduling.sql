-- The run ledger as the scheduler needs it: which job a run belongs to, why it ran, which attempt it was, what kind
-- of failure ended it. Rows written before this migration keep NULL in the new columns (attempt: 1).
ALTER TABLE meta.runs ADD COLUMN job VARCHAR;
ALTER TABLE meta.runs ADD COLUMN cause VARCHAR;
ALTER TABLE meta.runs ADD COLUMN attempt INTEGER DEFAULT 1;
ALTER TABLE meta.runs ADD COLUMN retry_of BIGINT;
ALTER TABLE meta.runs ADD COLUMN scheduled_for TIMESTAMPTZ;
ALTER TABLE meta.runs ADD COLUMN pid INTEGER;
ALTER TABLE meta.runs ADD COLUMN host VARCHAR;
ALTER TABLE meta.runs ADD COLUMN error_kind VARCHAR;

COMMENT ON TABLE meta.runs IS 'Run ledger: one row per run of a command that writes the warehouse (run, ingest, detect), by hand or by the scheduler, including each retry. Failed runs are recorded in the working warehouse at once and reach the published file with the next successful run.';
COMMENT ON COLUMN meta.runs.command IS 'What the run did: run (load every pipeline, then detect), ingest (load one pipeline), detect (rerun the detectors).';
COMMENT ON COLUMN meta.runs.trigger IS 'manual (a person ran the CLI) or cron (centinela schedule started it: on schedule, catching up, or chained after another job).';
COMMENT ON COLUMN meta.runs.status IS 'running (still going), succeeded, no_new_data (every input had been loaded before), failed, interrupted (stopped by a signal and rolled back), or abandoned (its process ended without finishing, e.g. killed; rolled back, found by the next run).';
COMMENT ON COLUMN meta.runs.job IS 'Job name: ingest:<pipeline>, detect, or run / ingest:<pipeline> / detect for manual runs.';
COMMENT ON COLUMN meta.runs.cause IS 'Why the scheduler ran it: schedule (its cron time), catch-up (its time came while the scheduler was down or the machine asleep; run once), or after <job> (chained after a load that published new data). NULL for manual runs.';
COMMENT ON COLUMN meta.runs.attempt IS 'Attempt number within one execution of a job: 1, then 2, 3, … for retries after transient failures.';
COMMENT ON COLUMN meta.runs.retry_of IS 'For a retry, the run_id of the execution''s first attempt; NULL for a first attempt.';
COMMENT ON COLUMN meta.runs.scheduled_for IS 'The cron time the execution was scheduled for (or, for a catch-up, the time it was missed); NULL when not scheduled.';
COMMENT ON COLUMN meta.runs.pid IS 'Process id of the centinela process that ran it.';
COMMENT ON COLUMN meta.runs.host IS 'Host name of the machine that ran it.';
COMMENT ON COLUMN meta.runs.error_kind IS 'For a run that did not succeed: transient (network, timeout, HTTP 5xx/429: retried), busy (the warehouse was locked: retried), input (bad bytes or data, failed check: not retried), interrupted, abandoned, or failed (anything else).';
