/**
 * A release replaces what it publishes (docs/releases.md): a key that a later release covers but no longer publishes
 * is withdrawn from analytics.observations, recorded in analytics.revisions, and the as-of macros agree.
 * Releases here are CDC VSRR state files (cdc_vsrr_state, scope 'all'); inputs override the scope for 'periods' and
 * 'none'.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelines } from '../../pipelines/index.ts';
import { projectRoot } from '../../src/core/paths.ts';
import type { PipelineInput } from '../../src/core/pipeline.ts';
import { effectiveReleaseScope, type ReleaseScope } from '../../src/core/releaseScope.ts';
import { type SourceRun, sourceTests } from '../support/sourceRun.ts';
import { vsrrFile, vsrrLines } from '../support/vsrrCsv.ts';

const { fresh } = sourceTests('cdc_vsrr_state');
const FENTANYL = 'Synthetic opioids, excl. methadone (T40.4)';
const PLACES = { TX: 'Texas', NM: 'New Mexico' } as const;

type Place = keyof typeof PLACES;
/** A release: per place, the first month (0 = January 2021) and the values of consecutive months (null = gap). */
type Release = Partial<Record<Place, { from: number; values: (number | null)[] }>>;

const monthEnd = (i: number) => new Date(Date.UTC(2021, i + 1, 0)).toISOString().slice(0, 10);
const months = (from: number, n: number, base: number) =>
  Array.from({ length: n }, (_, i) => base + from + i);

/** Writes the release as the publisher's 12-column CSV; a null value leaves that month out of the file. */
function releaseFile(s: SourceRun, name: string, release: Release): string {
  const lines: string[] = [];
  for (const [place, series] of Object.entries(release) as [
    Place,
    { from: number; values: (number | null)[] },
  ][]) {
    const padded = [...Array.from({ length: series.from }, () => 0), ...series.values];
    const all = vsrrLines({
      state: place,
      stateName: PLACES[place],
      indicator: FENTANYL,
      startYear: 2021,
      values: padded.map((v) => v ?? 0),
    });
    lines.push(...all.filter((_, i) => i >= series.from && padded[i] !== null));
  }
  const path = join(s.temp.dir, name);
  writeFileSync(path, vsrrFile(lines));
  return path;
}

const input = (path: string, vintage: string, releaseScope?: ReleaseScope): PipelineInput => ({
  kind: 'file',
  path,
  vintage,
  demo: false,
  ...(releaseScope ? { releaseScope } : {}),
});

type Obs = { geo: string; period_end: string; value: number; vintage: string };
const current = (s: SourceRun, from = 'analytics.observations') =>
  s.rows<Obs>(
    `SELECT geo_code AS geo, strftime(period_end, '%Y-%m-%d') AS period_end, value,
            strftime(vintage, '%Y-%m-%d') AS vintage
     FROM ${from} WHERE source = 'cdc_vsrr_state' AND drug = 'fentanyl' AND measure = 'deaths'
     ORDER BY geo, period_end`,
  );
const expected = (geo: Place, from: number, values: number[], vintage: string): Obs[] =>
  values.map((value, i) => ({ geo, period_end: monthEnd(from + i), value, vintage }));

type Rev = {
  geo: string;
  period_end: string;
  old_vintage: string;
  old_value: number | null;
  old_status: string;
  new_vintage: string;
  new_value: number | null;
  new_status: string;
};
const revisions = (s: SourceRun, where = 'true') =>
  s.rows<Rev>(
    `SELECT geo_code AS geo, strftime(period_end, '%Y-%m-%d') AS period_end,
            strftime(old_vintage, '%Y-%m-%d') AS old_vintage, old_value, old_status,
            strftime(new_vintage, '%Y-%m-%d') AS new_vintage, new_value, new_status
     FROM analytics.revisions
     WHERE source = 'cdc_vsrr_state' AND drug = 'fentanyl' AND measure = 'deaths' AND (${where})
     ORDER BY geo, period_end, new_vintage`,
  );
const withdrawal = (geo: Place, i: number, old: [string, number], by: string): Rev => ({
  geo,
  period_end: monthEnd(i),
  old_vintage: old[0],
  old_value: old[1],
  old_status: 'provisional',
  new_vintage: by,
  new_value: null,
  new_status: 'withdrawn',
});

// Scope 'all' (the pipeline's own). R1: TX and NM, 2021. R2: TX from March 2021 to February 2022 with March revised,
// no NM (CDC withdrew it). R3: TX as in R2, NM again for January–June 2021 (June revised).
const R1: Release = {
  TX: { from: 0, values: months(0, 12, 100) },
  NM: { from: 0, values: months(0, 12, 50) },
};
const TX2 = [500, ...months(3, 11, 100)];
const R2: Release = { TX: { from: 2, values: TX2 } };
const NM3 = [...months(0, 5, 50), 900];
const R3: Release = { TX: { from: 2, values: TX2 }, NM: { from: 0, values: NM3 } };
const V1 = '2024-06-12';
const V2 = '2024-09-11';
const V3 = '2024-12-11';

