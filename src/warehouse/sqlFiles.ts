import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqlDir } from '../core/paths.ts';

export interface SqlFile {
  name: string;
  path: string;
  sql: string;
}

/** The .sql files of one sql/ subfolder, in name order, with {{seeds}} pointing at sql/seeds. */
export function readSqlFilesSync(folder: string): SqlFile[] {
  const dir = join(sqlDir, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const sql = readFileSync(path, 'utf8').replaceAll(
        '{{seeds}}',
        join(sqlDir, 'seeds').replaceAll("'", "''"),
      );
      return { name, path, sql };
    });
}
