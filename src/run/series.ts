import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import type { SeriesValue } from '../detect/types.ts';
import { queryRows } from '../warehouse/connection.ts';

/** One monthly series out of analytics.observations, with its labels, ready for the detectors. */
export interface SeriesRow {
  source: string;
  country: string;
  geo_level: string;
  geo_code: string;
  drug: string;
  measure: string;
  period_type: string;
  place_en: string;
  place_es: string;
  drug_en: string;
  drug_es: string;
  starts: string[];
  ends: string[];
  vals: SeriesValue[];
}

/** Which series to read: groups of drugs × measures, optionally only some geographic levels. */
export interface SeriesSelection {
  drugs: string[];
  measures: string[];
  geoLevels?: string[] | undefined;
}

/** `drug|measure|level` keys, `*` for any level. */
function selectionKeys(groups: readonly SeriesSelection[]): string[] {
  const keys = new Set<string>();
  for (const g of groups) {
    for (const drug of g.drugs) {
      for (const measure of g.measures) {
        for (const level of g.geoLevels ?? ['*']) keys.add(`${drug}|${measure}|${level}`);
      }
    }
  }
  return [...keys];
}

/**
 * Monthly series with every month present: a month absent from the data is a null (missing), never a zero. So is a
 * value whose status is suppressed or missing, and a national total that adds a state's value flagged as a
 * reporting artefact (analytics.sesnsp_quality: a run of zeros where the state reported hundreds), which would
 * otherwise pull the total down with zeros the state's own series treats as missing.
 */
export async function readMonthlySeries(
  connection: DuckDBConnection,
  groups: readonly SeriesSelection[],
): Promise<SeriesRow[]> {
  return queryRows<SeriesRow>(
    connection,
    `WITH keys AS (
       SELECT source, country, geo_level, geo_code, drug, measure, period_type,
              min(period_end) AS first_end, max(period_end) AS last_end
       FROM analytics.observations
       WHERE (list_contains($keys::VARCHAR[], drug || '|' || measure || '|' || geo_level)
           OR list_contains($keys::VARCHAR[], drug || '|' || measure || '|*'))
         AND period_type IN ('month', '12mo_ending')
       GROUP BY ALL
     ),
     artefact_totals AS (
       SELECT DISTINCT source, drug, period_end, load_id, 'nation' AS geo_level
       FROM analytics.sesnsp_quality
       WHERE flag = 'zero_run_artefact' AND geo_level = 'state'
     ),
     grid AS (
       SELECT k.* EXCLUDE (first_end, last_end), last_day(m) AS period_end,
              CAST(CASE WHEN period_type = '12mo_ending' THEN m - INTERVAL 11 MONTH ELSE m END AS DATE) AS period_start
       FROM keys AS k,
            LATERAL unnest(generate_series(date_trunc('month', k.first_end), date_trunc('month', k.last_end),
                                           INTERVAL 1 MONTH)) AS t(m)
     )
     SELECT g.source, g.country, g.geo_level, g.geo_code, g.drug, g.measure, g.period_type,
            any_value(geo.name_en) AS place_en, any_value(geo.name_es) AS place_es,
            any_value(d.short_en) AS drug_en, any_value(d.short_es) AS drug_es,
            list(strftime(g.period_start, '%Y-%m-%d') ORDER BY g.period_end) AS starts,
            list(strftime(g.period_end, '%Y-%m-%d') ORDER BY g.period_end) AS ends,
            list(CASE WHEN o.status IN ('suppressed', 'missing') OR t.load_id IS NOT NULL THEN NULL ELSE o.value END
                 ORDER BY g.period_end) AS vals
     FROM grid AS g
     LEFT JOIN analytics.observations AS o
       USING (source, country, geo_level, geo_code, drug, measure, period_type, period_end)
     LEFT JOIN artefact_totals AS t
       ON t.source = o.source AND t.drug = o.drug AND t.period_end = o.period_end AND t.load_id = o.load_id
      AND t.geo_level = o.geo_level
     LEFT JOIN analytics.geography AS geo ON geo.country = g.country AND geo.geo_code = g.geo_code
     LEFT JOIN analytics.drugs AS d ON d.code = g.drug
     GROUP BY ALL
     ORDER BY ALL`,
    { keys: listValue(selectionKeys(groups)) },
  );
}
