import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rateBand } from '../../pipelines/cdc_naloxone_rates/fixtureRows.ts';
import {
  NALOXONE_BAD,
  NALOXONE_BAD_LINES,
  NALOXONE_LINK_PATH,
  NALOXONE_PAGE,
  NALOXONE_RELEASE,
} from '../../pipelines/cdc_naloxone_rates/fixtures.ts';
import naloxone, {
  NALOXONE_LINK_PATTERN,
  NALOXONE_VINTAGE_PATTERN,
} from '../../pipelines/cdc_naloxone_rates/pipeline.ts';
import { CENSUS_FILES } from '../../pipelines/census_state_population/fixtures.ts';
import { pipelines } from '../../pipelines/index.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { RunError, runPipelines, workingPath } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { serveFile } from '../support/fixtureServer.ts';
import { duck, fileInput, type SourceRun, sourceRun, sourceTests } from '../support/sourceRun.ts';
import { sharedDatasets, tempConfig } from '../support/tempConfig.ts';

const { fresh, serve } = sourceTests('cdc_naloxone_rates');
const fixture = (path: string) => join(fixturesDir, path);
const DEMO = fixture(NALOXONE_RELEASE.file);
const HEADER =
  'YEAR,STATE_NAME,STATE_ABBREV,STATE_FIPS,naloxone_dispensing_rate,Naloxone Dispensing Rate (per 100 persons)';
const PAGE = '/overdose-prevention/data-research/facts-stats/naloxone-dispensing-rate-maps.html';

interface Obs {
  geo_code: string;
  year: number;
  start: string;
  end: string;
  period_type: string;
  drug: string;
  measure: string;
  value: number | null;
  status: string;
  note: string;
}
const observations = (run: SourceRun) =>
  run.rows<Obs>(
    `SELECT geo_code, year(period_start) AS year, strftime(period_start, '%Y-%m-%d') AS start,
            strftime(period_end, '%Y-%m-%d') AS end, period_type, drug, measure, value, status, note
     FROM analytics.observations WHERE source = 'cdc_naloxone_rates' ORDER BY year, geo_code`,
  );

/** The file read straight by DuckDB, without the pipeline: one row per state and year. */
const direct = (path: string) =>
  duck<{ geo_code: string; year: number; value: number; band: string }>(
    `SELECT STATE_ABBREV AS geo_code, YEAR::INTEGER AS year, naloxone_dispensing_rate AS value,
            "Naloxone Dispensing Rate (per 100 persons)" AS band
     FROM read_csv('${path}') ORDER BY year, geo_code`,
  );

/** Every observation equals the file's own value, state by state and year by year; the band is in the note. */
async function expectSameAsFile(run: SourceRun, path: string, rows: number): Promise<void> {
  const [got, want] = await Promise.all([observations(run), direct(path)]);
  expect(got).toHaveLength(rows);
  expect(got.map((o) => [o.geo_code, o.year, o.value])).toEqual(
    want.map((w) => [w.geo_code, w.year, w.value]),
  );
  expect(got.map((o) => o.note)).toEqual(
    want.map(
      (w) =>
        `retail naloxone prescriptions per 100 persons (IQVIA Xponent), as published; CDC map band ${w.band}`,
    ),
  );
  for (const o of got) {
    expect(o).toMatchObject({
      start: `${o.year}-01-01`,
      end: `${o.year}-12-31`,
      period_type: 'year',
      drug: 'naloxone',
      measure: 'naloxone_rx_per_100',
      status: 'reported',
    });
  }
}

