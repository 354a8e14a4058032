/**
 * The SYNTHETIC INEGI registered-deaths fixtures: yearly open-data zips in INEGI's layout (folders
 * conjunto_de_datos/, catalogos/, diccionario_de_datos/, metadatos/; the microdata CSV with INEGI's field names and
 * codes), with made-up deaths. Same bytes on every run: a seeded generator, fixed zip timestamps, no clock.
 * See fixtures/README.md, "INEGI registered deaths".
 */
import { latin1, writeZip, type ZipEntry } from '../_lib/fixtures/zipWrite.ts';

const DIR = 'inegi-deaths';
export const INEGI_SEED = 20251023;

/** The 59 fields of 2012–2021 (2017 dictionary order), with `presunto`. */
export const FIELDS_59 = [
  'ent_regis',
  'mun_regis',
  'ent_resid',
  'mun_resid',
  'tloc_resid',
  'loc_resid',
  'ent_ocurr',
  'mun_ocurr',
  'tloc_ocurr',
  'loc_ocur',
  'causa_def',
  'lista_mex',
  'sexo',
  'edad',
  'dia_ocurr',
  'mes_ocurr',
  'anio_ocur',
  'dia_regis',
  'mes_regis',
  'anio_regis',
  'dia_nacim',
  'mes_nacim',
  'anio_nacim',
  'ocupacion',
  'escolarida',
  'edo_civil',
  'presunto',
  'ocurr_trab',
  'lugar_ocur',
  'necropsia',
  'asist_medi',
  'sitio_ocur',
  'cond_cert',
  'nacionalid',
  'derechohab',
  'embarazo',
  'rel_emba',
  'horas',
  'minutos',
  'capitulo',
  'grupo',
  'lista1',
  'gr_lismex',
  'vio_fami',
  'area_ur',
  'edad_agru',
  'complicaro',
  'dia_cert',
  'mes_cert',
  'anio_cert',
  'maternas',
  'lengua',
  'cond_act',
  'par_agre',
  'ent_ocules',
  'mun_ocules',
  'loc_ocules',
  'razon_m',
  'dis_re_oax',
] as const;

/** The 74 fields from 2023 on (2024 dictionary order), with `tipo_defun` for presunto; 2022 lacks vio_fami. */
export const FIELDS_74 = [
  'ent_regis',
  'mun_regis',
  'tloc_regis',
  'loc_regis',
  'ent_resid',
  'mun_resid',
  'tloc_resid',
  'loc_resid',
  'ent_ocurr',
  'mun_ocurr',
  'tloc_ocurr',
  'loc_ocurr',
  'causa_def',
  'cod_adicio',
  'lista_mex',
  'sexo',
  'ent_nac',
  'afromex',
  'conindig',
  'lengua',
  'cve_lengua',
  'nacionalid',
  'nacesp_cve',
  'edad',
  'sem_gest',
  'gramos',
  'dia_ocurr',
  'mes_ocurr',
  'anio_ocur',
  'dia_regis',
  'mes_regis',
  'anio_regis',
  'dia_nacim',
  'mes_nacim',
  'anio_nacim',
  'cond_act',
  'ocupacion',
  'escolarida',
  'edo_civil',
  'tipo_defun',
  'ocurr_trab',
  'lugar_ocur',
  'par_agre',
  'vio_fami',
  'asist_medi',
  'cirugia',
  'natviole',
  'necropsia',
  'usonecrops',
  'encefalica',
  'donador',
  'sitio_ocur',
  'cond_cert',
  'derechohab',
  'embarazo',
  'rel_emba',
  'horas',
  'minutos',
  'capitulo',
  'grupo',
  'lista1',
  'gr_lismex',
  'area_ur',
  'edad_agru',
  'complicaro',
  'dia_cert',
  'mes_cert',
  'anio_cert',
  'maternas',
  'ent_ocules',
  'mun_ocules',
  'loc_ocules',
  'razon_m',
  'dis_re_oax',
] as const;

/** One synthetic death: the fields the pipeline reads; the others are filled with plausible codes. */
export interface Death {
  entRegis: string;
  entResid: string;
  entOcurr: string;
  causa: string;
  sexo: number;
  age: number;
  dia: number;
  mes: number;
  anio: number;
  diaRegis: number;
  mesRegis: number;
  anioRegis: number;
  presunto: number;
}

