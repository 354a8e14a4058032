/**
 * The panel's Mexican seizure template: the empty template the panel fills, a filled SYNTHETIC example, the same
 * kind of file as Excel in Spanish saves it, and failure files. See fixtures/README.md, "Panel seizure template".
 */
import { writeCsv } from '../_lib/fixtures/csvWrite.ts';
import { poissonish, skewed, stream } from '../_lib/fixtures/rng.ts';

const DIR = 'mx-panel-seizures';
const ES = ['estado', 'mes', 'dependencia', 'droga', 'cantidad', 'unidad', 'nota'] as const;
const EN = ['state', 'month', 'agency', 'drug', 'quantity', 'unit', 'note'] as const;
type Row = Record<(typeof ES)[number], string>;

/** [how the state is written, agencies that report there, size]: codes and names mixed, as people write them. */
const STATES: [string, string[], number][] = [
  ['02', ['SEDENA', 'GN', 'ANAM'], 3],
  ['Sonora', ['SEDENA', 'GN', 'SEMAR', 'ANAM'], 3],
  ['08', ['SEDENA', 'GN'], 1.5],
  ['Coahuila', ['SEDENA', 'FGE'], 0.6],
  ['Nuevo León', ['GN', 'FGE'], 0.8],
  ['28', ['SEDENA', 'SEMAR'], 1.2],
  ['Sinaloa', ['SEDENA', 'GN', 'SEMAR'], 4],
  ['CDMX', ['SSP_ESTATAL', 'FGR'], 0.7],
];

/** [as written, unit, median per month at size 1, probability of a row]. */
const DRUGS: [string, string, number, number][] = [
  ['fentanilo', 'kg', 6, 0.8],
  ['fentanilo', 'pills', 9000, 0.5],
  ['metanfetamina', 'kg', 120, 0.9],
  ['cocaína', 'kg', 40, 0.6],
  ['heroína', 'g', 900, 0.4],
  ['marihuana', 'kg', 300, 0.7],
  ['precursores químicos', 'L', 800, 0.25],
];

export const EXAMPLE = { file: 'aseguramientos_2024-2025_ejemplo.csv', vintage: '2025-07-10' };

function months(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
  return out;
}

function quantity(median: number, unit: string, rand: () => number): string {
  const x = median * skewed(rand, 1.2);
  if (unit === 'pills') return String(Math.max(1, Math.round(x / 10) * 10));
  if (unit === 'g') return String(Math.round(x));
  return (Math.round(x * 1000) / 1000).toString();
}

export function generateExample(): Row[] {
  const rows: Row[] = [];
  for (const month of months('2024-01', '2025-06')) {
    for (const [state, agencies, size] of STATES) {
      for (const agency of agencies) {
        for (const [drug, unit, median, p] of DRUGS) {
          const rand = stream('mx-panel', month, state, agency, drug, unit);
          if (rand() > p * Math.min(1, size / 2)) continue;
          // One in forty rows: the agency reported a seizure but not its amount (ND), never 0.
          const nd = rand() < 0.025;
          const operations = poissonish(2 * size, rand);
          const note = nd
            ? 'Informe mensual sin cifra; se pidió a la dependencia'
            : operations > 6
              ? `Incluye ${operations} operativos; uno conjunto con la GN, informado solo aquí`
              : '';
          rows.push({
            estado: state,
            mes: month,
            dependencia: agency,
            droga: drug,
            cantidad: nd ? 'ND' : quantity(median * size, unit, rand),
            unidad: unit,
            nota: note,
          });
        }
      }
    }
  }
  return rows;
}

