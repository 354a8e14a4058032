import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { definePipelineModule } from './defineSource.ts';
import type { Pipeline } from './pipeline.ts';

/**
 * Every pipeline file in a folder: each `*.ts` module (but index.ts and files starting with `_`) whose default
 * export is a definePipeline(...) or defineSource(...) result, or the plain object either takes. Adding a source
 * means adding one file.
 */
export async function discoverPipelines(dir: string): Promise<Pipeline[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts') && f !== 'index.ts' && !f.startsWith('_'))
    .sort();
  const found: Pipeline[] = [];
  for (const file of files) {
    // A definePipeline/defineSource result, or the plain object either takes (validated here).
    found.push(definePipelineModule(await importDefault(join(dir, file)), join(dir, file)));
  }
  return found;
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
