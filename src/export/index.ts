import { quotedIdentifier } from '@duckdb/node-api';
/**
 * `centinela export`: one table of the published warehouse to Parquet (Hive-partitioned by source and year), CSV
 * (UTF-8 BOM, formula-protected) or Arrow IPC, with a manifest (`_export.json`) describing what was exported.
 *
 * Consistency: the published file is opened read-only, so the export sees one complete, checked state, never blocks
 * the scheduler and is never blocked by it (a publish during the export replaces the file by rename; the export keeps
 * reading the state it opened). Atomicity: everything is written to a temporary folder beside the destination, then
 * renamed into place; a failed export (bad --where, disk full, read-only folder, Ctrl-C) leaves no partial output and
 * leaves an existing destination as it was.
 */

import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { describeFsError as describeFs } from '../core/fsError.ts';
import { openWarehouse, queryRows } from '../warehouse/connection.ts';
import { type ExportColumn, writeArrowFile } from './arrow.ts';
import { FORMULA_TRIGGERS, isTextColumn, writeCsvFile } from './csv.ts';
import { PARTITION_COLUMNS, writeParquetDataset } from './parquet.ts';
import { EXPORT_TABLES, type ExportTableName, isExportTable } from './tables.ts';
import { validateWhere, WhereError } from './where.ts';

export type { ExportColumn } from './arrow.ts';
export { isTextColumn, neutraliseCell, restoreCell, UTF8_BOM } from './csv.ts';
export { EXPORT_TABLES, type ExportTableName, isExportTable } from './tables.ts';
export { validateWhere, WhereError } from './where.ts';

