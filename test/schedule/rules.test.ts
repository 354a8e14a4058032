import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/core/config.ts';
import { InputError } from '../../src/core/errors.ts';
import { FetchError } from '../../src/fetch/http.ts';
import { classifyError, InterruptedError } from '../../src/run/errors.ts';
import { RunError } from '../../src/run/run.ts';
import { canonicalTimezone, nextRuns, scheduleProblems } from '../../src/schedule/cron.ts';
import { defaultThresholds, evaluateFreshness, thresholdsFor } from '../../src/schedule/freshness.ts';
import { backoffDelay } from '../../src/schedule/retry.ts';
import { ChecksFailedError } from '../../src/warehouse/checks.ts';
import { LockBusyError } from '../../src/warehouse/lock.ts';

describe('schedules', () => {
  it('accepts 5- and 6-field cron expressions in an IANA zone', () => {
    expect(scheduleProblems({ cron: '0 6 * * 4', timezone: 'America/New_York' }, 'x')).toEqual([]);
    expect(scheduleProblems({ cron: '*/2 * * * * *', timezone: 'America/Mexico_City' }, 'x')).toEqual([]);
    expect(canonicalTimezone('america/new_york')).toBe('America/New_York');
  });

  it('names the source of a bad expression or zone and says what was expected', () => {
    const problems = scheduleProblems(
      { cron: '0 25 * * *', timezone: 'Mars/Olympus' },
      'pipeline cdc_vsrr_state',
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^pipeline cdc_vsrr_state: invalid cron expression "0 25 \* \* \*": hour: 25 is a invalid expression for hour \(expected 5 fields/,
      ),
      'pipeline cdc_vsrr_state: unknown time zone "Mars/Olympus" (expected an IANA name such as America/New_York, America/Mexico_City or UTC)',
    ]);
    expect(scheduleProblems({ cron: 'every day', timezone: 'UTC' }, 'p')[0]).toMatch(
      /expected 5 or 6 fields but got 2/,
    );
  });

  it("computes the next runs in the schedule's zone (06:00 New York is 11:00 UTC in winter)", () => {
    const [next] = nextRuns({ cron: '0 6 * * *', timezone: 'America/New_York' });
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(next);
    expect(local).toBe('06:00');
  });
});

