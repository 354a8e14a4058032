/**
 * The panel's Mexican seizure template (pipelines/mx_panel_seizures/README.md): a CSV people fill by hand, so every row
 * is validated with zod and every problem is reported by line and column, in English and Spanish. A file with any
 * invalid row loads nothing.
 *
 * Header, in Spanish (the template) or English: estado,mes,dependencia,droga,cantidad,unidad,nota /
 * state,month,agency,drug,quantity,unit,note.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RejectedLine } from '../../src/core/load.ts';
import { sqlDir } from '../../src/core/paths.ts';
import { utf16Mark } from '../../src/csv/header.ts';
import { parseCsvText } from '../../src/csv/records.ts';

export const TEMPLATE_COLUMNS = {
  es: ['estado', 'mes', 'dependencia', 'droga', 'cantidad', 'unidad', 'nota'],
  en: ['state', 'month', 'agency', 'drug', 'quantity', 'unit', 'note'],
} as const;

/** Agencies that seize drugs in Mexico, by code; the names are for the documentation and messages. */
export const AGENCIES: Record<string, { es: string; en: string }> = {
  SEDENA: { es: 'Secretaría de la Defensa Nacional', en: 'Ministry of National Defense' },
  SEMAR: { es: 'Secretaría de Marina', en: 'Ministry of the Navy' },
  GN: { es: 'Guardia Nacional', en: 'National Guard' },
  FGR: { es: 'Fiscalía General de la República', en: 'Federal Attorney General' },
  ANAM: { es: 'Agencia Nacional de Aduanas de México', en: 'National Customs Agency' },
  SSPC: { es: 'Secretaría de Seguridad y Protección Ciudadana', en: 'Federal Ministry of Public Security' },
  FGE: { es: 'Fiscalía General del Estado', en: 'State Attorney General' },
  SSP_ESTATAL: { es: 'Secretaría de Seguridad Pública estatal', en: 'State public security ministry' },
  OTRA: { es: 'Otra dependencia (dígala en la nota)', en: 'Other agency (name it in the note)' },
};
/** Other spellings of an agency code. */
/** No state seizes a billion kilograms, litres or pills in a month: a larger quantity is a typing error. */
const MAX_QUANTITY = 1e9;

const AGENCY_ALIASES: Record<string, string> = {
  DEFENSA: 'SEDENA',
  'GUARDIA NACIONAL': 'GN',
  ADUANAS: 'ANAM',
};

/** Units and how the template may spell them; pills and litres are never turned into weight. */
export const UNITS: Record<string, 'kg' | 'g' | 'pills' | 'L'> = {
  kg: 'kg',
  kilogramos: 'kg',
  kilograms: 'kg',
  g: 'g',
  gramos: 'g',
  grams: 'g',
  pills: 'pills',
  pastillas: 'pills',
  tabletas: 'pills',
  comprimidos: 'pills',
  l: 'L',
  litros: 'L',
  litres: 'L',
  liters: 'L',
};
export const MEASURE_OF_UNIT = {
  kg: 'seizure_kg',
  g: 'seizure_kg',
  pills: 'seizure_pills',
  L: 'seizure_litres',
};

export interface PanelRow {
  line: number;
  estado: string;
  cveEnt: string;
  mes: string;
  monthStart: string;
  dependencia: string;
  agency: string;
  droga: string;
  drug: string;
  cantidad: string;
  /** In the unit written; null for ND (no disponible). */
  quantity: number | null;
  unidad: string;
  unit: 'kg' | 'g' | 'pills' | 'L';
  nota: string | null;
}

export interface TemplateLookups {
  /** Normalised state name or code → INEGI cve_ent. */
  states: Map<string, string>;
  /** Normalised drug name → canonical drug code. */
  drugs: Map<string, string>;
}

export interface TemplateResult {
  layout: 'plantilla_es' | 'template_en';
  rows: PanelRow[];
  rejects: RejectedLine[];
}

