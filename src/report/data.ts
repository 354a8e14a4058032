/**
 * Reads what the report shows from the published warehouse (read-only), by patterns rather than fixed rows:
 * deaths, seizures and naloxone are found by measure, the focus drugs by their codes (focus.ts), the border states
 * by analytics.geography. Tables and columns that a later migration adds (analytics.rates, alert p/q-values,
 * corroboration, …) are used when present and left out when not, so the report works on any warehouse version.
 */

import {
  type DuckDBConnection,
  DuckDBDecimalValue,
  DuckDBListValue,
  type DuckDBValue,
  quotedString,
} from '@duckdb/node-api';
import {
  BORDER_ORDER,
  DEATHS,
  DEATHS_PREDICTED,
  FAMILIES,
  type Family,
  INVESTIGATION_DRUGS,
  isNaloxoneMeasure,
  isSeizureMeasure,
  OPIOID_DEATH_DRUGS,
} from './focus.ts';
import type {
  ActiveSignal,
  AlertRow,
  DetectionSummary,
  MapValue,
  ObservationStatus,
  Point,
  PopulationSummary,
  ReportData,
  RevisionSummary,
  Series,
  SeriesKey,
  SourceLabel,
  SourceSummary,
  SparkPoint,
  TrendSegment,
} from './reportData.ts';

/** At most this many alarms are listed (most recent first); the rest are counted in `alertsOmitted`. */
export const MAX_ALERTS = 400;
/** A sparkline shows the detector's view over this many periods, ending at the alarm. */
export const SPARK_PERIODS = 24;

type Columns = Map<string, Set<string>>;

function plain(value: DuckDBValue): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? Number(value) : value;
  if (value instanceof DuckDBListValue) return value.items.map(plain);
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  return String(value);
}

/**
 * Rows as plain objects. Much faster than `getRowObjectsJS` (which converts every value through a generic path):
 * the report's queries return only numbers, booleans, strings (dates are formatted in SQL) and lists.
 */
async function queryRows<T>(db: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await db.runAndReadAll(sql);
  const names = reader.columnNames();
  return reader.getRows().map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) out[names[i] as string] = plain(row[i] as DuckDBValue);
    return out as T;
  });
}

function inList(values: Iterable<string>): string {
  const list = [...new Set(values)].map(quotedString);
  return list.length > 0 ? `(${list.join(', ')})` : '(NULL)';
}

async function readColumns(db: DuckDBConnection): Promise<Columns> {
  const rows = await queryRows<{ t: string; c: string }>(
    db,
    `SELECT schema_name || '.' || table_name AS t, column_name AS c FROM duckdb_columns()
     WHERE schema_name IN ('analytics', 'meta')`,
  );
  const columns: Columns = new Map();
  for (const { t, c } of rows) {
    const set = columns.get(t) ?? new Set<string>();
    set.add(c);
    columns.set(t, set);
  }
  return columns;
}

const has = (columns: Columns, table: string, column?: string) =>
  column === undefined ? columns.has(table) : (columns.get(table)?.has(column) ?? false);

/** `column` if the table has it, else a typed NULL under the same name. */
function optional(columns: Columns, table: string, column: string, type = 'VARCHAR', alias = column): string {
  return has(columns, table, column) ? `${column} AS ${alias}` : `NULL::${type} AS ${alias}`;
}

const iso = (column: string) => `strftime(${column}, '%Y-%m-%d')`;

const STATUSES = new Set<ObservationStatus>([
  'reported',
  'provisional',
  'predicted',
  'suppressed',
  'missing',
]);
const asStatus = (s: unknown): ObservationStatus =>
  STATUSES.has(s as ObservationStatus) ? (s as ObservationStatus) : 'reported';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The columns that name a series in analytics.alerts and analytics.trends; older warehouses lack some. */
interface SeriesKeyColumns {
  source: string | null;
  country: string | null;
  geo_level: string | null;
  geo_code: string;
  drug: string;
  measure: string | null;
  period_type: string | null;
}

function selectSeriesKey(columns: Columns, table: string): string {
  const opt = (c: string) => optional(columns, table, c);
  return `${opt('source')}, ${opt('country')}, ${opt('geo_level')}, geo_code, drug, ${opt('measure')}, ${opt('period_type')}`;
}

/** A row's series key, with what a warehouse without the newer columns implies. */
function seriesKey(r: SeriesKeyColumns, periodType: string): SeriesKey {
  return {
    source: r.source ?? '',
    country: r.country ?? (/^\d+$/.test(r.geo_code) ? 'MX' : 'US'),
    geoLevel: r.geo_level ?? '',
    geo: r.geo_code,
    drug: r.drug,
    measure: r.measure ?? DEATHS,
    periodType: r.period_type ?? periodType,
  };
}

/** Sources the warehouse knows (each has its raw table) that no load has filled: nothing of theirs is shown. */
async function readNotLoaded(db: DuckDBConnection, columns: Columns): Promise<string[]> {
  if (!has(columns, 'meta.loads')) return [];
  const rows = await queryRows<{ source: string }>(
    db,
    `SELECT table_name AS source FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'raw'
       AND table_name NOT IN (SELECT source FROM meta.loads WHERE status = 'loaded')
     ORDER BY table_name`,
  );
  return rows.map((r) => r.source);
}

