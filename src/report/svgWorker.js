// Renders Vega-Lite specs to SVG in a worker thread (see svg.ts). Plain JavaScript, so a worker needs no
// TypeScript loader: it imports only vega and vega-lite.
import { parentPort } from 'node:worker_threads';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

parentPort?.on('message', async ({ id, spec }) => {
  try {
    const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {
      renderer: 'none',
      logLevel: vega.Error,
    });
    try {
      parentPort?.postMessage({ id, svg: await view.toSVG() });
    } finally {
      view.finalize();
    }
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
