/**
 * SYNTHETIC CONAPO demographic indicators (`ind_dem_proyecciones.csv`, 2018 projections): the real 73-column
 * header, Latin-1 bytes (AÑO, República Mexicana, Michoacán), CRLF, no quoting, `ND` where CONAPO has no value;
 * made-up numbers whose states add up to the nation exactly, as CONAPO's do. The nation from 1968 (ND in its first
 * years), the states from 2010 (the real file: nation 1950–2050, states 1970–2050). See fixtures/README.md.
 */
import { latin1 } from '../_lib/fixtures/zipWrite.ts';

const DIR = 'conapo-state-population';
export const CONAPO_SEED = 20180801;

export const CONAPO_HEADER =
  'RENGLON,AÑO,ENTIDAD,CVE_GEO,CRE_NAT,CRE_SOC,CRE_TOT,DEF,EDAD_MED,EMI_EST,EMI_INT,EVH,EVM,EV,HOM_MIT_AÑO,IND_ENV,INM_EST,INM_INT,MIG_NET_EST,MIG_NET_INT,MUJ_MIT_AÑO,NAC,POB_MIT_AÑO,MUJ_12_14,MUJ_15_17,MUJ_15_19,MUJ_15_29,MUJ_15_49,MUJ_18_24,MUJ_20_24,MUJ_3_5,MUJ_30_64,MUJ_6_11,MUJ_65_MAS,HOM_12_14,HOM_15_17,HOM_15_19,HOM_15_29,HOM_15_49,HOM_18_24,HOM_20_24,HOM_3_5,HOM_30_64,HOM_6_11,HOM_65_MAS,POB_12_14,POB_15_17,POB_15_19,POB_15_29,POB_15_49,POB_18_24,POB_20_24,POB_3_5,POB_30_64,POB_6_11,POB_65_MAS,RAZ_DEP_ADU,RAZ_DEP_INF,RAZ_DEP,T_BRU_MOR,T_BRU_NAT,T_CRE_NAT,T_CRE_SOC,T_CRE_TOT,T_EMI_EST,T_INM_EST,T_MIG_NET_EST,T_MIG_NET_INT,TMIH,TMIM,TMI,TEF_ADO,TGF';

/** CONAPO's short state names (CVE_GEO 1–32) and a synthetic 2010 population in thousands. */
export const CONAPO_STATES: [string, number][] = [
  ['Aguascalientes', 1200],
  ['Baja California', 3200],
  ['Baja California Sur', 660],
  ['Campeche', 850],
  ['Coahuila', 2800],
  ['Colima', 660],
  ['Chiapas', 4900],
  ['Chihuahua', 3450],
  ['Ciudad de México', 8900],
  ['Durango', 1650],
  ['Guanajuato', 5550],
  ['Guerrero', 3400],
  ['Hidalgo', 2700],
  ['Jalisco', 7450],
  ['México', 15500],
  ['Michoacán', 4400],
  ['Morelos', 1800],
  ['Nayarit', 1100],
  ['Nuevo León', 4750],
  ['Oaxaca', 3850],
  ['Puebla', 5850],
  ['Querétaro', 1850],
  ['Quintana Roo', 1350],
  ['San Luis Potosí', 2600],
  ['Sinaloa', 2800],
  ['Sonora', 2700],
  ['Tabasco', 2250],
  ['Tamaulipas', 3300],
  ['Tlaxcala', 1180],
  ['Veracruz', 7700],
  ['Yucatán', 1980],
  ['Zacatecas', 1500],
];

const FIRST_NATION_YEAR = 1968;
const FIRST_STATE_YEAR = 2010;
const LAST_YEAR = 2030;

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

/** Counts of one place and year: men, women and the age bands (synthetic shares). */
interface Counts {
  hom: number;
  muj: number;
  nac: number;
  def: number;
  bands: Record<string, [number, number]>;
}

const BANDS: [string, number][] = [
  ['12_14', 0.052],
  ['15_17', 0.051],
  ['15_19', 0.086],
  ['15_29', 0.25],
  ['15_49', 0.53],
  ['18_24', 0.118],
  ['20_24', 0.084],
  ['3_5', 0.052],
  ['30_64', 0.43],
  ['6_11', 0.104],
  ['65_MAS', 0.085],
];

function stateCounts(thousands: number, year: number, random: () => number, rate = 1.011): Counts {
  const growth = rate ** (year - FIRST_STATE_YEAR);
  const total = Math.round(thousands * 1000 * growth);
  const hom = Math.round(total * (0.488 + random() * 0.006));
  const muj = total - hom;
  const bands: Counts['bands'] = {};
  for (const [band, share] of BANDS) {
    bands[band] = [
      Math.round(hom * share * (0.97 + random() * 0.06)),
      Math.round(muj * share * (0.97 + random() * 0.06)),
    ];
  }
  return { hom, muj, nac: Math.round(total * 0.017), def: Math.round(total * 0.0062), bands };
}

