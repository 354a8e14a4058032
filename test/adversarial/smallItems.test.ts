/**
 * #14, the smaller items: each unsafe behaviour found when trying the pipeline as an attacker would, now a clear
 * error or a safe behaviour. One case per item; each failed on the code before.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { main } from '../../src/cli.ts';
import { InputError } from '../../src/core/errors.ts';
import { projectRoot } from '../../src/core/paths.ts';
import { isControlChar, printable } from '../../src/core/printable.ts';
import { discoverPipelines } from '../../src/core/registry.ts';
import { RunError } from '../../src/run/run.ts';
import { EventLog, readable } from '../../src/schedule/log.ts';
import { readState, statePath } from '../../src/schedule/state.ts';
import { buildSchemaOnlyWarehouse } from '../../src/schemaDoc/index.ts';
import { writerLockPath } from '../../src/warehouse/lock.ts';
import { mainWithConfig } from '../support/runCli.ts';
import { fileInput, sourceRun } from '../support/sourceRun.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';
import { vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';

let temp: TempConfig;
beforeAll(async () => {
  temp = tempConfig();
  mkdirSync(join(temp.dir, 'data'), { recursive: true });
  const wh = await buildSchemaOnlyWarehouse(pipelines, temp.config.warehouse);
  wh.closeSync();
});
afterAll(() => temp?.cleanup());

function io() {
  let out = '';
  let err = '';
  return {
    io: { out: (t: string) => (out += t), err: (t: string) => (err += t) },
    out: () => out,
    err: () => err,
  };
}

const hasControl = (text: string) => [...text].some((c) => isControlChar(c.charCodeAt(0)));

/** Escape sequences an attacker would put in a header: retitle the terminal, clear it, move the cursor, 8-bit CSI. */
const ESCAPES = ['\x1b]0;owned\x07', '\x1b[2J', '\x1b[1A\x1b[2K', '\x9b31m', '\x08\x08\x08'];

describe('export --force', () => {
  it("deletes only what the earlier export wrote: a user's own file there stops it, and stays", async () => {
    const out = join(temp.dir, 'exports/obs');
    expect(await mainWithConfig('export', ['--format', 'csv', '--out', out], io().io, temp.config)).toBe(0);
    writeFileSync(join(out, 'my-notes.md'), 'analysis I wrote beside the export');
    const t = io();
    expect(
      await mainWithConfig('export', ['--format', 'csv', '--out', out, '--force'], t.io, temp.config),
    ).toBe(1);
    expect(t.err()).toMatch(/holds 1 file\(s\) the earlier export did not write \("my-notes\.md"\)/);
    expect(readFileSync(join(out, 'my-notes.md'), 'utf8')).toBe('analysis I wrote beside the export');
    expect(readdirSync(out).sort()).toEqual(['_export.json', 'my-notes.md', 'observations.csv']);
  });

  it('does not take a forged manifest for an export', async () => {
    const out = join(temp.dir, 'exports/forged');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, '_export.json'), '{"files": []}');
    writeFileSync(join(out, 'thesis.tex'), 'years of work');
    expect(
      await mainWithConfig('export', ['--format', 'csv', '--out', out, '--force'], io().io, temp.config),
    ).toBe(1);
    expect(readFileSync(join(out, 'thesis.tex'), 'utf8')).toBe('years of work');
  });
});

describe('control characters from input never reach the terminal', () => {
  it('printable escapes every control character but line breaks and tabs, and nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = printable(text);
        expect(hasControl(shown)).toBe(false);
        // Reversible: the escapes are the only change.
        const back = shown.replace(/\\x([0-9a-f]{2})/g, (_, h) =>
          String.fromCharCode(Number.parseInt(h, 16)),
        );
        expect(back).toBe(
          text.replace(/\\x([0-9a-f]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
        );
      }),
    );
  });

  it.each(ESCAPES)('a header holding %j is named escaped in the run error', async (sequence) => {
    const run = sourceRun('cdc_vsrr_state');
    try {
      const lines = vsrrLines({
        state: 'NM',
        stateName: 'New Mexico',
        indicator: 'Number of Drug Overdose Deaths',
        startYear: 2020,
        values: [600, 601],
      });
      const body = vsrrFile(lines, false).replace('Footnote', `Foot${sequence}note`);
      const path = join(run.temp.dir, 'vsrr.csv');
      writeFileSync(path, body);
      const error = await run.run([fileInput(path, '2025-01-01')]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunError);
      const message = (error as Error).message;
      expect(message).toContain(`"Foot${printable(sequence)}note"`);
      expect(hasControl(message)).toBe(false);
    } finally {
      run.temp.cleanup();
    }
  });

  it('in an InputError and in a log line on the terminal', () => {
    const e = new InputError(
      { source: 's', origin: 'f\x1b]0;x\x07.csv', column: 'a\x1b[2Jb' },
      'bad \x9b31m',
    );
    expect(e.message).toBe('s: f\\x1b]0;x\\x07.csv column "a\\x1b[2Jb": bad \\x9b31m');
    const shown = readable(new Date(0), 'error', { event: 'x', message: 'from \x1b[2Jserver' });
    expect(shown).toMatch(/from \\x1b\[2Jserver$/);
  });
});

