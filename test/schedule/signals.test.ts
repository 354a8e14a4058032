import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.ts';

// The second signal, when the graceful stop the first asked for takes long: out at once, with the signal's exit code.
describe('onShutdownSignals in a real process', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'a second %s exits at once with code %i',
    async (signal, code) => {
      const script = `
      const { onShutdownSignals } = await import(${JSON.stringify(join(projectRoot, 'src/schedule/signals.ts'))});
      onShutdownSignals(() => {}, (m) => console.error(m)); // a graceful stop that never finishes
      console.error('ready');
      setInterval(() => {}, 1000);
    `;
      const child = spawn(process.execPath, ['--import', 'tsx/esm', '--input-type=module', '-e', script], {
        cwd: projectRoot,
      });
      let stderr = '';
      const ready = new Promise<void>((resolve) =>
        child.stderr.on('data', (d) => {
          stderr += d;
          if (stderr.includes('ready')) resolve();
        }),
      );
      const exited = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      await ready;
      child.kill(signal);
      await expect.poll(() => stderr, { timeout: 5000 }).toMatch(/received: stopping gracefully/);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stderr).toMatch(new RegExp(`${signal} received again: exiting now`));
    },
    20_000,
  );
});