const fixed = (n: number, digits = 2) => String(Number(n.toFixed(digits)));

function row(
  renglon: number,
  year: number,
  name: string,
  cve: number,
  c: Counts,
  random: () => number,
  nd: boolean,
): string {
  const pob = c.hom + c.muj;
  const creNat = c.nac - c.def;
  const creSoc = Math.round((random() - 0.6) * pob * 0.002);
  const band = (k: string, i: 0 | 1 | 2) => {
    const [h, m] = c.bands[k] as [number, number];
    return String(i === 0 ? m : i === 1 ? h : h + m);
  };
  const rate = (n: number) => fixed((n / pob) * 1000);
  const migEst = nd
    ? ['ND', 'ND', 'ND']
    : [
        String(Math.round(pob * 0.005)),
        String(Math.round(pob * 0.005 + creSoc / 2)),
        String(Math.round(creSoc / 2)),
      ];
  const values: Record<string, string> = {
    RENGLON: String(renglon),
    AÑO: String(year),
    ENTIDAD: name,
    CVE_GEO: String(cve),
    CRE_NAT: String(creNat),
    CRE_SOC: String(creSoc),
    CRE_TOT: String(creNat + creSoc),
    DEF: String(c.def),
    EDAD_MED: fixed(22 + (year - 1968) * 0.12 + random()),
    EMI_EST: migEst[0] as string,
    EMI_INT: String(Math.round(pob * 0.0025)),
    EVH: fixed(70 + random() * 3),
    EVM: fixed(76 + random() * 3),
    EV: fixed(73 + random() * 3),
    HOM_MIT_AÑO: String(c.hom),
    IND_ENV: fixed(20 + random() * 40),
    INM_EST: migEst[1] as string,
    INM_INT: String(Math.round(pob * 0.0008)),
    MIG_NET_EST: migEst[2] as string,
    MIG_NET_INT: String(Math.round(creSoc / 2)),
    MUJ_MIT_AÑO: String(c.muj),
    NAC: String(c.nac),
    POB_MIT_AÑO: String(pob),
    RAZ_DEP_ADU: fixed(9 + random() * 3),
    RAZ_DEP_INF: fixed(38 + random() * 6),
    RAZ_DEP: fixed(48 + random() * 8),
    T_BRU_MOR: rate(c.def),
    T_BRU_NAT: rate(c.nac),
    T_CRE_NAT: fixed((creNat / pob) * 100),
    T_CRE_SOC: fixed((creSoc / pob) * 100),
    T_CRE_TOT: fixed(((creNat + creSoc) / pob) * 100),
    T_EMI_EST: nd ? 'ND' : String(Number(((Number(migEst[0]) / pob) * 100).toPrecision(9))),
    T_INM_EST: nd ? 'ND' : String(Number(((Number(migEst[1]) / pob) * 100).toPrecision(9))),
    T_MIG_NET_EST: nd ? '0' : String(Number(((Number(migEst[2]) / pob) * 100).toPrecision(9))),
    T_MIG_NET_INT: fixed((creSoc / 2 / pob) * 100),
    TMIH: fixed(13 + random() * 5),
    TMIM: fixed(10 + random() * 5),
    TMI: fixed(12 + random() * 5),
    TEF_ADO: fixed(60 + random() * 15),
    TGF: fixed(2 + random() * 0.3),
  };
  return CONAPO_HEADER.split(',')
    .map((col) => {
      if (col in values) return values[col] as string;
      const m = /^(MUJ|HOM|POB)_(.+)$/.exec(col);
      if (!m) throw new Error(`conapo fixture: no value for ${col}`);
      return band(m[2] as string, m[1] === 'MUJ' ? 0 : m[1] === 'HOM' ? 1 : 2);
    })
    .join(',');
}

