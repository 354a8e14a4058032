import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { builtInPipelinesDir, sqlDir } from '../core/paths.ts';
import type { Pipeline } from '../core/pipeline.ts';

export interface SqlFile {
  name: string;
  path: string;
  sql: string;
}

/** The .sql files of one sql/ subfolder, in name order, with {{seeds}} pointing at sql/seeds. */
export function readSqlFilesSync(folder: string): SqlFile[] {
  const dir = join(sqlDir, folder);
  return sqlFilesIn(dir).map((file) => ({
    ...file,
    sql: file.sql.replaceAll('{{seeds}}', join(sqlDir, 'seeds').replaceAll("'", "''")),
  }));
}

/** The .sql files of a source's own subfolder (`checks`, `seeds`), in name order; none when it has no folder. */
export function readSourceSqlFilesSync(pipeline: Pipeline, folder: string): SqlFile[] {
  if (!pipeline.dir) return [];
  const dir = join(pipeline.dir, folder);
  return existsSync(dir) ? sqlFilesIn(dir) : [];
}

/** A source's staging SELECT: inline, or its file in the source's folder. */
export function stagingSelect(pipeline: Pipeline): string {
  if ('sql' in pipeline.staging) return pipeline.staging.sql;
  if (!pipeline.dir) {
    throw new Error(
      `${pipeline.name}: staging file "${pipeline.staging.file}" given, but the source has no folder`,
    );
  }
  const file = join(pipeline.dir, pipeline.staging.file);
  return expandStaging(readFileSync(file, 'utf8'), file, pipeline.name);
}

const INCLUDE = /\{\{include ([^}\s]+)\}\}/g;

/**
 * A staging file's `{{include <path>}}` (relative to the file; SQL that several sources share, one level deep) and
 * `{{source}}` (the source's name), as dbt's macros and `{{ this }}` give a model.
 */
function expandStaging(sql: string, file: string, source: string): string {
  const expanded = sql.replaceAll(INCLUDE, (_, relative: string) => {
    const path = resolve(dirname(file), relative);
    if (!path.endsWith('.sql') || !existsSync(path)) {
      throw new Error(`${source}: ${file} includes "${relative}": no such .sql file (${path})`);
    }
    const included = readFileSync(path, 'utf8');
    if (included.includes('{{include ')) {
      throw new Error(`${source}: ${path}: an included file cannot include another`);
    }
    return included;
  });
  return expanded.replaceAll('{{source}}', source);
}

/**
 * The seed folders: sql/seeds (shared by several sources), then the seeds/ of every built-in source's folder and of
 * the given pipelines' folders (a user's source brings its own drug or place codes).
 */
export function seedFolders(pipelines: Pipeline[]): string[] {
  const builtIn = readdirSync(builtInPipelinesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_'))
    .map((e) => join(builtInPipelinesDir, e.name));
  const dirs = [...new Set([...builtIn, ...pipelines.flatMap((p) => (p.dir ? [p.dir] : []))])].sort();
  return [join(sqlDir, 'seeds'), ...dirs.map((d) => join(d, 'seeds')).filter((d) => existsSync(d))];
}

/**
 * The seeds' SQL: sql/seeds/*.sql, then each source folder's seeds/*.sql. In them, '{{seeds}}/<file>' names that
 * file in whichever seed folder has it, and '{{seeds}}/<prefix>_*.csv' every matching file of every seed folder, in
 * file-name order (as DuckDB's glob over one folder did).
 */
export function readSeedFilesSync(folders: string[]): SqlFile[] {
  return folders
    .flatMap((folder) => sqlFilesIn(folder))
    .map((file) => ({ ...file, sql: expandSeedPaths(file.sql, folders) }));
}

function expandSeedPaths(sql: string, folders: string[]): string {
  return sql.replaceAll(/'\{\{seeds\}\}\/([^']+)'/g, (_, pattern: string) => {
    const matches = seedFilesMatching(pattern, folders);
    if (!pattern.includes('*')) return literal(matches[0] ?? join(folders[0] as string, pattern));
    // No file at all: the glob itself, so that DuckDB's error names what was looked for.
    return matches.length === 0
      ? literal(join(folders[0] as string, pattern))
      : `[${matches.map(literal).join(', ')}]`;
  });
}

function seedFilesMatching(pattern: string, folders: string[]): string[] {
  const re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('[^/]*')}$`);
  return folders
    .flatMap((folder) =>
      readdirSync(folder)
        .filter((name) => re.test(name))
        .map((name) => join(folder, name)),
    )
    .sort((a, b) => (basename(a) < basename(b) ? -1 : basename(a) > basename(b) ? 1 : 0));
}

function sqlFilesIn(dir: string): SqlFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { name, path, sql: readFileSync(path, 'utf8') };
    });
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const escapeRegExp = (text: string) => text.replaceAll(/[.+?^${}()|[\]\\]/g, '\\$&');
