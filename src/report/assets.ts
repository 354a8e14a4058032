/** The minified browser builds of vega, vega-lite and vega-embed, read from node_modules for inlining. */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { escapeScriptText } from './escape.ts';

export interface VegaAssets {
  /** UMD build defining the global `vega`. */
  vega: string;
  /** UMD build defining the global `vegaLite` (needs `vega`). */
  vegaLite: string;
  /** UMD build defining the global `vegaEmbed` (needs `vega` and `vegaLite`). */
  vegaEmbed: string;
}

const require = createRequire(import.meta.url);

/**
 * The package's root directory. vega-embed's `exports` does not expose `package.json`, so resolve the main
 * entry and walk up to the directory whose package.json names the package.
 */
function packageRoot(name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    let dir = dirname(require.resolve(name));
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
        if (pkg.name === name) return dir;
      } catch {
        // no package.json here: keep walking up
      }
      const parent = dirname(dir);
      if (parent === dir) throw new Error(`cannot find the package root of ${name}`);
      dir = parent;
    }
  }
}

function readBuild(name: string, file: string): string {
  const code = readFileSync(join(packageRoot(name), 'build', file), 'utf8');
  // A literal `</script` would end the inline <script> element early.
  return escapeScriptText(code);
}

let cached: VegaAssets | undefined;

/** Read (once per process) the three builds, made safe for inlining in a classic <script> element. */
export function loadVegaAssetsSync(): VegaAssets {
  cached ??= {
    vega: readBuild('vega', 'vega.min.js'),
    vegaLite: readBuild('vega-lite', 'vega-lite.min.js'),
    vegaEmbed: readBuild('vega-embed', 'vega-embed.min.js'),
  };
  return cached;
}