async function loadAll(s: SourceRun, order: [Release, string][]): Promise<void> {
  for (const [i, [release, vintage]] of order.entries()) {
    const status = (await s.run([input(releaseFile(s, `r${i}.csv`, release), vintage)])).status;
    expect(status).toBe('succeeded');
  }
}

describe("release scope 'all': the release is the whole dataset", () => {
  it('withdraws what a later release no longer publishes, records it, and publishes it again when it returns', async () => {
    const s = fresh();
    await loadAll(s, [
      [R1, V1],
      [R2, V2],
    ]);
    expect(await current(s)).toEqual(expected('TX', 2, TX2, V2));
    const afterR2 = [
      ...[0, 1].map((i) => withdrawal('TX', i, [V1, 100 + i], V2)),
      ...Array.from({ length: 12 }, (_, i) => withdrawal('NM', i, [V1, 50 + i], V2)),
    ];
    expect(await revisions(s, "new_status = 'withdrawn'")).toEqual(
      afterR2.sort((a, b) => a.geo.localeCompare(b.geo) || a.period_end.localeCompare(b.period_end)),
    );
    // The revision of March 2021 is still an ordinary one.
    expect(await revisions(s, "new_status <> 'withdrawn'")).toMatchObject([
      { geo: 'TX', period_end: monthEnd(2), old_value: 102, new_value: 500, new_vintage: V2 },
    ]);

    await loadAll(s, [[R3, V3]]);
    expect(await current(s)).toEqual([...expected('NM', 0, NM3, V3), ...expected('TX', 2, TX2, V3)]);
    // NM January–June: withdrawn by R2, published again by R3 (from 'withdrawn'); July–December stay withdrawn,
    // recorded once, at the first release that withdrew them.
    const nm = await revisions(s, "geo_code = 'NM'");
    expect(nm.filter((r) => r.new_vintage === V3)).toEqual(
      NM3.map((value, i) => ({
        geo: 'NM',
        period_end: monthEnd(i),
        old_vintage: V2,
        old_value: null,
        old_status: 'withdrawn',
        new_vintage: V3,
        new_value: value,
        new_status: 'provisional',
      })),
    );
    expect(nm.filter((r) => r.new_vintage === V2)).toEqual(
      Array.from({ length: 12 }, (_, i) => withdrawal('NM', i, [V1, 50 + i], V2)),
    );

    // As of each date, only the releases known then: before R2 nothing is withdrawn; between R2 and R3 NM is.
    const asOf = (d: string) => current(s, `analytics.observations_as_of(DATE '${d}')`);
    expect(await asOf('2024-09-10')).toEqual([
      ...expected('NM', 0, months(0, 12, 50), V1),
      ...expected('TX', 0, months(0, 12, 100), V1),
    ]);
    expect(await asOf(V2)).toEqual(expected('TX', 2, TX2, V2));
    expect(await asOf('2024-12-10')).toEqual(expected('TX', 2, TX2, V2));
    expect(await asOf(V3)).toEqual(await current(s));
    for (const basis of ['vintage', 'loaded']) {
      const diff = await s.rows<{ n: number }>(
        `SELECT count(*) AS n FROM (
           (SELECT * FROM analytics.observations_as_of(DATE '2999-01-01', as_of_basis := '${basis}')
            EXCEPT ALL SELECT * FROM analytics.observations)
           UNION ALL
           (SELECT * FROM analytics.observations
            EXCEPT ALL SELECT * FROM analytics.observations_as_of(DATE '2999-01-01', as_of_basis := '${basis}')))`,
      );
      expect(diff, basis).toEqual([{ n: 0 }]);
    }
    const scopes = await s.rows(
      "SELECT DISTINCT release_scope FROM meta.loads WHERE source = 'cdc_vsrr_state' AND status = 'loaded'",
    );
    expect(scopes).toEqual([{ release_scope: 'all' }]);
  });

  it('gives the same analytics tables whatever order the releases are loaded in', async () => {
    const tables = async (order: [Release, string][], oneRun: boolean) => {
      const s = fresh();
      if (oneRun) {
        await s.run(
          order.map(([release, vintage], i) => input(releaseFile(s, `r${i}.csv`, release), vintage)),
        );
      } else {
        await loadAll(s, order);
      }
      const dump = (sql: string) => s.rows(sql).then((rows) => JSON.stringify(rows));
      return {
        observations: await dump('SELECT * EXCLUDE (load_id) FROM analytics.observations ORDER BY ALL'),
        revisions: await dump('SELECT * FROM analytics.revisions ORDER BY ALL'),
        coverage: await dump('SELECT * EXCLUDE (load_id) FROM analytics.release_coverage ORDER BY ALL'),
        series: await dump('SELECT * FROM analytics.series ORDER BY ALL'),
      };
    };
    const inOrder = await tables(
      [
        [R1, V1],
        [R2, V2],
        [R3, V3],
      ],
      false,
    );
    // Per measure (deaths, deaths_predicted): March 2021 revised, 14 withdrawals, 6 values published again.
    expect(JSON.parse(inOrder.revisions)).toHaveLength(2 * (1 + 14 + 6));
    expect(
      await tables(
        [
          [R3, V3],
          [R1, V1],
          [R2, V2],
        ],
        false,
      ),
    ).toEqual(inOrder);
    expect(
      await tables(
        [
          [R2, V2],
          [R3, V3],
          [R1, V1],
        ],
        true,
      ),
    ).toEqual(inOrder);
  });

  it('does not let parts of one release (same vintage) withdraw each other', async () => {
    const s = fresh();
    await s.run([
      input(releaseFile(s, 'tx.csv', { TX: R1.TX }), V1),
      input(releaseFile(s, 'nm.csv', { NM: R1.NM }), V1),
    ]);
    expect(await current(s)).toEqual([
      ...expected('NM', 0, months(0, 12, 50), V1),
      ...expected('TX', 0, months(0, 12, 100), V1),
    ]);
    expect(await revisions(s)).toEqual([]);
  });
});