// [code, Mexican list code, national deaths a month in the sample]. Magnitudes are a SAMPLE, not Mexico's.
const CAUSES: [string, string, number][] = [
  ['I219', '28A', 34],
  ['E119', '20D', 28],
  ['E149', '20D', 4],
  ['J189', '33B', 14],
  ['I64X', '30D', 9],
  ['K703', '35L', 7],
  ['K746', '35M', 7],
  ['X954', '55', 9],
  ['F102', '22C', 7], // alcohol dependence: not a drug code here
  ['F172', '22Z', 1], // tobacco: excluded from the drug-use-disorder codes
  ['X420', '53A', 5],
  ['X424', '53A', 2],
  ['X429', '53A', 3],
  ['X410', '53A', 2.5],
  ['X419', '53A', 1.5],
  ['X440', '53A', 3.5],
  ['X449', '53A', 3.5],
  ['X400', '53A', 0.4],
  ['X430', '53A', 0.3],
  ['X620', '54', 0.8],
  ['X610', '54', 1.2],
  ['X640', '54', 1.8],
  ['X850', '55', 0.4],
  ['Y120', '56A', 0.8],
  ['Y110', '56A', 0.5],
  ['Y140', '56A', 1.4],
  ['F112', '22D', 1.4],
  ['F119', '22D', 0.5],
  ['F122', '22D', 0.5],
  ['F142', '22D', 1.4],
  ['F150', '22D', 1],
  ['F152', '22D', 2.4],
  ['F192', '22D', 2.8],
];

/** State weights of the sample (not population shares): border states carry more drug deaths. */
const STATE_WEIGHT: Record<string, number> = Object.fromEntries(
  Array.from({ length: 32 }, (_, i) => {
    const code = String(i + 1).padStart(2, '0');
    const heavy: Record<string, number> = { '02': 7, '26': 4, '08': 5, '19': 3, '09': 4, '14': 4, '15': 5 };
    return [code, heavy[code] ?? 1 + (i % 3)];
  }),
);
const WEIGHT_SUM = Object.values(STATE_WEIGHT).reduce((a, b) => a + b, 0);

/**
 * Injected rises, 2024-03 to 2024-10 (deaths × (1 + step·k), k = 1…8, then held): the methamphetamine proxies in
 * Baja California and narcotics poisoning in Sonora.
 */
export const INEGI_INJECTED_RISES = [
  { state: '02', prefixes: ['F15', 'X41', 'X61', 'Y11'], step: 0.3 },
  { state: '26', prefixes: ['X42', 'X62', 'Y12'], step: 0.35 },
] as const;