export const EXPORT_FORMATS = ['parquet', 'csv', 'arrow'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const MANIFEST_FILE = '_export.json';

/** A problem with what was asked (exit code 2 material is decided by the CLI; these are clear, user-facing). */
export class ExportError extends Error {
  override name = 'ExportError';
}

export interface ExportOptions {
  /** The published warehouse (opened read-only). */
  warehouse: string;
  format: ExportFormat;
  /** Destination folder: created by the export; must not exist or be empty, unless `force`. */
  out: string;
  table?: ExportTableName;
  /** An SQL condition on the table's columns. */
  where?: string;
  /** YYYY-MM-DD: the table as known on that date (observations, alerts). */
  asOf?: string;
  /** Replace a destination that holds an earlier export (one with an _export.json). */
  force?: boolean;
  /** CSV for opening straight in a spreadsheet: digit-only codes written as ="01" (csv.ts). */
  spreadsheet?: boolean;
}

export interface ExportManifest {
  format: ExportFormat;
  table: ExportTableName;
  relation: string;
  as_of: string | null;
  where: string | null;
  rows: number;
  files: string[];
  bytes: number;
  partitioning: { columns: string[]; year_of: string } | null;
  columns: ExportColumn[];
  warehouse: {
    path: string;
    schema_version: number | null;
    last_run_id: number | null;
    demo: boolean;
  };
  csv: { encoding: string; quoting: string; codes: string; formula_protection: string } | null;
  exported_at: string;
}

export interface ExportResult {
  out: string;
  manifest: ExportManifest;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Files under a folder, relative, sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** --force deletes only what an earlier export wrote: a file its manifest does not list stops it, named. */
function refuseFilesNotExported(out: string): void {
  let written: Set<string>;
  try {
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as { files?: unknown };
    if (!Array.isArray(manifest.files)) throw new Error('no list of files');
    written = new Set([...manifest.files.map(String), MANIFEST_FILE]);
  } catch (error) {
    throw new ExportError(
      `--out ${out}: its ${MANIFEST_FILE} is unreadable (${(error as Error).message}); --force replaces only an export it can account for`,
    );
  }
  const others = listFiles(out).filter((f) => !written.has(f));
  if (others.length > 0) {
    const shown = others
      .slice(0, 5)
      .map((f) => JSON.stringify(f))
      .join(', ');
    throw new ExportError(
      `--out ${out} holds ${others.length} file(s) the earlier export did not write (${shown}${others.length > 5 ? ', …' : ''}); --force deletes only an export's own files: move them, or choose another folder`,
    );
  }
}

function describeFsError(error: unknown, what: string): Error {
  return new ExportError(describeFs(error, what));
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

async function describeColumns(
  db: DuckDBConnection,
  fromSql: string,
  commentsFrom: string,
): Promise<ExportColumn[]> {
  const described = await queryRows<{ column_name: string; column_type: string }>(
    db,
    `DESCRIBE SELECT * FROM (${fromSql})`,
  );
  const [schema, table] = commentsFrom.split('.');
  const comments = new Map(
    (
      await queryRows<{ column_name: string; comment: string | null }>(
        db,
        `SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = $1 AND table_name = $2`,
        [schema ?? '', table ?? ''],
      )
    ).map((r) => [r.column_name, r.comment]),
  );
  return described.map((d) => ({
    name: d.column_name,
    type: d.column_type,
    comment: comments.get(d.column_name) ?? null,
  }));
}

async function warehouseFacts(db: DuckDBConnection): Promise<ExportManifest['warehouse'] & { path: string }> {
  const facts = new Map<string, string>();
  try {
    for (const r of await queryRows<{ key: string; value: string }>(db, 'SELECT key, value FROM meta.info'))
      facts.set(r.key, r.value);
  } catch {
    // an unversioned warehouse: no meta.info view yet
  }
  const num = (k: string) => (facts.has(k) ? Number(facts.get(k)) : null);
  return {
    path: '',
    schema_version: num('schema_version'),
    last_run_id: num('last_run_id'),
    demo: facts.get('demo') === 'true',
  };
}

/** Checks the options that need no warehouse; throws ExportError with a clear message. */
export function checkExportOptions(opts: ExportOptions): { table: ExportTableName } {
  const table = opts.table ?? 'observations';
  if (!isExportTable(table)) {
    throw new ExportError(`unknown table "${table}" (known: ${Object.keys(EXPORT_TABLES).join(', ')})`);
  }
  if (opts.asOf !== undefined) {
    if (!validDate(opts.asOf))
      throw new ExportError(`invalid --as-of "${opts.asOf}" (expected a date as YYYY-MM-DD)`);
    if (!('asOf' in EXPORT_TABLES[table])) {
      const withAsOf = Object.entries(EXPORT_TABLES)
        .filter(([, t]) => 'asOf' in t)
        .map(([n]) => n);
      throw new ExportError(`--as-of applies to ${withAsOf.join(' and ')}, not ${table}`);
    }
  }
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
    throw new ExportError(`unknown format "${opts.format}" (expected ${EXPORT_FORMATS.join(', ')})`);
  }
  return { table };
}

/** Exports one table of the published warehouse; see the file comment. */
export async function exportWarehouse(opts: ExportOptions): Promise<ExportResult> {
  const { table } = checkExportOptions(opts);
  const spec = EXPORT_TABLES[table];
  const out = resolve(opts.out);
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new ExportError(`--out ${out} is a file, not a folder`);
    if (readdirSync(out).length > 0) {
      if (!opts.force) {
        throw new ExportError(`--out ${out} is not empty; choose a new folder, or replace it with --force`);
      }
      // --force replaces an earlier export, never a folder of something else (a typo must not delete a project).
      if (!existsSync(join(out, MANIFEST_FILE))) {
        throw new ExportError(
          `--out ${out} holds files that are not a Centinela export (no ${MANIFEST_FILE}); --force only replaces an earlier export`,
        );
      }
      refuseFilesNotExported(out);
    }
  }
  if (!existsSync(opts.warehouse)) {
    throw new ExportError(`no published warehouse at ${opts.warehouse}; run "centinela run" first`);
  }
  const wh = await openWarehouse(opts.warehouse, { readOnly: true });
  const parent = dirname(out);
  const tmp = join(parent, `.${basename(out)}.export-${process.pid}-${randomBytes(4).toString('hex')}`);
  let tmpMade = false;
  try {
    const db = wh.connection;
    await db.run("SET TimeZone = 'UTC'");
    const asOf = opts.asOf;
    const relation = asOf !== undefined && 'asOf' in spec ? spec.asOf(asOf) : spec.relation;
    let fromSql = `SELECT * FROM ${relation}`;
    const where = opts.where;
    if (where !== undefined) {
      await validateWhere(db, where);
      fromSql = `SELECT * FROM ${relation} WHERE (\n${where}\n)`;
      try {
        (await db.prepare(`SELECT count(*) FROM (${fromSql})`)).destroySync();
      } catch (error) {
        throw new WhereError(`--where does not apply to ${table}: ${firstLine((error as Error).message)}`);
      }
    }
    const columns = await describeColumns(db, fromSql, spec.relation);
    const ordered = `${fromSql}\nORDER BY ${spec.orderBy
      .filter((c) => columns.some((x) => x.name === c))
      .map(quotedIdentifier)
      .join(', ')}`;
    const facts = await warehouseFacts(db);

    try {
      mkdirSync(parent, { recursive: true });
      mkdirSync(tmp);
      tmpMade = true;
    } catch (error) {
      throw describeFsError(error, `cannot write to ${parent}`);
    }
    const metadata = {
      centinela_table: table,
      centinela_relation: relation,
      centinela_where: where ?? '',
      centinela_schema_version: String(facts.schema_version ?? ''),
      centinela_last_run_id: String(facts.last_run_id ?? ''),
      centinela_demo: String(facts.demo),
    };
    let rows: number;
    try {
      if (opts.format === 'parquet') {
        rows = await writeParquetDataset(db, ordered, columns, spec.yearOf, tmp, metadata);
      } else if (opts.format === 'csv') {
        rows = await writeCsvFile(db, ordered, columns, join(tmp, `${table}.csv`), {
          spreadsheet: opts.spreadsheet ?? false,
        });
      } else {
        rows = await writeArrowFile(db, ordered, columns, join(tmp, `${table}.arrow`), metadata);
      }
    } catch (error) {
      throw describeFsError(error, `cannot write the ${opts.format} export`);
    }
    const files = listFiles(tmp);
    const bytes = files.reduce((n, f) => n + statSync(join(tmp, f)).size, 0);
    const manifest: ExportManifest = {
      format: opts.format,
      table,
      relation,
      as_of: asOf ?? null,
      where: where ?? null,
      rows,
      files,
      bytes,
      partitioning:
        opts.format === 'parquet' ? { columns: [...PARTITION_COLUMNS], year_of: spec.yearOf } : null,
      columns,
      warehouse: { ...facts, path: opts.warehouse },
      csv:
        opts.format === 'csv'
          ? {
              encoding: 'UTF-8 with byte-order mark',
              quoting:
                'every text value in double quotes ("" inside); numbers, dates and NULL (an empty cell) unquoted',
              codes: opts.spreadsheet
                ? 'text of digits only (codes such as 01, 06037) written as ="01" so spreadsheets keep the leading zeros; remove the =" and " to get the code'
                : 'text of digits only (codes such as 01, 06037) written quoted, as text',
              formula_protection: `text cells (${columns
                .filter((c) => isTextColumn(c.type))
                .map((c) => c.name)
                .join(', ')}) beginning with ${FORMULA_TRIGGERS.map((c) => JSON.stringify(c)).join(
                ' ',
              )} have one ' prepended; remove one leading ' from such cells to get the original`,
            }
          : null,
      exported_at: new Date().toISOString(),
    };
    try {
      writeFileSync(join(tmp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
      moveIntoPlace(tmp, out);
    } catch (error) {
      throw describeFsError(error, `cannot write the export to ${out}`);
    }
    tmpMade = false;
    return { out, manifest };
  } finally {
    wh.closeSync();
    if (tmpMade) rmSync(tmp, { recursive: true, force: true });
  }
}

/** Renames the finished folder to its destination; an existing (empty or --force) destination is replaced. */
function moveIntoPlace(tmp: string, out: string): void {
  if (!existsSync(out)) {
    renameSync(tmp, out);
    return;
  }
  const old = `${tmp}.old`;
  renameSync(out, old);
  try {
    renameSync(tmp, out);
  } catch (error) {
    renameSync(old, out);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}