describe('cdc_naloxone_rates on the demo fixture', () => {
  it('is written in the download format: BOM, the real header, CRLF, no line break at the end, CDC band labels', () => {
    const bytes = readFileSync(DEMO);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text.endsWith('\n')).toBe(false);
    expect(lines).toHaveLength(1 + 5 * 51);
    const bands = new Set(lines.slice(1).map((l) => l.split(',')[5]));
    expect([...bands].sort()).toEqual(['0.2 - 0.4', '0.5 - 0.6', '<0.2', '>0.6']);
    // Rates as CDC prints them: one decimal at most, whole numbers without one (1, not 1.0).
    expect(lines.slice(1).every((l) => /^\d+(\.\d)?$/.test(l.split(',')[4] ?? ''))).toBe(true);
  });

  it('loads: one rate per state and year, as published, for a calendar year; the demo input is marked demo', async () => {
    const s = fresh();
    const summary = await s.run();
    expect(summary.demo).toBe(true);
    expect(summary.loads.map((l) => [l.vintage, l.rowsLoaded, l.rowsRejected, l.layout])).toEqual([
      [NALOXONE_RELEASE.vintage, 255, 0, 'cdc_state_naloxone_rates'],
    ]);
    await expectSameAsFile(s, DEMO, 255);
    const raw = await s.rows<{ state_fips: string; rate_band: string }>(
      "SELECT state_fips, rate_band FROM raw.cdc_naloxone_rates WHERE state_abbrev = 'AL' AND year = 2019",
    );
    expect(raw).toEqual([{ state_fips: '01', rate_band: '0.2 - 0.4' }]);
  });

  it('an empty rate is kept as missing (NULL), never 0', async () => {
    const s = fresh();
    const lines = readFileSync(DEMO, 'utf8').split('\r\n');
    const az = lines.findIndex((l) => l.startsWith('2021,Arizona,'));
    lines[az] = '2021,Arizona,AZ,04,,';
    const path = join(s.temp.dir, 'empty-rate.csv');
    writeFileSync(path, lines.join('\r\n'));
    await s.run([fileInput(path, '2024-11-20')]);
    const [obs] = await s.rows<{ value: number | null; status: string }>(
      `SELECT value, status FROM analytics.observations
       WHERE source = 'cdc_naloxone_rates' AND geo_code = 'AZ' AND period_start = DATE '2021-01-01'`,
    );
    expect(obs).toEqual({ value: null, status: 'missing' });
  });

  it("a year without one of the 51 jurisdictions fails the run's checks, naming the state", async () => {
    const s = fresh();
    const lines = readFileSync(DEMO, 'utf8').split('\r\n');
    const path = join(s.temp.dir, 'no-wyoming-2023.csv');
    writeFileSync(path, lines.filter((l) => !l.startsWith('2023,Wyoming,')).join('\r\n'));
    await expect(s.run([fileInput(path, '2024-11-20')])).rejects.toThrow(
      /check cdc_naloxone_rates_states_per_year failed: 1 offending row\(s\), e\.g\. \{"load_id":\d+,"year":2023,"missing_state":"WY"\}/,
    );
  });

  it('analytics.rates never divides the rate by a population again, though a Census denominator is loaded', async () => {
    const t = sourceRun({
      cdc_naloxone_rates: [fileInput(DEMO, NALOXONE_RELEASE.vintage)],
      census_state_population: [fileInput(fixture(CENSUS_FILES.v2024), '2024-12-19')],
    });
    try {
      await t.run();
      const [counts] = await t.rows<{ population: number; rates: number; observations: number }>(
        `SELECT (SELECT count(*) FROM analytics.population WHERE geo_code = 'AZ' AND year BETWEEN 2020 AND 2023) AS population,
                (SELECT count(*) FROM analytics.rates WHERE source = 'cdc_naloxone_rates') AS rates,
                (SELECT count(*) FROM analytics.observations WHERE source = 'cdc_naloxone_rates') AS observations`,
      );
      expect(counts).toEqual({ population: 4, rates: 0, observations: 255 });
    } finally {
      t.temp.cleanup();
    }
  });

  const bad: [string, RegExp, { line: number; column: string } | null][] = [
    [
      NALOXONE_BAD.renamedColumn,
      /renamed_column\.csv line 1 column "naloxone_dispensing_rate": missing column "naloxone_dispensing_rate" \(the file has "naloxone_rate" instead: renamed\?\)/,
      null,
    ],
    [
      NALOXONE_BAD.wrongType,
      new RegExp(
        `wrong_type\\.csv line ${NALOXONE_BAD_LINES.wrongType} column "naloxone_dispensing_rate": .*"0\\.3x".*1 line\\(s\\) rejected`,
      ),
      { line: NALOXONE_BAD_LINES.wrongType, column: 'naloxone_dispensing_rate' },
    ],
    [
      NALOXONE_BAD.unknownState,
      new RegExp(
        `unknown_state\\.csv line ${NALOXONE_BAD_LINES.unknownState} column "STATE_ABBREV": unknown state "XX": expected a USPS code of sql/seeds/geography_us\\.csv`,
      ),
      { line: NALOXONE_BAD_LINES.unknownState, column: 'STATE_ABBREV' },
    ],
    [
      NALOXONE_BAD.fipsMismatch,
      new RegExp(
        `fips_mismatch\\.csv line ${NALOXONE_BAD_LINES.fipsMismatch} column "STATE_FIPS": STATE_FIPS "05" is not the FIPS code of AZ \\(04\\)`,
      ),
      { line: NALOXONE_BAD_LINES.fipsMismatch, column: 'STATE_FIPS' },
    ],
    [
      NALOXONE_BAD.outOfRange,
      new RegExp(
        `out_of_range\\.csv line ${NALOXONE_BAD_LINES.outOfRange} column "naloxone_dispensing_rate": naloxone_dispensing_rate 35\\.0: expected retail naloxone prescriptions per 100 persons, from 0 to 20`,
      ),
      { line: NALOXONE_BAD_LINES.outOfRange, column: 'naloxone_dispensing_rate' },
    ],
    [
      NALOXONE_BAD.duplicateKey,
      new RegExp(
        `duplicate_key\\.csv line ${NALOXONE_BAD_LINES.duplicate[0]} column "STATE_ABBREV": the same year and state appear 2 times in this release; 2 line\\(s\\) rejected`,
      ),
      { line: NALOXONE_BAD_LINES.duplicate[0], column: 'STATE_ABBREV' },
    ],
  ];
  it.each(bad)(
    'refuses %s naming file, line and column, and loads nothing of it',
    async (file, message, reject) => {
      const s = fresh();
      const error = await s.run([fileInput(fixture(file), '2024-11-20')]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RunError);
      expect((error as Error).message).toMatch(/^cdc_naloxone_rates: /m);
      expect((error as Error).message).toMatch(message);
      expect(existsSync(s.temp.config.warehouse)).toBe(false);
      const wh = await openWarehouse(workingPath(s.temp.config), { readOnly: true });
      try {
        expect(
          await queryRows(wh.connection, 'SELECT count(*)::INTEGER AS n FROM raw.cdc_naloxone_rates'),
        ).toEqual([{ n: 0 }]);
        const rejects = await queryRows<{ line: number; column_name: string }>(
          wh.connection,
          'SELECT line, column_name FROM meta.rejects ORDER BY line',
        );
        if (reject) expect(rejects[0]).toMatchObject({ line: reject.line, column_name: reject.column });
      } finally {
        wh.closeSync();
      }
    },
  );
});

