import { parseArgs } from 'node:util';
import type { Config } from '../core/config.ts';
import {
  checkExportOptions,
  EXPORT_FORMATS,
  EXPORT_TABLES,
  ExportError,
  type ExportFormat,
  type ExportTableName,
  exportWarehouse,
  MANIFEST_FILE,
  WhereError,
} from '../export/index.ts';

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export const EXPORT_USAGE = `Usage: centinela export --format parquet|csv|arrow --out <dir> [--table <name>] [--where "<condition>"]
                        [--as-of YYYY-MM-DD] [--force] [--config <file>]

Exports one table of the published warehouse (opened read-only: a consistent state, never blocking the scheduler)
into a new folder, written aside and renamed into place (a failed export leaves nothing behind).

  --format    parquet: Hive-partitioned by source and year (<dir>/source=…/year=…/data_0.parquet), for Spark,
                       Trino, DuckLake or DuckDB's read_parquet('<dir>/**/*.parquet', hive_partitioning = true)
              csv:     <dir>/<table>.csv, UTF-8 with a byte-order mark (Excel), text cells that begin with
                       = + - @ tab CR or ' get a leading ' (formula protection; numbers are never changed)
              arrow:   <dir>/<table>.arrow, an Arrow IPC file (pyarrow.ipc.open_file, arrow::read_ipc_file)
  --out       the folder to create; it must not exist or be empty (--force replaces it)
  --table     ${Object.entries(EXPORT_TABLES)
    .map(([name, t]) => `${name}${name === 'observations' ? ' (default)' : ''}: ${t.description}`)
    .join('\n              ')}
  --where     an SQL condition on the table's columns, e.g. "drug = 'fentanyl' AND country = 'MX'"
              (one condition: a second statement or clause is refused)
  --as-of     the table as known on that date (observations: releases published by then; alerts: the last
              detection run finished by then)
  --force     replace a --out folder that holds an earlier export (never a folder of anything else)

Every export writes <dir>/${MANIFEST_FILE}: table, condition, rows, files, columns with their types and descriptions,
and the warehouse's schema version, last run and demo flag.

Exit codes: 0 exported, 1 the export failed (nothing was written), 2 usage error.`;

const OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string' },
  table: { type: 'string' },
  where: { type: 'string' },
  'as-of': { type: 'string' },
  force: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `centinela export …` (argv: the arguments after "export"). */
export async function exportCommand(argv: string[], io: CommandIo, config: Config): Promise<number> {
  let values: {
    format?: string;
    out?: string;
    table?: string;
    where?: string;
    'as-of'?: string;
    force?: boolean;
    help?: boolean;
  };
  try {
    const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
    values = parsed.values;
  } catch (error) {
    io.err(`centinela export: ${(error as Error).message}\n\n${EXPORT_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.out(`${EXPORT_USAGE}\n`);
    return 0;
  }
  const usage = (message: string) => {
    io.err(`centinela export: ${message}\n\n${EXPORT_USAGE}\n`);
    return 2;
  };
  if (!values.format) return usage(`--format is required (${EXPORT_FORMATS.join(', ')})`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(values.format)) {
    return usage(`invalid --format: "${values.format}" (expected ${EXPORT_FORMATS.join(', ')})`);
  }
  if (!values.out) return usage('--out <dir> is required');
  const options = {
    warehouse: config.warehouse,
    format: values.format as ExportFormat,
    out: values.out,
    table: (values.table ?? 'observations') as ExportTableName,
    force: values.force ?? false,
    ...(values.where !== undefined ? { where: values.where } : {}),
    ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}),
  };
  try {
    checkExportOptions(options);
  } catch (error) {
    return usage((error as Error).message);
  }
  try {
    const { out, manifest } = await exportWarehouse(options);
    const mb = (manifest.bytes / 1024 / 1024).toFixed(1);
    io.err(
      `export: ${manifest.rows} row(s) of ${manifest.relation}${manifest.where ? ` where ${manifest.where}` : ''} → ${manifest.files.length} ${manifest.format} file(s), ${mb} MB\n`,
    );
    if (manifest.warehouse.demo) {
      io.err(
        'Note: the warehouse holds DEMO DATA (synthetic numbers from the bundled fixtures), not real figures.\n',
      );
    }
    io.out(`${out}\n`);
    return 0;
  } catch (error) {
    if (error instanceof WhereError) return usage(error.message);
    const message = error instanceof ExportError ? error.message : (error as Error).message;
    io.err(`centinela export: ${message}\nNothing was written.\n`);
    return 1;
  }
}
