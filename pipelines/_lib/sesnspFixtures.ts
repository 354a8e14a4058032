/**
 * SYNTHETIC SESNSP crime-incidence files in the real state-level layouts (made-up counts; see fixtures/README.md):
 * - fuero común, IDEFC_NM_<mes><yy>.csv and Estatal-Delitos-2015-2025_<mes><yyyy>.csv: Latin-1, CRLF, header
 *   `Año,Clave_Ent,Entidad,Bien jurídico afectado,Tipo de delito,Subtipo de delito,Modalidad,Enero,…,Diciembre`,
 *   Clave_Ent unpadded, narcomenudeo one subtype, months not yet published empty, a modality with a comma quoted;
 * - RNID-Delitos_Estatal-2026-<mes>2026.csv: UTF-8 with BOM (third parties report it and Windows-1252), Clave_Ent
 *   zero-padded, narcomenudeo split into "posesión simple" and "con fines de venta";
 * - fuero federal, IDEFF_<mes><yy>.csv: Latin-1, CRLF, `AÑO,INEGI,ENTIDAD,LEY,CONCEPTO,TIPO,ENERO,…,DICIEMBRE`,
 *   upper case without accents, EXTRANJERO with an empty INEGI code.
 * Planted: Baja California's 0s for January–April 2022 next to ~300 a month (a reporting artefact); a month left
 * blank (Estado de México, March 2023); a month the Estatal file blanks that IDEFC_NM_jun24 had published
 * (Ciudad de México, May 2023); revisions between releases. Bad files in bad/.
 */

import { poissonish, stream } from './fixtures/rng.ts';
import { latin1 } from './fixtures/zipWrite.ts';

export const COMUN_DIR = 'sesnsp-fuero-comun';
export const FEDERAL_DIR = 'sesnsp-fuero-federal';

const MONTHS = [
  'Enero',
  'Febrero',
  'Marzo',
  'Abril',
  'Mayo',
  'Junio',
  'Julio',
  'Agosto',
  'Septiembre',
  'Octubre',
  'Noviembre',
  'Diciembre',
];
export const COMUN_HEADER = `Año,Clave_Ent,Entidad,Bien jurídico afectado,Tipo de delito,Subtipo de delito,Modalidad,${MONTHS.join(',')}`;
export const FEDERAL_HEADER = `AÑO,INEGI,ENTIDAD,LEY,CONCEPTO,TIPO,${MONTHS.map((m) => m.toUpperCase()).join(',')}`;

/** SESNSP's state names (fuero común spelling) and a synthetic narcomenudeo level per month. */
export const STATES: [string, number][] = [
  ['Aguascalientes', 250],
  ['Baja California', 300],
  ['Baja California Sur', 60],
  ['Campeche', 20],
  ['Coahuila de Zaragoza', 180],
  ['Colima', 90],
  ['Chiapas', 15],
  ['Chihuahua', 200],
  ['Ciudad de México', 150],
  ['Durango', 70],
  ['Guanajuato', 1200],
  ['Guerrero', 40],
  ['Hidalgo', 30],
  ['Jalisco', 400],
  ['México', 600],
  ['Michoacán de Ocampo', 60],
  ['Morelos', 35],
  ['Nayarit', 25],
  ['Nuevo León', 350],
  ['Oaxaca', 25],
  ['Puebla', 90],
  ['Querétaro', 160],
  ['Quintana Roo', 110],
  ['San Luis Potosí', 70],
  ['Sinaloa', 60],
  ['Sonora', 110],
  ['Tabasco', 5],
  ['Tamaulipas', 10],
  ['Tlaxcala', 8],
  ['Veracruz de Ignacio de la Llave', 60],
  ['Yucatán', 30],
  ['Zacatecas', 25],
];

const ASCII_UPPER = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

const NARCO = 'Otros bienes jurídicos afectados (del fuero común)';