function presuntoFor(code: string): number {
  const cat = code.slice(0, 3);
  if (/^X4[0-4]$/.test(cat)) return 1;
  if (/^X6[0-4]$/.test(cat)) return 3;
  if (/^(X8[5-9]|X9\d|Y0\d)$/.test(cat)) return 2;
  if (/^Y1[0-4]$/.test(cat)) return 4;
  return 8;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(lambda: number, random: () => number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Deaths that occurred 2022-01…2024-12, each with a registration date: most the same year, a share of each
 * month's deaths (more in December) registered the next year. Plus, per registration year, the edge cases.
 */
export function generateDeaths(seed = INEGI_SEED): Death[] {
  const random = mulberry32(seed);
  const deaths: Death[] = [];
  for (const year of [2022, 2023, 2024]) {
    for (let month = 1; month <= 12; month++) {
      for (const state of Object.keys(STATE_WEIGHT)) {
        for (const [code, , perMonth] of CAUSES) {
          let lambda = (perMonth * (STATE_WEIGHT[state] as number)) / WEIGHT_SUM;
          for (const rise of INEGI_INJECTED_RISES) {
            if (
              rise.state === state &&
              rise.prefixes.some((p) => code.startsWith(p)) &&
              year === 2024 &&
              month >= 3
            ) {
              lambda *= 1 + rise.step * Math.min(month - 2, 8);
            }
          }
          const n = poisson(lambda, random);
          for (let i = 0; i < n; i++) {
            const dia = 1 + Math.floor(random() * daysIn(year, month));
            const late = random() < 0.02 + 0.012 * month;
            const mesRegis = late
              ? 1 + Math.floor(random() * 4)
              : Math.min(12, month + Math.floor(random() * 2));
            const drug = code.startsWith('X') || code.startsWith('Y') || code.startsWith('F1');
            deaths.push({
              entRegis: random() < 0.97 ? state : String(1 + Math.floor(random() * 32)).padStart(2, '0'),
              entResid: random() < 0.95 ? state : String(1 + Math.floor(random() * 32)).padStart(2, '0'),
              entOcurr: state,
              causa: code,
              sexo: random() < (drug ? 0.85 : 0.55) ? 1 : 2,
              age: drug ? 18 + Math.floor(random() * 45) : 40 + Math.floor(random() * 55),
              dia,
              mes: month,
              anio: year,
              diaRegis: 1 + Math.floor(random() * 28),
              mesRegis,
              anioRegis: late ? year + 1 : year,
              presunto: presuntoFor(code),
            });
          }
        }
      }
    }
  }
  // Edge cases in every registration year: abroad, state unknown, month unknown, year unknown, a very late one.
  for (const reg of [2017, 2023, 2024]) {
    const edge = (entOcurr: string, causa: string, mes: number, anio: number): Death => ({
      entRegis: '02',
      entResid: entOcurr === '33' ? '33' : '02',
      entOcurr,
      causa,
      sexo: 1,
      age: 34,
      dia: mes === 99 ? 99 : 15,
      mes,
      anio,
      diaRegis: 20,
      mesRegis: 6,
      anioRegis: reg,
      presunto: presuntoFor(causa),
    });
    deaths.push(
      edge('33', 'X420', 5, reg),
      edge('33', 'I219', 7, reg),
      edge('35', 'X440', 8, reg),
      edge('99', 'X420', 9, reg),
      edge('99', 'F152', 3, reg),
      edge('02', 'X410', 99, reg),
      edge('26', 'I219', 99, reg),
      edge('08', 'X420', 99, 9999),
      edge('14', 'E119', 4, reg - 6),
    );
  }
  return deaths;
}

/** 2017: a small year of its own (the 59-field layout), made from 2022's deaths moved to 2017. */
function deaths2017(all: readonly Death[]): Death[] {
  return all
    .filter((d) => d.anioRegis === 2022 || d.anioRegis === 2017)
    .map((d) =>
      d.anioRegis === 2017 ? d : { ...d, anio: d.anio === 9999 ? 9999 : d.anio - 5, anioRegis: 2017 },
    );
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The CSV value of every field for one death (the unread fields get plausible fixed or derived codes). */
function fieldValue(field: string, d: Death, index: number): string {
  const drug = /^(X4[0-4]|X6[0-4]|X85|Y1[0-4]|F1[1-9])/.test(d.causa);
  switch (field) {
    case 'ent_regis':
      return d.entRegis;
    case 'ent_resid':
      return d.entResid;
    case 'ent_ocurr':
      return d.entOcurr;
    case 'ent_ocules':
      return d.presunto === 8 ? '88' : d.entOcurr;
    case 'mun_regis':
    case 'mun_resid':
    case 'mun_ocurr':
      return pad(1 + (index % 17), 3);
    case 'mun_ocules':
      return d.presunto === 8 ? '888' : pad(1 + (index % 17), 3);
    case 'loc_ocules':
      return d.presunto === 8 ? '8888' : '0001';
    case 'tloc_regis':
    case 'tloc_resid':
    case 'tloc_ocurr':
      return pad(1 + (index % 17), 2);
    case 'loc_regis':
    case 'loc_resid':
    case 'loc_ocurr':
    case 'loc_ocur':
      return '0001';
    case 'causa_def':
      return d.causa;
    case 'lista_mex':
      return CAUSES.find(([c]) => c === d.causa)?.[1] ?? '55';
    case 'sexo':
      return String(d.sexo);
    case 'edad':
      return String(4000 + d.age);
    case 'edad_agru':
      return pad(Math.min(30, 8 + Math.floor(d.age / 5)), 2);
    case 'dia_ocurr':
      return pad(d.dia, 2);
    case 'mes_ocurr':
      return pad(d.mes, 2);
    case 'anio_ocur':
      return String(d.anio);
    case 'dia_regis':
      return pad(d.diaRegis, 2);
    case 'mes_regis':
      return pad(d.mesRegis, 2);
    case 'anio_regis':
      return String(d.anioRegis);
    case 'dia_cert':
      return pad(Math.min(d.diaRegis, 28), 2);
    case 'mes_cert':
      return pad(d.mesRegis, 2);
    case 'anio_cert':
      return String(d.anioRegis);
    case 'dia_nacim':
      return pad(1 + (index % 28), 2);
    case 'mes_nacim':
      return pad(1 + (index % 12), 2);
    case 'anio_nacim':
      return d.anio === 9999 ? '9999' : String(d.anio - d.age);
    case 'presunto':
    case 'tipo_defun':
      return String(d.presunto);
    case 'necropsia':
    case 'usonecrops':
      return drug || d.presunto !== 8 ? '1' : '2';
    case 'lugar_ocur':
    case 'ocurr_trab':
    case 'vio_fami':
      return d.presunto === 8 ? '8' : '9';
    case 'par_agre':
      return d.presunto === 2 ? '99' : '88';
    case 'horas':
      return pad(index % 24, 2);
    case 'minutos':
      return pad((index * 7) % 60, 2);
    case 'nacionalid':
      return '1';
    case 'embarazo':
    case 'rel_emba':
    case 'complicaro':
      return '8';
    case 'maternas':
    case 'cod_adicio':
    case 'nacesp_cve':
    case 'cve_lengua':
      return '';
    case 'razon_m':
      return '2';
    case 'dis_re_oax':
      return d.entRegis === '20' ? '901' : '999';
    case 'capitulo':
      return pad(d.causa.startsWith('F') ? 5 : /^[VWXY]/.test(d.causa) ? 20 : 9, 2);
    case 'grupo':
      return pad(1 + (index % 9), 2);
    case 'lista1':
      return drug ? '099' : '067';
    case 'gr_lismex':
      return d.causa.startsWith('F') ? '22' : /^[XY]/.test(d.causa) ? '53' : '28';
    case 'sem_gest':
    case 'gramos':
      return '0';
    default:
      // ocupacion, escolarida, edo_civil, asist_medi, sitio_ocur, cond_cert, derechohab, area_ur, lengua,
      // cond_act, afromex, conindig, ent_nac, cirugia, natviole, encefalica, donador: a valid code of the catalog.
      return String(1 + (index % 2));
  }
}

/** INEGI's microdata CSV: header of lower-case field names, no quoting (no value has a comma), CRLF. */
export function microdataCsv(fields: readonly string[], deaths: readonly Death[]): string {
  const lines = [fields.join(',')];
  deaths.forEach((d, i) => {
    lines.push(fields.map((f) => fieldValue(f, d, i)).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}

/** Sorted as INEGI's files are: by state and municipality of registration, then date of registration. */
function sortForFile(deaths: readonly Death[]): Death[] {
  return [...deaths].sort(
    (a, b) =>
      a.entRegis.localeCompare(b.entRegis) ||
      a.mesRegis - b.mesRegis ||
      a.diaRegis - b.diaRegis ||
      a.causa.localeCompare(b.causa) ||
      a.anio - b.anio ||
      a.mes - b.mes ||
      a.dia - b.dia,
  );
}

const STATES_ES = [
  'Aguascalientes',
  'Baja California',
  'Baja California Sur',
  'Campeche',
  'Coahuila de Zaragoza',
  'Colima',
  'Chiapas',
  'Chihuahua',
  'Ciudad de México',
  'Durango',
  'Guanajuato',
  'Guerrero',
  'Hidalgo',
  'Jalisco',
  'México',
  'Michoacán de Ocampo',
  'Morelos',
  'Nayarit',
  'Nuevo León',
  'Oaxaca',
  'Puebla',
  'Querétaro',
  'Quintana Roo',
  'San Luis Potosí',
  'Sinaloa',
  'Sonora',
  'Tabasco',
  'Tamaulipas',
  'Tlaxcala',
  'Veracruz de Ignacio de la Llave',
  'Yucatán',
  'Zacatecas',
];

const CAUSE_LABELS: Record<string, string> = {
  I219: 'Infarto agudo del miocardio, sin otra especificación',
  E119: 'Diabetes mellitus no insulinodependiente, sin mención de complicación',
  E149: 'Diabetes mellitus no especificada, sin mención de complicación',
  J189: 'Neumonía, no especificada',
  I64X: 'Accidente vascular encefálico agudo, no especificado como hemorrágico o isquémico',
  K703: 'Cirrosis hepática alcohólica',
  K746: 'Otras cirrosis del hígado y las no especificadas',
  X954: 'Agresión con disparo de otras armas de fuego, y las no especificadas en calles y carreteras',
  F102: 'Trastornos mentales y del comportamiento debidos al uso de alcohol, síndrome de dependencia',
  F172: 'Trastornos mentales y del comportamiento debidos al uso de tabaco, síndrome de dependencia',
  X420: 'Envenenamiento accidental por, y exposición a narcóticos y psicodislépticos (alucinógenos), no clasificados en otra parte en vivienda',
  X424: 'Envenenamiento accidental por, y exposición a narcóticos y psicodislépticos (alucinógenos), no clasificados en otra parte en calles y carreteras',
  X429: 'Envenenamiento accidental por, y exposición a narcóticos y psicodislépticos (alucinógenos), no clasificados en otra parte en lugar no especificado',
  X410: 'Envenenamiento accidental por, y exposición a drogas antiepilépticas, sedantes, hipnóticas, antiparkinsonianas y psicotrópicas, no clasificadas en otra parte en vivienda',
  X419: 'Envenenamiento accidental por, y exposición a drogas antiepilépticas, sedantes, hipnóticas, antiparkinsonianas y psicotrópicas, no clasificadas en otra parte en lugar no especificado',
  X440: 'Envenenamiento accidental por, y exposición a otras drogas, medicamentos y sustancias biológicas, y los no especificados en vivienda',
  X449: 'Envenenamiento accidental por, y exposición a otras drogas, medicamentos y sustancias biológicas, y los no especificados en lugar no especificado',
  X400: 'Envenenamiento accidental por, y exposición a analgésicos no narcóticos, antipiréticos y antirreumáticos en vivienda',
  X430: 'Envenenamiento accidental por, y exposición a otras drogas que actúan sobre el sistema nervioso autónomo en vivienda',
  X620: 'Envenenamiento autoinfligido intencionalmente por, y exposición a narcóticos y psicodislépticos (alucinógenos), no clasificados en otra parte en vivienda',
  X610: 'Envenenamiento autoinfligido intencionalmente por, y exposición a drogas antiepilépticas, sedantes, hipnóticas, antiparkinsonianas y psicotrópicas, no clasificadas en otra parte en vivienda',
  X640: 'Envenenamiento autoinfligido intencionalmente por, y exposición a otras drogas, medicamentos y sustancias biológicas, y los no especificados en vivienda',
  X850: 'Agresión con drogas, medicamentos y sustancias biológicas en vivienda',
  Y120: 'Envenenamiento por, y exposición a narcóticos y psicodislépticos (alucinógenos), no clasificados en otra parte, de intención no determinada en vivienda',
  Y110: 'Envenenamiento por, y exposición a drogas antiepilépticas, sedantes, hipnóticas, antiparkinsonianas y psicotrópicas, no clasificadas en otra parte, de intención no determinada en vivienda',
  Y140: 'Envenenamiento por, y exposición a otras drogas, medicamentos y sustancias biológicas, y las no especificadas, de intención no determinada en vivienda',
  F112: 'Trastornos mentales y del comportamiento debidos al uso de opiáceos, síndrome de dependencia',
  F119: 'Trastornos mentales y del comportamiento debidos al uso de opiáceos, trastorno mental y del comportamiento, no especificado',
  F122: 'Trastornos mentales y del comportamiento debidos al uso de cannabinoides, síndrome de dependencia',
  F142: 'Trastornos mentales y del comportamiento debidos al uso de cocaína, síndrome de dependencia',
  F150: 'Trastornos mentales y del comportamiento debidos al uso de otros estimulantes, incluida la cafeína, intoxicación  aguda',
  F152: 'Trastornos mentales y del comportamiento  debidos al uso de otros estimulantes, incluida la cafeína, síndrome de dependencia',
  F192: 'Trastornos mentales y del comportamiento debidos al uso de múltiples drogas y al uso de otras sustancias psicoactivas, síndrome de dependendencia',
};

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
const quoteIfComma = (s: string) => (s.includes(',') ? `"${s}"` : s);

/** Cause catalog (CVE,DESCRIP): the sample's codes only, labels as INEGI writes them (double spaces kept). */
function causeCatalog(): string {
  return crlf([
    'CVE,DESCRIP',
    ...Object.entries(CAUSE_LABELS)
      .sort()
      .map(([c, l]) => `${c},${quoteIfComma(l)}`),
  ]);
}

/** Geographic catalog, state rows only, with INEGI's trailing TAB inside the quoted keys of the 2017 file. */
function geoCatalog(tabbed: boolean): string {
  const t = tabbed ? '\t' : '';
  const rows = STATES_ES.map((name, i) => `"${pad(i + 1, 2)}${t}","000${t}","0000${t}",${name}`);
  rows.push(
    `"33${t}","000${t}","0000${t}",Estados unidos de América`,
    `"34${t}","000${t}","0000${t}",Otros países de Latinoamérica`,
    `"35${t}","000${t}","0000${t}",Otros países`,
    `"88${t}","000${t}","0000${t}",Entidad no aplica para A00 - R99 Y V90 - Y89`,
    `"99${t}","000${t}","0000${t}",Entidad no especficada`,
  );
  return crlf(['cve_ent,cve_mun,cve_loc,nom_loc', ...rows]);
}

const INTENT_CATALOG = crlf([
  'CVE,DESCRIP',
  '1,Accidente',
  '2,Homicidio',
  '3,Suicidio',
  '4,Se ignora',
  '5,"Operaciones legales y de guera (Y35-Y36, Y89)"',
  '8,No aplica a muerte natural (A00 a R99)',
]);
const SEX_CATALOG = crlf(['CVE,DESCRIP', '1,Hombres', '2,Mujeres', '9,Sexo no especificado']);
const YEAR_CATALOG = (reg: number) =>
  crlf([
    'CVE,DESCRIP',
    ...Array.from({ length: 8 }, (_, i) => `${reg - 7 + i},${reg - 7 + i}`),
    '9999,No especificado',
  ]);

/** Data dictionary in INEGI's 2017 format (fixed-width padded RANGO_CLAVES, CRLF), for the fields of the file. */
function dictionary(fields: readonly string[]): string {
  const known: Record<string, [string, string, string, string, string]> = {
    ent_regis: ['Entidad Registro', '2', 'N', 'decateml', '01-32'],
    ent_resid: ['Entidad Residencia', '2', 'N', 'decateml', '01-35, 99'],
    ent_ocurr: ['Entidad Ocurrencia', '2', 'N', 'decateml', '01-35,99'],
    causa_def: ['Causa Defunción (Lista Detallada)', '4', 'A', 'decatcausa', ''],
    lista_mex: ['Causa Defunción (Lista Mexicana)', '3', 'A', 'delistamex', ''],
    sexo: ['Sexo', '1', 'N', 'desexo', '1-2,9'],
    edad: [
      'Edad',
      '4',
      'N',
      'deedad',
      '1001-1023, 1097,1098, 2001-2029,2098, 3001-3011,3098, 4001-4120, 4998',
    ],
    dia_ocurr: ['Día Defunción', '2', 'N', 'dedias', '01-31,99'],
    mes_ocurr: ['Mes Defunción', '2', 'N', 'demeses', '01-12, 99'],
    anio_ocur: ['Año Defunción', '4', 'N', 'deaño', '1900-Año estadística, 9999'],
    mes_regis: ['Mes Registro', '2', 'N', 'demeses', '01-12'],
    anio_regis: ['Año Registro', '4', 'N', 'deaño', 'Año estadística'],
    presunto: ['Presunto', '1', 'N', 'depresunto', '1-5, 8'],
    tipo_defun: ['Tipo de defunción', '1', 'N', 'tipo_defuncion', '1-5, 8'],
  };
  const lines = [`NOMBRE_CAMPO,LONGITUD,TIPO,NEMÓNICO,CATÁLOGO,RANGO_CLAVES${' '.repeat(71)}`];
  for (const f of fields) {
    const [label, len, type, catalog, range] = known[f] ?? [f.replaceAll('_', ' '), '2', 'N', '', ''];
    const padded = range === '' ? ' '.repeat(74) : `"${range.padEnd(72)}"`;
    lines.push(`${label},${len},${type},${f},${catalog},${padded}`);
  }
  return crlf(lines);
}

const metadata = (title: string, reg: number, modified: string) =>
  crlf([
    `Identifier: MEX-INEGI.ESD3.06-EDR-${reg}`,
    '',
    `Title: ${title}`,
    '',
    `Description: SYNTHETIC DEMO FIXTURE for Centinela, in the shape of INEGI's metadata file. The deaths in this archive are made up.`,
    '',
    `Modified: ${modified}  `,
    '',
    'Publisher: Instituto Nacional de Estadística y Geografía, INEGI',
    '',
    'AccrualPeriodicity: Anualmente',
    '',
    `Temporal: ${reg}-01-01-${reg}-12-31`,
    '',
    'Spatial: Estados Unidos Mexicanos',
  ]);

type Encoding = 'latin-1' | 'utf-8-bom';
const encode = (text: string, encoding: Encoding): Uint8Array =>
  encoding === 'latin-1' ? latin1(text) : new TextEncoder().encode(`\uFEFF${text}`);

interface ArchiveSpec {
  reg: number;
  /** Path of the microdata member, or null to leave it out (a broken archive). */
  member: string | null;
  csv: string;
  /** Encoding of the catalogs, dictionary and metadata (the microdata CSV is ASCII, or UTF-8 with BOM). */
  encoding: Encoding;
  csvBom: boolean;
  /** 2017: catalogs named de*.csv (with `deaño.csv`, stored in CP437) and a TAB inside the geographic keys. */
  style: 'de_prefix' | 'modern';
  modified: ZipEntry['modified'];
}

function archive(spec: ArchiveSpec): Uint8Array {
  const m = spec.modified;
  const e = (name: string, data: string | Uint8Array, nameBytes?: Uint8Array): ZipEntry => ({
    name,
    data,
    modified: m,
    ...(nameBytes ? { nameBytes } : {}),
  });
  const dir = (name: string): ZipEntry => ({ name, modified: m });
  const kind = spec.style === 'de_prefix' ? 'generales' : 'registradas';
  const title =
    spec.style === 'de_prefix'
      ? `Estadísticas Vitales. Defunciones generales ${spec.reg}`
      : `Estadísticas Vitales. Estadísticas de defunciones registradas ${spec.reg}`;
  const fields = spec.csv.slice(0, spec.csv.indexOf('\r\n')).split(',');
  const entries: ZipEntry[] = [dir('catalogos/')];
  if (spec.style === 'de_prefix') {
    entries.push(
      // "deaño.csv": ñ is 0xA4 in CP437, the archive's name encoding (no UTF-8 flag).
      e(
        'catalogos/deaño.csv',
        encode(YEAR_CATALOG(spec.reg), spec.encoding),
        latin1('catalogos/dea\xa4o.csv'),
      ),
      e('catalogos/decatcausa.csv', encode(causeCatalog(), spec.encoding)),
      e('catalogos/decateml.csv', encode(geoCatalog(true), spec.encoding)),
      e('catalogos/depresunto.csv', encode(INTENT_CATALOG, spec.encoding)),
      e('catalogos/desexo.csv', encode(SEX_CATALOG, spec.encoding)),
    );
  } else {
    entries.push(
      e('catalogos/causa_defuncion.csv', encode(causeCatalog(), spec.encoding)),
      e('catalogos/entidad_municipio_localidad.csv', encode(geoCatalog(false), spec.encoding)),
      e('catalogos/sexo.csv', encode(SEX_CATALOG, spec.encoding)),
      e('catalogos/tipo_defuncion.csv', encode(INTENT_CATALOG, spec.encoding)),
    );
  }
  if (spec.member !== null) {
    entries.push(dir('conjunto_de_datos/'));
    entries.push(e(spec.member, spec.csvBom ? encode(spec.csv, 'utf-8-bom') : latin1(spec.csv)));
  }
  entries.push(
    dir('diccionario_de_datos/'),
    e(
      `diccionario_de_datos/diccionario_datos_defunciones_${kind}_${spec.reg}.csv`,
      encode(dictionary(fields), spec.encoding),
    ),
    dir('metadatos/'),
    e(
      `metadatos/metadatos_defunciones_${kind}_${spec.reg}.txt`,
      encode(metadata(title, spec.reg, '2024-10-24'), spec.encoding),
    ),
  );
  return writeZip(entries);
}

export const INEGI_FILES = {
  y2017: `${DIR}/conjunto_de_datos_defunciones_generales_2017_csv.zip`,
  y2023: `${DIR}/conjunto_de_datos_defunciones_registradas_2023_csv.zip`,
  y2024: `${DIR}/conjunto_de_datos_edr2024_csv.zip`,
  missingMember: `${DIR}/bad/missing_member.zip`,
  truncated: `${DIR}/bad/truncated.zip`,
  htmlErrorPage: `${DIR}/bad/html_error_page.zip`,
  missingColumn: `${DIR}/bad/missing_column.zip`,
  wrongType: `${DIR}/bad/wrong_type.zip`,
  unknownState: `${DIR}/bad/unknown_state.zip`,
} as const;

/** Line (1-based, header = 1) of wrong_type.zip whose mes_ocurr is "1O" (letter O). */
export const WRONG_TYPE_LINE = 7;

export function buildFixtureFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const all = generateDeaths();
  const byReg = (reg: number) => sortForFile(all.filter((d) => d.anioRegis === reg));
  const at = (year: number, month: number, day: number) => ({
    year,
    month,
    day,
    hour: 10,
    minute: 30,
    second: 0,
  });

  const csv2023 = microdataCsv(FIELDS_74, byReg(2023));
  const csv2024 = microdataCsv(FIELDS_74, byReg(2024));
  const csv2017 = microdataCsv(FIELDS_59, sortForFile(deaths2017(all)));
  const modern = {
    reg: 2023,
    encoding: 'latin-1',
    csvBom: false,
    style: 'modern',
    modified: at(2024, 10, 18),
  } as const;
  const zip2023 = archive({
    ...modern,
    member: 'conjunto_de_datos/conjunto_de_datos_defunciones_registradas_2023_csv.csv',
    csv: csv2023,
  });
  files.set(INEGI_FILES.y2023, zip2023);
  files.set(
    INEGI_FILES.y2024,
    archive({
      reg: 2024,
      member: 'conjunto_de_datos/conjunto_de_datos_defunciones_registradas24_csv.csv',
      csv: csv2024,
      encoding: 'utf-8-bom',
      csvBom: true,
      style: 'modern',
      modified: at(2025, 10, 17),
    }),
  );
  files.set(
    INEGI_FILES.y2017,
    archive({
      reg: 2017,
      member: 'conjunto_de_datos/conjunto_de_datos_defunciones_generales_2017.CSV',
      csv: csv2017,
      encoding: 'latin-1',
      csvBom: false,
      style: 'de_prefix',
      modified: at(2018, 10, 31),
    }),
  );

  const small = byReg(2023).slice(0, 40);
  files.set(INEGI_FILES.missingMember, archive({ ...modern, member: null, csv: csv2023 }));
  files.set(INEGI_FILES.truncated, zip2023.subarray(0, Math.floor(zip2023.length * 0.6)));
  files.set(INEGI_FILES.htmlErrorPage, new TextEncoder().encode(INEGI_HTML_ERROR));
  files.set(
    INEGI_FILES.missingColumn,
    archive({
      ...modern,
      member: 'conjunto_de_datos/conjunto_de_datos_defunciones_registradas_2023_csv.csv',
      csv: microdataCsv(
        FIELDS_74.filter((f) => f !== 'causa_def'),
        small,
      ),
    }),
  );
  const wrong = microdataCsv(FIELDS_74, small).split('\r\n');
  const mes = FIELDS_74.indexOf('mes_ocurr');
  wrong[WRONG_TYPE_LINE - 1] = (wrong[WRONG_TYPE_LINE - 1] ?? '')
    .split(',')
    .map((v, i) => (i === mes ? '1O' : v))
    .join(',');
  files.set(
    INEGI_FILES.wrongType,
    archive({
      ...modern,
      member: 'conjunto_de_datos/conjunto_de_datos_defunciones_registradas_2023_csv.csv',
      csv: wrong.join('\r\n'),
    }),
  );
  files.set(
    INEGI_FILES.unknownState,
    archive({
      ...modern,
      member: 'conjunto_de_datos/conjunto_de_datos_defunciones_registradas_2023_csv.csv',
      csv: microdataCsv(
        FIELDS_74,
        small.map((d, i) => (i === 3 ? { ...d, entOcurr: '47' } : d)),
      ),
    }),
  );
  return files;
}

/** What INEGI's server sends, with status 200, for a year that has no file. */
const INEGI_HTML_ERROR = `<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<title>INEGI - Página no encontrada</title>
</head>
<body>
<h1>Lo sentimos, la página que busca no existe o ha cambiado de dirección.</h1>
<p>Instituto Nacional de Estadística y Geografía</p>
</body>
</html>
`;
