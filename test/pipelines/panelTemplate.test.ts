import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeTemplate,
  readTemplateLookups,
  validateTemplate,
} from '../../pipelines/mx_panel_seizures/panelTemplate.ts';
import { fixturesDir } from '../../src/core/paths.ts';

const lookups = readTemplateLookups();
const HEADER = 'estado,mes,dependencia,droga,cantidad,unidad,nota\n';
const check = (body: string, vintage = '2025-07-10') =>
  validateTemplate(new TextEncoder().encode(body), vintage, lookups);
const fixture = (name: string) => readFileSync(join(fixturesDir, 'mx-panel-seizures', name));

describe('the panel seizure template', () => {
  it('resolves states by code (with or without the zero), Spanish or English name and common short names', () => {
    const r = check(
      `${HEADER}02,2025-01,SEDENA,fentanilo,1.5,kg,\n2,2025-01,GN,fentanilo,1,kg,\nNuevo Leon,2025-01,GN,cocaína,2,kg,\n` +
        `CDMX,2025-01,FGR,Heroína,300,g,\nState of Mexico,2025-01,FGR,marihuana,10,kg,\nsinaloa,2025-01,semar,CRISTAL,5,kg,\n`,
    );
    expect(r.rejects).toEqual([]);
    expect(r.rows.map((x) => [x.cveEnt, x.agency, x.drug, x.quantity, x.unit])).toEqual([
      ['02', 'SEDENA', 'fentanyl', 1.5, 'kg'],
      ['02', 'GN', 'fentanyl', 1, 'kg'],
      ['19', 'GN', 'cocaine', 2, 'kg'],
      ['09', 'FGR', 'heroin', 300, 'g'],
      ['15', 'FGR', 'marijuana', 10, 'kg'],
      ['25', 'SEMAR', 'methamphetamine', 5, 'kg'],
    ]);
  });

  it('keeps ND (not available) as no quantity, never 0, and refuses an empty quantity', () => {
    const nd = check(`${HEADER}26,2025-02,SEDENA,fentanilo,ND,kg,sin cifra\n`);
    expect(nd.rows[0]?.quantity).toBeNull();
    const empty = check(`${HEADER}26,2025-02,SEDENA,fentanilo,,kg,\n`);
    expect(empty.rows).toEqual([]);
    expect(empty.rejects).toEqual([
      {
        line: 2,
        column: 'cantidad',
        errorType: 'INVALID VALUE',
        csvLine: '26,2025-02,SEDENA,fentanilo,,kg,',
        message: 'quantity is empty / cantidad está vacío',
      },
    ]);
  });

  it('refuses an implausible quantity (a 400-digit number was published as Infinity kg), and takes a billion', () => {
    const huge = '9'.repeat(400);
    const billion = check(`${HEADER}26,2025-03,SEDENA,fentanilo,1000000000,pills,\n`);
    expect(billion.rejects).toEqual([]);
    expect(billion.rows.map((x) => x.quantity)).toEqual([1e9]);
    const r = check(`${HEADER}26,2025-02,SEDENA,fentanilo,${huge},kg,\n`);
    expect(r.rows).toEqual([]);
    expect(r.rejects.map((x) => [x.line, x.column, x.message])).toEqual([
      [
        2,
        'cantidad',
        'quantity "99999999999999999999… (400 characters)" is implausible: more than 1,000,000,000 in one state and month / cantidad "99999999999999999999… (400 characters)" no es plausible: más de 1,000,000,000 en un estado y mes',
      ],
    ]);
  });

  it('lists every problem of every row, by line and column, in English and Spanish, and keeps no row', () => {
    const r = validateTemplate(fixture('bad/many_errors.csv'), '2025-07-10', lookups);
    expect(r.rows).toEqual([]);
    expect(r.rejects.map((x) => [x.line, x.column, x.message.split(' / ')[0]])).toEqual([
      [
        3,
        'mes',
        'month "03/2025" is not YYYY-MM, e.g. 2024-03 (if Excel turned it into a date, format the column as Text)',
      ],
      [4, 'cantidad', 'quantity is empty'],
      [5, 'cantidad', 'quantity "-3" is not a number: quantities are 0 or more'],
      [6, 'cantidad', 'pills are counted in whole numbers, not 1200.5'],
      [
        7,
        'estado',
        'unknown state "33": write the INEGI code 01–32 or the state\'s name (states only, not the nation)',
      ],
      [7, 'mes', 'month 2026-01 is outside 2000-01…2025-07 (the submission date)'],
      [7, 'unidad', 'unknown unit "ton": use kg, g, pills or L'],
    ]);
    for (const x of r.rejects)
      expect(x.message).toMatch(/ \/ .*(es|está|se|el|las|escriba|estado|unidad|mes|cantidad)/);
    expect(r.rejects[0]?.message).toContain('mes "03/2025" no tiene la forma AAAA-MM');
  });

  it('refuses duplicates and thousands separators, and names the first line of a duplicate', () => {
    const r = validateTemplate(fixture('bad/duplicate_key.csv'), '2025-07-10', lookups);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]?.message).toMatch(/^same state, month, agency, drug and kind of unit as line \d+/);
    const comma = check(`${HEADER}26,2025-02,SEDENA,fentanilo,"1,234",kg,\n`);
    expect(comma.rejects[0]?.message).toBe(
      'quantity "1,234" is not a number: write 1234.5: a point for decimals, no thousands separator / cantidad "1,234" no es un número: escriba 1234.5: punto decimal, sin separador de miles',
    );
  });

  it('reads what Excel in Spanish saves: Windows-1252, semicolons, decimal commas, codes without zeros', () => {
    const bytes = fixture('excel_es_windows1252.csv');
    expect(decodeTemplate(bytes).encoding).toBe('windows-1252');
    const r = validateTemplate(bytes, '2025-07-10', lookups);
    expect(r.rejects).toEqual([]);
    expect(r.rows.length).toBeGreaterThan(10);
    expect(new Set(r.rows.map((x) => x.cveEnt))).toEqual(new Set(['02', '26']));
    expect(r.rows.some((x) => x.quantity !== null && !Number.isInteger(x.quantity))).toBe(true);
  });

  it.each([
    ['utf-16le', [0xff, 0xfe]],
    ['utf-16be', [0xfe, 0xff]],
  ] as const)(
    'reads what Excel saves as "Unicode Text": %s with its mark, tab-separated',
    (encoding, bom) => {
      const text = `\uFEFF${HEADER}Sonora\t2025-03\tSEDENA\tfentanilo\t12.5\tkg\tNúm. 1\n`.replaceAll(
        ',',
        '\t',
      );
      const le = Buffer.from(text, 'utf16le');
      const body = encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
      const bytes = Buffer.concat([Buffer.from(bom), body]);
      expect(decodeTemplate(bytes).encoding).toBe(encoding);
      const r = validateTemplate(bytes, '2025-07-10', lookups);
      expect(r.rejects).toEqual([]);
      expect(r.rows.map((x) => [x.cveEnt, x.monthStart, x.drug, x.quantity, x.unit, x.nota])).toEqual([
        ['26', '2025-03-01', 'fentanyl', 12.5, 'kg', 'Núm. 1'],
      ]);
    },
  );

  it('takes English headers, refuses other headers, and refuses a template with no rows', () => {
    expect(validateTemplate(fixture('template_en.csv'), '2025-07-10', lookups).layout).toBe('template_en');
    const renamed = validateTemplate(fixture('bad/renamed_column.csv'), '2025-07-10', lookups);
    expect(renamed.rejects[0]).toMatchObject({ line: 1, errorType: 'HEADER' });
    expect(renamed.rejects[0]?.message).toMatch(
      /^unknown header "estado,mes,dependencia,droga,kilos,unidad,nota"/,
    );
    const empty = validateTemplate(fixture('plantilla_template.csv'), '2025-07-10', lookups);
    expect(empty.rejects.map((x) => x.message)).toEqual([
      'the template has no data rows / la plantilla no tiene filas de datos',
    ]);
  });
});
