/**
 * The project's import graph, read from the source text: every relative `import … from`, `export … from` and
 * `import(…)` of the .ts/.js files under the given folders, as edges between files (paths relative to the root).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

export type ImportGraph = Map<string, string[]>;

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;

export function readImportGraph(root: string, folders: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  const visit = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'releases') visit(path);
      } else if (/\.(ts|js)$/.test(entry.name)) {
        const text = readFileSync(join(root, path), 'utf8');
        const targets = [...text.matchAll(SPECIFIER)].map((m) =>
          normalize(join(dirname(path), m[2] as string)),
        );
        graph.set(path, targets);
      }
    }
  };
  for (const folder of folders) visit(folder);
  return graph;
}

/** A file's layer: `src/<folder>/…` is <folder>, a file directly in src/ is its name, anything else its top folder. */
export function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src')
    return parts.length > 2 ? (parts[1] as string) : (parts[1] as string).replace(/\.(ts|js)$/, '');
  return parts[0] as string;
}

export interface LayerViolation {
  from: string;
  to: string;
  fromLayer: string;
  toLayer: string;
}

/** Every import from one layer into another that `allowed` does not list for it (a layer may always import itself). */
export function layerViolations(
  graph: ImportGraph,
  allowed: Record<string, readonly string[]>,
): LayerViolation[] {
  const out: LayerViolation[] = [];
  for (const [from, targets] of graph) {
    const fromLayer = layerOf(from);
    for (const to of targets) {
      const toLayer = layerOf(to);
      if (toLayer === fromLayer || allowed[fromLayer]?.includes(toLayer)) continue;
      out.push({ from, to, fromLayer, toLayer });
    }
  }
  return out;
}

/** The import cycles among the graph's files, each as the list of files around it (Tarjan's strongly connected components). */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return cycles;
}
