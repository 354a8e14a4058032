import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { definePipelineModule } from './defineSource.ts';
import type { Pipeline } from './pipeline.ts';

/**
 * Every source in a folder, in name order: each subfolder with a `pipeline.ts` (a source's own folder: definition,
 * staging.sql, checks/, seeds/, README.md), and each `*.ts` file (a source written as one file). Folders and files
 * starting with `_` and index.ts are skipped. The default export is a definePipeline(...) or defineSource(...) result,
 * or the plain object either takes. Adding a source means adding one folder (or one file). Only regular `.ts` files
 * with a plain name are imported: every command imports these, so a `.js`/`.mjs` (or anything else) written into the
 * folder, by SQL or by a download, is never run.
 */
export async function discoverPipelines(dir: string): Promise<Pipeline[]> {
  const entries = readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('_') && e.name !== 'index.ts')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: Pipeline[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const definition = join(path, DEFINITION_FILE);
      if (!existsSync(definition) || !statSync(definition).isFile()) continue;
      const pipeline = definePipelineModule(await importDefault(definition), definition);
      found.push(pipeline.dir ? pipeline : { ...pipeline, dir: path });
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isPipelineSource(entry.name)) {
      // A definePipeline/defineSource result, or the plain object either takes (validated here).
      found.push(definePipelineModule(await importDefault(path), path));
    }
  }
  return found;
}

/** The file that defines a source in its folder. */
const DEFINITION_FILE = 'pipeline.ts';

function isPipelineSource(name: string): boolean {
  return /^[a-z0-9][a-z0-9_-]*\.ts$/i.test(name) && !name.endsWith('.d.ts') && name !== 'index.ts';
}

/**
 * A pipeline file's default export. A .ts file in a folder outside any "type": "module" package (a user's own
 * pipelineDirs folder) is CommonJS to Node, which the plain ESM import refuses; tsx's tsImport loads it, and
 * `export default x` then arrives as { default: x, __esModule: true }.
 */
async function importDefault(path: string): Promise<unknown> {
  const url = pathToFileURL(path).href;
  let module: { default?: unknown };
  try {
    module = await import(url);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_REQUIRE_CYCLE_MODULE') throw error;
    const { tsImport } = await import('tsx/esm/api');
    module = (await tsImport(url, import.meta.url)) as { default?: unknown };
  }
  const exported = module.default as { __esModule?: boolean; default?: unknown } | undefined;
  return exported && typeof exported === 'object' && exported.__esModule && 'default' in exported
    ? exported.default
    : exported;
}

/** Built-in pipelines plus those in the configured extra folders; names must be unique. */
export async function withExtraPipelines(builtIn: Pipeline[], dirs: string[]): Promise<Pipeline[]> {
  const all = [...builtIn];
  for (const dir of dirs) {
    for (const pipeline of await discoverPipelines(dir)) {
      if (all.some((p) => p.name === pipeline.name)) {
        throw new Error(`${dir}: pipeline "${pipeline.name}" is defined twice`);
      }
      all.push(pipeline);
    }
  }
  return all;
}

/**
 * Every pipeline the configuration names must exist: a misspelt name would otherwise be ignored, and the source it
 * meant to switch off or point elsewhere would run as built.
 */
export function checkConfiguredPipelines(configured: string[], pipelines: Pipeline[]): void {
  const names = pipelines.map((p) => p.name);
  const unknown = configured.filter((name) => !names.includes(name));
  if (unknown.length === 0) return;
  const lines = unknown.map((name) => {
    const near = closest(name, names);
    return `pipelines.${JSON.stringify(name)}: no such pipeline${near ? `; did you mean "${near}"?` : ''}`;
  });
  throw new Error(
    `the configuration names ${unknown.length === 1 ? 'a pipeline that does' : 'pipelines that do'} not exist:\n  ${lines.join('\n  ')}\n(known: ${names.join(', ')})`,
  );
}

/** The known name nearest to `name` by edit distance, when near enough to be a slip of the keyboard. */
function closest(name: string, names: string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const candidate of names) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (best === null || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.name : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
