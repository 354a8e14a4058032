/** Everything the report shows, already read from the published warehouse. Plain data: no I/O here. */

export type Lang = 'en' | 'es';
export type ObservationStatus = 'reported' | 'provisional' | 'predicted' | 'suppressed' | 'missing';

export interface SeriesPoint {
  /** Geography code: 'US', or a USPS state code such as 'AZ'. */
  geo: string;
  /** Canonical drug code, e.g. 'fentanyl', 'methamphetamine'. */
  drug: string;
  /** ISO date of the last day of the 12-month-ending window, e.g. '2024-06-30'. */
  periodEnd: string;
  /** Reported 12-month-ending deaths; null when suppressed or missing (never 0 for those). */
  value: number | null;
  /** CDC's predicted (completeness-adjusted) value, null when not given. */
  predicted: number | null;
  status: ObservationStatus;
}

export interface AlertRow {
  geo: string;
  drug: string;
  /** ISO date, last day of the month the alert is for. */
  periodEnd: string;
  method: 'ears_c1' | 'ears_c2' | 'ears_c3';
  observed: number;
  expected: number | null;
  threshold: number | null;
  score: number | null;
  /** Plain-language explanation, one per language. Dataset strings inside are NOT escaped yet. */
  sentence: Record<Lang, string>;
}

export interface ReportData {
  /** True when any shown data came from bundled synthetic fixtures: the report must say "demo data" plainly. */
  demo: boolean;
  /** ISO timestamp of report generation. */
  generatedAt: string;
  /** Publisher releases the figures come from, e.g. [{ source: 'cdc_vsrr_state', vintage: '2024-10-16' }]. */
  vintages: { source: string; vintage: string }[];
  drugs: { code: string; label: Record<Lang, string> }[];
  geographies: { code: string; name: Record<Lang, string> }[];
  /** National ('US') series for fentanyl and methamphetamine. */
  national: SeriesPoint[];
  /** Series for the four border states AZ, CA, NM, TX. */
  borderStates: SeriesPoint[];
  /** Alarms of the latest detection run, most recent first. */
  alerts: AlertRow[];
}
