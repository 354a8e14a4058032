import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { definePipelineModule } from './defineSource.ts';
import type { Pipeline } from './pipeline.ts';

/**
 * Every source in a folder, in name order: each subfolder with a `pipeline.ts` (a source's own folder: definition,
 * staging.sql, checks/, seeds/, README.md), and each `*.ts` file (a source written as one file). Folders and files
 * starting with `_` and index.ts are skipped. The default export is a definePipeline(...) or defineSource(...) result,
 * or the plain object either takes. Adding a source means adding one folder (or one file).
 */
export async function discoverPipelines(dir: string): Promise<Pipeline[]> {
  const entries = readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('_') && e.name !== 'index.ts')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: Pipeline[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const definition = DEFINITION_FILES.map((f) => join(path, f)).find((f) => existsSync(f));
      if (!definition) continue;
      const pipeline = definePipelineModule(await importDefault(definition), definition);
      found.push(pipeline.dir ? pipeline : { ...pipeline, dir: path });
    } else if (/\.(ts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      // A definePipeline/defineSource result, or the plain object either takes (validated here).
      found.push(definePipelineModule(await importDefault(path), path));
    }
  }
  return found;
}

/** The file that defines a source in its folder. */
const DEFINITION_FILES = ['pipeline.ts', 'pipeline.js', 'pipeline.mjs'];

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