/** The sources' labels and grouping, as their definitions give them (written by every run since schema 11). */
async function readSourceLabels(db: DuckDBConnection, columns: Columns): Promise<SourceLabel[]> {
  if (!has(columns, 'meta.sources')) return [];
  const rows = await queryRows<{
    name: string;
    label_en: string;
    label_es: string;
    description_en: string | null;
    description_es: string | null;
    fiscal_years: boolean;
  }>(db, 'SELECT * FROM meta.sources ORDER BY name');
  return rows.map((r) => ({
    source: r.name,
    name: { en: r.label_en, es: r.label_es },
    description:
      r.description_en !== null && r.description_es !== null
        ? { en: r.description_en, es: r.description_es }
        : null,
    fiscalYears: r.fiscal_years,
  }));
}

/** Reads the report's data from the published warehouse (opened read-only by the caller). */
export async function readReportData(db: DuckDBConnection, now = new Date()): Promise<ReportData> {
  const columns = await readColumns(db);
  const geographies = await readGeographies(db, columns);
  const borderStates = geographies.filter((g) => g.borderState && g.level === 'state').map((g) => g.code);
  const sourceLabels = await readSourceLabels(db, columns);
  const [demo, sources, notLoaded, drugs, series, map, alertsPart, trends, revisions, populations, active] = [
    await readDemo(db, columns),
    await readSources(db, columns),
    await readNotLoaded(db, columns),
    await readDrugs(db, columns),
    await readSeries(db, columns, borderStates),
    await readMap(db, columns),
    await readAlerts(db, columns),
    await readTrends(db, columns),
    await readRevisions(db, columns),
    await readPopulations(db, columns),
    await readActive(db, columns),
  ];
  const monitored = has(columns, 'analytics.alerts', 'source')
    ? (
        await queryRows<{ source: string }>(
          db,
          'SELECT DISTINCT source FROM analytics.alerts WHERE run_id = (SELECT max(run_id) FROM analytics.alerts) ORDER BY source',
        )
      ).map((r) => r.source)
    : null;
  return {
    demo,
    generatedAt: now.toISOString(),
    sources,
    sourceLabels,
    notLoaded,
    drugs,
    geographies,
    series,
    map,
    alerts: alertsPart.alerts,
    alertsOmitted: alertsPart.omitted,
    trends,
    revisions,
    populations,
    detection: alertsPart.detection,
    active,
    monitored,
  };
}

async function readDemo(db: DuckDBConnection, columns: Columns): Promise<boolean> {
  if (!has(columns, 'meta.loads', 'demo')) return false;
  const shown = ['SELECT load_id FROM analytics.observations'];
  if (has(columns, 'analytics.population', 'load_id')) shown.push('SELECT load_id FROM analytics.population');
  const rows = await queryRows<{ demo: boolean | null }>(
    db,
    `SELECT bool_or(demo) AS demo FROM meta.loads WHERE status = 'loaded' AND load_id IN (${shown.join(' UNION ')})`,
  );
  return rows[0]?.demo === true;
}

async function readGeographies(db: DuckDBConnection, columns: Columns): Promise<ReportData['geographies']> {
  const t = 'analytics.geography';
  if (!has(columns, t)) return [];
  const rows = await queryRows<{
    code: string;
    country: string | null;
    level: string | null;
    en: string;
    es: string;
    border: boolean | null;
  }>(
    db,
    `SELECT geo_code AS code, ${optional(columns, t, 'country')}, ${optional(columns, t, 'geo_level', 'VARCHAR', 'level')},
            name_en AS en, name_es AS es, ${optional(columns, t, 'border_state', 'BOOLEAN', 'border')}
     FROM ${t} ORDER BY geo_code`,
  );
  const knownBorder = new Set(BORDER_ORDER);
  return rows.map((g) => {
    const level = g.level ?? (g.code === 'US' || g.code === 'MX' ? 'nation' : 'state');
    return {
      code: g.code,
      country: g.country ?? (/^\d+$/.test(g.code) || g.code === 'MX' ? 'MX' : 'US'),
      level,
      name: { en: g.en, es: g.es },
      // Only states count as border states (HHS regions or CBP areas holding some are not).
      borderState: level === 'state' && (g.border ?? knownBorder.has(g.code)),
    };
  });
}

async function readDrugs(db: DuckDBConnection, columns: Columns): Promise<ReportData['drugs']> {
  const t = 'analytics.drugs';
  if (!has(columns, t)) return [];
  const rows = await queryRows<{
    code: string;
    en: string;
    es: string;
    short_en: string | null;
    short_es: string | null;
    note: string | null;
  }>(
    db,
    `SELECT code, label_en AS en, label_es AS es, ${optional(columns, t, 'short_en')}, ${optional(columns, t, 'short_es')},
            ${optional(columns, t, 'note_en', 'VARCHAR', 'note')}
     FROM ${t} ORDER BY code`,
  );
  return rows.map((d) => ({
    code: d.code,
    label: { en: d.en, es: d.es },
    ...(d.short_en && d.short_es ? { short: { en: d.short_en, es: d.short_es } } : {}),
    note: d.note,
  }));
}