/** A release of the fuero común: its years, the last month published, and what it plants. */
interface ComunRelease {
  years: number[];
  through: [number, number];
  revision: string;
  /** [state code, year, month] cells left blank although published. */
  blank: [number, number, number][];
}

/** A synthetic narcomenudeo count: the state's level with noise, revised a little by each release. */
function narcoCount(state: number, year: number, month: number, revision: string): number {
  const level = STATES[state - 1]?.[1] ?? 0;
  if (state === 2 && year === 2022 && month <= 4) return 0; // the planted reporting artefact
  const base = poissonish(level * (1 + 0.04 * (year - 2022)), stream('sesnsp', state, year, month));
  const bump = Math.floor(stream('sesnsp-rev', revision, state, year, month)() * 3);
  return base + bump;
}

function monthCells(year: number, through: [number, number], value: (month: number) => string): string[] {
  return MONTHS.map((_, i) =>
    year < through[0] || (year === through[0] && i + 1 <= through[1]) ? value(i + 1) : '',
  );
}

function comunRows(release: ComunRelease, opts: { rnid: boolean }): string[] {
  const lines: string[] = [];
  for (const year of release.years) {
    for (const [i, [name]] of STATES.entries()) {
      const state = i + 1;
      const code = opts.rnid ? String(state).padStart(2, '0') : String(state);
      const lead = `${year},${code},${name}`;
      const blankHere = (m: number) =>
        release.blank.some(([s, y, mm]) => s === state && y === year && mm === m);
      const count = (m: number) => (blankHere(m) ? '' : String(narcoCount(state, year, m, release.revision)));
      lines.push(
        `${lead},La vida y la Integridad corporal,Homicidio,Homicidio doloso,Con arma de fuego,${monthCells(
          year,
          release.through,
          (m) => String(Math.floor(stream('hom', state, year, m)() * 40)),
        ).join(',')}`,
      );
      if (opts.rnid) {
        const simple = (m: number) => Math.round(narcoCount(state, year, m, release.revision) * 0.8);
        const sale = (m: number) => narcoCount(state, year, m, release.revision) - simple(m);
        for (const [subtype, part] of [
          ['Narcomenudeo posesión simple', simple],
          ['Narcomenudeo con fines de venta', sale],
        ] as const) {
          lines.push(
            `${lead},${NARCO},Narcomenudeo,${subtype},${subtype},${monthCells(year, release.through, (m) =>
              blankHere(m) ? '' : String(part(m)),
            ).join(',')}`,
          );
        }
        lines.push(
          `${lead},El patrimonio,Robo,"Robo de maquinaria - Cables, tubos y otros objetos destinados a servicios públicos",Con violencia,${monthCells(
            year,
            release.through,
            () => '0',
          ).join(',')}`,
        );
      } else {
        lines.push(
          `${lead},${NARCO},Narcomenudeo,Narcomenudeo,Narcomenudeo,${monthCells(year, release.through, count).join(',')}`,
        );
        lines.push(
          `${lead},El patrimonio,Robo,Robo de maquinaria,"Robo de cables, tubos y otros objetos destinados a servicios públicos Con violencia",${monthCells(
            year,
            release.through,
            () => '0',
          ).join(',')}`,
        );
      }
    }
  }
  return lines;
}

export const COMUN_FILES = {
  idefc: 'IDEFC_NM_jun24.csv',
  estatal: 'Estatal-Delitos-2015-2025_dic2025.csv',
  rnid: 'RNID-Delitos_Estatal-2026-mar2026.csv',
};

const IDEFC: ComunRelease = {
  years: [2022, 2023, 2024],
  through: [2024, 6],
  revision: 'jun24',
  blank: [[15, 2023, 3]],
};
const ESTATAL: ComunRelease = {
  years: [2022, 2023, 2024, 2025],
  through: [2025, 12],
  revision: 'dic25',
  blank: [
    [15, 2023, 3],
    [9, 2023, 5],
  ],
};
const RNID: ComunRelease = { years: [2026], through: [2026, 3], revision: 'mar26', blank: [] };

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
const comunFile = (release: ComunRelease) => crlf([COMUN_HEADER, ...comunRows(release, { rnid: false })]);

