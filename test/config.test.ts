import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigSync } from '../src/config.ts';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function withConfig(body: string) {
  dir = mkdtempSync(join(tmpdir(), 'centinela-config-'));
  writeFileSync(join(dir, 'centinela.config.json'), body);
  return dir;
}

describe('loadConfigSync', () => {
  it('works without a file: defaults resolved against the working directory', () => {
    dir = mkdtempSync(join(tmpdir(), 'centinela-config-'));
    const { config, file } = loadConfigSync({ cwd: dir });
    expect(file).toBeNull();
    expect(config.warehouse).toBe(join(dir, 'data/centinela.duckdb'));
    expect(config.reportDir).toBe(join(dir, 'reports'));
    expect(config.detect).toEqual({
      drugs: ['fentanyl', 'methamphetamine'],
      measures: ['deaths'],
      methods: ['ears_c1', 'ears_c2', 'ears_c3', 'nssp_switch', 'noufaily'],
      fdr: 0.05,
      corroborationLagMonths: 3,
      ears: { baseline: 7, z: 3, h: 2, minSigma: 0 },
      trends: { maxJoinpoints: 2, minPeriods: 24 },
    });
  });

  it('resolves relative paths against the file, including input files', () => {
    const d = withConfig(
      JSON.stringify({
        warehouse: 'out/w.duckdb',
        pipelines: {
          cdc_vsrr_state: { inputs: [{ kind: 'file', path: 'in/vsrr.csv', vintage: '2024-05-01' }] },
        },
      }),
    );
    const { config } = loadConfigSync({ cwd: '/', file: join(d, 'centinela.config.json') });
    expect(config.warehouse).toBe(join(d, 'out/w.duckdb'));
    expect(config.pipelines.cdc_vsrr_state?.inputs).toEqual([
      { kind: 'file', path: join(d, 'in/vsrr.csv'), vintage: '2024-05-01', demo: false },
    ]);
  });

  const invalid: [string, string, RegExp][] = [
    ['bad JSON', '{"warehouse": ', /centinela\.config\.json: invalid JSON/],
    [
      'an unknown key',
      '{"warehous": "x"}',
      /invalid configuration\n {2}\(root\): Unrecognized key: "warehous"/,
    ],
    [
      'a count as text',
      '{"detect": {"ears": {"z": "3"}}}',
      /detect\.ears\.z: Invalid input: expected number, received string/,
    ],
    ['an unknown method', '{"detect": {"methods": ["ears_c4"]}}', /detect\.methods\.0: Invalid option/],
    [
      'a bad vintage',
      '{"pipelines": {"x": {"inputs": [{"kind": "file", "path": "a.csv", "vintage": "May 2024"}]}}}',
      /pipelines\.x\.inputs\.0\.vintage: expected a date as YYYY-MM-DD/,
    ],
    [
      'a bad Socrata id',
      '{"pipelines": {"x": {"inputs": [{"kind": "socrata", "baseUrl": "https://data.cdc.gov", "datasetId": "xkb8"}]}}}',
      /datasetId: expected a Socrata id such as xkb8-kh2a/,
    ],
  ];

  it.each(invalid)('rejects %s with the setting named', (_, body, message) => {
    const d = withConfig(body);
    expect(() => loadConfigSync({ cwd: d })).toThrow(message);
  });
});
