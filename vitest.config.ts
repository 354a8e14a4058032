import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Pure code: no warehouse, no server, no other process. */
const unit = [
  'test/architecture/**/*.test.ts',
  'test/config.test.ts',
  'test/fsError.test.ts',
  'test/cli/cli.test.ts',
  'test/detect/**/*.test.ts',
  'test/notebook/parse.test.ts',
  'test/run/methods.test.ts',
  'test/run/seriesKind.test.ts',
  'test/pipelines/incremental.test.ts',
  'test/report/derive.test.ts',
  'test/report/escape.test.ts',
  'test/report/html.test.ts',
  'test/report/specs.test.ts',
  'test/report/svg.test.ts',
  'test/schedule/log.test.ts',
  'test/schedule/rules.test.ts',
  'test/csv/fiscalYear.test.ts',
  'test/pipelines/panelTemplate.test.ts',
];

/**
 * Run by CI after `npm test` (npm run test:slow), not by `npm test`: Chromium, faults (SIGKILL, full disks, bad input
 * fed to every loader), real processes and signals, the scheduler on the real clock.
 */
const slow = [
  'test/browser/**/*.test.ts',
  'test/faults/**/*.test.ts',
  'test/adversarial/stop.test.ts',
  'test/cli/processes.test.ts',
  'test/cli/queryMemory.test.ts',
  'test/cli/npmSignals.test.ts',
  'test/schedule/processes.test.ts',
  'test/schedule/lockProcesses.test.ts',
  'test/schedule/realTime.test.ts',
  'test/schedule/signals.test.ts',
];

/**
 * Vitest's default is one worker fewer than the cores: one on CI's two. The unit and integration tests wait on DuckDB
 * and on files often enough that two workers on two cores finish in about 0.6 of the time; the slow project, whose
 * kills and signals are timed, keeps the default.
 */
const workers = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: unit, maxWorkers: workers } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          maxWorkers: workers,
          exclude: [...unit, ...slow],
          globalSetup: ['test/support/globalSetup.ts'],
        },
      },
      {
        extends: true,
        // After the others when all run at once (bare `vitest run`): projects with different worker counts may not share a group.
        test: {
          name: 'slow',
          include: slow,
          globalSetup: ['test/support/globalSetup.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