async function readSources(db: DuckDBConnection, columns: Columns): Promise<SourceSummary[]> {
  const rows = await queryRows<{
    source: string;
    countries: string[];
    measures: string[];
    period_types: string[];
    geo_levels: string[];
    first_period: string | null;
    last_period: string | null;
    vintage: string | null;
    n: number;
    suppressed: number;
    missing: number;
    provisional: number;
    predicted: number;
  }>(
    db,
    `SELECT source, list(DISTINCT country ORDER BY country) AS countries, list(DISTINCT measure ORDER BY measure) AS measures,
            list(DISTINCT period_type ORDER BY period_type) AS period_types,
            list(DISTINCT geo_level ORDER BY geo_level) AS geo_levels,
            ${iso('min(period_end)')} AS first_period, ${iso('max(period_end)')} AS last_period,
            ${iso('max(vintage)')} AS vintage, count(*) AS n,
            count(*) FILTER (WHERE status = 'suppressed') AS suppressed,
            count(*) FILTER (WHERE status = 'missing') AS missing,
            count(*) FILTER (WHERE status = 'provisional') AS provisional,
            count(*) FILTER (WHERE status = 'predicted') AS predicted
     FROM analytics.observations GROUP BY source ORDER BY source`,
  );
  const loads = has(columns, 'meta.loads')
    ? await queryRows<{ source: string; vintage: string; demo: boolean | null; rows: number | null }>(
        db,
        `SELECT source, ${iso('vintage')} AS vintage, ${has(columns, 'meta.loads', 'demo') ? 'bool_or(demo)' : 'false'} AS demo,
                sum(rows_loaded) AS rows
         FROM meta.loads WHERE status = 'loaded' AND vintage IS NOT NULL GROUP BY source, vintage ORDER BY source, vintage`,
      )
    : [];
  return rows.map((r) => {
    const mine = loads.filter((l) => l.source === r.source);
    return {
      source: r.source,
      countries: r.countries,
      measures: r.measures,
      periodTypes: r.period_types,
      geoLevels: r.geo_levels,
      firstPeriod: r.first_period,
      lastPeriod: r.last_period,
      vintage: r.vintage,
      loads: mine.map((l) => ({ vintage: l.vintage, demo: l.demo === true, rows: l.rows ?? 0 })),
      demo: mine.some((l) => l.demo),
      values: r.n,
      suppressed: r.suppressed,
      missing: r.missing,
      provisional: r.provisional,
      predicted: r.predicted,
    };
  });
}

interface PointRow {
  source: string;
  country: string;
  geo_level: string;
  geo_code: string;
  drug: string;
  measure: string;
  period_type: string;
  period_end: string;
  value: number | null;
  status: string;
  areas?: string[] | null;
}

function groupSeries(rows: PointRow[]): Series[] {
  const bySeries = new Map<string, Series>();
  for (const r of rows) {
    const key = [r.source, r.country, r.geo_level, r.geo_code, r.drug, r.measure, r.period_type].join(
      '\u0000',
    );
    let s = bySeries.get(key);
    if (!s) {
      s = {
        source: r.source,
        country: r.country,
        geoLevel: r.geo_level,
        geo: r.geo_code,
        drug: r.drug,
        measure: r.measure,
        periodType: r.period_type,
        points: [],
      };
      bySeries.set(key, s);
    }
    if (r.areas) s.areas = [...new Set([...(s.areas ?? []), ...r.areas])].sort();
    const point: Point = { end: r.period_end, value: num(r.value), status: asStatus(r.status) };
    // Suppressed or missing counts never carry a number, whatever the source wrote.
    if (point.status === 'suppressed' || point.status === 'missing') point.value = null;
    s.points.push(point);
  }
  for (const s of bySeries.values()) s.points.sort((a, b) => a.end.localeCompare(b.end));
  return [...bySeries.values()];
}

/** Nation and border-state series: deaths of the focus and opioid drugs, seizures of the focus drugs, naloxone. */
async function readSeries(db: DuckDBConnection, columns: Columns, borderStates: string[]): Promise<Series[]> {
  const familyDrugs = FAMILIES.flatMap((f) => f.drugs);
  const deathDrugs = [...familyDrugs, ...OPIOID_DEATH_DRUGS];
  const wanted = `(
      (o.measure IN (${quotedString(DEATHS)}, ${quotedString(DEATHS_PREDICTED)}) AND o.drug IN ${inList(deathDrugs)})
      OR (o.measure LIKE 'seizure%' AND o.drug IN ${inList(familyDrugs)})
      OR o.measure LIKE 'naloxone%'
      OR (o.measure = 'investigations' AND o.drug IN ${inList(INVESTIGATION_DRUGS)}))
    AND o.period_type IN ('12mo_ending', 'month', 'quarter', 'year')`;
  const direct = await queryRows<PointRow>(
    db,
    `SELECT o.source, o.country, o.geo_level, o.geo_code, o.drug, o.measure, o.period_type,
            ${iso('o.period_end')} AS period_end, o.value, o.status
     FROM analytics.observations AS o
     WHERE ${wanted}
       AND (o.geo_level = 'nation' OR (o.geo_level = 'state' AND o.geo_code IN ${inList(borderStates)}))
     ORDER BY o.source, o.country, o.geo_level, o.geo_code, o.drug, o.measure, o.period_type, o.period_end`,
  );

  // Seizures reported by sub-state areas (CBP ports and sectors, counties) that each lie in one border state.
  const maps: string[] = [];
  if (has(columns, 'analytics.cbp_areas', 'state'))
    maps.push('SELECT geo_code, state FROM analytics.cbp_areas WHERE state IS NOT NULL');
  if (has(columns, 'analytics.place_parents', 'parent_geo_code'))
    maps.push(
      `SELECT geo_code, parent_geo_code AS state FROM analytics.place_parents
       WHERE geo_level NOT IN ('nation', 'state') AND parent_geo_code IS NOT NULL`,
    );
  let areas: PointRow[] = [];
  if (maps.length > 0 && borderStates.length > 0) {
    areas = await queryRows<PointRow>(
      db,
      `WITH area_state AS (SELECT DISTINCT geo_code, state FROM (${maps.join(' UNION ALL ')})),
       direct_states AS (
         SELECT DISTINCT source, geo_code, measure FROM analytics.observations
         WHERE geo_level = 'state' AND measure LIKE 'seizure%'
       )
       SELECT o.source, o.country, 'state' AS geo_level, a.state AS geo_code, o.drug, o.measure, o.period_type,
              ${iso('o.period_end')} AS period_end,
              -- In a fixed order, so the same warehouse gives the same digits; unknown when any area's value is.
              CASE WHEN count(o.value) = count(*) THEN sum(o.value ORDER BY o.geo_code) END AS value,
              CASE WHEN count(o.value) < count(*) THEN CASE WHEN bool_or(o.status = 'suppressed') THEN 'suppressed' ELSE 'missing' END
                   WHEN bool_or(o.status = 'provisional') THEN 'provisional' ELSE 'reported' END AS status,
              list(DISTINCT o.geo_code ORDER BY o.geo_code) AS areas
       FROM analytics.observations AS o
       JOIN area_state AS a ON a.geo_code = o.geo_code
       WHERE o.measure LIKE 'seizure%' AND o.drug IN ${inList(familyDrugs)}
         AND o.geo_level NOT IN ('nation', 'state', 'region')
         AND a.state IN ${inList(borderStates)}
         AND NOT EXISTS (SELECT 1 FROM direct_states AS d
                         WHERE d.source = o.source AND d.geo_code = a.state AND d.measure = o.measure)
       GROUP BY ALL
       ORDER BY o.source, a.state, o.drug, o.measure, o.period_type, period_end`,
    );
  }
  return groupSeries([...direct, ...areas]);
}

