import type { Pipeline } from '../src/pipeline/definition.ts';
import cdcVsrrState from './cdc_vsrr_state.ts';

/** Every pipeline, in the order `centinela run` loads them. */
export const pipelines: Pipeline[] = [cdcVsrrState];

export function findPipeline(name: string): Pipeline {
  const found = pipelines.find((p) => p.name === name);
  if (!found)
    throw new Error(`unknown pipeline: "${name}" (known: ${pipelines.map((p) => p.name).join(', ')})`);
  return found;
}
