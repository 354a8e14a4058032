import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { runPipelines } from '../../src/run/run.ts';
import { openWarehouse, queryRows, queryValue, type Warehouse } from '../../src/warehouse/connection.ts';
import { type TempConfig, tempConfig } from '../support/tempConfig.ts';
import { vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';

const vsrr = pipelines.filter((p) => p.name === 'cdc_vsrr_state');
const FENTANYL = 'Synthetic opioids, excl. methadone (T40.4)';

// Vintage A (released 2024-06-12): 36 months of Texas fentanyl deaths from January 2021.
const A = Array.from({ length: 36 }, (_, i) => 1000 + 10 * i);
// Vintage B (released 2024-09-11): revises every month from the 6th on (+5), adds three months, and no longer carries
// the first month (January 2021): a whole release (cdc_vsrr_state's scope is 'all'), it withdraws that month.
const B = [...A.slice(1).map((v, i) => (i + 1 >= 5 ? v + 5 : v)), 1400, 1420, 1900];

type Obs = { period_end: string; value: number; vintage: string };

describe('as-of macros over two vintages and two detection runs', () => {
  let temp: TempConfig;
  let wh: Warehouse;
  const run = () =>
    runPipelines({
      data: 'demo',
      config: temp.config,
      pipelines: vsrr,
      allPipelines: pipelines,
      command: 'run',
      ingest: true,
      detect: true,
    });

  beforeAll(async () => {
    temp = tempConfig();
    const a = join(temp.dir, 'a.csv');
    const b = join(temp.dir, 'b.csv');
    writeFileSync(
      a,
      vsrrFile(
        vsrrLines({ state: 'TX', stateName: 'Texas', indicator: FENTANYL, startYear: 2021, values: A }),
      ),
    );
    writeFileSync(
      b,
      vsrrFile(
        vsrrLines({
          state: 'TX',
          stateName: 'Texas',
          indicator: FENTANYL,
          startYear: 2021,
          values: [0, ...B],
        }).slice(1),
      ),
    );
    temp.config.pipelines.cdc_vsrr_state = {
      enabled: true,
      inputs: [{ kind: 'file', path: a, vintage: '2024-06-12', demo: false }],
    };
    const first = await run();
    temp.config.pipelines.cdc_vsrr_state.inputs = [
      { kind: 'file', path: b, vintage: '2024-09-11', demo: false },
    ];
    const second = await run();
    expect([first.status, second.status]).toEqual(['succeeded', 'succeeded']);
    // The two runs happened a second apart today; pretend they ran the day after each release (a writable copy of
    // the published file, so the ledger can be edited).
    const copy = join(temp.dir, 'dated.duckdb');
    copyFileSync(temp.config.warehouse, copy);
    wh = await openWarehouse(copy);
    await wh.connection.run(
      `UPDATE meta.runs SET finished_at = CASE run_id WHEN ${first.runId} THEN TIMESTAMPTZ '2024-06-13 02:00:00+00'
         ELSE TIMESTAMPTZ '2024-09-12 02:00:00+00' END`,
    );
  }, 120_000);
  afterAll(() => {
    wh?.closeSync();
    temp?.cleanup();
  });

  const observations = (sql: string) =>
    queryRows<Obs>(
      wh.connection,
      `SELECT strftime(period_end, '%Y-%m-%d') AS period_end, value, strftime(vintage, '%Y-%m-%d') AS vintage
       FROM ${sql} WHERE source = 'cdc_vsrr_state' AND geo_code = 'TX' AND drug = 'fentanyl' AND measure = 'deaths'
       ORDER BY period_end`,
    );
  const monthEnd = (i: number) => new Date(Date.UTC(2021, i + 1, 0)).toISOString().slice(0, 10);

  it('knows nothing before the first release', async () => {
    expect(await observations("analytics.observations_as_of(DATE '2024-06-11')")).toEqual([]);
  });

  it('gives the first release between the two releases (the release day included)', async () => {
    const expected = A.map((value, i) => ({ period_end: monthEnd(i), value, vintage: '2024-06-12' }));
    expect(await observations("analytics.observations_as_of(DATE '2024-06-12')")).toEqual(expected);
    expect(await observations("analytics.observations_as_of('2024-09-10')")).toEqual(expected);
  });

  it('gives the revised values once the second release is out, without the month it withdrew', async () => {
    const expected = B.map((value, i) => ({ period_end: monthEnd(i + 1), value, vintage: '2024-09-11' }));
    expect(await observations("analytics.observations_as_of(DATE '2024-09-11')")).toEqual(expected);
    expect(await observations('analytics.observations')).toEqual(expected);
    const withdrawn = await queryRows(
      wh.connection,
      `SELECT strftime(period_end, '%Y-%m-%d') AS period_end, strftime(old_vintage, '%Y-%m-%d') AS old_vintage,
              old_value, old_status, strftime(new_vintage, '%Y-%m-%d') AS new_vintage, new_value, new_status, change
       FROM analytics.revisions
       WHERE geo_code = 'TX' AND drug = 'fentanyl' AND measure = 'deaths' AND new_status = 'withdrawn'`,
    );
    expect(withdrawn).toEqual([
      {
        period_end: monthEnd(0),
        old_vintage: '2024-06-12',
        old_value: A[0],
        old_status: 'provisional',
        new_vintage: '2024-09-11',
        new_value: null,
        new_status: 'withdrawn',
        change: null,
      },
    ]);
  });

  it('equals analytics.observations, every row and column, on any date after the latest vintage', async () => {
    const diff = await queryValue<number>(
      wh.connection,
      `SELECT count(*) FROM (
         (SELECT * FROM analytics.observations_as_of(DATE '2999-01-01') EXCEPT ALL SELECT * FROM analytics.observations)
         UNION ALL
         (SELECT * FROM analytics.observations EXCEPT ALL SELECT * FROM analytics.observations_as_of(DATE '2999-01-01')))`,
    );
    expect(diff).toBe(0);
    expect(
      await queryValue<number>(
        wh.connection,
        "SELECT count(*) FROM analytics.observations_as_of(DATE '2999-01-01')",
      ),
    ).toBe(await queryValue<number>(wh.connection, 'SELECT count(*) FROM analytics.observations'));
  });

  it("with as_of_basis := 'loaded', follows when this warehouse loaded each release", async () => {
    const loaded = (d: string) =>
      observations(`analytics.observations_as_of(DATE '${d}', as_of_basis := 'loaded')`);
    expect(await loaded('2024-06-12')).toEqual([]); // released that day, loaded (run finished) the next
    expect((await loaded('2024-06-13')).map((r) => r.vintage)).toEqual(A.map(() => '2024-06-12'));
    expect((await loaded('2024-09-11')).map((r) => r.value)).toEqual(A);
    expect((await loaded('2024-09-12')).map((r) => r.value)).toEqual(B);
  });

  it('refuses an unknown basis with a clear error', async () => {
    await expect(
      queryRows(
        wh.connection,
        "SELECT * FROM analytics.observations_as_of(DATE '2024-09-12', as_of_basis := 'x')",
      ),
    ).rejects.toThrow(/as_of_basis must be 'vintage' or 'loaded'/);
  });

  it('gives the alerts of the last detection run finished by the end of the date (UTC)', async () => {
    const runsOn = async (d: string) =>
      (
        await queryRows<{ run_id: number }>(
          wh.connection,
          `SELECT DISTINCT run_id FROM analytics.alerts_as_of(DATE '${d}') ORDER BY 1`,
        )
      ).map((r) => r.run_id);
    const runs = (
      await queryRows<{ run_id: number }>(
        wh.connection,
        'SELECT DISTINCT run_id FROM analytics.alerts ORDER BY 1',
      )
    ).map((r) => r.run_id);
    expect(runs).toHaveLength(2);
    expect(await runsOn('2024-06-12')).toEqual([]);
    expect(await runsOn('2024-06-13')).toEqual([runs[0]]);
    expect(await runsOn('2024-09-11')).toEqual([runs[0]]);
    expect(await runsOn('2024-09-12')).toEqual([runs[1]]);
    // All of that run's verdicts, nothing else.
    expect(
      await queryValue<number>(wh.connection, "SELECT count(*) FROM analytics.alerts_as_of('2024-09-12')"),
    ).toBe(
      await queryValue<number>(
        wh.connection,
        `SELECT count(*) FROM analytics.alerts WHERE run_id = ${runs[1]}`,
      ),
    );
    // The second run saw the revised series: its last verdict is for the month only vintage B has.
    expect(
      await queryValue<string>(
        wh.connection,
        "SELECT strftime(max(period_end), '%Y-%m-%d') FROM analytics.alerts_as_of('2024-09-12')",
      ),
    ).toBe(monthEnd(38));
  });

  it("does not depend on the session's time zone", async () => {
    await wh.connection.run("SET TimeZone = 'America/Mexico_City'");
    try {
      // Run 1 finished 2024-06-13 02:00 UTC, which is 2024-06-12 20:00 in Mexico City: still not known on the 12th.
      expect(
        await queryValue<number>(wh.connection, "SELECT count(*) FROM analytics.alerts_as_of('2024-06-12')"),
      ).toBe(0);
      expect(
        await queryValue<number>(wh.connection, "SELECT count(*) FROM analytics.alerts_as_of('2024-06-13')"),
      ).toBeGreaterThan(0);
    } finally {
      await wh.connection.run("SET TimeZone = 'UTC'");
    }
  });
});