interface MapRow {
  source: string;
  country: string;
  geo_level: string;
  geo_code: string;
  drug: string;
  period_type: string;
  period_end: string;
  latest_end: string;
  measure: string;
  value: number | null;
  status: string;
}

/** The year whose population stands for a period: the calendar year holding most of a 12-month window. */
function populationYear(end: string, periodType: string): number {
  const year = Number(end.slice(0, 4));
  const month = Number(end.slice(5, 7));
  return periodType === '12mo_ending' && month < 6 ? year - 1 : year;
}

function shiftYear(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const m = Number(iso.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * Latest deaths of each state (and nation) per family, the value a year earlier, and rates where possible. Where the
 * publisher predicts the delay-adjusted count (CDC VSRR) for both periods, that prediction is the value, as in the
 * headlines: recent reported counts are still incomplete.
 */
async function readMap(db: DuckDBConnection, columns: Columns): Promise<MapValue[]> {
  const familyDrugs = FAMILIES.flatMap((f) => f.drugs);
  const rows = await queryRows<MapRow>(
    db,
    `WITH d AS (
       SELECT source, country, geo_level, geo_code, drug, period_type, period_end, measure, value, status
       FROM analytics.observations
       WHERE measure IN (${quotedString(DEATHS)}, ${quotedString(DEATHS_PREDICTED)})
         AND geo_level IN ('state', 'nation') AND drug IN ${inList(familyDrugs)}
         AND period_type IN ('12mo_ending', 'year')
     ),
     latest AS (
       SELECT source, drug, period_type, max(period_end) AS latest_end FROM d
       WHERE value IS NOT NULL AND measure = ${quotedString(DEATHS)} GROUP BY ALL
     )
     SELECT d.source, d.country, d.geo_level, d.geo_code, d.drug, d.period_type, ${iso('d.period_end')} AS period_end,
            ${iso('l.latest_end')} AS latest_end, d.measure, d.value, d.status
     FROM d JOIN latest AS l USING (source, drug, period_type)
     WHERE d.period_end = l.latest_end OR d.period_end = last_day(l.latest_end - INTERVAL 12 MONTH)::DATE`,
  );

  // Per country and family, one (source, drug, period type): the family's own code before proxies, 12-month sums
  // before years, then the one covering most places.
  const chosen: { family: Family; source: string; drug: string; periodType: string; latest: string }[] = [];
  for (const family of FAMILIES) {
    for (const country of [...new Set(rows.map((r) => r.country))].sort()) {
      const candidates = new Map<
        string,
        { source: string; drug: string; periodType: string; latest: string; n: number }
      >();
      for (const r of rows) {
        if (r.country !== country || !family.drugs.includes(r.drug) || r.geo_level !== 'state') continue;
        if (r.measure !== DEATHS) continue;
        const key = `${r.source}|${r.drug}|${r.period_type}`;
        const c = candidates.get(key) ?? {
          source: r.source,
          drug: r.drug,
          periodType: r.period_type,
          latest: r.latest_end,
          n: 0,
        };
        c.n += 1;
        candidates.set(key, c);
      }
      const best = [...candidates.values()].sort(
        (a, b) =>
          family.drugs.indexOf(a.drug) - family.drugs.indexOf(b.drug) ||
          (a.periodType === '12mo_ending' ? 0 : 1) - (b.periodType === '12mo_ending' ? 0 : 1) ||
          b.n - a.n ||
          b.latest.localeCompare(a.latest) ||
          a.source.localeCompare(b.source),
      )[0];
      if (best) chosen.push({ family, ...best });
    }
  }

  const population = await readPopulationLookup(db, columns);
  const rates = await readRatesLookup(db, columns, familyDrugs);
  const out: MapValue[] = [];
  for (const c of chosen) {
    const mine = rows.filter(
      (r) => r.source === c.source && r.drug === c.drug && r.period_type === c.periodType,
    );
    const previousEnd = shiftYear(c.latest, -1);
    for (const geo of [...new Set(mine.map((r) => r.geo_code))].sort()) {
      const at = (end: string, measure: string) =>
        mine.find((r) => r.geo_code === geo && r.period_end === end && r.measure === measure);
      const usable = (r: MapRow | undefined) => {
        const status = r ? asStatus(r.status) : null;
        return r && status !== 'suppressed' && status !== 'missing' ? num(r.value) : null;
      };
      const predictedNow = at(c.latest, DEATHS_PREDICTED);
      const predictedBefore = at(previousEnd, DEATHS_PREDICTED);
      const predicted = usable(predictedNow) !== null && usable(predictedBefore) !== null;
      const measure = predicted ? DEATHS_PREDICTED : DEATHS;
      const now = predicted ? predictedNow : at(c.latest, DEATHS);
      const before = predicted ? predictedBefore : at(previousEnd, DEATHS);
      const first = now ?? before;
      if (!first) continue;
      const status = predicted ? 'predicted' : now ? asStatus(now.status) : 'missing';
      const value = usable(now);
      const previousStatus = predicted ? 'predicted' : before ? asStatus(before.status) : null;
      const previousValue = usable(before);
      const rateOf = (end: string, v: number | null) => {
        if (v === null) return { rate: null, source: null };
        const direct =
          rates.get(`${measure}|${c.source}|${geo}|${c.drug}|${c.periodType}|${end}`) ??
          rates.get(`${measure}|${c.source}|${geo}|${c.drug}|*|${end}`) ??
          rates.get(`${measure}|*|${geo}|${c.drug}|*|${end}`);
        if (direct) return direct;
        // analytics.rates leaves out, on purpose, counts whose place does not match a denominator (New York without
        // New York City): no rate is made up for them. Only a warehouse from before that table gets computed rates.
        if (rates.size > 0) return { rate: null, source: null };
        const pop = population(first.country, geo, populationYear(end, c.periodType));
        return pop
          ? { rate: (v / pop.population) * 100_000, source: pop.source }
          : { rate: null, source: null };
      };
      const r1 = rateOf(c.latest, value);
      const r0 = rateOf(previousEnd, previousValue);
      out.push({
        family: c.family.code,
        source: c.source,
        country: first.country,
        geoLevel: first.geo_level,
        geo,
        drug: c.drug,
        measure,
        periodType: c.periodType,
        periodEnd: c.latest,
        value,
        status,
        previousEnd,
        previousValue,
        previousStatus,
        rate: r1.rate,
        previousRate: r0.rate,
        populationSource: r1.source ?? r0.source,
      });
    }
  }
  return out;
}

type PopulationLookup = (
  country: string,
  geo: string,
  year: number,
) => { population: number; source: string } | undefined;

/** Population per place and year from analytics.population: per country, the source covering most places. */
async function readPopulationLookup(db: DuckDBConnection, columns: Columns): Promise<PopulationLookup> {
  const t = 'analytics.population';
  if (!has(columns, t, 'population') || !has(columns, t, 'year')) return () => undefined;
  const rows = await queryRows<{
    source: string;
    country: string;
    geo_code: string;
    year: number;
    population: number;
  }>(
    db,
    `SELECT ${has(columns, t, 'source') ? 'source' : `'population' AS source`}, country, geo_code, year, population
     FROM ${t} WHERE population > 0`,
  );
  const places = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = `${r.country}|${r.source}`;
    const set = places.get(key) ?? new Set<string>();
    set.add(r.geo_code);
    places.set(key, set);
  }
  const best = new Map<string, string>();
  for (const [key, set] of places) {
    const [country = '', source = ''] = key.split('|');
    const current = best.get(country);
    if (!current || (places.get(`${country}|${current}`)?.size ?? 0) < set.size) best.set(country, source);
  }
  const byPlace = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (best.get(r.country) !== r.source) continue;
    const key = `${r.country}|${r.geo_code}`;
    const years = byPlace.get(key) ?? new Map<number, number>();
    years.set(r.year, r.population);
    byPlace.set(key, years);
  }
  return (country, geo, year) => {
    const years = byPlace.get(`${country}|${geo}`);
    const source = best.get(country);
    if (!years || !source || years.size === 0) return undefined;
    // The year itself, else the nearest year loaded (denominators move slowly).
    const nearest = [...years.keys()].sort((a, b) => Math.abs(a - year) - Math.abs(b - year) || b - a)[0];
    const population = nearest === undefined ? undefined : years.get(nearest);
    return population ? { population, source } : undefined;
  };
}

