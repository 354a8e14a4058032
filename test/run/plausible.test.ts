import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceTests } from '../support/sourceRun.ts';
import { vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';

// Values a parser accepts but no publisher means: refused by the checks (or before loading), naming the source, and
// nothing of them published (issue #14).
const { fresh } = sourceTests('cdc_vsrr_state');

function file(dir: string, edit: (lines: string[]) => string[]): string {
  const lines = vsrrLines({
    state: 'AZ',
    stateName: 'Arizona',
    indicator: 'Synthetic opioids, excl. methadone (T40.4)',
    startYear: 2023,
    values: Array.from({ length: 14 }, (_, i) => 100 + i),
  });
  const path = join(dir, 'vsrr.csv');
  writeFileSync(path, vsrrFile(edit(lines)));
  return path;
}

const withValue = (value: string) => (lines: string[]) =>
  lines.map((l, i) => (i === 5 ? l.replace(/,105,100,0,/, `,${value},100,0,`) : l));

describe('implausible input', () => {
  it.each([
    ['NaN', withValue('NaN')],
    ['infinity', withValue('inf')],
    ['1e300 deaths', withValue('1e300')],
    [
      'the year 3000',
      (lines: string[]) => lines.map((l, i) => (i === 2 ? l.replace(',2023,', ',3000,') : l)),
    ],
    [
      'the year 1850',
      (lines: string[]) => lines.map((l, i) => (i === 2 ? l.replace(',2023,', ',1850,') : l)),
    ],
  ])('%s fails the source in the checks, and nothing of it is published', async (_what, edit) => {
    const t = fresh();
    const path = file(t.temp.dir, edit);
    const error = await t.run([{ kind: 'file', path, vintage: '2024-05-15', demo: true }]).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/cdc_vsrr_state/);
    expect((error as Error).message).toMatch(/values_in_range/);
    // The source was the run's only one: with it rolled back, there was nothing to publish.
    expect(existsSync(t.temp.config.warehouse)).toBe(false);
  });

  it('a release dated in the future is refused before anything is loaded', async () => {
    const t = fresh();
    const path = file(t.temp.dir, (lines) => lines);
    const error = await t.run([{ kind: 'file', path, vintage: '3000-01-01', demo: true }]).catch((e) => e);
    expect((error as Error).message).toMatch(
      /cdc_vsrr_state: .*vsrr\.csv: release date 3000-01-01 is in the future; expected a date no later than \d{4}-\d{2}-\d{2}/,
    );
  });
});