describe('freshness', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const base = { releases: 'monthly' as const, thresholds: defaultThresholds('monthly'), loads: 2, now };

  it('derives thresholds from how often the publisher releases (1.5 and 2.5 periods)', () => {
    expect(defaultThresholds('weekly')).toEqual({ warnAfterDays: 11, errorAfterDays: 18 });
    expect(defaultThresholds('monthly')).toEqual({ warnAfterDays: 46, errorAfterDays: 77 });
    expect(defaultThresholds('quarterly')).toEqual({ warnAfterDays: 137, errorAfterDays: 229 });
    expect(defaultThresholds('yearly')).toEqual({ warnAfterDays: 548, errorAfterDays: 914 });
    expect(defaultThresholds('five-yearly')).toEqual({ warnAfterDays: 2740, errorAfterDays: 4566 });
    expect(thresholdsFor('monthly', { warnAfterDays: 10, errorAfterDays: 20 })).toEqual({
      warnAfterDays: 10,
      errorAfterDays: 20,
    });
  });

  it("judges publishers' data by the age of the latest vintage", () => {
    const at = (vintage: string) =>
      evaluateFreshness({
        ...base,
        latestVintage: vintage,
        lastLoadedAt: '2026-03-01 10:00:00+00',
        demo: false,
      });
    expect(at('2026-02-10')).toMatchObject({ state: 'ok', basis: 'vintage', ageDays: 19 });
    expect(at('2026-01-10')).toMatchObject({ state: 'warn', ageDays: 50 });
    expect(at('2025-12-01')).toMatchObject({ state: 'error', ageDays: 90 });
    expect(at('2025-12-01').reason).toBe(
      'latest vintage is 90 day(s) old; monthly releases: warn after 46, error after 77 days',
    );
  });

  it('judges demo data by its last load, since its vintages are fixed dates', () => {
    const demo = (lastLoadedAt: string) =>
      evaluateFreshness({ ...base, latestVintage: '2024-11-13', lastLoadedAt, demo: true });
    expect(demo('2026-03-01 10:00:00+00')).toMatchObject({ state: 'ok', basis: 'last_load', ageDays: 0 });
    expect(demo('2026-01-05 10:00:00+0000')).toMatchObject({ state: 'warn', ageDays: 55 });
    expect(demo('2025-11-01T10:00:00Z')).toMatchObject({ state: 'error' });
  });

  it('puts a source never loaded in error', () => {
    expect(
      evaluateFreshness({ ...base, loads: 0, latestVintage: null, lastLoadedAt: null, demo: false }),
    ).toMatchObject({
      state: 'error',
      reason: 'not loaded: no release bundled or fetched (run --live, or add a file)',
    });
  });

  it('validates per-pipeline overrides in the configuration', () => {
    const bad = configSchema.safeParse({
      pipelines: { cdc_vsrr_state: { freshness: { warnAfterDays: 30, errorAfterDays: 10 } } },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('errorAfterDays must be greater than warnAfterDays');
    const good = configSchema.parse({
      pipelines: {
        cdc_vsrr_state: {
          schedule: { cron: '*/5 * * * * *', timezone: 'UTC' },
          freshness: { warnAfterDays: 10, errorAfterDays: 20 },
          retries: { count: 1 },
        },
      },
    });
    expect(good.pipelines.cdc_vsrr_state?.retries).toEqual({ count: 1 });
    expect(good.schedule).toMatchObject({ catchUp: true, detect: true, report: true, lockWaitSeconds: 1800 });
    expect(good.schedule.retries).toEqual({ count: 3, backoffMs: 60_000, maxBackoffMs: 1_800_000 });
    expect(good.lock).toEqual({ waitSeconds: 0 });
  });
});

describe('failure kinds and retries', () => {
  const fetchError = (kind: 'timeout' | 'network' | 'http' | 'content_type', status?: number) =>
    new FetchError('x', { url: 'http://127.0.0.1/x', kind, attempts: 1, ...(status ? { status } : {}) });

  it('retries the network, timeouts, HTTP 5xx and 429, and a busy warehouse; not bad input', () => {
    expect(classifyError(fetchError('network'))).toBe('transient');
    expect(classifyError(fetchError('timeout'))).toBe('transient');
    expect(classifyError(fetchError('http', 503))).toBe('transient');
    expect(classifyError(fetchError('http', 429))).toBe('transient');
    expect(classifyError(fetchError('http', 404))).toBe('input');
    expect(classifyError(fetchError('content_type'))).toBe('input');
    expect(classifyError(new InputError({ source: 's', origin: 'f.csv', line: 3 }, 'bad'))).toBe('input');
    const failedCheck = { name: 'observation_key_unique', failing: 2, sample: [{ geo_code: '04' }] };
    expect(classifyError(new ChecksFailedError([failedCheck]))).toBe('input');
    expect(new ChecksFailedError([failedCheck]).message).toBe(
      'check observation_key_unique failed: 2 offending row(s), e.g. {"geo_code":"04"}',
    );
    // A plain error that merely reads like one is not taken for bad data.
    expect(classifyError(new Error('check observation_key_unique failed: 2 offending row(s)'))).toBe(
      'failed',
    );
    expect(classifyError(new Error('IO Error: Could not set lock on file "x.duckdb"'))).toBe('busy');
    expect(
      classifyError(
        new LockBusyError(
          '/l',
          { pid: 1, host: 'h', procStart: null, command: 'run', job: null, since: '', token: '' },
          'w',
          0,
        ),
      ),
    ).toBe('busy');
    expect(classifyError(new InterruptedError('SIGTERM'))).toBe('interrupted');
    expect(classifyError(new Error('disk full'))).toBe('failed');
    // Through a RunError's cause.
    expect(new RunError('x', 3, { cause: fetchError('http', 502) }).kind).toBe('transient');
  });

  it('backs off exponentially with at most 10% jitter, capped', () => {
    const policy = { count: 5, backoffMs: 1000, maxBackoffMs: 5000 };
    expect([1, 2, 3, 4].map((a) => backoffDelay(policy, a, () => 0))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(1100);
  });
});