/**
 * Rates of deaths and of predicted deaths from analytics.rates when that table exists: key
 * `measure|source|geo|drug|period_type|period_end` (`*` for a column the table lacks; a table without a measure
 * column holds reported deaths).
 */
async function readRatesLookup(
  db: DuckDBConnection,
  columns: Columns,
  drugs: string[],
): Promise<Map<string, { rate: number; source: string | null }>> {
  const t = 'analytics.rates';
  const cols = columns.get(t);
  const rateColumn = ['rate_per_100k', 'rate_per_100000', 'rate', 'value'].find((c) => cols?.has(c));
  if (!cols || !rateColumn || !cols.has('geo_code') || !cols.has('drug') || !cols.has('period_end'))
    return new Map();
  const measureFilter = cols.has('measure')
    ? `AND measure IN (${quotedString(DEATHS)}, ${quotedString(DEATHS_PREDICTED)})`
    : '';
  const popSource = ['population_source', 'denominator_source'].find((c) => cols.has(c));
  const rows = await queryRows<{
    measure: string;
    source: string | null;
    geo_code: string;
    drug: string;
    period_type: string | null;
    period_end: string;
    rate: number;
    pop_source: string | null;
  }>(
    db,
    `SELECT ${cols.has('measure') ? 'measure' : `${quotedString(DEATHS)} AS measure`},
            ${cols.has('source') ? 'source' : 'NULL::VARCHAR AS source'}, geo_code, drug,
            ${cols.has('period_type') ? 'period_type' : 'NULL::VARCHAR AS period_type'}, ${iso('period_end')} AS period_end,
            ${rateColumn} AS rate, ${popSource ? `${popSource} AS pop_source` : `'analytics.rates' AS pop_source`}
     FROM ${t} WHERE drug IN ${inList(drugs)} ${measureFilter} AND ${rateColumn} IS NOT NULL`,
  );
  const out = new Map<string, { rate: number; source: string | null }>();
  // A month, a year and the 12 months ending in December share a period end: the period type tells them apart.
  for (const r of rows)
    out.set(
      `${r.measure}|${r.source ?? '*'}|${r.geo_code}|${r.drug}|${r.period_type ?? '*'}|${r.period_end}`,
      {
        rate: r.rate,
        source: r.pop_source,
      },
    );
  return out;
}

