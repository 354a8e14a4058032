import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('centinela CLI arguments', () => {
  it('prints usage for --help and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: centinela <command>/);
    for (const command of ['run', 'ingest', 'detect', 'report', 'status', 'query'])
      expect(r.out).toContain(`  ${command}`);
  });

  it.each(['run', 'ingest', 'detect', 'report', 'status', 'query'])('has help for %s', async (command) => {
    const r = await cli(command, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: centinela ${command}`));
  });

  const usageErrors: [string[], RegExp][] = [
    [[], /^Usage: centinela/],
    [['frobnicate'], /centinela: unknown command: "frobnicate"/],
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['status', '--live'], /option --live does not apply to "status"/],
    [['run', 'extra'], /unexpected argument for "run": "extra"/],
    [['query'], /query takes exactly one SQL string/],
    [['query', 'select 1', '--format', 'xml'], /invalid --format: "xml" \(expected table, csv or json\)/],
    [['ingest'], /ingest takes exactly one pipeline name/],
    [['ingest', 'cdc_nope'], /unknown pipeline: "cdc_nope" \(known: .*cdc_vsrr_state/],
    [['report', '--out'], /argument missing/],
  ];

  it.each(usageErrors)('exits 2 with usage for %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('Usage: centinela');
  });

  it('exits 1 naming a configuration file that does not exist', async () => {
    const r = await cli('status', '--config', '/nonexistent/centinela.config.json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/config file not found: \/nonexistent\/centinela\.config\.json/);
  });

  const delegated: [string[], number, RegExp][] = [
    [['notebook'], 2, /centinela notebook: expected "render"/],
    [['notebook', 'render'], 2, /Usage: centinela notebook render/],
    [['notebook', '--help'], 0, /^Usage: centinela notebook render/],
    [['notebook', 'render', '--config'], 2, /--config needs a file/],
    [['export', '--format', 'xml'], 2, /xml/],
  ];

  it.each(delegated)('delegates %j to its own parser (exit %i)', async (argv, code, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(code);
    expect(r.out + r.err).toMatch(message);
  });
});
