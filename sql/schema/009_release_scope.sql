-- A release replaces what it publishes: each load records how far its release reaches, so that a key a newer release
-- no longer publishes is withdrawn from analytics.observations (docs/releases.md).
--
-- Loads recorded before this migration keep NULL and count as 'none' (they withdraw nothing): the ledger cannot tell
-- which of them were incremental pulls (a trailing window, which as 'all' would withdraw every older period) or panel
-- submissions, so the safe reading of an old load is the one these warehouses were built with. A release loaded after
-- the upgrade withdraws, by its own scope, what it does not publish, old loads' keys included.
ALTER TABLE meta.loads ADD COLUMN release_scope VARCHAR;
COMMENT ON COLUMN meta.loads.release_scope IS 'How far the release reaches, i.e. which keys (source, place, period, drug, measure) it withdraws by not publishing them: all (the whole dataset: any key of the source), periods (the periods it holds: for each period_type, keys with period_end between its first and last), none (withdraws nothing: a panel submission). An incremental pull (trailing window) records periods. NULL: recorded before schema version 9; counts as none.';