async function readAlerts(
  db: DuckDBConnection,
  columns: Columns,
): Promise<{ alerts: AlertRow[]; omitted: number; detection: DetectionSummary | null }> {
  const t = 'analytics.alerts';
  if (!has(columns, t)) return { alerts: [], omitted: 0, detection: null };
  const latest = `(SELECT max(run_id) FROM ${t})`;
  const opt = (c: string, type = 'VARCHAR') => optional(columns, t, c, type);
  const hasFdr = has(columns, t, 'fdr_alarm');
  const hasCorroboration = has(columns, t, 'corroborated_by');
  const summary = await queryRows<{
    run_id: number | null;
    methods: string[] | null;
    verdicts: number;
    alarms: number;
    fdr: number | null;
    corroborated: number | null;
  }>(
    db,
    `SELECT max(run_id) AS run_id, list(DISTINCT method ORDER BY method) AS methods, count(*) AS verdicts,
            count(*) FILTER (WHERE alarm) AS alarms,
            ${hasFdr ? 'count(*) FILTER (WHERE alarm AND fdr_alarm)' : 'NULL::BIGINT'} AS fdr,
            ${hasCorroboration ? 'count(*) FILTER (WHERE alarm AND len(corroborated_by) > 0)' : 'NULL::BIGINT'} AS corroborated
     FROM ${t} WHERE run_id = ${latest}`,
  );
  const s = summary[0];
  const detection: DetectionSummary | null =
    s && s.run_id !== null
      ? {
          runId: s.run_id,
          methods: s.methods ?? [],
          verdicts: s.verdicts,
          alarms: s.alarms,
          fdrAlarms: s.fdr,
          corroborated: s.corroborated,
        }
      : null;

  const keyColumns = [
    'source',
    'country',
    'geo_level',
    'geo_code',
    'drug',
    'measure',
    'period_type',
    'method',
  ].filter((c) => has(columns, t, c));
  const rows = await queryRows<
    SeriesKeyColumns & {
      detected_on: string | null;
      period_end: string;
      method: string;
      observed: number | null;
      expected: number | null;
      threshold: number | null;
      score: number | null;
      p_value: number | null;
      q_value: number | null;
      fdr_alarm: boolean | null;
      corroborated_by: string[] | null;
      baseline_start: string | null;
      baseline_end: string | null;
      sentence_en: string | null;
      sentence_es: string | null;
    }
  >(
    db,
    `SELECT ${selectSeriesKey(columns, t)}, ${opt('detected_on')}, ${iso('period_end')} AS period_end, method,
            observed, expected, threshold, ${opt('score', 'DOUBLE')}, ${opt('p_value', 'DOUBLE')}, ${opt('q_value', 'DOUBLE')},
            ${opt('fdr_alarm', 'BOOLEAN')}, ${opt('corroborated_by', 'VARCHAR[]')},
            ${has(columns, t, 'baseline_start') ? iso('baseline_start') : 'NULL::VARCHAR'} AS baseline_start,
            ${has(columns, t, 'baseline_end') ? iso('baseline_end') : 'NULL::VARCHAR'} AS baseline_end,
            ${opt('sentence_en')}, ${opt('sentence_es')}
     FROM ${t}
     WHERE alarm AND run_id = ${latest}
     ORDER BY period_end DESC, geo_code, drug, method
     LIMIT ${MAX_ALERTS}`,
  );

  // The detector's view of each alarmed series (every verdict of the run), for the sparklines.
  const spark = new Map<string, SparkPoint[]>();
  if (rows.length > 0) {
    const keyOf = (r: Record<string, unknown>) => keyColumns.map((c) => String(r[c] ?? '')).join('\u0000');
    const verdicts = await queryRows<Record<string, unknown> & { period_end: string }>(
      db,
      `WITH alarmed AS (
         SELECT * FROM (SELECT ${keyColumns.join(', ')}, period_end FROM ${t}
                        WHERE alarm AND run_id = ${latest} ORDER BY period_end DESC, geo_code, drug, method
                        LIMIT ${MAX_ALERTS})
       ),
       series AS (SELECT DISTINCT ${keyColumns.join(', ')} FROM alarmed)
       SELECT ${keyColumns.map((c) => `v.${c}`).join(', ')}, ${iso('v.period_end')} AS period_end,
              v.observed, v.expected, v.threshold, coalesce(v.alarm, false) AS alarm
       FROM ${t} AS v JOIN series USING (${keyColumns.join(', ')})
       WHERE v.run_id = ${latest}
         AND v.period_end >= (SELECT min(period_end) FROM alarmed) - INTERVAL ${SPARK_PERIODS + 1} MONTH
       ORDER BY v.period_end`,
    );
    for (const v of verdicts) {
      const key = keyOf(v);
      const list = spark.get(key) ?? [];
      list.push({
        end: v.period_end,
        observed: num(v.observed),
        expected: num(v.expected),
        threshold: num(v.threshold),
        alarm: v.alarm === true,
      });
      spark.set(key, list);
    }
    const alerts = rows.map((r, i): AlertRow => {
      const series = spark.get(keyOf(r as unknown as Record<string, unknown>)) ?? [];
      const upTo = series.filter((p) => p.end <= r.period_end);
      return {
        id: `a${i + 1}`,
        ...seriesKey(r, ''),
        detectedOn: r.detected_on ?? 'value',
        periodEnd: r.period_end,
        method: r.method,
        observed: num(r.observed),
        expected: num(r.expected),
        threshold: num(r.threshold),
        score: num(r.score),
        pValue: num(r.p_value),
        qValue: num(r.q_value),
        fdrAlarm: hasFdr ? r.fdr_alarm === true : null,
        corroboratedBy: (r.corroborated_by ?? []).filter((x): x is string => typeof x === 'string'),
        baselineStart: r.baseline_start,
        baselineEnd: r.baseline_end,
        sentence: { en: r.sentence_en ?? '', es: r.sentence_es ?? r.sentence_en ?? '' },
        spark: upTo.slice(-SPARK_PERIODS),
      };
    });
    return { alerts, omitted: Math.max(0, (detection?.alarms ?? rows.length) - rows.length), detection };
  }
  return { alerts: [], omitted: 0, detection };
}

