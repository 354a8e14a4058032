import type { ExportFormat } from '../../export/index.ts';
import { EXPORT_TABLES, type ExportTableName } from '../../export/tables.ts';
import { loadConfig } from '../context.ts';
import { defineCommand, UsageError } from '../define.ts';

const FORMATS = ['parquet', 'csv', 'arrow'] as const satisfies readonly ExportFormat[];

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'write a table of the warehouse as Parquet (Hive-partitioned), CSV or Arrow IPC',
  description: `Exports one table of the published warehouse (opened read-only: a consistent state, never blocking the scheduler)
into a new folder, written aside and renamed into place (a failed export leaves nothing behind).

Formats:
  parquet  Hive-partitioned by source and year (<dir>/source=…/year=…/data_0.parquet), for Spark, Trino, DuckLake
           or DuckDB's read_parquet('<dir>/**/*.parquet', hive_partitioning = true)
  csv      <dir>/<table>.csv, UTF-8 with a byte-order mark (Excel), every text value quoted, numbers, dates and
           NULL (an empty cell) not: DuckDB's read_csv, Python's csv (encoding="utf-8-sig") and R's read.csv
           read it with their defaults, and codes (INEGI state codes 01–09, FIPS 06037) stay text. Text cells
           that begin with = + - @ tab CR or ' get a leading ' (formula protection; numbers are never changed).
           With --spreadsheet, codes are written as ="01" so a spreadsheet opening the file keeps the zeros.
  arrow    <dir>/<table>.arrow, an Arrow IPC file (pyarrow.ipc.open_file, arrow::read_ipc_file)

Tables:
  ${Object.entries(EXPORT_TABLES)
    .map(([name, t]) => `${name}${name === 'observations' ? ' (default)' : ''}: ${t.description}`)
    .join('\n  ')}

Every export writes <dir>/_export.json: table, condition, rows, files, columns with their types and descriptions,
and the warehouse's schema version, last run and demo flag.`,
  options: {
    format: { type: 'string', value: '<format>', choices: FORMATS, help: 'parquet, csv or arrow (required)' },
    out: {
      type: 'string',
      value: '<dir>',
      help: 'the folder to create; it must not exist or be empty (--force replaces it) (required)',
    },
    table: { type: 'string', value: '<name>', default: 'observations', help: 'the table to export' },
    where: {
      type: 'string',
      value: '"<condition>"',
      help: `an SQL condition on the table's columns, e.g. "drug = 'fentanyl' AND country = 'MX'"\n(one condition: a second statement or clause is refused)`,
    },
    'as-of': {
      type: 'string',
      value: 'YYYY-MM-DD',
      help: 'the table as known on that date (observations: releases published by then; alerts: the last\ndetection run finished by then)',
    },
    spreadsheet: {
      type: 'boolean',
      help: 'csv to open straight in Excel, LibreOffice or Google Sheets: digit-only codes written as ="01"\n(shown as 01; other programs see ="01")',
    },
    force: {
      type: 'boolean',
      help: 'replace a --out folder that holds an earlier export (never a folder of anything else)',
    },
  },
  footer: 'Exit codes: 0 exported, 1 the export failed (nothing was written), 2 usage error.',
  async run({ values, io, log }) {
    if (!values.format) throw new UsageError(`--format is required (${FORMATS.join(', ')})`);
    if (!values.out) throw new UsageError('--out <dir> is required');
    if (values.spreadsheet && values.format !== 'csv')
      throw new UsageError('--spreadsheet applies to --format csv');
    const config = await loadConfig(values, io);
    const { checkExportOptions, exportWarehouse, ExportError, WhereError } = await import(
      '../../export/index.ts'
    );
    const options = {
      warehouse: config.warehouse,
      format: values.format as ExportFormat,
      out: values.out,
      table: values.table as ExportTableName,
      force: values.force,
      spreadsheet: values.spreadsheet,
      ...(values.where !== undefined ? { where: values.where } : {}),
      ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}),
    };
    try {
      checkExportOptions(options);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    log.debug(
      'export.started',
      `export: ${options.table} of ${options.warehouse} as ${options.format}${options.where ? ` where ${options.where}` : ''}${options.asOf ? ` as of ${options.asOf}` : ''} into ${options.out}`,
    );
    const started = Date.now();
    try {
      const { out, manifest } = await exportWarehouse(options);
      const mb = (manifest.bytes / 1024 / 1024).toFixed(1);
      log.info(
        'export.written',
        `export: ${manifest.rows} row(s) of ${manifest.relation}${manifest.where ? ` where ${manifest.where}` : ''} → ${manifest.files.length} ${manifest.format} file(s), ${mb} MB`,
        { rows: manifest.rows, files: manifest.files.length, format: manifest.format, bytes: manifest.bytes },
      );
      log.debug('export.timing', `export: ${Date.now() - started} ms`, { durationMs: Date.now() - started });
      if (manifest.warehouse.demo) {
        log.warn(
          'export.demo',
          'Note: the warehouse holds DEMO DATA (synthetic numbers from the bundled fixtures), not real figures.',
        );
      }
      log.result('export.finished', `${out}\n`, { out, rows: manifest.rows, demo: manifest.warehouse.demo });
      return 0;
    } catch (error) {
      if (error instanceof WhereError) throw new UsageError(error.message);
      const message = error instanceof ExportError ? error.message : (error as Error).message;
      log.error('export.failed', `centinela export: ${message}\nNothing was written.`);
      return 1;
    }
  },
});