describe('a misspelt pipeline name in the configuration', () => {
  it('is an error naming it, with the name it was meant to be', async () => {
    const file = join(temp.dir, 'misspelt.config.json');
    writeFileSync(
      file,
      JSON.stringify({ warehouse: temp.config.warehouse, pipelines: { cdc_vsrr_stat: { enabled: false } } }),
    );
    const t = io();
    expect(await main(['status', '--config', file], t.io)).toBe(1);
    expect(t.err()).toMatch(/pipelines\."cdc_vsrr_stat": no such pipeline; did you mean "cdc_vsrr_state"\?/);
  });
});

describe('the scheduler state, the log and the lock at unexpected paths', () => {
  it('a damaged state file is an error naming it, not a silent fresh start', () => {
    const workDir = join(temp.dir, 'state-damaged');
    mkdirSync(workDir, { recursive: true });
    writeFileSync(statePath(workDir), '{"version": 1, "jobs": {"ingest": {"consecutiveFailures": 3');
    expect(() => readState(statePath(workDir))).toThrow(
      /the scheduler's state file .*schedule-state\.json is damaged .*repair it, or move it away/,
    );
    writeFileSync(statePath(workDir), '{"version": 7}');
    expect(() => readState(statePath(workDir))).toThrow(/is damaged \(not a version 1 state with jobs\)/);
  });

  it('a state path that is a directory is an error naming it', () => {
    const workDir = join(temp.dir, 'state-dir');
    mkdirSync(statePath(workDir), { recursive: true });
    expect(() => readState(statePath(workDir))).toThrow(/state file .* is a directory/);
  });

  it('a log path that is a directory is an error naming it', () => {
    const file = join(temp.dir, 'logs/centinela.jsonl');
    mkdirSync(file, { recursive: true });
    expect(() => new EventLog({ file, terminal: null })).toThrow(
      /the log file .*centinela\.jsonl \(schedule\.logFile\) is a directory/,
    );
  });

  it('a lock path that is a directory fails the run naming it (was: a bare EISDIR)', async () => {
    const run = sourceRun('cdc_vsrr_state');
    try {
      mkdirSync(writerLockPath(run.temp.config.workDir), { recursive: true });
      const error = await run.run().catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /the lock .*centinela\.duckdb\.lock is a directory, not a lock file/,
      );
    } finally {
      run.temp.cleanup();
    }
  });
});

describe('pipeline discovery', () => {
  it('imports only .ts sources: a .mjs or .js planted in the folder is never run', async () => {
    const dir = join(temp.dir, 'my-sources');
    mkdirSync(dir);
    cpSync(join(projectRoot, 'docs/examples/ems_naloxone_weekly'), join(dir, 'ems_naloxone_weekly'), {
      recursive: true,
    });
    const marker = join(temp.dir, 'planted-ran');
    mkdirSync(join(dir, 'planted'));
    for (const name of [
      'evil.mjs',
      'evil.js',
      'evil.cjs',
      'x.ts.mjs',
      'planted/pipeline.mjs',
      'planted/pipeline.js',
    ])
      writeFileSync(
        join(dir, name),
        `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default {};\n`,
      );
    const found = await discoverPipelines(dir);
    expect(found.map((p) => p.name)).toEqual(['ems_naloxone_weekly']);
    expect(existsSync(marker)).toBe(false);
  });
});