/** Lower case, no accents, single spaces, no dots: "Nuevo León" and "nuevo  leon." match. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\./g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const STATE_ALIASES: Record<string, string> = {
  cdmx: '09',
  df: '09',
  'distrito federal': '09',
  'ciudad de mexico': '09',
  edomex: '15',
  'estado de mexico': '15',
  coahuila: '05',
  michoacan: '16',
  veracruz: '30',
};

/** The lookups, read from the seeds (sql/seeds/geography_mx.csv, this source's drug_aliases_mx_panel_seizures.csv). */
export function readTemplateLookups(
  seeds = join(sqlDir, 'seeds'),
  ownSeeds = join(import.meta.dirname, 'seeds'),
): TemplateLookups {
  const states = new Map<string, string>(Object.entries(STATE_ALIASES));
  const [geoHeader, ...geo] = parseCsvText(readFileSync(join(seeds, 'geography_mx.csv'), 'utf8'));
  const col = (name: string) => geoHeader?.fields.indexOf(name) ?? -1;
  for (const { fields } of geo) {
    if (fields[col('geo_level')] !== 'state') continue;
    const code = fields[col('geo_code')] as string;
    states.set(code, code);
    states.set(String(Number(code)), code);
    for (const name of [fields[col('name_es')], fields[col('name_en')]])
      if (name) states.set(normalise(name), code);
  }
  const drugs = new Map<string, string>();
  const [, ...aliases] = parseCsvText(
    readFileSync(join(ownSeeds, 'drug_aliases_mx_panel_seizures.csv'), 'utf8'),
  );
  for (const { fields } of aliases) {
    if (fields[0] === 'mx_panel_seizures' && fields[1] && fields[2])
      drugs.set(normalise(fields[1]), fields[2]);
  }
  return { states, drugs };
}

/** "English. / Español." — every message is given in both languages. */
const both = (en: string, es: string) => `${en} / ${es}`;

/**
 * Reads bytes as UTF-16 when they start with its byte-order mark (Excel's "Unicode Text"), else as UTF-8 (with or
 * without BOM), or as Windows-1252 when they are not UTF-8 (Excel on Windows).
 */
