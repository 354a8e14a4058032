/**
 * #14: any line DuckDB cannot read is a reject with its line number, never dropped. DuckDB drops a record longer than
 * its read buffer (32 MB) without a reject, reads a file whose only data line is such a record as empty, and stops at
 * a change of line ending with its own state-machine text.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunError } from '../../src/run/run.ts';
import { fileInput, sourceTests } from '../support/sourceRun.ts';
import { vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';

const t = sourceTests('cdc_vsrr_state');

const lines = vsrrLines({
  state: 'NM',
  stateName: 'New Mexico',
  indicator: 'Number of Drug Overdose Deaths',
  startYear: 2020,
  values: Array.from({ length: 24 }, (_, i) => 600 + i),
});
/** A data line whose footnote (text) field is `size` bytes long, quoted or not. */
const hugeLine = (size: number, quoted = false) =>
  (lines[0] as string)
    .split(',')
    .map((f, i) => (i === 9 ? (quoted ? `"${'x'.repeat(size)}"` : 'x'.repeat(size)) : f))
    .join(',');

async function loadFile(body: string): Promise<{ error: string; loaded: number }> {
  const run = t.fresh();
  const path = join(run.temp.dir, 'vsrr.csv');
  writeFileSync(path, body);
  const error = await run.run([fileInput(path, '2025-01-01')]).then(
    () => '',
    (e: unknown) => (e instanceof RunError ? e.message : String(e)),
  );
  // A first run whose only source failed publishes nothing.
  if (error) return { error, loaded: 0 };
  const [row] = await run.rows<{ n: bigint }>('SELECT count(*) AS n FROM raw.cdc_vsrr_state');
  return { error, loaded: Number(row?.n) };
}

describe('a line DuckDB cannot read', () => {
  it('of 35 MB among good lines is a reject naming its line (was: dropped, the other rows published)', async () => {
    const body = vsrrFile([...lines.slice(0, 10), hugeLine(35 * 1024 * 1024), ...lines.slice(10)], false);
    const { error, loaded } = await loadFile(body);
    expect(error).toMatch(/line 12\b.*longer than the 2000000 bytes a line may hold.*1 line\(s\) rejected/);
    expect(loaded).toBe(0);
  }, 120_000);

  it('of 35 MB as the only data line is named, not reported as an empty file', async () => {
    const { error } = await loadFile(vsrrFile([hugeLine(35 * 1024 * 1024, true)], false));
    expect(error).toMatch(/line 2\b.*longer than the 2000000 bytes/);
    expect(error).not.toMatch(/empty/);
  }, 120_000);

  it('of 3 MB, quoted, is a reject for its length (DuckDB says "unterminated quote")', async () => {
    const { error } = await loadFile(vsrrFile([...lines.slice(0, 3), hugeLine(3_000_000, true)], false));
    expect(error).toMatch(/line 5\b.*line of 3000\d\d\d bytes is longer than the 2000000 bytes/);
  }, 60_000);

  it('a change of line ending names the line (was: DuckDB state-machine text, no line)', async () => {
    const crlf = vsrrFile(lines.slice(0, 6), false).replaceAll('\n', '\r\n');
    const body = `${crlf}${lines.slice(6, 9).join('\n')}\n`;
    const { error, loaded } = await loadFile(body);
    expect(error).toMatch(/line 8\b.*ends with LF, but the header ends with CRLF/);
    expect(error).not.toMatch(/state machine/);
    expect(loaded).toBe(0);
  }, 60_000);

  it('a file with one line ending throughout still loads every line, whichever ending', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { error, loaded } = await loadFile(vsrrFile(lines, false).replaceAll('\n', eol));
      expect(error).toBe('');
      expect(loaded).toBe(lines.length);
    }
  }, 60_000);
});
