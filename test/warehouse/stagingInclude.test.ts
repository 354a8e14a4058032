import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInPipelinesDir } from '../../src/core/paths.ts';
import type { Pipeline } from '../../src/core/pipeline.ts';
import { discoverPipelines } from '../../src/core/registry.ts';
import { stagingSelect } from '../../src/warehouse/sqlFiles.ts';

function sourceWith(files: Record<string, string>): Pipeline {
  const root = mkdtempSync(join(tmpdir(), 'centinela-include-'));
  for (const [path, sql] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), sql);
  }
  return {
    name: 'my_source',
    dir: join(root, 'my_source'),
    staging: { file: 'staging.sql' },
  } as unknown as Pipeline;
}

describe('staging includes', () => {
  it('puts the included file in place of its directive and names the source for {{source}}', () => {
    const pipeline = sourceWith({
      'my_source/staging.sql': 'WITH a AS (SELECT 1 AS x),\n{{include ../_lib/tail.sql}}\n',
      '_lib/tail.sql': "b AS (SELECT x FROM a)\nSELECT '{{source}}' AS source, x FROM b",
    });
    expect(stagingSelect(pipeline)).toBe(
      "WITH a AS (SELECT 1 AS x),\nb AS (SELECT x FROM a)\nSELECT 'my_source' AS source, x FROM b\n",
    );
  });

  it('refuses a missing file, naming the staging file and the path', () => {
    const pipeline = sourceWith({ 'my_source/staging.sql': '{{include ../_lib/gone.sql}}' });
    expect(() => stagingSelect(pipeline)).toThrow(
      /my_source: .*staging\.sql includes "\.\.\/_lib\/gone\.sql": no such \.sql file/,
    );
  });

  it('refuses an include inside an included file', () => {
    const pipeline = sourceWith({
      'my_source/staging.sql': '{{include ../_lib/a.sql}}',
      '_lib/a.sql': '{{include b.sql}}',
      '_lib/b.sql': 'SELECT 1',
    });
    expect(() => stagingSelect(pipeline)).toThrow(/a\.sql: an included file cannot include another/);
  });

  it('gives both SESNSP sources the shared artefact and publication SQL, each under its own name', async () => {
    const pipelines = await discoverPipelines(builtInPipelinesDir);
    for (const name of ['sesnsp_fuero_comun', 'sesnsp_fuero_federal']) {
      const pipeline = pipelines.find((p) => p.name === name);
      if (!pipeline) throw new Error(`no built-in source ${name}`);
      const sql = stagingSelect(pipeline);
      expect(sql).not.toContain('{{');
      expect(sql).toContain(`'${name}' AS source`);
      expect(sql).toContain(`(rule: pipelines/${name}/README.md)`);
      expect(sql).toMatch(/zero_runs AS \(/);
    }
  });
});
