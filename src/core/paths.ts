import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root folder: sql/, fixtures/ and pipelines/ are found from here, whatever the cwd. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sqlDir = join(projectRoot, 'sql');
export const fixturesDir = join(projectRoot, 'fixtures');
/** The built-in sources: one folder each (pipelines/<name>/: definition, staging SQL, checks, seeds, README). */
export const builtInPipelinesDir = join(projectRoot, 'pipelines');
