import { join } from 'node:path';
import { defineSource } from '../../src/core/defineSource.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { toUtf8 } from '../_lib/utf8.ts';

const releases = join(import.meta.dirname, 'releases');

const fixtures = join(fixturesDir, 'conapo-state-population');

// [raw column, type, comment]
const spec: [string, string, string][] = [
  ['renglon', 'INTEGER', 'Row number as CONAPO numbers it (RENGLON); NULL in the DGIS file.'],
  [
    'anio',
    'INTEGER',
    'Year (AÑO in the Latin-1 files; ANIO in the UTF-8 redistributions; anio in the DGIS file).',
  ],
  [
    'entidad',
    'VARCHAR',
    'Place name as CONAPO writes it: "República Mexicana" or a short state name ("Coahuila", "México" = Estado de México); NULL in the DGIS file.',
  ],
  [
    'cve_geo',
    'VARCHAR',
    'INEGI state code as an unpadded integer: 0 the nation, 1–32 the states (staging pads it to cve_ent 01–32). DGIS: clave_entidad.',
  ],
  [
    'edad',
    'INTEGER',
    'Single year of age (projections by age and sex only; NULL in the indicators file). DGIS: clave_edad.',
  ],
  [
    'sexo',
    'VARCHAR',
    'Sex: "Hombres" or "Mujeres" (CONAPO), 1 or 2 (DGIS clave_sexo); projections by age and sex only.',
  ],
  [
    'pob_mit_anio',
    'BIGINT',
    'Total mid-year population (POB_MIT_AÑO, demographic indicators file, one row per place and year).',
  ],
  ['hom_mit_anio', 'BIGINT', 'Mid-year male population (HOM_MIT_AÑO).'],
  ['muj_mit_anio', 'BIGINT', 'Mid-year female population (MUJ_MIT_AÑO).'],
  [
    'poblacion',
    'BIGINT',
    'Mid-year population of one age and sex (POBLACION in 00_Pob_Mitad_1950_2070, poblacion_a_mitad_anio in the DGIS file); staging sums it per place and year.',
  ],
];

/** CONAPO spells AÑO with Ñ in its Latin-1 files and as ANIO in its UTF-8 redistributions. */
const spellings = (header: string) => [header, header.replace('AÑO', 'ANIO')];
const spelled = (header: string, raw: string) => spellings(header).map((h): [string, string] => [h, raw]);

export default defineSource(
  {
    name: 'conapo_state_population',
    dir: import.meta.dirname,
    labels: {
      name: { en: 'CONAPO population', es: 'Población CONAPO' },
      description: {
        en: 'CONAPO population projections for Mexico by state and year.',
        es: 'Proyecciones de población del CONAPO por entidad federativa y año.',
      },
    },
    title: {
      en: 'CONAPO mid-year population projections of Mexico and its states',
      es: 'Proyecciones de población a mitad de año de México y sus entidades federativas, CONAPO',
    },
    publisher: 'Consejo Nacional de Población (CONAPO), Mexico',
    // New projections every five years or so (2012, 2018, 2023), not yearly: judged yearly it would always be red.
    releases: 'five-yearly',
    // A projection release is the whole series (population denominators, like census_state_population).
    releaseScope: 'all',
    schedule: { cron: '0 7 3 1 *', timezone: 'America/Mexico_City' },
    produces: 'population',
    // Real releases, each with its provenance in releases/<file>.md.
    bundledInputs: [
      { kind: 'file', path: join(releases, 'ind_dem_proyecciones_2018.csv.gz'), vintage: '2018-12-31' },
    ],
    demoInputs: [
      {
        kind: 'file',
        path: join(fixtures, 'ind_dem_proyecciones.csv'),
        vintage: '2018-12-01',
        demo: true,
      },
    ],
    liveInputs: [
      {
        kind: 'url',
        url: 'https://conapo.segob.gob.mx/work/models/CONAPO/Datos_Abiertos/pry23/00_Pob_Mitad_1950_2070.csv',
        vintage: '2023-09-11',
      },
    ],
    raw: {
      comment:
        'CONAPO population projections as published: the 2018 demographic-indicators file (ind_dem_proyecciones.csv, one row per place and year, 73 columns of which the population totals are kept) or the 2023 projections by single year of age and sex (00_Pob_Mitad_1950_2070.csv, or the DGIS (Health Ministry) redistribution Poblacion_Estimada_Mitad_Anio.csv). Append-only, one set of rows per vintage.',
      columns: spec.map(([name, type, comment]) => ({ name, type, comment })),
    },
    // CONAPO's files differ in columns, encoding and the spelling of AÑO; the columns are matched by name.
    // Files without the nation's row (CVE_GEO 0) get it from the 32 states in staging.
    csv: {
      layouts: [
        {
          name: 'conapo_ind_dem',
          description:
            'the demographic indicators file (ind_dem_proyecciones, 73 columns; the population totals are read)',
          fields: [
            ['RENGLON', 'renglon'],
            ...spelled('AÑO', 'anio'),
            ['ENTIDAD', 'entidad'],
            ['CVE_GEO', 'cve_geo'],
            ...spelled('POB_MIT_AÑO', 'pob_mit_anio'),
            ...spelled('HOM_MIT_AÑO', 'hom_mit_anio'),
            ...spelled('MUJ_MIT_AÑO', 'muj_mit_anio'),
          ],
          optional: ['RENGLON', 'ENTIDAD', ...spellings('HOM_MIT_AÑO'), ...spellings('MUJ_MIT_AÑO')],
          otherColumns: 'ignore',
        },
        {
          name: 'conapo_pob_mitad_edad_sexo',
          description: 'the projections by single year of age and sex (00_Pob_Mitad_1950_2070)',
          fields: [
            ['RENGLON', 'renglon'],
            ...spelled('AÑO', 'anio'),
            ['ENTIDAD', 'entidad'],
            ['CVE_GEO', 'cve_geo'],
            ['EDAD', 'edad'],
            ['SEXO', 'sexo'],
            ['POBLACION', 'poblacion'],
          ],
          optional: ['RENGLON', 'ENTIDAD'],
        },
        {
          name: 'dgis_pob_mitad_edad_sexo',
          description:
            "the Health Ministry's (DGIS) redistribution by age and sex (Poblacion_Estimada_Mitad_Anio, no national row)",
          fields: [
            ['anio', 'anio'],
            ['clave_entidad', 'cve_geo'],
            ['clave_edad', 'edad'],
            ['clave_sexo', 'sexo'],
            ['poblacion_a_mitad_anio', 'poblacion'],
          ],
          otherColumns: 'ignore',
        },
      ],
    },
    staging: { file: 'staging.sql' },
  },
  {
    prepare: async (path) => (await toUtf8(path)).path,
  },
);