/**
 * Signals going on now: per series of the latest run, the alarms in its source's latest period (per measure and period
 * type), the methods agreeing, and since when the series has alarmed without a quiet period.
 */
async function readActive(db: DuckDBConnection, columns: Columns): Promise<ActiveSignal[]> {
  const t = 'analytics.alerts';
  const needed = ['source', 'country', 'geo_level', 'measure', 'period_type', 'detected_on'];
  if (!has(columns, t) || needed.some((c) => !has(columns, t, c))) return [];
  const hasFdr = has(columns, t, 'fdr_alarm');
  const hasCorroboration = has(columns, t, 'corroborated_by');
  const rows = await queryRows<
    SeriesKeyColumns & {
      detected_on: string;
      period_end: string;
      since: string;
      methods: string[];
      fdr: boolean | null;
      corroborated_by: string[] | null;
      observed: number | null;
      expected: number | null;
    }
  >(
    db,
    `WITH v AS (
       SELECT source, country, geo_level, geo_code, drug, measure, period_type, period_end,
              any_value(detected_on) AS detected_on,
              bool_or(alarm) AS any_alarm,
              list(DISTINCT method ORDER BY method) FILTER (WHERE alarm) AS methods,
              ${hasFdr ? 'bool_or(alarm AND fdr_alarm)' : 'NULL::BOOLEAN'} AS fdr,
              ${hasCorroboration ? 'flatten(list(corroborated_by) FILTER (WHERE alarm AND corroborated_by IS NOT NULL))' : 'NULL::VARCHAR[]'} AS corroborated_by,
              max(observed) FILTER (WHERE alarm) AS observed,
              median(expected) FILTER (WHERE alarm) AS expected
       FROM ${t} WHERE run_id = (SELECT max(run_id) FROM ${t})
       GROUP BY ALL
     ),
     latest AS (SELECT source, measure, period_type, max(period_end) AS last FROM v GROUP BY ALL),
     quiet AS (
       SELECT source, country, geo_level, geo_code, drug, measure, period_type,
              max(period_end) FILTER (WHERE NOT any_alarm) AS last_quiet
       FROM v GROUP BY ALL
     ),
     now AS (
       SELECT v.* FROM v JOIN latest AS l USING (source, measure, period_type)
       WHERE v.period_end = l.last AND v.any_alarm
     )
     SELECT now.source, now.country, now.geo_level, now.geo_code, now.drug, now.measure, now.period_type,
            now.detected_on, ${iso('now.period_end')} AS period_end, now.methods, now.fdr,
            list_sort(list_distinct(now.corroborated_by)) AS corroborated_by, now.observed, now.expected,
            ${iso(`(SELECT min(w.period_end) FROM v AS w
                     WHERE w.source = now.source AND w.country = now.country AND w.geo_level = now.geo_level
                       AND w.geo_code = now.geo_code AND w.drug = now.drug AND w.measure = now.measure
                       AND w.period_type = now.period_type
                       AND w.period_end > coalesce(q.last_quiet, DATE '0001-01-01'))`)} AS since
     FROM now JOIN quiet AS q USING (source, country, geo_level, geo_code, drug, measure, period_type)
     ORDER BY len(now.methods) DESC, now.source, now.geo_code, now.drug`,
  );
  return rows.map((r) => ({
    ...seriesKey(r, ''),
    detectedOn: r.detected_on,
    periodEnd: r.period_end,
    since: r.since,
    methods: r.methods ?? [],
    fdr: hasFdr ? r.fdr === true : null,
    corroboratedBy: (r.corroborated_by ?? []).filter((x): x is string => typeof x === 'string'),
    observed: num(r.observed),
    expected: num(r.expected),
  }));
}

