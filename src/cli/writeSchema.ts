import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pipelines as builtInPipelines } from '../../pipelines/index.ts';
import type { Config } from '../core/config.ts';
import { withExtraPipelines } from '../core/registry.ts';
import { generateSchemaDoc, SCHEMA_DOC_PATH, schemaDocFor, undocumented } from '../schemaDoc/index.ts';
import { openWarehouse } from '../warehouse/connection.ts';
import { readSqlFilesSync } from '../warehouse/sqlFiles.ts';
import type { Io, Log } from './define.ts';

/** The schema version the code defines: the number of the last sql/schema migration. */
export function codeSchemaVersion(): number {
  return Math.max(0, ...readSqlFilesSync('schema').map((f) => Number.parseInt(f.name, 10)));
}

/** `centinela schema …` (argv: the arguments after "schema"). */
export async function writeSchema(
  values: { out: string | undefined; check: boolean; published: boolean },
  io: Io,
  log: Log,
  config: Config,
): Promise<number> {
  const target =
    values.out === undefined
      ? SCHEMA_DOC_PATH
      : values.out === '-'
        ? '-'
        : resolve(io.cwd ?? '.', values.out);
  try {
    let doc: Awaited<ReturnType<typeof generateSchemaDoc>>;
    if (values.published) {
      if (!existsSync(config.warehouse)) {
        log.error(
          'schema.failed',
          `centinela schema: no published warehouse at ${config.warehouse}; run "centinela run" first`,
        );
        return 1;
      }
      const wh = await openWarehouse(config.warehouse, { readOnly: true });
      try {
        doc = await schemaDocFor(wh);
      } finally {
        wh.closeSync();
      }
      const code = codeSchemaVersion();
      if (doc.catalogue.schemaVersion !== code) {
        log.warn(
          'schema.version',
          `centinela schema: note: the published warehouse has schema version ${doc.catalogue.schemaVersion ?? 'none'}, the code ${code}; the next run migrates it`,
        );
      }
    } else {
      doc = await generateSchemaDoc(await withExtraPipelines(builtInPipelines, config.pipelineDirs));
    }
    const missing = undocumented(doc.catalogue);
    if (missing.length > 0) {
      log.warn(
        'schema.undocumented',
        `centinela schema: ${missing.length} object(s) have no description: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
      );
    }
    if (values.check) {
      const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
      if (current === doc.markdown) {
        log.result('schema.checked', `schema: ${target} is up to date\n`, { file: target, stale: false });
        return 0;
      }
      log.error(
        'schema.stale',
        current === null
          ? `schema: ${target} does not exist; run "centinela schema" to write it`
          : `schema: ${target} is stale (first difference at line ${firstDifference(current, doc.markdown)}); run "centinela schema" to rewrite it`,
        { file: target, stale: true },
      );
      return 1;
    }
    if (target === '-') {
      io.out(doc.markdown);
      return 0;
    }
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, doc.markdown);
    renameSync(tmp, target);
    const objects = doc.catalogue.schemas.reduce((n, s) => n + s.relations.length + s.macros.length, 0);
    log.result(
      'schema.written',
      `schema: wrote ${target} (schema version ${doc.catalogue.schemaVersion}, ${objects} tables, views and macros)\n`,
      { file: target, schemaVersion: doc.catalogue.schemaVersion, objects },
    );
    return 0;
  } catch (error) {
    log.error('schema.failed', `centinela schema: ${(error as Error).message}`);
    return 1;
  }
}

function firstDifference(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i + 1;
  return 0;
}
