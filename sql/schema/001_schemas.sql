-- Four layers, as in dbt: raw (publisher rows, append-only), staging (views normalising each source),
-- analytics (the common observation shape, detector output, reference tables), meta (ledgers).
CREATE SCHEMA IF NOT EXISTS meta;
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS analytics;
