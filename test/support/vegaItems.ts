/** Runs a Vega-Lite spec headless and returns what a reader would hover: every mark item's datum and tooltip. */

import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import * as vegaLite from 'vega-lite';

export interface MarkItem {
  datum: Record<string, unknown>;
  tooltip: Record<string, string> | undefined;
}

interface SceneNode {
  items?: SceneNode[];
  datum?: Record<string, unknown>;
  tooltip?: unknown;
}

export async function markItems(spec: TopLevelSpec): Promise<MarkItem[]> {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {
    renderer: 'none',
    logLevel: vega.Error,
  });
  try {
    await view.runAsync();
    const out: MarkItem[] = [];
    const walk = (node: SceneNode) => {
      if (node.tooltip !== undefined && node.datum)
        out.push({
          datum: node.datum,
          tooltip:
            node.tooltip && typeof node.tooltip === 'object'
              ? (node.tooltip as Record<string, string>)
              : undefined,
        });
      for (const child of node.items ?? []) walk(child);
    };
    walk((view.scenegraph() as unknown as { root: SceneNode }).root);
    return out;
  } finally {
    view.finalize();
  }
}