export function decodeTemplate(bytes: Uint8Array): {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
} {
  const mark = utf16Mark(bytes);
  const utf16 = mark === 'LE' ? 'utf-16le' : mark === 'BE' ? 'utf-16be' : null;
  if (utf16) return { text: stripBom(new TextDecoder(utf16).decode(bytes)), encoding: utf16 };
  try {
    return { text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes)), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

// A file converted twice (UTF-8 with BOM, then saved as UTF-16) carries two marks.
const stripBom = (text: string) => text.replace(/^\uFEFF+/, '');

interface Context {
  lookups: TemplateLookups;
  /** The submission's date (vintage): no month after it. */
  vintage: string;
  /** Excel in Spanish writes `;` between fields and `,` as the decimal mark. */
  decimalComma: boolean;
}

function rowSchema(ctx: Context) {
  const required = (en: string, es: string) =>
    z.string().transform((s, c) => {
      const t = s.trim();
      if (t === '') c.addIssue({ code: 'custom', message: both(`${en} is empty`, `${es} está vacío`) });
      return t;
    });
  const lastMonth = ctx.vintage.slice(0, 7);
  return z.object({
    estado: required('state', 'estado').transform((s, c) => {
      const code = ctx.lookups.states.get(normalise(s)) ?? ctx.lookups.states.get(s);
      if (code === undefined && s !== '') {
        c.addIssue({
          code: 'custom',
          message: both(
            `unknown state "${s}": write the INEGI code 01–32 or the state's name (states only, not the nation)`,
            `estado desconocido "${s}": escriba la clave INEGI 01–32 o el nombre del estado (solo estados, no el total nacional)`,
          ),
        });
      }
      return code ?? '';
    }),
    mes: required('month', 'mes').transform((s, c) => {
      const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(s);
      if (!m) {
        if (s !== '') {
          c.addIssue({
            code: 'custom',
            message: both(
              `month "${s}" is not YYYY-MM, e.g. 2024-03 (if Excel turned it into a date, format the column as Text)`,
              `mes "${s}" no tiene la forma AAAA-MM, p. ej. 2024-03 (si Excel lo convirtió en fecha, dé a la columna formato de Texto)`,
            ),
          });
        }
        return '';
      }
      if (Number(m[1]) < 2000 || s > lastMonth) {
        c.addIssue({
          code: 'custom',
          message: both(
            `month ${s} is outside 2000-01…${lastMonth} (the submission date)`,
            `el mes ${s} está fuera de 2000-01…${lastMonth} (fecha de entrega)`,
          ),
        });
      }
      return s;
    }),
    dependencia: required('agency', 'dependencia').transform((s, c) => {
      const upper = s.toUpperCase().replace(/\s+/g, ' ');
      const code = AGENCIES[upper.replace(/ /g, '_')] ? upper.replace(/ /g, '_') : AGENCY_ALIASES[upper];
      if (code === undefined && s !== '') {
        c.addIssue({
          code: 'custom',
          message: both(
            `unknown agency "${s}": use one of ${Object.keys(AGENCIES).join(', ')}`,
            `dependencia desconocida "${s}": use una de ${Object.keys(AGENCIES).join(', ')}`,
          ),
        });
      }
      return code ?? '';
    }),
    droga: required('drug', 'droga').transform((s, c) => {
      const drug = ctx.lookups.drugs.get(normalise(s));
      if (drug === undefined && s !== '') {
        c.addIssue({
          code: 'custom',
          message: both(
            `unknown drug "${s}": see the list in pipelines/mx_panel_seizures/README.md (e.g. fentanilo, metanfetamina, cocaína)`,
            `droga desconocida "${s}": vea la lista en pipelines/mx_panel_seizures/README.md (p. ej. fentanilo, metanfetamina, cocaína)`,
          ),
        });
      }
      return drug ?? '';
    }),
    // Never z.coerce.number(): it would read an empty cell as 0, and "no data" is not "none seized".
    // A number too long to be true (a pasted ID, 400 digits) would otherwise be published as Infinity kg.
    cantidad: required('quantity', 'cantidad').transform((s, c): number | null => {
      if (s === '') return null;
      if (/^(nd|n\/d|no disponible)$/i.test(s)) return null;
      const text = ctx.decimalComma ? s.replace(/^(\d+),(\d+)$/, '$1.$2') : s;
      if (/^\d+(\.\d+)?$/.test(text)) {
        const n = Number(text);
        if (n <= MAX_QUANTITY) return n;
        const shown = s.length > 24 ? `${s.slice(0, 20)}… (${s.length} characters)` : s;
        c.addIssue({
          code: 'custom',
          message: both(
            `quantity "${shown}" is implausible: more than ${MAX_QUANTITY.toLocaleString('en-US')} in one state and month`,
            `cantidad "${shown}" no es plausible: más de ${MAX_QUANTITY.toLocaleString('es-MX')} en un estado y mes`,
          ),
        });
        return null;
      }
      const [en, es] = /^-/.test(s)
        ? ['quantities are 0 or more', 'las cantidades son 0 o más']
        : /,/.test(s)
          ? [
              'write 1234.5: a point for decimals, no thousands separator',
              'escriba 1234.5: punto decimal, sin separador de miles',
            ]
          : [
              'write a number such as 12.5, or ND if not available',
              'escriba un número como 12.5, o ND si no está disponible',
            ];
      c.addIssue({
        code: 'custom',
        message: both(`quantity "${s}" is not a number: ${en}`, `cantidad "${s}" no es un número: ${es}`),
      });
      return null;
    }),
    unidad: required('unit', 'unidad').transform((s, c) => {
      const unit = UNITS[s.toLowerCase()];
      if (unit === undefined && s !== '') {
        c.addIssue({
          code: 'custom',
          message: both(
            `unknown unit "${s}": use kg, g, pills or L`,
            `unidad desconocida "${s}": use kg, g, pastillas (pills) o L`,
          ),
        });
      }
      return unit ?? 'kg';
    }),
    nota: z.string().transform((s) => (s.trim() === '' ? null : s.trim())),
  });
}

/**
 * Validates a whole template. Rows come back only when every row is valid; otherwise `rejects` lists each problem
 * with its line (header = 1) and the column as written in the file.
 */
export function validateTemplate(
  bytes: Uint8Array,
  vintage: string,
  lookups: TemplateLookups,
): TemplateResult {
  const { text } = decodeTemplate(bytes);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Excel writes ';' in Spanish locales and tabs in "Unicode Text"; ',' otherwise.
  const delimiter = firstLine.includes('\t')
    ? '\t'
    : firstLine.includes(';') && !firstLine.includes(',')
      ? ';'
      : ',';
  const [header, ...records] = parseCsvText(text, delimiter);
  const names = (header?.fields ?? []).map((h) => normalise(h));
  const layout = sameColumns(names, TEMPLATE_COLUMNS.es)
    ? 'plantilla_es'
    : sameColumns(names, TEMPLATE_COLUMNS.en)
      ? 'template_en'
      : null;
  if (layout === null) {
    return {
      layout: 'plantilla_es',
      rows: [],
      rejects: [
        reject(
          1,
          null,
          'HEADER',
          header?.text ?? '',
          both(
            `unknown header "${header?.text ?? ''}": expected ${TEMPLATE_COLUMNS.es.join(',')} (or ${TEMPLATE_COLUMNS.en.join(',')})`,
            `encabezado desconocido "${header?.text ?? ''}": se esperaba ${TEMPLATE_COLUMNS.es.join(',')} (o ${TEMPLATE_COLUMNS.en.join(',')})`,
          ),
        ),
      ],
    };
  }
  const columns = layout === 'plantilla_es' ? TEMPLATE_COLUMNS.es : TEMPLATE_COLUMNS.en;
  const written = header?.fields.map((f) => f.trim()) ?? [];
  const schema = rowSchema({ lookups, vintage, decimalComma: delimiter === ';' });
  const rows: PanelRow[] = [];
  const rejects: RejectedLine[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if (record.fields.every((f) => f.trim() === '')) continue;
    if (record.fields.length !== columns.length) {
      rejects.push(
        reject(
          record.line,
          null,
          'COLUMN COUNT',
          record.text,
          both(
            `${record.fields.length} fields, expected ${columns.length}`,
            `${record.fields.length} campos, se esperaban ${columns.length}`,
          ),
        ),
      );
      continue;
    }
    const input = Object.fromEntries(TEMPLATE_COLUMNS.es.map((name, i) => [name, record.fields[i] ?? '']));
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const i = TEMPLATE_COLUMNS.es.indexOf(String(issue.path[0]) as (typeof TEMPLATE_COLUMNS.es)[number]);
        rejects.push(reject(record.line, written[i] ?? null, 'INVALID VALUE', record.text, issue.message));
      }
      continue;
    }
    const v = parsed.data;
    if (v.unidad === 'pills' && v.cantidad !== null && !Number.isInteger(v.cantidad)) {
      rejects.push(
        reject(
          record.line,
          written[4] ?? null,
          'INVALID VALUE',
          record.text,
          both(
            `pills are counted in whole numbers, not ${v.cantidad}`,
            `las pastillas se cuentan en enteros, no ${v.cantidad}`,
          ),
        ),
      );
      continue;
    }
    const key = [v.estado, v.mes, v.dependencia, v.droga, MEASURE_OF_UNIT[v.unidad]].join('|');
    const first = seen.get(key);
    if (first !== undefined) {
      rejects.push(
        reject(
          record.line,
          written[0] ?? null,
          'DUPLICATE KEY',
          record.text,
          both(
            `same state, month, agency, drug and kind of unit as line ${first}: write one row per agency and drug each month`,
            `mismo estado, mes, dependencia, droga y tipo de unidad que la línea ${first}: escriba una fila por dependencia y droga cada mes`,
          ),
        ),
      );
      continue;
    }
    seen.set(key, record.line);
    const f = (i: number) => (record.fields[i] ?? '').trim();
    rows.push({
      line: record.line,
      estado: f(0),
      cveEnt: v.estado,
      mes: v.mes,
      monthStart: `${v.mes}-01`,
      dependencia: f(2),
      agency: v.dependencia,
      droga: f(3),
      drug: v.droga,
      cantidad: f(4),
      quantity: v.cantidad,
      unidad: f(5),
      unit: v.unidad,
      nota: v.nota,
    });
  }
  if (rejects.length === 0 && rows.length === 0) {
    rejects.push(
      reject(
        2,
        null,
        'NO ROWS',
        null,
        both('the template has no data rows', 'la plantilla no tiene filas de datos'),
      ),
    );
  }
  return { layout, rows: rejects.length ? [] : rows, rejects };
}

function sameColumns(names: string[], expected: readonly string[]): boolean {
  return names.length === expected.length && expected.every((c, i) => names[i] === c);
}

function reject(
  line: number,
  column: string | null,
  errorType: string,
  csvLine: string | null,
  message: string,
): RejectedLine {
  return { line, column, errorType, csvLine, message };
}
