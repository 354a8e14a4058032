/** Server-side rendering of Vega-Lite specs to SVG strings (no DOM, no canvas), in this thread or in a few workers. */

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import * as vegaLite from 'vega-lite';

/** Compile to Vega, run a headless view, and serialise it as SVG. Locale comes from the spec's `config.locale`. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  // Errors only: a facet row whose layer is empty there logs a harmless "infinite extent" warning.
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Worker threads to use by default. Each pays vega's start-up and JIT warm-up again (about half the work of a
 * report), so they are worth it only with cores to spare: none below four cores.
 */
export function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores >= 4 ? Math.min(4, cores - 1) : 1;
}

/** Below this many charts a worker's start-up (loading vega) costs more than it saves. */
const MIN_FOR_WORKERS = 6;

/**
 * Render many specs, in order. Vega's dataflow is single-threaded and takes tens to hundreds of milliseconds a
 * chart, so with several cores the charts are spread over worker threads; with one core, or if a worker cannot
 * start, they are rendered here.
 */
export async function renderSvgs(
  specs: TopLevelSpec[],
  opts: { workers?: number; onRendered?: (done: number) => void } = {},
): Promise<string[]> {
  const count = Math.min(opts.workers ?? defaultWorkers(), specs.length);
  if (count < 2 || specs.length < MIN_FOR_WORKERS) {
    const out: string[] = [];
    for (const spec of specs) {
      out.push(await renderSvg(spec));
      opts.onRendered?.(out.length);
    }
    return out;
  }
  let done = 0;
  const results: string[] = new Array(specs.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const worker = new Worker(new URL('./svgWorker.js', import.meta.url), { execArgv: [] });
        workers.push(worker);
        const render = (id: number) =>
          new Promise<string>((resolve, reject) => {
            const onMessage = (m: { id: number; svg?: string; error?: string }) => {
              if (m.id !== id) return;
              cleanup();
              if (m.error !== undefined) reject(new Error(`chart ${id + 1}: ${m.error}`));
              else resolve(m.svg ?? '');
            };
            const onError = (e: Error) => {
              cleanup();
              reject(e);
            };
            const cleanup = () => {
              worker.off('message', onMessage);
              worker.off('error', onError);
            };
            worker.on('message', onMessage);
            worker.on('error', onError);
            worker.postMessage({ id, spec: specs[id] });
          });
        while (next < specs.length) {
          const id = next++;
          results[id] = await render(id);
          opts.onRendered?.(++done);
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