/** The file as text (write it as Latin-1): the nation's rows first, then each state's, as CONAPO orders them. */
export function conapoText(): string {
  const random = mulberry32(CONAPO_SEED);
  const years = Array.from({ length: LAST_YEAR - FIRST_STATE_YEAR + 1 }, (_, i) => FIRST_STATE_YEAR + i);
  const states = CONAPO_STATES.map(([, k]) => {
    const rate = 1.004 + random() * 0.014;
    return new Map(years.map((y) => [y, stateCounts(k, y, random, rate)]));
  });
  const lines = [CONAPO_HEADER];
  let renglon = 0;
  for (let year = FIRST_NATION_YEAR; year <= LAST_YEAR; year++) {
    let nation: Counts;
    if (year >= FIRST_STATE_YEAR) {
      nation = { hom: 0, muj: 0, nac: 0, def: 0, bands: {} };
      for (const s of states) {
        const c = s.get(year) as Counts;
        nation.hom += c.hom;
        nation.muj += c.muj;
        nation.nac += c.nac;
        nation.def += c.def;
        for (const [band] of BANDS) {
          const [h, m] = nation.bands[band] ?? [0, 0];
          const [ch, cm] = c.bands[band] as [number, number];
          nation.bands[band] = [h + ch, m + cm];
        }
      }
    } else {
      nation = stateCounts(
        (60_000 * 0.985 ** (FIRST_STATE_YEAR - year)) / 1.011 ** (year - FIRST_STATE_YEAR),
        FIRST_STATE_YEAR,
        random,
      );
    }
    lines.push(row(++renglon, year, 'República Mexicana', 0, nation, random, year < 1970));
  }
  CONAPO_STATES.forEach(([name], i) => {
    for (const year of years) {
      lines.push(row(++renglon, year, name, i + 1, states[i]?.get(year) as Counts, random, false));
    }
  });
  return `${lines.join('\r\n')}\r\n`;
}

export const CONAPO_FILES = {
  indicators: `${DIR}/ind_dem_proyecciones.csv`,
  utf8ByAgeSex: `${DIR}/00_Pob_Mitad_1950_2070_excerpt.csv`,
  dgisByAgeSex: `${DIR}/Poblacion_Estimada_Mitad_Anio_excerpt.csv`,
  noPopulation: `${DIR}/bad/no_population_column.csv`,
  unknownState: `${DIR}/bad/unknown_cve_geo.csv`,
} as const;

/**
 * A few rows in the layout of the 2023 projections by age and sex as the UTF-8 redistribution writes them
 * (BOM, ANIO, SEXO Hombres/Mujeres, POBLACION): 2 places × 2 years × 3 ages × 2 sexes.
 */
function byAgeSexText(): string {
  const lines = ['\uFEFFRENGLON,ANIO,ENTIDAD,CVE_GEO,EDAD,SEXO,POBLACION'];
  let r = 0;
  const places: [string, number, number][] = [
    ['República Mexicana', 0, 2],
    ['Aguascalientes', 1, 1],
    ['Baja California', 2, 1],
  ];
  for (const year of [2030, 2031]) {
    for (const [name, cve, scale] of places) {
      for (const age of [0, 1, 2]) {
        for (const sexo of ['Hombres', 'Mujeres']) {
          lines.push(
            `${++r},${year},${name},${cve},${age},${sexo},${scale * (1000 + age * 10 + (sexo === 'Hombres' ? 5 : 0) + (year - 2030))}`,
          );
        }
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The population of one DGIS cell: state, year, age, sex (1 men, 2 women); made up, easy to sum by hand. */
export function dgisCell(state: number, year: number, age: number, sex: number): number {
  return 1000 * state + 10 * age + sex + (year - 2030);
}

/**
 * The layout of the Health Ministry's (DGIS) redistribution of the 2023 projections, Poblacion_Estimada_Mitad_Anio:
 * one row per state, year, single year of age and sex, and NO national row. A GUESS beyond the five column names
 * (seen lower-cased in a public script that reads the file): their case, order, any other columns, the encoding and
 * the line endings are not known. 32 states × 2 years × ages 0–2 × 2 sexes.
 */
function dgisText(): string {
  const lines = ['anio,clave_entidad,clave_edad,clave_sexo,poblacion_a_mitad_anio'];
  for (const year of [2030, 2031]) {
    for (let state = 1; state <= 32; state++) {
      for (const age of [0, 1, 2]) {
        for (const sex of [1, 2])
          lines.push(`${year},${state},${age},${sex},${dgisCell(state, year, age, sex)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

export function buildFixtureFiles(): Map<string, Uint8Array> {
  const text = conapoText();
  const lines = text.split('\r\n');
  return new Map([
    [CONAPO_FILES.indicators, latin1(text)],
    [CONAPO_FILES.utf8ByAgeSex, new TextEncoder().encode(byAgeSexText())],
    [CONAPO_FILES.dgisByAgeSex, new TextEncoder().encode(dgisText())],
    [
      CONAPO_FILES.noPopulation,
      latin1([lines[0]?.replace(',POB_MIT_AÑO,', ',POB_MIT,'), ...lines.slice(1, 6)].join('\r\n')),
    ],
    [
      CONAPO_FILES.unknownState,
      latin1(
        [...lines.slice(0, 4), (lines.at(-2) ?? '').replace(',Zacatecas,32,', ',Zacatecas,33,'), ''].join(
          '\r\n',
        ),
      ),
    ],
  ]);
}