describe("release scope 'periods': the release covers only the periods it holds", () => {
  it('withdraws a key inside its first..last period_end that it does not publish, and nothing outside', async () => {
    const s = fresh();
    // P2 covers July 2021 – June 2022, without September 2021.
    const P2 = months(6, 12, 1000).map((v, i) => (i === 2 ? null : v));
    await s.run([input(releaseFile(s, 'p1.csv', { TX: R1.TX }), V1, 'periods')]);
    await s.run([input(releaseFile(s, 'p2.csv', { TX: { from: 6, values: P2 } }), V2, 'periods')]);
    const kept = P2.flatMap((value, i) => (value === null ? [] : expected('TX', 6 + i, [value], V2)));
    expect(await current(s)).toEqual([...expected('TX', 0, months(0, 6, 100), V1), ...kept]);
    expect(await revisions(s, "new_status = 'withdrawn'")).toEqual([withdrawal('TX', 8, [V1, 108], V2)]);
    expect(await current(s, "analytics.observations_as_of(DATE '2024-09-10')")).toEqual(
      expected('TX', 0, months(0, 12, 100), V1),
    );
    const coverage = await s.rows(
      `SELECT strftime(vintage, '%Y-%m-%d') AS vintage, release_scope, strftime(first_period_end, '%Y-%m-%d') AS first,
              strftime(last_period_end, '%Y-%m-%d') AS last
       FROM analytics.release_coverage ORDER BY vintage`,
    );
    expect(coverage).toEqual([
      { vintage: V1, release_scope: 'periods', first: monthEnd(0), last: monthEnd(11) },
      { vintage: V2, release_scope: 'periods', first: monthEnd(6), last: monthEnd(17) },
    ]);
  });
});

describe("release scope 'none': a release that never withdraws", () => {
  it('keeps what a later submission leaves out, and is itself withdrawn by a later whole release', async () => {
    const s = fresh();
    await s.run([input(releaseFile(s, 'n1.csv', R1), V1, 'none')]);
    const TXn = months(0, 12, 200);
    await s.run([input(releaseFile(s, 'n2.csv', { TX: { from: 0, values: TXn } }), V2, 'none')]);
    expect(await current(s)).toEqual([
      ...expected('NM', 0, months(0, 12, 50), V1),
      ...expected('TX', 0, TXn, V2),
    ]);
    expect(await revisions(s, "new_status = 'withdrawn'")).toEqual([]);
    // A whole release ('all') later on speaks for every key of the source, those of 'none' loads included.
    await s.run([input(releaseFile(s, 'a3.csv', { NM: R1.NM }), V3)]);
    expect(await current(s)).toEqual(
      expected('NM', 0, months(0, 12, 50), V1).map((o) => ({ ...o, vintage: V3 })),
    );
    expect(await revisions(s, "new_status = 'withdrawn'")).toEqual(
      TXn.map((value, i) => withdrawal('TX', i, [V2, value], V3)),
    );
  });
});

describe('the scope a load records', () => {
  it("narrows 'all' to 'periods' for an incremental pull (a trailing window), and keeps the others", () => {
    expect(effectiveReleaseScope('all', true)).toBe('periods');
    expect(effectiveReleaseScope('all', false)).toBe('all');
    expect(effectiveReleaseScope('periods', true)).toBe('periods');
    expect(effectiveReleaseScope('none', true)).toBe('none');
  });
});

describe('docs/releases.md', () => {
  it("gives every pipeline's declared scope in its table", () => {
    const doc = readFileSync(join(projectRoot, 'docs/releases.md'), 'utf8');
    const table = [...doc.matchAll(/^\| `([a-z_]+)`\s*\| `(all|periods|none)`/gm)].map(
      (m) => [m[1], m[2]] as const,
    );
    expect(new Map(table)).toEqual(new Map(pipelines.map((p) => [p.name, p.releaseScope])));
  });
});
