-- One source's failure is its own: each source of a run loads, transforms and checks in its own transaction. A
-- source that fails is rolled back alone and recorded; the others are published. meta.run_sources says how each
-- source of each run ended; a run where some sources failed and the others were published is 'partial'.
CREATE TABLE meta.run_sources (
  run_id BIGINT NOT NULL,
  source VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  loads_done INTEGER NOT NULL,
  rows_loaded BIGINT NOT NULL,
  error VARCHAR,
  error_kind VARCHAR,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (run_id, source)
);
COMMENT ON TABLE meta.run_sources IS 'How each source of each run ended: one row per run and source the run tried to load. A failed source was rolled back alone (its earlier data is unchanged) while the other sources were published; centinela status shows a source whose latest outcome is failed in error.';
COMMENT ON COLUMN meta.run_sources.run_id IS 'Run (meta.runs).';
COMMENT ON COLUMN meta.run_sources.source IS 'Source name, e.g. cdc_vsrr_state.';
COMMENT ON COLUMN meta.run_sources.status IS 'loaded (new data loaded, checked and kept), no_new_data (every input had been loaded before), failed (an input could not be fetched or read, or the source failed a data check: rolled back), or interrupted (stopped by a signal while loading: rolled back).';
COMMENT ON COLUMN meta.run_sources.loads_done IS 'Inputs of the source this run loaded and kept (0 unless loaded).';
COMMENT ON COLUMN meta.run_sources.rows_loaded IS 'Raw rows the run kept for this source (0 unless loaded).';
COMMENT ON COLUMN meta.run_sources.error IS 'Why the source failed: the file, line and column, the HTTP error, or the failed check with an example row. The failed inputs are in meta.loads (status failed) and their rejected lines in meta.rejects.';
COMMENT ON COLUMN meta.run_sources.error_kind IS 'For a failed source: transient (network, timeout, HTTP 5xx/429: the scheduler retries it), input (bad bytes or data, failed check), interrupted, or failed (anything else).';
COMMENT ON COLUMN meta.run_sources.started_at IS 'When the run started on this source.';
COMMENT ON COLUMN meta.run_sources.finished_at IS 'When the source was done (kept, skipped or rolled back).';

COMMENT ON TABLE meta.runs IS 'Run ledger: one row per run of a command that writes the warehouse (run, ingest, detect), by hand or by the scheduler, including each retry. The sources of a run load one by one, each in its own transaction (meta.run_sources); a run whose sources failed is published with its failure records, the failed sources'' earlier data unchanged. A run that failed as a whole (a cross-source step, a check not attributable to one source) is recorded in the working warehouse and reaches the published file with the next published run.';
COMMENT ON COLUMN meta.runs.status IS 'running (still going), succeeded, partial (some sources failed and were rolled back, the others were published: see meta.run_sources), no_new_data (every input had been loaded before), failed (no source kept new data, or a cross-source step failed), interrupted (stopped by a signal; the source in progress rolled back), or abandoned (its process ended without finishing, e.g. killed; found by the next run, which publishes what it had committed).';
COMMENT ON COLUMN meta.runs.error IS 'Why the run failed, or which sources failed and why (partial); for a run that committed but could not publish, why publishing failed (the next run publishes it).';
COMMENT ON COLUMN meta.runs.loads_done IS 'Number of inputs loaded and kept by this run.';
COMMENT ON COLUMN meta.loads.status IS 'loaded, or failed (the input was refused, or its source failed a data check; its rows were rolled back).';
COMMENT ON COLUMN meta.loads.message IS 'Why the load failed: the file, line and column and what was expected, or the data check its source failed.';

-- The state a reader sees is the last run that published data: succeeded or partial.
CREATE OR REPLACE VIEW meta.info AS
WITH migrations AS (
  SELECT
    max(version) AS version,
    arg_max(name, version) AS name,
    min(applied_at) AS created_at,
    max(applied_at) AS migrated_at
  FROM meta.schema_migrations
),
published AS (
  SELECT max(run_id) AS run_id, arg_max(finished_at, run_id) AS finished_at
  FROM meta.runs
  WHERE status IN ('succeeded', 'partial')
),
derived(key, value) AS (
  SELECT 'schema_version', CAST(version AS VARCHAR) FROM migrations
  UNION ALL SELECT 'schema_migration', name FROM migrations
  UNION ALL SELECT 'created_at', strftime(make_timestamp(epoch_us(created_at)), '%Y-%m-%dT%H:%M:%SZ') FROM migrations
  UNION ALL SELECT 'migrated_at', strftime(make_timestamp(epoch_us(migrated_at)), '%Y-%m-%dT%H:%M:%SZ') FROM migrations
  UNION ALL SELECT 'last_run_id', CAST(run_id AS VARCHAR) FROM published
  UNION ALL SELECT 'last_run_finished_at', strftime(make_timestamp(epoch_us(finished_at)), '%Y-%m-%dT%H:%M:%SZ') FROM published
  UNION ALL SELECT 'demo', CASE WHEN bool_or(demo) THEN 'true' ELSE 'false' END FROM meta.loads WHERE status = 'loaded'
)
SELECT key, value FROM derived WHERE value IS NOT NULL
UNION ALL
SELECT key, value FROM meta.facts WHERE key NOT IN (SELECT key FROM derived);
COMMENT ON VIEW meta.info IS 'Facts about this warehouse as a whole, one row each: schema_version (number of the last migration applied: compare it with the version your queries were written for), schema_migration, created_at and migrated_at (UTC), last_run_id and last_run_finished_at (the last run that published data, succeeded or partial: the state you are reading), demo (true when any loaded input was synthetic demo data), and anything recorded in meta.facts.';
COMMENT ON COLUMN meta.info.key IS 'Name of the fact, e.g. schema_version.';
COMMENT ON COLUMN meta.info.value IS 'Its value, as text (SELECT value::INTEGER FROM meta.info WHERE key = ''schema_version'').';
