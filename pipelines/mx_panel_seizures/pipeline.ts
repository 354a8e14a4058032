import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { defineSource } from '../../src/core/defineSource.ts';
import type { CsvLoadResult, CsvLoadTarget } from '../../src/core/load.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import type { Pipeline } from '../../src/core/pipeline.ts';
import { readTemplateLookups, TEMPLATE_COLUMNS, validateTemplate } from './panelTemplate.ts';

const fixtures = join(fixturesDir, 'mx-panel-seizures');

// [raw column, type, comment]; the first seven are the template's columns as written.
const columns: [string, string, string][] = [
  ['estado', 'VARCHAR', 'State as written in the template: INEGI cve_ent (01–32) or name.'],
  ['mes', 'VARCHAR', 'Month as written, YYYY-MM.'],
  [
    'dependencia',
    'VARCHAR',
    'Seizing agency as written (SEDENA, SEMAR, GN, FGR, ANAM, SSPC, FGE, SSP_ESTATAL, OTRA).',
  ],
  ['droga', 'VARCHAR', 'Drug as written, e.g. fentanilo, metanfetamina, cocaína.'],
  ['cantidad', 'VARCHAR', 'Quantity as written, in the unit of the row; ND when not available.'],
  ['unidad', 'VARCHAR', 'Unit as written: kg, g, pills (pastillas) or L (litros).'],
  ['nota', 'VARCHAR', 'Free-text note of the submitter (source document, operation), or NULL.'],
  ['line', 'INTEGER', 'Line of the row in the submitted file (header = 1).'],
  ['cve_ent', 'VARCHAR', 'INEGI state code 01–32 the state was resolved to (analytics.geography).'],
  ['month_start', 'DATE', 'First day of the month.'],
  ['agency', 'VARCHAR', 'Agency code the agency was resolved to.'],
  [
    'drug',
    'VARCHAR',
    'Canonical drug code the drug was resolved to (analytics.drug_aliases, source mx_panel_seizures).',
  ],
  [
    'quantity',
    'DOUBLE',
    'The quantity as a number, in the unit written (grams stay grams here; staging divides by 1000); NULL for ND.',
  ],
  ['unit', 'VARCHAR', 'Normalised unit: kg, g, pills or L.'],
];

async function loadTemplate(
  connection: DuckDBConnection,
  pipeline: Pipeline,
  target: CsvLoadTarget,
): Promise<CsvLoadResult> {
  const result = validateTemplate(readFileSync(target.path), target.vintage, readTemplateLookups());
  if (result.rejects.length > 0) return { layout: result.layout, rowsLoaded: 0, rejects: result.rejects };
  const names = ['load_id', 'vintage', ...columns.map(([name]) => name)];
  const perRow = names.length;
  const chunk = 500;
  for (let start = 0; start < result.rows.length; start += chunk) {
    const rows = result.rows.slice(start, start + chunk);
    const values = rows.map(
      (_, r) => `(${names.map((name, c) => `$${r * perRow + c + 1}${castOf(name)}`).join(', ')})`,
    );
    const params = rows.flatMap((row) => [
      target.loadId,
      target.vintage,
      row.estado,
      row.mes,
      row.dependencia,
      row.droga,
      row.cantidad,
      row.unidad,
      row.nota,
      row.line,
      row.cveEnt,
      row.monthStart,
      row.agency,
      row.drug,
      row.quantity,
      row.unit,
    ]);
    await connection.run(
      `INSERT INTO raw.${pipeline.name} (${names.join(', ')}) VALUES ${values.join(', ')}`,
      params,
    );
  }
  return { layout: result.layout, rowsLoaded: result.rows.length, rejects: [] };
}

function castOf(name: string): string {
  if (name === 'load_id') return '::BIGINT';
  if (name === 'vintage' || name === 'month_start') return '::DATE';
  if (name === 'line') return '::INTEGER';
  if (name === 'quantity') return '::DOUBLE';
  return '::VARCHAR';
}

export default defineSource(
  {
    name: 'mx_panel_seizures',
    dir: import.meta.dirname,
    labels: {
      name: { en: 'Mexican panel seizures', es: 'Aseguramientos del panel (México)' },
      description: {
        en: 'Drug seizures in Mexico by state and month, submitted by the panel’s Mexican members in the panel template.',
        es: 'Aseguramientos de drogas en México por estado y mes, enviados por los miembros mexicanos del panel en la plantilla del panel.',
      },
    },
    title: {
      en: 'Drug seizures in Mexico, submitted by the panel',
      es: 'Aseguramientos de drogas en México, entregados por el panel',
    },
    publisher: 'Binational expert panel (from Mexican agencies’ reports)',
    releases: 'monthly',
    // A submission adds or replaces values; it does not speak for the states or months it leaves out.
    releaseScope: 'none',
    schedule: { cron: '0 8 5 * *', timezone: 'America/Mexico_City' },
    demoInputs: [
      {
        kind: 'file',
        path: join(fixtures, 'aseguramientos_2024-2025_ejemplo.csv'),
        vintage: '2025-07-10',
        demo: true,
      },
    ],
    // Mexico publishes no open seizure series: the panel's own files are the live inputs, set in the configuration.
    liveInputs: [{ kind: 'file', path: 'panel/aseguramientos.csv' }],
    maxRejectedRows: 0,
    raw: {
      comment:
        'Drug seizures in Mexico as the panel submits them in its CSV template (pipelines/mx_panel_seizures/README.md): one row per state, month, agency, drug and unit, each validated before anything is loaded. Append-only, one set of rows per submission (vintage).',
      columns: columns.map(([name, type, comment]) => ({ name, type, comment })),
    },
    // The loader is the template validator (hooks.load); the layouts document the two headers it accepts.
    csv: {
      layouts: [
        {
          name: 'plantilla_es',
          description: 'the template with Spanish headers',
          fields: TEMPLATE_COLUMNS.es.map((h, i) => [h, TEMPLATE_COLUMNS.es[i] as string]),
        },
        {
          name: 'template_en',
          description: 'the template with English headers',
          fields: TEMPLATE_COLUMNS.en.map((h, i) => [h, TEMPLATE_COLUMNS.es[i] as string]),
        },
      ],
    },
    staging: { file: 'staging.sql' },
  },
  { load: loadTemplate },
);
