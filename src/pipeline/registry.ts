import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Pipeline } from './definition.ts';

/**
 * Every pipeline file in a folder: each `*.ts` module (but index.ts and files starting with `_`) whose default
 * export is a definePipeline(...) result. Adding a source means adding one file.
 */
export async function discoverPipelines(dir: string): Promise<Pipeline[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts') && f !== 'index.ts' && !f.startsWith('_'))
    .sort();
  const found: Pipeline[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: Partial<Pipeline> };
    const pipeline = module.default;
    if (!pipeline || typeof pipeline.name !== 'string' || !pipeline.hooks) {
      throw new Error(`${join(dir, file)}: the default export must be definePipeline({...})`);
    }
    found.push(pipeline as Pipeline);
  }
  return found;
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