describe('cdc_naloxone_rates from the maps page (page_link, the live input)', () => {
  it('finds the table among the page links, dates the release from its media folder, and loads it', async () => {
    const server = await serve({
      [PAGE]: serveFile(fixture(NALOXONE_PAGE)),
      [NALOXONE_LINK_PATH]: serveFile(DEMO),
    });
    const s = fresh();
    const summary = await s.run([
      {
        kind: 'page_link',
        pageUrl: server.url + PAGE,
        linkPattern: NALOXONE_LINK_PATTERN,
        vintagePattern: NALOXONE_VINTAGE_PATTERN,
      },
    ]);
    expect(summary.loads.map((l) => [l.origin, l.vintage, l.rowsLoaded])).toEqual([
      [server.url + NALOXONE_LINK_PATH, '2024-11-01', 255],
    ]);
    await expectSameAsFile(s, DEMO, 255);
  });

  it('refuses clearly when the page links no naloxone CSV', async () => {
    const server = await serve({
      [PAGE]: {
        status: 200,
        contentType: 'text/html',
        body: '<!DOCTYPE html><html><a href="/maps.pdf">PDF</a></html>',
      },
    });
    const s = fresh();
    const error = await s
      .run([{ kind: 'page_link', pageUrl: server.url + PAGE, linkPattern: NALOXONE_LINK_PATTERN }])
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      new RegExp(`^cdc_naloxone_rates: ${server.url}${PAGE}: .* has no link matching /\\[Nn\\]aloxone`),
    );
    expect(existsSync(s.temp.config.warehouse)).toBe(false);
  });
});