// Fuero federal.
const FEDERAL_TYPES: [string, string, string, number][] = [
  ['CODIGO PENAL FEDERAL', 'CONTRA LA SALUD', 'PRODUCCION', 0.02],
  ['CODIGO PENAL FEDERAL', 'CONTRA LA SALUD', 'TRANSPORTE', 0.2],
  ['CODIGO PENAL FEDERAL', 'CONTRA LA SALUD', 'TRAFICO', 0.25],
  ['CODIGO PENAL FEDERAL', 'CONTRA LA SALUD', 'COMERCIO', 0.1],
  ['CODIGO PENAL FEDERAL', 'CONTRA LA SALUD', 'SUMINISTRO', 0.02],
  ['CODIGO PENAL FEDERAL', 'CONTRA LA SALUD', 'POSESION', 1],
  ['CODIGO PENAL FEDERAL', 'CONTRA LA SALUD', 'OTROS', 0.03],
  ['CODIGO PENAL FEDERAL', 'OTROS DELITOS', '"FALSEDAD, FALSIFICACION Y USO DE DOCUMENTOS FALSOS"', 0.3],
  [
    'OTRAS LEYES Y CODIGOS',
    'LEY GENERAL DE SALUD (L.G.S.)',
    'CONTRA LA SALUD EN SU MODALIDAD DE NARCOMENUDEO',
    0.1,
  ],
  ['OTRAS LEYES Y CODIGOS', 'LEY GENERAL DE SALUD (L.G.S.)', 'OTROS DELITOS PREVISTOS EN LA L.G.S.', 0.05],
  [
    'OTRAS LEYES Y CODIGOS',
    'LEY FEDERAL CONTRA LA DELINCUENCIA ORGANIZADA (L.F.C.D.O.)',
    'CONTRA LA SALUD',
    0.02,
  ],
];

function federalRows(years: number[], through: [number, number], revision: string): string[] {
  const entities: [string, string, number][] = [
    ...STATES.map(([name, level], i): [string, string, number] => [
      String(i + 1),
      ASCII_UPPER(name),
      level / 30,
    ]),
    ['', 'EXTRANJERO', 0.2],
  ];
  const lines: string[] = [];
  for (const year of years) {
    for (const [code, name, level] of entities) {
      for (const [ley, concepto, tipo, share] of FEDERAL_TYPES) {
        const cells = monthCells(year, through, (m) =>
          String(
            poissonish(level * share * 10, stream('ideff', code, tipo, year, m)) +
              Math.floor(stream('ideff-rev', revision, code, tipo, year, m)() * 2),
          ),
        );
        lines.push(`${year},${code},${name},${ley},${concepto},${tipo},${cells.join(',')}`);
      }
    }
  }
  return lines;
}

export const FEDERAL_FILES = { nov24: 'IDEFF_nov24.csv', ene25: 'IDEFF_ene25.csv' };

const federalFile = (years: number[], through: [number, number], revision: string) =>
  crlf([FEDERAL_HEADER, ...federalRows(years, through, revision)]);

/** A file with one line changed by `edit` (the first line for which it returns something else). */
function editLine(text: string, edit: (line: string) => string | null): string {
  const lines = text.split('\r\n');
  const i = lines.findIndex((l, n) => n > 0 && edit(l) !== null);
  lines[i] = edit(lines[i] as string) as string;
  return lines.join('\r\n');
}

