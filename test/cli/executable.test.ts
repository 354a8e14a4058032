/**
 * The two tests of src/bin/centinela.js as a process (every other CLI test calls main() in process): it prints what
 * main() writes and exits with main()'s code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, projectRoot } from '../../src/core/paths.ts';
import { othersDisabled } from '../schedule/helpers.ts';
import { runCliProcess } from '../support/runCli.ts';

describe('the centinela executable', () => {
  it('prints its version and exits 0', async () => {
    const r = await runCliProcess(projectRoot, ['--version']).done;
    const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 1 when a run fails, naming the source, file and line on stderr and in its closing summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'centinela-exe-'));
    try {
      const bad = join(fixturesDir, 'cdc-vsrr-state/bad/corrupt_line.csv');
      writeFileSync(
        join(dir, 'centinela.config.json'),
        JSON.stringify({
          pipelines: {
            ...othersDisabled('cdc_vsrr_state'),
            cdc_vsrr_state: { inputs: [{ kind: 'file', path: bad, vintage: '2024-11-13' }] },
          },
        }),
      );
      const r = await runCliProcess(dir, ['run', '--no-report']).done;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cdc_vsrr_state: .*corrupt_line\.csv line \d+ column "[^"]+": /);
      // stdout holds only the closing summary, as after a run that succeeds.
      expect(r.stdout).toMatch(
        /^Run 1: failed\n {2}cdc_vsrr_state +FAILED +\S+corrupt_line\.csv line \d+ column /,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