describe('cdc_naloxone_rates bundled release', () => {
  const [bundled] = naloxone.bundledInputs;
  const bundledPath = bundled?.kind === 'file' ? bundled.path : '';

  it('is the file PROVENANCE.md describes, byte for byte, and loads by default as real data', async () => {
    const sha = createHash('sha256').update(readFileSync(bundledPath)).digest('hex');
    const provenance = readFileSync(join(bundledPath, '..', 'PROVENANCE.md'), 'utf8');
    expect(provenance).toContain(sha);
    expect(provenance).toContain(`vintage **${bundled?.kind === 'file' ? bundled.vintage : ''}**`);
    const temp = tempConfig();
    try {
      const summary = await runPipelines({
        config: temp.config,
        pipelines: pipelines.filter((p) => p.name === 'cdc_naloxone_rates'),
        allPipelines: pipelines,
        command: 'ingest',
        ingest: true,
        detect: false,
      });
      expect(summary.demo).toBe(false);
      expect(summary.loads.map((l) => [l.vintage, l.rowsLoaded])).toEqual([['2025-10-14', 255]]);
    } finally {
      temp.cleanup();
    }
  });
});

const realFile = join(
  sharedDatasets,
  'cdc-naloxone-dispensing-rates',
  'state-naloxone-dispensing-rates-2019-2023.csv',
);
const realPresent = existsSync(realFile);
if (!realPresent) console.warn(`skipping the real CDC naloxone dispensing rates: ${realFile} not found`);

describe.skipIf(!realPresent)('cdc_naloxone_rates on the real CDC file', () => {
  it('the bundled copy is the shared dataset byte for byte', () => {
    const [bundled] = naloxone.bundledInputs;
    expect(bundled?.kind === 'file' && readFileSync(bundled.path).equals(readFileSync(realFile))).toBe(true);
  });

  it('every one of the 255 values equals what DuckDB reads from the file; the checked values and yearly means', async () => {
    const s = fresh();
    const summary = await s.run([fileInput(realFile, '2025-10-14')]);
    expect(summary.loads.map((l) => [l.rowsLoaded, l.rowsRejected])).toEqual([[255, 0]]);
    await expectSameAsFile(s, realFile, 255);
    const checked = await s.rows<{ geo_code: string; year: number; value: number }>(
      `SELECT geo_code, year(period_start) AS year, value FROM analytics.observations
       WHERE source = 'cdc_naloxone_rates'
         AND (geo_code, year(period_start)) IN (('NM', 2019), ('KY', 2021), ('AR', 2022), ('WY', 2023))
       ORDER BY year`,
    );
    expect(checked).toEqual([
      { geo_code: 'NM', year: 2019, value: 1.6 },
      { geo_code: 'KY', year: 2021, value: 0.7 },
      { geo_code: 'AR', year: 2022, value: 1.7 },
      { geo_code: 'WY', year: 2023, value: 2.5 },
    ]);
    const means = await s.rows<{ year: number; mean: number; states: number }>(
      `SELECT year(period_start) AS year, round(avg(value), 3) AS mean, count(DISTINCT geo_code)::INTEGER AS states
       FROM analytics.observations WHERE source = 'cdc_naloxone_rates' GROUP BY 1 ORDER BY 1`,
    );
    expect(means.map((m) => m.states)).toEqual([51, 51, 51, 51, 51]);
    expect(means[0]).toMatchObject({ year: 2019, mean: 0.286 });
    expect(means[4]).toMatchObject({ year: 2023, mean: 0.706 });
  });

  it('the demo fixture has the real file’s header, band labels, state order and line endings', () => {
    const real = readFileSync(realFile, 'utf8');
    const demo = readFileSync(DEMO, 'utf8');
    const rows = (text: string) => text.split('\r\n').map((l) => l.split(','));
    expect(rows(demo)[0]).toEqual(rows(real)[0]);
    expect(rows(demo).map((r) => r.slice(0, 4))).toEqual(rows(real).map((r) => r.slice(0, 4)));
    expect(new Set(rows(demo).map((r) => r[5]))).toEqual(new Set(rows(real).map((r) => r[5])));
    expect([real.charCodeAt(0), real.endsWith('\n')]).toEqual([demo.charCodeAt(0), demo.endsWith('\n')]);
    // The generator's band rule is CDC's: every real row's band follows from its rate.
    const misbanded = rows(real)
      .slice(1)
      .filter((r) => r[5] !== rateBand(Math.round(Number(r[4]) * 10)));
    expect(misbanded).toEqual([]);
  });
});
