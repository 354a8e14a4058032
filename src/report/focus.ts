/**
 * What the report focuses on, as patterns over the warehouse rather than fixed rows: which drug codes stand for
 * fentanyl and methamphetamine in each country's data, and which measures are deaths, seizures or naloxone.
 * A source that arrives later is picked up by these patterns without a change here.
 */

/** The panel is binational: a page says so plainly when one country has no data yet. */
export const EXPECTED_COUNTRIES = ['US', 'MX'];

export type FamilyCode = 'fentanyl' | 'methamphetamine';

export interface Family {
  code: FamilyCode;
  /**
   * Drug codes that count towards the family, best first. Mexico's underlying-cause data has no fentanyl or
   * methamphetamine category: the closest ICD-10 groupings stand in, and the report says so wherever it shows them.
   */
  drugs: string[];
  /** Okabe–Ito colour, safe for the common colour-vision deficiencies. */
  color: string;
}

export const FAMILIES: readonly Family[] = [
  {
    code: 'fentanyl',
    drugs: ['fentanyl', 'mx_narcotics_poisoning', 'mx_opioid_use_disorder'],
    color: '#D55E00',
  },
  {
    code: 'methamphetamine',
    drugs: ['methamphetamine', 'mx_stimulant_use_disorder', 'mx_psychotropic_poisoning'],
    color: '#0072B2',
  },
];

/** The drug codes standing in for a family that are proxies (not the drug itself). */
export function isProxy(family: Family, drug: string): boolean {
  return drug !== family.code;
}

export function familyOf(drug: string): Family | undefined {
  return FAMILIES.find((f) => f.drugs.includes(drug));
}

/** Deaths to set beside naloxone dispensing: every opioid if the source has it, else the fentanyl proxies. */
export const OPIOID_DEATH_DRUGS = ['all_opioids', 'fentanyl', 'mx_narcotics_poisoning'];

export const DEATHS = 'deaths';
export const DEATHS_PREDICTED = 'deaths_predicted';

export const isSeizureMeasure = (measure: string) => measure.startsWith('seizure');
export const isNaloxoneMeasure = (measure: string) => measure.startsWith('naloxone');

/** Seizure measures in order of preference for charts: weight first, then events, then anything else. */
export const SEIZURE_MEASURES = ['seizure_kg', 'seizure_events', 'seizure_pills', 'seizure_litres'];
/** Naloxone measures in order of preference. */
export const NALOXONE_MEASURES = ['naloxone_rx', 'naloxone_units'];

/** Period types in order of preference for a deaths series: 12-month sums read steadily; then years, months. */
export const DEATH_PERIOD_TYPES = ['12mo_ending', 'year', 'month', 'quarter'];

/** Other colours (Okabe–Ito) for drugs outside the two families. */
export const OTHER_COLORS = ['#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** The colour of a drug: its family's, else one of the others by a stable hash of the code. */
export function drugColor(drug: string): string {
  const family = familyOf(drug);
  if (family) return family.color;
  let h = 0;
  for (const ch of drug) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return OTHER_COLORS[h % OTHER_COLORS.length] ?? '#000000';
}

/** West to east along the border, US then Mexico: the order places are listed in. */
export const BORDER_ORDER = ['US', 'CA', 'AZ', 'NM', 'TX', 'MX', '02', '26', '08', '05', '19', '28'];

export function placeRank(geo: string): number {
  const i = BORDER_ORDER.indexOf(geo);
  return i < 0 ? BORDER_ORDER.length : i;
}

/** Mexico's monthly drug-crime investigations the report draws (SESNSP): state narcomenudeo, federal crimes against health. */
export const INVESTIGATION_DRUGS = ['narcomenudeo', 'contra_la_salud'];