export function buildFixtureFiles(): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>();
  // The empty template: UTF-8 with a byte order mark, so that Excel shows the accents of what people type.
  files.set(`${DIR}/plantilla_template.csv`, writeCsv(ES, [], { bom: true, eol: '\r\n' }));
  const example = generateExample();
  files.set(`${DIR}/${EXAMPLE.file}`, writeCsv(ES, example, { bom: true, eol: '\r\n' }));

  // What Excel in Spanish (Windows) saves: Windows-1252, `;` between fields, decimal comma, leading zeros gone.
  const excel = example
    .filter((r) => r.mes === '2025-06' && (r.estado === '02' || r.estado === 'Sonora'))
    .map((r) => ({
      ...r,
      estado: r.estado === '02' ? '2' : r.estado,
      cantidad: r.cantidad.replace('.', ','),
    }));
  files.set(`${DIR}/excel_es_windows1252.csv`, windows1252(toSemicolons(excel)));
  files.set(
    `${DIR}/template_en.csv`,
    writeCsv(
      ES,
      example.filter((r) => r.mes === '2025-06' && r.estado === '28'),
      { header: EN },
    ),
  );

  const few = example.filter((r) => r.mes === '2025-05' && r.estado === 'Sinaloa').slice(0, 6);
  files.set(
    `${DIR}/bad/missing_column.csv`,
    writeCsv(
      ES.filter((c) => c !== 'unidad'),
      few,
    ),
  );
  files.set(
    `${DIR}/bad/renamed_column.csv`,
    writeCsv(ES, few, { header: ES.map((c) => (c === 'cantidad' ? 'kilos' : c)) }),
  );
  files.set(`${DIR}/bad/wrong_type.csv`, writeCsv(ES, edit(few, 3, { cantidad: '12,5' })));
  files.set(
    `${DIR}/bad/unknown_codes.csv`,
    writeCsv(ES, edit(edit(few, 2, { estado: 'Texas' }), 4, { droga: 'xilacina', dependencia: 'POLICIA' })),
  );
  const kgRow = few.find((r) => r.unidad === 'kg') as Row;
  // The same state, month, agency and drug again, in grams: one row per agency and drug in one unit of weight.
  files.set(
    `${DIR}/bad/duplicate_key.csv`,
    writeCsv(ES, [...few, { ...kgRow, cantidad: '350', unidad: 'g', nota: 'segundo informe' }]),
  );
  files.set(`${DIR}/bad/many_errors.csv`, writeCsv(ES, MANY_ERRORS));
  return files;
}

/** Line → the errors it must produce, for many_errors.csv (header = line 1). */
export const MANY_ERRORS: Row[] = [
  {
    estado: '26',
    mes: '2025-03',
    dependencia: 'SEDENA',
    droga: 'fentanilo',
    cantidad: '4.2',
    unidad: 'kg',
    nota: '',
  },
  {
    estado: '26',
    mes: '03/2025',
    dependencia: 'SEDENA',
    droga: 'cocaína',
    cantidad: '1.5',
    unidad: 'kg',
    nota: '',
  },
  {
    estado: '26',
    mes: '2025-03',
    dependencia: 'SEDENA',
    droga: 'heroína',
    cantidad: '',
    unidad: 'g',
    nota: '',
  },
  {
    estado: '26',
    mes: '2025-03',
    dependencia: 'GN',
    droga: 'fentanilo',
    cantidad: '-3',
    unidad: 'kg',
    nota: '',
  },
  {
    estado: '26',
    mes: '2025-03',
    dependencia: 'GN',
    droga: 'fentanilo',
    cantidad: '1200.5',
    unidad: 'pills',
    nota: '',
  },
  {
    estado: '33',
    mes: '2026-01',
    dependencia: 'GN',
    droga: 'metanfetamina',
    cantidad: '7',
    unidad: 'ton',
    nota: '',
  },
  {
    estado: '26',
    mes: '2025-03',
    dependencia: 'SEMAR',
    droga: 'marihuana',
    cantidad: '80',
    unidad: 'kg',
    nota: '',
  },
];

function edit(rows: Row[], line: number, change: Partial<Row>): Row[] {
  return rows.map((r, i) => (i === line - 2 ? { ...r, ...change } : r));
}

function toSemicolons(rows: Row[]): string {
  const field = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${[ES.join(';'), ...rows.map((r) => ES.map((c) => field(r[c])).join(';'))].join('\r\n')}\r\n`;
}

/** Encodes text as Windows-1252 (every character here is in Latin-1's printable range). */
function windows1252(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new Error(`not in Windows-1252: ${text[i]}`);
    bytes[i] = code;
  }
  return bytes;
}
