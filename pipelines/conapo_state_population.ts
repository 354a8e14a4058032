import { join } from 'node:path';
import { fixturesDir } from '../src/paths.ts';
import { definePipeline } from '../src/pipeline/definition.ts';
import { loadCsvByHeaderNames, type NamedColumn, normaliseHeaderName, toUtf8 } from './_lib/csvByName.ts';

const fixtures = join(fixturesDir, 'conapo-state-population');

// [raw column, type, header names CONAPO has used, comment]
const spec: [string, string, string[], string][] = [
  ['renglon', 'INTEGER', ['RENGLON'], 'Row number as CONAPO numbers it (RENGLON).'],
  [
    'anio',
    'INTEGER',
    ['AÑO', 'ANIO'],
    'Year (AÑO in the Latin-1 files; ANIO in the UTF-8 redistribution of the 2023 projections).',
  ],
  [
    'entidad',
    'VARCHAR',
    ['ENTIDAD'],
    'Place name as CONAPO writes it: "República Mexicana" or a short state name ("Coahuila", "México" = Estado de México).',
  ],
  [
    'cve_geo',
    'VARCHAR',
    ['CVE_GEO'],
    'INEGI state code as an unpadded integer: 0 the nation, 1–32 the states (staging pads it to cve_ent 01–32).',
  ],
  [
    'edad',
    'INTEGER',
    ['EDAD'],
    'Single year of age (2023 projections by age and sex only; NULL in the indicators file).',
  ],
  ['sexo', 'VARCHAR', ['SEXO'], 'Sex, "Hombres" or "Mujeres" (2023 projections by age and sex only).'],
  [
    'pob_mit_anio',
    'BIGINT',
    ['POB_MIT_AÑO', 'POB_MIT_ANIO'],
    'Total mid-year population (POB_MIT_AÑO, demographic indicators file, one row per place and year).',
  ],
  ['hom_mit_anio', 'BIGINT', ['HOM_MIT_AÑO', 'HOM_MIT_ANIO'], 'Mid-year male population (HOM_MIT_AÑO).'],
  ['muj_mit_anio', 'BIGINT', ['MUJ_MIT_AÑO', 'MUJ_MIT_ANIO'], 'Mid-year female population (MUJ_MIT_AÑO).'],
  [
    'poblacion',
    'BIGINT',
    ['POBLACION'],
    'Mid-year population of one age and sex (2023 projections, 00_Pob_Mitad_1950_2070); staging sums it per place and year.',
  ],
];

const columns: NamedColumn[] = spec.map(([raw, , headers]) => ({
  raw,
  headers,
  required: raw === 'anio' || raw === 'cve_geo',
}));

export default definePipeline(
  {
    name: 'conapo_state_population',
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
        'CONAPO population projections as published: the 2018 demographic-indicators file (ind_dem_proyecciones.csv, one row per place and year, 73 columns of which the population totals are kept) or the 2023 projections by single year of age and sex (00_Pob_Mitad_1950_2070.csv). Append-only, one set of rows per vintage.',
      columns: spec.map(([name, type, , comment]) => ({ name, type, comment })),
    },
    // CONAPO's files differ in columns, encoding and the spelling of AÑO: the header decides (see load below).
    csv: {
      layouts: [
        {
          name: 'conapo_ind_dem_2018',
          description: '2018 demographic indicators (first columns; 73 in all)',
          fields: [
            ['RENGLON', 'renglon'],
            ['AÑO', 'anio'],
            ['ENTIDAD', 'entidad'],
            ['CVE_GEO', 'cve_geo'],
          ],
        },
      ],
    },
    staging: { file: 'conapo_state_population.sql' },
  },
  {
    prepare: async (path) => (await toUtf8(path)).path,
    load: (connection, pipeline, target) =>
      loadCsvByHeaderNames(connection, pipeline, target, {
        columns,
        layoutName: (header, encoding) => {
          const names = new Set(header.map(normaliseHeaderName));
          const kind = names.has('POBLACION') ? 'conapo_pob_mitad_edad_sexo' : 'conapo_ind_dem';
          return `${kind}_${header.length}col_${encoding.replaceAll('-', '')}`;
        },
        validate: (header) => {
          const names = new Set(header.map(normaliseHeaderName));
          if (names.has('POB_MIT_AÑO') || names.has('POB_MIT_ANIO') || names.has('POBLACION')) return null;
          return 'no population column: expected POB_MIT_AÑO (demographic indicators) or POBLACION (population by age and sex)';
        },
      }),
  },
);