/** Percent change per period → per year, for a monthly (12 a year) or quarterly (4 a year) series. */
function annualise(pct: number | null, periodType: string): number | null {
  if (pct === null) return null;
  const perYear = periodType === 'quarter' ? 4 : periodType === 'year' ? 1 : periodType === 'week' ? 52 : 12;
  return 100 * ((1 + pct / 100) ** perYear - 1);
}

async function readTrends(db: DuckDBConnection, columns: Columns): Promise<TrendSegment[]> {
  const t = 'analytics.trends';
  if (!has(columns, t, 'segment_start')) return [];
  const opt = (c: string, type = 'DOUBLE') => optional(columns, t, c, type);
  const rows = await queryRows<
    SeriesKeyColumns & {
      segment: number;
      segments: number | null;
      start: string;
      end: string;
      annual_pct_change: number | null;
      annual_pct_change_lower: number | null;
      annual_pct_change_upper: number | null;
      pct_change_lower: number | null;
      pct_change_upper: number | null;
      p_value: number | null;
      aapc: number | null;
      sentence_en: string | null;
      sentence_es: string | null;
    }
  >(
    db,
    `SELECT ${selectSeriesKey(columns, t)}, segment, ${opt('segments', 'INTEGER')},
            ${iso('segment_start')} AS start, ${iso('segment_end')} AS "end",
            ${opt('annual_pct_change')}, ${opt('annual_pct_change_lower')}, ${opt('annual_pct_change_upper')},
            ${opt('pct_change_lower')}, ${opt('pct_change_upper')}, ${opt('p_value')}, ${opt('aapc')},
            ${opt('sentence_en', 'VARCHAR')}, ${opt('sentence_es', 'VARCHAR')}
     FROM ${t}
     WHERE ${has(columns, t, 'run_id') ? `run_id = (SELECT max(run_id) FROM ${t})` : 'true'}
     ORDER BY source, geo_code, drug, measure, segment`,
  );
  return rows.map((r) => {
    const key = seriesKey(r, '12mo_ending');
    const periodType = key.periodType;
    return {
      ...key,
      segment: r.segment,
      segments: r.segments ?? r.segment,
      start: r.start,
      end: r.end,
      apc: num(r.annual_pct_change),
      apcLower: num(r.annual_pct_change_lower) ?? annualise(num(r.pct_change_lower), periodType),
      apcUpper: num(r.annual_pct_change_upper) ?? annualise(num(r.pct_change_upper), periodType),
      pValue: num(r.p_value),
      aapc: num(r.aapc),
      sentence: { en: r.sentence_en ?? '', es: r.sentence_es ?? r.sentence_en ?? '' },
    };
  });
}

async function readRevisions(db: DuckDBConnection, columns: Columns): Promise<RevisionSummary[]> {
  const t = 'analytics.revisions';
  if (!has(columns, t, 'old_vintage') || !has(columns, t, 'new_vintage')) return [];
  const status = has(columns, t, 'old_status') && has(columns, t, 'new_status');
  const rows = await queryRows<{
    source: string;
    measure: string;
    old_vintage: string;
    new_vintage: string;
    changed: number;
    up: number;
    down: number;
    status_changed: number;
    median_pct: number | null;
    max_pct: number | null;
  }>(
    db,
    `SELECT source, measure, ${iso('old_vintage')} AS old_vintage, ${iso('new_vintage')} AS new_vintage,
            count(*) AS changed,
            count(*) FILTER (WHERE new_value > old_value) AS up,
            count(*) FILTER (WHERE new_value < old_value) AS down,
            ${status ? 'count(*) FILTER (WHERE old_status IS DISTINCT FROM new_status)' : '0'} AS status_changed,
            median(100 * (new_value - old_value) / old_value) FILTER (WHERE old_value > 0) AS median_pct,
            max(abs(100 * (new_value - old_value) / old_value)) FILTER (WHERE old_value > 0) AS max_pct
     FROM ${t}
     GROUP BY ALL ORDER BY source, measure, old_vintage, new_vintage`,
  );
  return rows.map((r) => ({
    source: r.source,
    measure: r.measure,
    oldVintage: r.old_vintage,
    newVintage: r.new_vintage,
    changed: r.changed,
    up: r.up,
    down: r.down,
    statusChanged: r.status_changed,
    medianPctChange: num(r.median_pct),
    maxAbsPctChange: num(r.max_pct),
  }));
}

async function readPopulations(db: DuckDBConnection, columns: Columns): Promise<PopulationSummary[]> {
  const t = 'analytics.population';
  if (!has(columns, t, 'year') || !has(columns, t, 'source')) return [];
  const rows = await queryRows<{
    source: string;
    country: string;
    first_year: number;
    last_year: number;
    vintage: string | null;
  }>(
    db,
    `SELECT source, country, min(year) AS first_year, max(year) AS last_year,
            ${has(columns, t, 'vintage') ? iso('max(vintage)') : 'NULL::VARCHAR'} AS vintage
     FROM ${t} GROUP BY source, country ORDER BY country, source`,
  );
  return rows.map((r) => ({
    source: r.source,
    country: r.country,
    firstYear: r.first_year,
    lastYear: r.last_year,
    vintage: r.vintage,
  }));
}

// Exported for tests of the pure helpers.
export const _internal = { populationYear, shiftYear, annualise, isSeizureMeasure, isNaloxoneMeasure };