export const BAD_COMUN = {
  badState: 'bad/IDEFC_NM_bad_state_jun24.csv',
  textCount: 'bad/IDEFC_NM_text_count_jun24.csv',
  unknownSubtype: 'bad/IDEFC_NM_unknown_subtype_jun24.csv',
  afterCutoff: 'bad/IDEFC_NM_mar24.csv',
  noSubtype: 'bad/IDEFC_NM_no_subtype_column_jun24.csv',
};
export const BAD_FEDERAL = {
  abroadWithCode: 'bad/IDEFF_abroad_with_code_nov24.csv',
  unknownType: 'bad/IDEFF_unknown_type_nov24.csv',
};

/** Both SESNSP sources' files; each source's fixtures.ts keeps those of its own folder. */
export function buildSesnspFixtureFiles(): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>();
  const idefc = comunFile(IDEFC);
  files.set(`${COMUN_DIR}/${COMUN_FILES.idefc}`, latin1(idefc));
  files.set(`${COMUN_DIR}/${COMUN_FILES.estatal}`, latin1(comunFile(ESTATAL)));
  files.set(
    `${COMUN_DIR}/${COMUN_FILES.rnid}`,
    `\uFEFF${crlf([COMUN_HEADER, ...comunRows(RNID, { rnid: true })])}`,
  );
  // Bad files, each one defect in the real layout.
  files.set(
    `${COMUN_DIR}/${BAD_COMUN.badState}`,
    latin1(editLine(idefc, (l) => (l.startsWith('2023,32,') ? l.replace('2023,32,', '2023,33,') : null))),
  );
  files.set(
    `${COMUN_DIR}/${BAD_COMUN.textCount}`,
    latin1(
      editLine(idefc, (l) =>
        l.startsWith('2023,5,') && l.includes(',Narcomenudeo,Narcomenudeo,Narcomenudeo,')
          ? l.replace(/,Narcomenudeo,(\d+),/, ',Narcomenudeo,$1x,')
          : null,
      ),
    ),
  );
  files.set(
    `${COMUN_DIR}/${BAD_COMUN.unknownSubtype}`,
    latin1(
      editLine(idefc, (l) =>
        l.startsWith('2024,7,') && l.includes(',Narcomenudeo,Narcomenudeo,Narcomenudeo,')
          ? l.replace(
              ',Narcomenudeo,Narcomenudeo,Narcomenudeo,',
              ',Narcomenudeo,Narcomenudeo en escuelas,Narcomenudeo en escuelas,',
            )
          : null,
      ),
    ),
  );
  // Named for March 2024 but holding April–June: a misnamed file.
  files.set(`${COMUN_DIR}/${BAD_COMUN.afterCutoff}`, latin1(idefc));
  files.set(
    `${COMUN_DIR}/${BAD_COMUN.noSubtype}`,
    latin1(
      idefc
        .split('\r\n')
        .map((l) => l.replace(/^((?:[^,]*,){5})[^,]*,/, '$1'))
        .join('\r\n'),
    ),
  );
  const nov24 = federalFile([2023, 2024], [2024, 11], 'nov24');
  files.set(`${FEDERAL_DIR}/${FEDERAL_FILES.nov24}`, latin1(nov24));
  files.set(
    `${FEDERAL_DIR}/${FEDERAL_FILES.ene25}`,
    latin1(federalFile([2023, 2024, 2025], [2025, 1], 'ene25')),
  );
  files.set(
    `${FEDERAL_DIR}/${BAD_FEDERAL.abroadWithCode}`,
    latin1(
      editLine(nov24, (l) =>
        l.startsWith('2024,,EXTRANJERO,') ? l.replace('2024,,EXTRANJERO,', '2024,33,EXTRANJERO,') : null,
      ),
    ),
  );
  files.set(
    `${FEDERAL_DIR}/${BAD_FEDERAL.unknownType}`,
    latin1(
      editLine(nov24, (l) =>
        l.includes(',CONTRA LA SALUD,OTROS,')
          ? l.replace(',CONTRA LA SALUD,OTROS,', ',CONTRA LA SALUD,ACOPIO,')
          : null,
      ),
    ),
  );
  return files;
}
