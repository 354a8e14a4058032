import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, main } from '../../src/cli.ts';
import { projectRoot } from '../../src/core/paths.ts';

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
    [['run', '--bogus'], /unknown option --bogus for "run"/],
    [['status', '--live'], /unknown option --live for "status"/],
    [['run', 'extra'], /unexpected argument for "run": "extra"/],
    [['query'], /query takes one SQL string \(quote it\), --file <file>, or the SQL on standard input/],
    [
      ['query', 'select 1', '--format', 'xml'],
      /invalid --format: "xml" \(expected table, csv, json, jsonl or parquet\)/,
    ],
    [['ingest'], /ingest takes exactly one pipeline name/],
    [['ingest', 'cdc_nope'], /unknown pipeline: "cdc_nope" \(known: .*cdc_vsrr_state/],
    [['report', '--out'], /option --out needs a value: <dir>/],
    [['run', '--wait', 'soon'], /invalid --wait: "soon" \(expected a number, 0 or more\)/],
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
    [['notebook'], 2, /centinela notebook: notebook render needs at least one notebook or folder/],
    [['notebook', 'draw', 'x.md'], 2, /centinela notebook: expected "render", not "draw"/],
    [['notebook', 'render'], 2, /Usage: centinela notebook render/],
    [['notebook', '--help'], 0, /^Usage: centinela notebook render/],
    [['notebook', 'render', '--config'], 2, /option --config needs a value: <file>/],
    [['export', '--format', 'xml'], 2, /invalid --format: "xml" \(expected parquet, csv or arrow\)/],
  ];

  it.each(delegated)('parses %j from its definition (exit %i)', async (argv, code, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(code);
    expect(r.out + r.err).toMatch(message);
  });

  it('prints the version for -V and --version, and lists both in the help', async () => {
    const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    expect(await cli('-V')).toEqual({ code: 0, out: `${version}\n`, err: '' });
    expect((await cli('--version')).out).toBe(`${version}\n`);
    expect((await cli('--help')).out).toMatch(/-V, --version +print the version and exit/);
  });

  it.each([
    [['stauts'], /unknown command: "stauts"\n\nDid you mean "centinela status"\?/],
    [['exprot', '--format', 'csv'], /Did you mean "centinela export"\?/],
    [['run', '--no-reprot'], /unknown option --no-reprot for "run" \(did you mean --no-report\?\)/],
    [['status', '--jsno'], /unknown option --jsno for "status" \(did you mean --json\?\)/],
    [['ingest', 'cdc_vsrr_stat'], /unknown pipeline: "cdc_vsrr_stat" \(did you mean cdc_vsrr_state\?\)/],
  ])('suggests what was meant for %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it("generates each command's help from its definition: every option, its value and default", async () => {
    for (const command of COMMANDS) {
      const help = (await cli(command.name, '--help')).out;
      for (const [name, def] of Object.entries(command.options)) {
        const flag = `--${name}${def.type === 'boolean' ? '' : ` ${def.value}`}`;
        expect(help, `${command.name} --help lists ${flag}`).toContain(flag);
      }
      expect(help).toContain('--config <file>');
    }
    expect((await cli('query', '--help')).out).toMatch(
      /--format <format> +table, csv, json \(an array per statement\), jsonl or parquet \(with --out\) \(default: table\)/,
    );
  });

  it('lists --quiet, --verbose and --log-format among the options of every command, from their definitions', async () => {
    for (const command of COMMANDS) {
      const help = (await cli(command.name, '--help')).out;
      const global = help.slice(help.indexOf('Options for every command:'));
      expect(global, command.name).toMatch(/-q, --quiet +only errors and the result/);
      expect(global, command.name).toMatch(/-v, --verbose +the details too/);
      expect(global, command.name).toMatch(/--log-format text\|json +json: each message as a JSON line/);
    }
    expect((await cli('--help')).out).toMatch(/-q, --quiet/);
  });

  it.each([
    ['run'],
    ['export'],
    ['notebook', 'render', 'x.md'],
    ['query', 'select 1'],
    ['schedule'],
    ['schema'],
    ['report'],
  ])('%s refuses --quiet with --verbose, and an unknown --log-format', async (...argv) => {
    const both = await cli(...argv, '-q', '-v');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(new RegExp(`^centinela ${argv[0]}: --quiet and --verbose exclude each other`));
    const xml = await cli(...argv, '--log-format', 'xml');
    expect(xml.code).toBe(2);
    expect(xml.err).toMatch(/invalid --log-format: "xml" \(expected text or json\)/);
  });

  it.each([
    ['export', ['--format', 'csv', '--out', 'x'], 'out'],
    ['schedule', [], 'out'],
    ['notebook', ['render', 'x.md'], 'out'],
    ['query', ['select 1'], 'err'],
  ] as const)(
    '%s --log-format json reports a failure as a JSON line (on std%s for query)',
    async (command, args, to) => {
      const r = await cli(
        command,
        ...args,
        '--log-format=json',
        '--config=/nonexistent/centinela.config.json',
      );
      expect(r.code).toBe(1);
      const text = to === 'out' ? r.out : r.err;
      expect(to === 'out' ? r.err : r.out).toBe('');
      const line = JSON.parse(text);
      expect(line).toEqual({
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        level: 'error',
        event: 'command.failed',
        message: expect.stringMatching(
          new RegExp(`^centinela ${command}: config file not found: /nonexistent/centinela\\.config\\.json`),
        ),
      });
    },
  );

  it.each([
    ['export', '--format', 'csv', '--out', 'x'],
    ['schema', '--published', '--out', '-'],
    ['notebook', 'render', 'x.md'],
    ['status'],
  ])('honours --config=FILE (with "=") for %s', async (...argv) => {
    const r = await cli(...argv, '--config=/nonexistent/centinela.config.json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/config file not found: \/nonexistent\/centinela\.config\.json/);
  });

  it('takes configuration keys from CENTINELA_* environment variables', async () => {
    let err = '';
    const code = await main(['status'], {
      out: () => {},
      err: (t) => (err += t),
      cwd: '/nonexistent-dir',
      env: { CENTINELA_WAREHOUSE: '/nonexistent/from-env.duckdb' },
    });
    expect(code).toBe(1);
    expect(err).toMatch(
      /no published warehouse at \/nonexistent\/from-env\.duckdb; run "centinela run" first/,
    );
  });
});
