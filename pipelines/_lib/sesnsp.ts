/**
 * What SESNSP's two crime-incidence sources share: the wide month columns, the month a release's file name says its
 * data run through, and a load that records that month and refuses rows staging could not place.
 * See pipelines/sesnsp_fuero_comun/README.md and sesnsp_fuero_federal.md.
 */
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CsvLoadResult, CsvLoadTarget } from '../../src/core/load.ts';
import type { Pipeline } from '../../src/core/pipeline.ts';
import { loadCsv } from '../../src/warehouse/loadCsv.ts';
import { rejectRowProblems } from '../../src/warehouse/rowProblems.ts';

/** SESNSP's open-data catalogue page, where both sources' files are linked. */
export const SESNSP_PAGE =
  'https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva';

/** The month abbreviation in a release's file name, as a named group. */
export const SESNSP_MONTH = '(?<month>ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic)';

/** SESNSP publishes around the 20th of the month after the last month a file covers. */
export const SESNSP_LAG = { months: 1, day: 20 };

/** The twelve month columns, raw name = the Spanish month in lower case (headers: Enero or ENERO). */
export const MONTH_COLUMNS = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
] as const;

const ABBREVIATIONS = MONTH_COLUMNS.map((m) => m.slice(0, 3));

/** [header, raw column] of the month columns; headers match case-insensitively, so one list serves both sources. */
export const monthFields = (): [string, string][] =>
  MONTH_COLUMNS.map((m) => [m[0]?.toUpperCase() + m.slice(1), m]);

export const monthRawColumns = (what: string) =>
  MONTH_COLUMNS.map((m) => ({
    name: m,
    type: 'BIGINT',
    comment: `${what} in ${m[0]?.toUpperCase()}${m.slice(1)} of anio; NULL where the cell is empty (a month not yet published, or left blank).`,
  }));

export const THROUGH_MONTH_COLUMN = {
  name: 'through_month',
  type: 'DATE',
  comment:
    'Not a column of the file: the last month the release covers, read from its file name (IDEFC_NM_may22 → 2022-05-01; Estatal-Delitos-2015-2025_feb2026 and RNID-Delitos_Estatal-2026-abr2026 name a month and a 4-digit year), or, for a name without one, the last month of the newest year that has a value. Months after it are not yet published, whatever the cell holds.',
};

/**
 * The month (YYYY-MM-01) a SESNSP file name says the release runs through: the first `<mes><yy>` or `<mes><yyyy>`
 * of the name (`IDEFF_jul25.csv`, `Estatal-Delitos-2015-2025_dic2025.csv`, `RNID-Delitos_Estatal-2026-abr2026.csv`,
 * and the municipal `…_dic25_corte_jun26.csv`, whose first date is the data's). Null when the name has none.
 */
export function throughMonthFromName(origin: string): string | null {
  const name = basename(origin.replace(/[?#].*$/, ''));
  const match = /(?:^|[^a-z])(ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic)[-_]?(\d{4}|\d{2})(?!\d)/i.exec(
    name,
  );
  if (!match) return null;
  const month = ABBREVIATIONS.indexOf((match[1] as string).toLowerCase()) + 1;
  const year = (match[2] as string).length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/**
 * Loads the file (columns by name), records its through_month, then runs the source's problems query on the rows
 * of this load: every problem is a rejected line with file, line and column, and nothing of the load is kept.
 */
export function sesnspLoad(problemsSql: () => string, keyColumns: string[]) {
  return async (
    connection: DuckDBConnection,
    pipeline: Pipeline,
    target: CsvLoadTarget,
  ): Promise<CsvLoadResult> => {
    const result = await loadCsv(connection, pipeline, target);
    if (result.rejects.length > 0) return result;
    const table = `raw.${pipeline.name}`;
    const lastWithValue = MONTH_COLUMNS.map(
      (m, i) => `CASE WHEN ${m} IS NOT NULL THEN make_date(anio, ${i + 1}, 1) END`,
    ).join(', ');
    await connection.run(
      `UPDATE ${table} SET through_month = coalesce($named::DATE,
         (SELECT max(greatest(${lastWithValue})) FROM ${table} WHERE load_id = $load_id))
       WHERE load_id = $load_id`,
      { named: throughMonthFromName(target.origin), load_id: target.loadId },
    );
    const rejects = await rejectRowProblems(connection, pipeline, target, result, problemsSql(), keyColumns);
    return { ...result, rejects };
  };
}
