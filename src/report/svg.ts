/** Server-side rendering of a Vega-Lite spec to an SVG string (no DOM, no canvas). */

import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import * as vegaLite from 'vega-lite';

/** Compile to Vega, run a headless view, and serialise it as SVG. Locale comes from the spec's `config.locale`. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
