-- The warehouse describes itself: its schema version, and what each schema is for.
--
-- DuckDB cannot comment on a schema (COMMENT ON SCHEMA: "Adding comments to schemas is not implemented", 1.5), so
-- meta.schemas holds one row per schema with its description; docs/schema.md is generated from it.
--
-- meta.info was a table nobody wrote. It becomes a view computed from meta.schema_migrations (and the ledgers), so its
-- schema_version can never disagree with the migrations actually applied, whoever adds the next one. The table is kept,
-- renamed meta.facts, with anything it held: facts a program wants to record go there, and meta.info shows them too.
CREATE TABLE meta.schemas (
  schema_name VARCHAR PRIMARY KEY,
  layer INTEGER NOT NULL,
  comment VARCHAR NOT NULL
);
COMMENT ON TABLE meta.schemas IS 'One row per schema of the warehouse, with what it holds (DuckDB cannot COMMENT ON SCHEMA, so the descriptions live here).';
COMMENT ON COLUMN meta.schemas.schema_name IS 'Schema name: raw, staging, analytics or meta.';
COMMENT ON COLUMN meta.schemas.layer IS 'Order of the layer in the data flow: 1 raw, 2 staging, 3 analytics, 4 meta (ledgers).';
COMMENT ON COLUMN meta.schemas.comment IS 'What the schema holds and how to use it.';
INSERT INTO meta.schemas VALUES
  ('raw', 1, 'Publisher rows as published, one append-only table per source; every row carries the load that wrote it (load_id) and the release it came from (vintage). Nothing is ever updated or deleted here.'),
  ('staging', 2, 'Views, one per source, normalising its raw rows to a common shape (staging.observations, staging.population: every source, every vintage). Rebuilt by each run.'),
  ('analytics', 3, 'What researchers query: observations (latest vintage of every value), series, rates, revisions, detector output (alerts, trends), reference tables (drugs, geography, ...) and the as-of macros observations_as_of(date) and alerts_as_of(date).'),
  ('meta', 4, 'Ledgers and facts about the warehouse: runs, loads, rejected lines, snapshots of publisher bytes, schema migrations and version (meta.info).');

ALTER TABLE meta.info RENAME TO facts;
COMMENT ON TABLE meta.facts IS 'Facts a program records about this warehouse (key, value); meta.info shows them beside the facts derived from the ledgers.';
COMMENT ON COLUMN meta.facts.key IS 'Name of the fact. Names meta.info derives (schema_version, ...) are shadowed there.';
COMMENT ON COLUMN meta.facts.value IS 'Its value, as text.';

CREATE VIEW meta.info AS
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
  WHERE status = 'succeeded'
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
COMMENT ON VIEW meta.info IS 'Facts about this warehouse as a whole, one row each: schema_version (number of the last migration applied: compare it with the version your queries were written for), schema_migration, created_at and migrated_at (UTC), last_run_id and last_run_finished_at (the last successful run: the state you are reading), demo (true when any loaded input was synthetic demo data), and anything recorded in meta.facts.';
COMMENT ON COLUMN meta.info.key IS 'Name of the fact, e.g. schema_version.';
COMMENT ON COLUMN meta.info.value IS 'Its value, as text (SELECT value::INTEGER FROM meta.info WHERE key = ''schema_version'').';
