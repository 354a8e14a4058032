import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE } from '../../pipelines/mx_panel_seizures/fixtures.ts';
import { RunError, workingPath } from '../../src/run/run.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/connection.ts';
import { fileInput, sourceTests } from '../support/sourceRun.ts';

const { dir: DIR, fresh } = sourceTests('mx_panel_seizures', 'mx-panel-seizures');
const HEADER = 'estado,mes,dependencia,droga,cantidad,unidad,nota';

type Obs = { geo: string; drug: string; measure: string; value: number | null; status: string; note: string };
const OBS = `SELECT geo_code AS geo, drug, measure, value, status, note FROM analytics.observations
  WHERE source = 'mx_panel_seizures'`;

describe('mx_panel_seizures', () => {
  it('loads the filled example: every row, at state level in Mexico', async () => {
    const s = fresh();
    const summary = await s.run([fileInput(join(DIR, EXAMPLE.file), EXAMPLE.vintage)]);
    expect(summary.loads.map((l) => [l.layout, l.rowsLoaded, l.rowsRejected])).toEqual([
      ['plantilla_es', 1084, 0],
    ]);
    const shape = await s.rows<{
      country: string;
      level: string;
      states: number;
      measures: string;
      missing: number;
    }>(
      `SELECT any_value(country) AS country, any_value(geo_level) AS level, count(DISTINCT geo_code) AS states,
              string_agg(DISTINCT measure, ',' ORDER BY measure) AS measures,
              count(*) FILTER (WHERE status = 'missing') AS missing
       FROM analytics.observations WHERE source = 'mx_panel_seizures'`,
    );
    expect(shape[0]).toMatchObject({
      country: 'MX',
      level: 'state',
      states: 8,
      measures: 'seizure_kg,seizure_litres,seizure_pills',
    });
    expect(shape[0]?.missing).toBeGreaterThan(0);
    const zeroMissing = await s.rows<{ n: number }>(
      `SELECT count(*) AS n FROM analytics.observations WHERE source = 'mx_panel_seizures' AND status = 'missing' AND value IS NOT NULL`,
    );
    expect(zeroMissing).toEqual([{ n: 0 }]);
  });

  it('converts grams to kilograms, adds agencies, and keeps pills and litres apart from weight', async () => {
    const s = fresh();
    const path = join(s.temp.dir, 'hand.csv');
    writeFileSync(
      path,
      `${HEADER}\n` +
        [
          '02,2025-03,SEDENA,fentanilo,1.25,kg,',
          '02,2025-03,GN,fentanilo,750,g,',
          '02,2025-03,ANAM,Fentanilo,ND,kg,sin cifra',
          '02,2025-03,GN,fentanilo,12000,pills,',
          '02,2025-03,SEMAR,precursores químicos,340.5,L,',
          'Sonora,2025-03,SEDENA,metanfetamina,ND,kg,',
        ].join('\n'),
    );
    await s.run([fileInput(path, '2025-04-02')]);
    expect(await s.rows<Obs>(`${OBS} ORDER BY geo, drug, measure`)).toEqual([
      // 1.25 kg + 750 g ÷ 1000 = 2.0 kg; ANAM gave no figure (ND): a lower bound, said in the note.
      {
        geo: '02',
        drug: 'fentanyl',
        measure: 'seizure_kg',
        value: 2,
        status: 'reported',
        note: 'agencies: ANAM, GN, SEDENA; partial, a lower bound: no data (ND) from ANAM',
      },
      {
        geo: '02',
        drug: 'fentanyl',
        measure: 'seizure_pills',
        value: 12000,
        status: 'reported',
        note: 'agencies: GN',
      },
      {
        geo: '02',
        drug: 'precursors',
        measure: 'seizure_litres',
        value: 340.5,
        status: 'reported',
        note: 'agencies: SEMAR',
      },
      // Nothing known: NULL and missing, never 0.
      {
        geo: '26',
        drug: 'methamphetamine',
        measure: 'seizure_kg',
        value: null,
        status: 'missing',
        note: 'agencies: SEDENA; no data (ND) from any agency',
      },
    ]);
    const raw = await s.rows<{ line: number; quantity: number; unit: string; cantidad: string }>(
      `SELECT line, quantity, unit, cantidad FROM raw.mx_panel_seizures WHERE unit = 'g'`,
    );
    expect(raw).toEqual([{ line: 3, quantity: 750, unit: 'g', cantidad: '750' }]);
  });

  it('loads what Excel in Spanish saves (Windows-1252, semicolons, decimal commas)', async () => {
    const s = fresh();
    const summary = await s.run([fileInput(join(DIR, 'excel_es_windows1252.csv'), '2025-07-10')]);
    expect(summary.loads[0]?.rowsLoaded).toBe(29);
    const sonora = await s.rows<{ n: number }>(
      `SELECT count(*) AS n FROM raw.mx_panel_seizures WHERE estado = 'Sonora'`,
    );
    expect(sonora[0]?.n).toBeGreaterThan(0);
  });

  const bad: [string, RegExp, number][] = [
    [
      'missing_column.csv',
      /missing_column\.csv line 1: unknown header "estado,mes,dependencia,droga,cantidad,nota"/,
      1,
    ],
    [
      'renamed_column.csv',
      /renamed_column\.csv line 1: unknown header .*kilos.* \/ encabezado desconocido/,
      1,
    ],
    [
      'wrong_type.csv',
      /wrong_type\.csv line 3 column "cantidad": quantity "12,5" is not a number: .* \/ cantidad "12,5" no es un número/,
      1,
    ],
    [
      'unknown_codes.csv',
      /unknown_codes\.csv line 2 column "estado": unknown state "Texas".* \/ estado desconocido "Texas".*; 3 line\(s\) rejected/,
      3,
    ],
    [
      'duplicate_key.csv',
      /duplicate_key\.csv line 8 column "estado": same state, month, agency, drug and kind of unit as line 2/,
      1,
    ],
    [
      'many_errors.csv',
      /many_errors\.csv line 3 column "mes": month "03\/2025" is not YYYY-MM.*; 7 line\(s\) rejected/,
      7,
    ],
    [
      'plantilla_template.csv',
      /plantilla_template\.csv line 2: the template has no data rows \/ la plantilla no tiene filas de datos/,
      1,
    ],
  ];
  it.each(bad)('refuses %s whole, with every problem in meta.rejects', async (name, message, n) => {
    const s = fresh();
    const good = join(DIR, 'template_en.csv');
    const target = name === 'plantilla_template.csv' ? join(DIR, name) : join(DIR, 'bad', name);
    // A valid file in the same run is rolled back with it: a run loads everything or nothing.
    const error = await s
      .run([fileInput(good, '2025-07-10'), fileInput(target, '2025-07-10')])
      .catch((e) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toMatch(message);
    expect(existsSync(s.temp.config.warehouse)).toBe(false);
    const wh = await openWarehouse(workingPath(s.temp.config), { readOnly: true });
    try {
      expect(
        await queryRows(wh.connection, 'SELECT count(*)::INTEGER AS n FROM raw.mx_panel_seizures'),
      ).toEqual([{ n: 0 }]);
      const rejects = await queryRows<{ line: number; column_name: string | null; message: string }>(
        wh.connection,
        'SELECT line, column_name, message FROM meta.rejects ORDER BY line, column_name',
      );
      expect(rejects).toHaveLength(n);
      for (const r of rejects) expect(r.message).toMatch(/ \/ /);
      const loads = await queryRows<{ status: string; rows_loaded: number }>(
        wh.connection,
        'SELECT status, rows_loaded FROM meta.loads ORDER BY load_id',
      );
      expect(loads).toEqual([{ status: 'failed', rows_loaded: 0 }]);
    } finally {
      wh.closeSync();
    }
  });
});
