CREATE TABLE meta.info (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);
COMMENT ON TABLE meta.info IS 'Facts about this warehouse as a whole (schema version, creation time).';
COMMENT ON COLUMN meta.info.key IS 'Name of the fact, e.g. schema_version.';
COMMENT ON COLUMN meta.info.value IS 'Its value, as text.';

CREATE SEQUENCE meta.run_id_seq START 1;
CREATE SEQUENCE meta.load_id_seq START 1;

CREATE TABLE meta.runs (
  run_id BIGINT PRIMARY KEY,
  command VARCHAR NOT NULL,
  trigger VARCHAR NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  status VARCHAR NOT NULL,
  loads_done INTEGER,
  rows_loaded BIGINT,
  error VARCHAR
);
COMMENT ON TABLE meta.runs IS 'One row per run of a command that writes the warehouse (run, ingest, detect).';
COMMENT ON COLUMN meta.runs.run_id IS 'Run identifier; analytics.alerts.run_id refers to it.';
COMMENT ON COLUMN meta.runs.command IS 'CLI command that started the run: run, ingest or detect.';
COMMENT ON COLUMN meta.runs.trigger IS 'manual (CLI) or cron (scheduler).';
COMMENT ON COLUMN meta.runs.started_at IS 'When the run started.';
COMMENT ON COLUMN meta.runs.finished_at IS 'When the run ended, successfully or not.';
COMMENT ON COLUMN meta.runs.status IS 'succeeded, failed, or no_new_data (every input had been loaded before).';
COMMENT ON COLUMN meta.runs.loads_done IS 'Number of inputs loaded by this run.';
COMMENT ON COLUMN meta.runs.rows_loaded IS 'Raw rows written by this run.';
COMMENT ON COLUMN meta.runs.error IS 'Why the run failed, when it did.';

CREATE TABLE meta.snapshots (
  sha256 VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  origin VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  bytes BIGINT NOT NULL,
  content_type VARCHAR,
  fetched_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE meta.snapshots IS 'Raw bytes received from publishers, kept on disk under their sha256 so any load can be replayed.';
COMMENT ON COLUMN meta.snapshots.sha256 IS 'SHA-256 of the bytes, hex.';
COMMENT ON COLUMN meta.snapshots.source IS 'Source the bytes belong to, e.g. cdc_vsrr_state.';
COMMENT ON COLUMN meta.snapshots.origin IS 'URL fetched, or local file path read.';
COMMENT ON COLUMN meta.snapshots.path IS 'Where the snapshot is stored, relative to the snapshot directory.';
COMMENT ON COLUMN meta.snapshots.bytes IS 'Size in bytes.';
COMMENT ON COLUMN meta.snapshots.content_type IS 'HTTP Content-Type, when fetched over HTTP.';
COMMENT ON COLUMN meta.snapshots.fetched_at IS 'When the bytes were fetched or read.';

CREATE TABLE meta.loads (
  load_id BIGINT PRIMARY KEY,
  run_id BIGINT NOT NULL,
  source VARCHAR NOT NULL,
  origin VARCHAR NOT NULL,
  vintage DATE,
  sha256 VARCHAR NOT NULL,
  shape VARCHAR,
  demo BOOLEAN NOT NULL,
  rows_read BIGINT,
  rows_loaded BIGINT,
  rows_rejected BIGINT,
  status VARCHAR NOT NULL,
  message VARCHAR,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE meta.loads IS 'Ledger of every attempt to load an input into raw tables, successful or failed.';
COMMENT ON COLUMN meta.loads.load_id IS 'Load identifier; every raw row carries the load_id that wrote it.';
COMMENT ON COLUMN meta.loads.run_id IS 'Run that made the attempt (meta.runs).';
COMMENT ON COLUMN meta.loads.source IS 'Source name, e.g. cdc_vsrr_state.';
COMMENT ON COLUMN meta.loads.origin IS 'URL fetched, or local file path read.';
COMMENT ON COLUMN meta.loads.vintage IS 'Publisher release the rows belong to: the data-as-of date, or the fetch date when the publisher gives none.';
COMMENT ON COLUMN meta.loads.sha256 IS 'SHA-256 of the input bytes (meta.snapshots). The same bytes are never loaded twice.';
COMMENT ON COLUMN meta.loads.shape IS 'Which of the publisher''s file layouts was recognised, e.g. vsrr_12col.';
COMMENT ON COLUMN meta.loads.demo IS 'True when the input is a bundled synthetic fixture (demo data), not a publisher''s file.';
COMMENT ON COLUMN meta.loads.rows_read IS 'Data lines read from the input (loaded + rejected).';
COMMENT ON COLUMN meta.loads.rows_loaded IS 'Rows written to the raw table (0 for a failed load: its rows were rolled back).';
COMMENT ON COLUMN meta.loads.rows_rejected IS 'Lines rejected by the parser; details in meta.rejects.';
COMMENT ON COLUMN meta.loads.status IS 'loaded, or failed.';
COMMENT ON COLUMN meta.loads.message IS 'Error or remark.';
COMMENT ON COLUMN meta.loads.started_at IS 'When the load started.';
COMMENT ON COLUMN meta.loads.finished_at IS 'When the load ended.';

CREATE TABLE meta.rejects (
  load_id BIGINT NOT NULL,
  source VARCHAR NOT NULL,
  origin VARCHAR NOT NULL,
  line BIGINT,
  column_name VARCHAR,
  error_type VARCHAR,
  csv_line VARCHAR,
  message VARCHAR NOT NULL
);
COMMENT ON TABLE meta.rejects IS 'Input lines the parser rejected, with the reason. Kept even when the load that read them failed.';
COMMENT ON COLUMN meta.rejects.load_id IS 'Load that read the line (meta.loads).';
COMMENT ON COLUMN meta.rejects.source IS 'Source name.';
COMMENT ON COLUMN meta.rejects.origin IS 'URL or file path of the input.';
COMMENT ON COLUMN meta.rejects.line IS 'Line number in the input, 1-based, the header being line 1.';
COMMENT ON COLUMN meta.rejects.column_name IS 'Column in which the error was found, when known.';
COMMENT ON COLUMN meta.rejects.error_type IS 'DuckDB CSV error type: CAST, MISSING COLUMNS, TOO MANY COLUMNS, UNQUOTED VALUE, LINE SIZE OVER MAXIMUM, INVALID ENCODING.';
COMMENT ON COLUMN meta.rejects.csv_line IS 'The offending line as read.';
COMMENT ON COLUMN meta.rejects.message IS 'The parser''s reason.';
