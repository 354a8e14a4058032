import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPipeline } from '../../pipelines/index.ts';
import { definePipeline } from '../../src/core/pipeline.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { matchLayout } from '../../src/warehouse/csvLayout.ts';
import { loadCsv } from '../../src/warehouse/loadCsv.ts';
import { migrate } from '../../src/warehouse/migrate.ts';
import { ensureRawTable } from '../../src/warehouse/rawTable.ts';

const vsrr = findPipeline('cdc_vsrr_state');
const HEADER_12 =
  'State,Year,Month,Period,Indicator,Data Value,Percent Complete,Percent Pending Investigation,State Name,Footnote,Footnote Symbol,Predicted Value';
// The 2018 releases' order (issue #11): ten columns, State Name second, Predicted Value after Data Value.
const HEADER_10 =
  'State,State Name,Year,Month,Indicator,Data Value,Predicted Value,Percent Complete,Percent Pending Investigation,Footnote';

const match = (header: string) => matchLayout(vsrr, header.split(','), 'f.csv');

describe('matchLayout: a header is matched to a layout by its set of names', () => {
  it('takes the 12-column layout for the 12-column header, in any order', () => {
    const shuffled = HEADER_12.split(',').reverse().join(',');
    for (const header of [HEADER_12, shuffled]) {
      const m = match(header);
      expect(m.layout.name).toBe('vsrr_12col');
      expect(m.unknownColumns).toEqual([]);
    }
    // Each file column is read into the raw column of its name, wherever it stands.
    expect(match(shuffled).columns.slice(0, 3)).toEqual([
      { header: 'Predicted Value', raw: 'predicted_value' },
      { header: 'Footnote Symbol', raw: 'footnote_symbol' },
      { header: 'Footnote', raw: 'footnote' },
    ]);
  });

  it('takes the 10-column layout for the real 2018 order (not the 12-column one, which needs Period)', () => {
    const m = match(HEADER_10);
    expect(m.layout.name).toBe('vsrr_10col');
    expect(m.columns.map((c) => c.raw)).toEqual([
      'state',
      'state_name',
      'year',
      'month',
      'indicator',
      'data_value',
      'predicted_value',
      'percent_complete',
      'percent_pending_investigation',
      'footnote',
    ]);
  });

  it('ignores case, surrounding spaces and a byte-order mark', () => {
    const messy = `\uFEFFstate, YEAR ,month,period,indicator,data value,PERCENT COMPLETE,percent pending investigation,state name,footnote,footnote symbol,predicted value`;
    const m = match(messy);
    expect(m.layout.name).toBe('vsrr_12col');
    expect(m.columns[0]).toEqual({ header: 'state', raw: 'state' });
    expect(m.columns[1]).toEqual({ header: 'YEAR', raw: 'year' });
  });

  it('reports a column no layout names, and still matches', () => {
    const m = match(`${HEADER_12},Notes`);
    expect(m.layout.name).toBe('vsrr_12col');
    expect(m.unknownColumns).toEqual(['Notes']);
    expect(m.columns.at(-1)).toEqual({ header: 'Notes', raw: null });
  });

  it('refuses a missing required column, naming it, the layout, the file and the source', () => {
    const header = HEADER_12.replace('Data Value,', '');
    expect(() => match(header)).toThrow(
      /^cdc_vsrr_state: f\.csv line 1 column "Data Value": missing column "Data Value": expected the 12-column download \(vsrr_12col\): State,Year,.*; the header has 11 fields: State,Year,Month,Period,Indicator,Percent Complete,/,
    );
  });

  it('calls a header that fits no layout at all unknown, listing every layout', () => {
    expect(() => match('a,b,c')).toThrow(
      /f\.csv line 1: unknown header "a,b,c" \(expected the 12-column download \(vsrr_12col\): State,Year,.* \| or the older 10-column download/,
    );
  });

  it('refuses a column given twice', () => {
    expect(() => match(`${HEADER_12},data value`)).toThrow(
      /line 1 column "data value": columns "Data Value" and "data value" both hold data_value/,
    );
  });

  it('accepts either spelling of a field, and optional columns may be absent (CONAPO AÑO / ANIO)', () => {
    const conapo = findPipeline('conapo_state_population');
    const latin = matchLayout(conapo, ['RENGLON', 'AÑO', 'ENTIDAD', 'CVE_GEO', 'POB_MIT_AÑO', 'TGF'], 'x');
    const mirror = matchLayout(conapo, ['ANIO', 'CVE_GEO', 'POB_MIT_ANIO'], 'x');
    for (const m of [latin, mirror]) {
      expect(m.layout.name).toBe('conapo_ind_dem');
      expect(m.unknownColumns).toEqual([]); // the other 66 indicators are ignored by design (otherColumns: ignore)
    }
    expect(mirror.columns.map((c) => c.raw)).toEqual(['anio', 'cve_geo', 'pob_mit_anio']);
    expect(() => matchLayout(conapo, ['AÑO', 'CVE_GEO', 'POB_MIT_AÑO', 'ANIO'], 'x')).toThrow(
      /columns "AÑO" and "ANIO" both hold anio/,
    );
  });

  it('a definition naming a header twice or an optional header it does not have is refused', () => {
    const base = {
      name: 'p',
      title: { en: 'p', es: 'p' },
      publisher: 'p',
      releases: 'yearly' as const,
      schedule: { cron: '0 0 1 1 *', timezone: 'UTC' },
      demoInputs: [{ kind: 'url' as const, url: 'https://example.org/a.csv' }],
      liveInputs: [{ kind: 'url' as const, url: 'https://example.org/a.csv' }],
      raw: { comment: 'r', columns: [{ name: 'n', type: 'DOUBLE', comment: 'n' }] },
      staging: { sql: 'SELECT 1' },
    };
    const layout = (fields: [string, string | null][], optional: string[] = []) => ({
      ...base,
      csv: { layouts: [{ name: 'l', description: 'l', fields, optional }] },
    });
    expect(() =>
      definePipeline(
        layout([
          ['N', 'n'],
          [' n ', null],
        ]),
      ),
    ).toThrow(/invalid pipeline p: layout l names the header " n " twice/);
    expect(() => definePipeline(layout([['N', 'n']], ['M']))).toThrow(
      /layout l lists optional header "M", which is not in its fields/,
    );
  });
});

describe('loadCsv by name', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function load(files: Record<string, string>) {
    dir = mkdtempSync(join(tmpdir(), 'centinela-byname-'));
    const wh = await openWarehouse(':memory:');
    try {
      await migrate(wh.connection);
      await ensureRawTable(wh.connection, vsrr);
      const results = [];
      let loadId = 1;
      for (const [name, text] of Object.entries(files)) {
        const path = join(dir, name);
        writeFileSync(path, text);
        results.push(
          await loadCsv(wh.connection, vsrr, { path, origin: name, loadId: loadId++, vintage: '2024-01-01' }),
        );
      }
      const rows = await queryRows<Record<string, unknown>>(
        wh.connection,
        'SELECT * EXCLUDE (vintage) FROM raw.cdc_vsrr_state ORDER BY load_id, state, year, month',
      );
      return { results, rows };
    } finally {
      wh.closeSync();
    }
  }

  const ROWS_12 = [
    'AZ,2023,January,12 month-ending,"Synthetic opioids, excl. methadone (T40.4)","1,512",100,0.25,Arizona,Numbers may differ.,**,"1,530"',
    'AZ,2023,February,12 month-ending,"Synthetic opioids, excl. methadone (T40.4)",,99.5+,0.5,Arizona,Data suppressed (<10).,**,',
  ];

  it('a shuffled column order loads the same values; an extra column is read and not kept', async () => {
    const columns = HEADER_12.split(',');
    const order = [9, 4, 0, 11, 2, 7, 5, 10, 1, 8, 3, 6];
    const split = (line: string) =>
      line.match(/("[^"]*"|[^,]*)(,|$)/g)?.map((f) => f.replace(/,$/, '')) ?? [];
    const shuffled = [
      order.map((i) => columns[i]).join(','),
      ...ROWS_12.map((l) => order.map((i) => split(l)[i]).join(',')),
    ].join('\n');
    const { results, rows } = await load({
      'in_order.csv': `${HEADER_12}\n${ROWS_12.join('\n')}\n`,
      'shuffled.csv': `${shuffled}\n`,
      'extra.csv': `${HEADER_12},Notes\n${ROWS_12.map((l) => `${l},a remark`).join('\n')}\n`,
    });
    expect(results.map((r) => [r.layout, r.rowsLoaded, r.rejects.length, r.unknownColumns])).toEqual([
      ['vsrr_12col', 2, 0, []],
      ['vsrr_12col', 2, 0, []],
      ['vsrr_12col', 2, 0, ['Notes']],
    ]);
    const byLoad = (id: number) =>
      rows.filter((r) => Number(r.load_id) === id).map(({ load_id, ...rest }) => rest);
    expect(byLoad(1)).toHaveLength(2);
    expect(byLoad(2)).toEqual(byLoad(1));
    expect(byLoad(3)).toEqual(byLoad(1));
    // ORDER BY month: February before January.
    expect(byLoad(1)[1]).toMatchObject({
      state: 'AZ',
      month: 'January',
      data_value: 1512,
      predicted_value: 1530,
      percent_complete: '100',
    });
    expect(byLoad(1)[0]).toMatchObject({ month: 'February', data_value: null, percent_complete: '99.5+' });
  });

  it('a bad value in a shuffled file is rejected under its own header, with its line', async () => {
    const { results } = await load({
      'bad.csv': `Data Value,State,Year,Month,Period,Indicator,Percent Complete,Percent Pending Investigation,State Name,Footnote,Footnote Symbol,Predicted Value
1500,AZ,2023,January,12 month-ending,Heroin (T40.1),100,0,Arizona,x,**,
12x4,AZ,2023,February,12 month-ending,Heroin (T40.1),100,0,Arizona,x,**,
`,
    });
    expect(results[0]?.rowsLoaded).toBe(1);
    expect(results[0]?.rejects).toMatchObject([
      {
        line: 3,
        column: 'Data Value',
        message: expect.stringMatching(/Could not convert string "12x4" to 'DOUBLE'/),
      },
    ]);
  });
});
