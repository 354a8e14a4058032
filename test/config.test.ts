import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigSync } from '../src/core/config.ts';

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
      series: [
        { drugs: ['fentanyl', 'methamphetamine'], measures: ['deaths', 'seizure_events', 'seizure_kg'] },
        {
          drugs: ['mx_drug_related', 'mx_narcotics_poisoning'],
          measures: ['deaths'],
          geoLevels: ['state', 'nation'],
        },
        {
          drugs: ['narcomenudeo', 'contra_la_salud'],
          measures: ['investigations'],
          geoLevels: ['state', 'nation'],
        },
      ],
      methods: {
        counts: ['noufaily', 'farrington'],
        changes: ['ears_c1', 'ears_c2', 'ears_c3', 'nssp_switch'],
        amounts: ['ears_c1', 'ears_c2', 'ears_c3', 'nssp_switch'],
      },
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

  it('reads the older detect.drugs / measures / methods as one group, count models on counts only', () => {
    const d = withConfig(
      JSON.stringify({
        detect: { drugs: ['fentanyl'], methods: ['ears_c1', 'noufaily', 'cusum', 'nssp_switch'] },
      }),
    );
    const { detect } = loadConfigSync({ cwd: d }).config;
    expect(detect.series).toEqual([{ drugs: ['fentanyl'], measures: ['deaths'] }]);
    expect(detect.methods).toEqual({
      counts: ['ears_c1', 'noufaily', 'cusum', 'nssp_switch'],
      changes: ['ears_c1', 'nssp_switch'],
      amounts: ['ears_c1', 'nssp_switch'],
    });
  });

  it('reads series groups and methods by kind, unspecified kinds keeping their defaults', () => {
    const d = withConfig(
      JSON.stringify({
        detect: {
          series: [{ drugs: ['narcomenudeo'], measures: ['investigations'], geoLevels: ['state'] }],
          methods: { counts: ['glrnb', 'cusum'], amounts: [] },
        },
      }),
    );
    const { detect } = loadConfigSync({ cwd: d }).config;
    expect(detect.series).toEqual([
      { drugs: ['narcomenudeo'], measures: ['investigations'], geoLevels: ['state'] },
    ]);
    expect(detect.methods).toEqual({
      counts: ['glrnb', 'cusum'],
      changes: ['ears_c1', 'ears_c2', 'ears_c3', 'nssp_switch'],
      amounts: [],
    });
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
      'an unknown method for a kind',
      '{"detect": {"methods": {"counts": ["farington"]}}}',
      /detect\.methods\.counts\.0: Invalid option/,
    ],
    [
      'a count model on 12-month-ending changes',
      '{"detect": {"methods": {"changes": ["ears_c1", "noufaily"]}}}',
      /detect\.methods\.changes: count models \(cusum, glrnb, nssp_nbinom, farrington, noufaily\) need monthly counts; they do not apply to 12-month-ending changes/,
    ],
    [
      'a count model on amounts',
      '{"detect": {"methods": {"amounts": ["farrington"]}}}',
      /detect\.methods\.amounts: count models .* do not apply to amounts such as kilograms seized/,
    ],
    [
      'an unknown kind',
      '{"detect": {"methods": {"weights": ["ears_c1"]}}}',
      /detect\.methods: Unrecognized key: "weights"/,
    ],
    [
      'methods as text',
      '{"detect": {"methods": "noufaily"}}',
      /detect\.methods: expected a list of methods, or/,
    ],
    [
      'both forms of the series',
      '{"detect": {"drugs": ["fentanyl"], "series": [{"drugs": ["fentanyl"], "measures": ["deaths"]}]}}',
      /detect\.series: give either detect\.series or the older detect\.drugs \/ detect\.measures, not both/,
    ],
    [
      'a group without measures',
      '{"detect": {"series": [{"drugs": ["fentanyl"]}]}}',
      /detect\.series\.0\.measures: Invalid input: expected array, received undefined/,
    ],
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

  it('takes CENTINELA_<KEY> environment overrides over the file, nested keys joined by __', () => {
    const cwd = withConfig(JSON.stringify({ reportDir: 'from-file', query: { timeoutMs: 1000 } }));
    const { config } = loadConfigSync({
      cwd,
      env: {
        CENTINELA_REPORT_DIR: 'from-env',
        CENTINELA_QUERY__TIMEOUT_MS: '2500',
        CENTINELA_PIPELINES__CDC_VSRR_STATE__ENABLED: 'false',
        CENTINELA_HTTP__CONTACT: 'mailto:ops@example.org',
        HOME: '/ignored',
      },
    });
    expect(config.reportDir).toBe(join(cwd, 'from-env'));
    expect(config.query.timeoutMs).toBe(2500);
    expect(config.pipelines.cdc_vsrr_state?.enabled).toBe(false);
    expect(config.http.contact).toBe('mailto:ops@example.org');
  });

  it('names the environment variable behind an invalid value', () => {
    const cwd = withConfig('{}');
    expect(() => loadConfigSync({ cwd, env: { CENTINELA_QUERY__TIMEOUT_MS: 'soon' } })).toThrow(
      /query\.timeoutMs: .* \(from CENTINELA_QUERY__TIMEOUT_MS\)/,
    );
    expect(() => loadConfigSync({ cwd, env: { CENTINELA_WAREHOUS: 'x.duckdb' } })).toThrow(/warehous/);
  });
});
