import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.ts';
import { importCycles, layerOf, layerViolations, readImportGraph } from '../support/importGraph.ts';

/**
 * The layers, bottom to top, and what each may import (besides itself). docs/architecture.md draws the same picture.
 * core: types, config, errors, paths · detect: pure statistics · fetch: HTTP and publishers' APIs · csv: reading
 * files · warehouse: DuckDB · pipelines: the sources · run: one job · report/export/schemaDoc/notebook: readers of
 * the warehouse · schedule: jobs over time · cli, bin: the commands.
 */
const LAYERS: Record<string, readonly string[]> = {
  core: [],
  detect: [],
  fetch: ['core'],
  csv: ['core'],
  warehouse: ['core', 'csv'],
  pipelines: ['core', 'fetch', 'csv', 'warehouse'],
  run: ['core', 'detect', 'fetch', 'csv', 'warehouse'],
  report: ['core', 'warehouse'],
  export: ['core', 'warehouse'],
  schemaDoc: ['core', 'warehouse'],
  notebook: ['core', 'warehouse', 'report'],
  schedule: ['core', 'fetch', 'warehouse', 'run', 'report'],
  cli: [
    'core',
    'detect',
    'fetch',
    'csv',
    'warehouse',
    'pipelines',
    'run',
    'report',
    'export',
    'schemaDoc',
    'notebook',
    'schedule',
  ],
  bin: ['cli'],
};

const PURE_PACKAGES = ['simple-statistics'];

describe('layers', () => {
  const graph = readImportGraph(projectRoot, ['src', 'pipelines']);

  it('every file belongs to a known layer', () => {
    const unknown = [...graph.keys()].filter((file) => !(layerOf(file) in LAYERS));
    expect(unknown).toEqual([]);
  });

  it('no layer imports one above it', () => {
    const upward = layerViolations(graph, LAYERS).map(
      (v) => `${v.from} -> ${v.to} (${v.fromLayer} may not import ${v.toLayer})`,
    );
    expect(upward).toEqual([]);
  });

  it('no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('src/detect stays pure: it imports only its own files and pure libraries (no node:, no DuckDB)', () => {
    const files = [...graph.keys()].filter((file) => layerOf(file) === 'detect');
    expect(files.length).toBeGreaterThan(10);
    const outside = files.flatMap((file) =>
      [
        ...readFileSync(join(projectRoot, file), 'utf8').matchAll(
          /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g,
        ),
      ]
        .map((m) => (m[1] ?? m[2]) as string)
        .filter((spec) => !spec.startsWith('./') && !PURE_PACKAGES.includes(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(outside).toEqual([]);
  });
});

describe('the layer checker', () => {
  const root = mkdtempSync(join(tmpdir(), 'centinela-layers-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('finds an upward import, static or dynamic, and leaves allowed ones alone', () => {
    write('src/core/config.ts', "import { run } from '../run/run.ts';\nexport const x = 1;\n");
    write(
      'src/run/run.ts',
      "import { x } from '../core/config.ts';\nexport const run = async () => (await import('../cli.ts')).main;\n",
    );
    write('src/cli.ts', "import { run } from './run/run.ts';\nexport const main = run;\n");
    write('pipelines/a.ts', "export { x } from '../src/core/config.ts';\n");
    const violations = layerViolations(readImportGraph(root, ['src', 'pipelines']), LAYERS);
    expect(violations.map((v) => `${v.fromLayer}->${v.toLayer}`).sort()).toEqual(['core->run', 'run->cli']);
  });

  it('finds a cycle through three files and not a chain', () => {
    const cycle = new Map([
      ['src/a.ts', ['src/b.ts']],
      ['src/b.ts', ['src/c.ts']],
      ['src/c.ts', ['src/a.ts']],
      ['src/d.ts', ['src/a.ts']],
    ]);
    expect(importCycles(cycle)).toEqual([['src/a.ts', 'src/b.ts', 'src/c.ts']]);
    cycle.set('src/c.ts', []);
    expect(importCycles(cycle)).toEqual([]);
  });
});
