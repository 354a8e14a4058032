import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pipeline } from '../src/core/pipeline.ts';
import { discoverPipelines } from '../src/core/registry.ts';

/** Every built-in pipeline: one folder per source in this folder (<name>/pipeline.ts), loaded in name order. */
export const pipelines: Pipeline[] = await discoverPipelines(dirname(fileURLToPath(import.meta.url)));

export function findPipeline(name: string, from: Pipeline[] = pipelines): Pipeline {
  const found = from.find((p) => p.name === name);
  if (!found) throw new Error(`unknown pipeline: "${name}" (known: ${from.map((p) => p.name).join(', ')})`);
  return found;
}
