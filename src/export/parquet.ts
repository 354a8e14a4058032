/**
 * Parquet, partitioned Hive-style by source and year (`source=cdc_vsrr_state/year=2024/data_0.parquet`), written by
 * DuckDB itself (the parquet extension is built in). The layout is what Spark, Trino/Presto, Hive, DuckLake and
 * DuckDB's read_parquet(..., hive_partitioning = true) expect; the partition columns live in the folder names, not in
 * the files, as Hive does it. `year` is the calendar year of the table's period date (period_end, or segment_end for
 * trends). Compression is zstd; the table's description and the warehouse's schema version are in the files'
 * key-value metadata.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedIdentifier, quotedString } from '@duckdb/node-api';
import type { ExportColumn } from './arrow.ts';

export const PARTITION_COLUMNS = ['source', 'year'] as const;

export async function writeParquetDataset(
  db: DuckDBConnection,
  fromSql: string,
  columns: ExportColumn[],
  yearOf: string,
  dir: string,
  metadata: Record<string, string>,
): Promise<number> {
  if (!columns.some((c) => c.name === 'source'))
    throw new Error('cannot partition by source: no source column');
  if (columns.some((c) => c.name === 'year'))
    throw new Error('cannot partition by year: the table has a year column');
  const kv = Object.entries(metadata)
    .map(([k, v]) => `${quotedIdentifier(k)}: ${quotedString(v)}`)
    .join(', ');
  const reader = await db.runAndReadAll(
    `COPY (SELECT *, CAST(year(${quotedIdentifier(yearOf)}) AS INTEGER) AS year FROM (${fromSql}))
     TO ${quotedString(dir)}
     (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (source, year), FILENAME_PATTERN 'data_{i}',
      OVERWRITE_OR_IGNORE true, KV_METADATA {${kv}})`,
  );
  return Number(reader.getRows()[0]?.[0] ?? 0);
}
