/**
 * The SYNTHETIC CDC state naloxone dispensing rate fixtures: one release (2019–2023, 51 jurisdictions) in the real
 * download's exact format, failure files, and a page that links the table for the live (page_link) input. See
 * fixtures/README.md, "CDC state naloxone dispensing rates".
 */
import {
  generateNaloxoneRows,
  NALOXONE_HEADER,
  type NaloxoneRow,
  naloxoneFields,
  writeNaloxoneCsv,
} from './fixtureRows.ts';

const DIR = 'cdc-naloxone-rates';
const HTTP = 'http/cdc-naloxone';

export const NALOXONE_RELEASE = {
  file: `${DIR}/state-naloxone-dispensing-rates-2019-2023.csv`,
  firstYear: 2019,
  lastYear: 2023,
  vintage: '2024-11-20',
} as const;

export const NALOXONE_PAGE = `${HTTP}/naloxone-dispensing-rate-maps.html`;
/** Where the fixture page links the table (served by the test's local server). */
export const NALOXONE_LINK_PATH =
  '/overdose-prevention/media/files/2024/11/State%20Naloxone%20Dispensing%20Rates.csv';

/** Lines (header = 1) the failure files break on purpose. */
export const NALOXONE_BAD_LINES = {
  fipsMismatch: 4,
  wrongType: 6,
  unknownState: 7,
  outOfRange: 9,
  duplicate: [5, 6],
} as const;

export const NALOXONE_BAD = {
  renamedColumn: `${DIR}/bad/renamed_column.csv`,
  wrongType: `${DIR}/bad/wrong_type.csv`,
  unknownState: `${DIR}/bad/unknown_state.csv`,
  fipsMismatch: `${DIR}/bad/fips_mismatch.csv`,
  outOfRange: `${DIR}/bad/out_of_range.csv`,
  duplicateKey: `${DIR}/bad/duplicate_key.csv`,
} as const;

export function buildFixtureFiles(): Map<string, string> {
  const rows = generateNaloxoneRows(NALOXONE_RELEASE.firstYear, NALOXONE_RELEASE.lastYear);
  const files = new Map<string, string>([
    [NALOXONE_RELEASE.file, writeNaloxoneCsv(rows.map(naloxoneFields))],
  ]);
  const sample = rows.slice(0, 12).map(naloxoneFields);
  /** The sample with one field of the record on `line` replaced. */
  const changed = (line: number, column: number, value: string) =>
    sample.map((fields, i) => (i === line - 2 ? fields.map((f, c) => (c === column ? value : f)) : fields));
  const L = NALOXONE_BAD_LINES;
  files.set(
    NALOXONE_BAD.renamedColumn,
    writeNaloxoneCsv(
      sample,
      NALOXONE_HEADER.map((h) => (h === 'naloxone_dispensing_rate' ? 'naloxone_rate' : h)),
    ),
  );
  files.set(NALOXONE_BAD.wrongType, writeNaloxoneCsv(changed(L.wrongType, 4, '0.3x')));
  files.set(NALOXONE_BAD.unknownState, writeNaloxoneCsv(changed(L.unknownState, 2, 'XX')));
  files.set(NALOXONE_BAD.fipsMismatch, writeNaloxoneCsv(changed(L.fipsMismatch, 3, '05')));
  // A rate per 1,000 written where a rate per 100 belongs.
  files.set(NALOXONE_BAD.outOfRange, writeNaloxoneCsv(changed(L.outOfRange, 4, '35')));
  const [first] = L.duplicate;
  files.set(
    NALOXONE_BAD.duplicateKey,
    writeNaloxoneCsv([
      ...sample.slice(0, first - 1),
      sample[first - 2] as string[],
      ...sample.slice(first - 1),
    ]),
  );
  files.set(NALOXONE_PAGE, naloxonePage(NALOXONE_LINK_PATH));
  return files;
}

export type { NaloxoneRow };

/**
 * A page in the shape of CDC's redesigned topic pages (cdc.gov/overdose-prevention/…): not a recording. Whether the
 * real page links the table with a plain <a href> is NOT confirmed (see pipelines/cdc_naloxone_rates/README.md).
 */
function naloxonePage(csvPath: string): string {
  return `<!DOCTYPE html>
<html lang="en-us">
<head>
<meta charset="utf-8">
<title>U.S. State Naloxone Dispensing Rate Maps | Overdose Prevention | CDC</title>
<link rel="canonical" href="https://www.cdc.gov/overdose-prevention/data-research/facts-stats/naloxone-dispensing-rate-maps.html">
</head>
<body>
<!-- SYNTHETIC DEMO FIXTURE for Centinela: the shape of a CDC page, not a copy of it. -->
<header><a href="/">Centers for Disease Control and Prevention</a></header>
<main>
<h1>U.S. State Naloxone Dispensing Rate Maps</h1>
<p>Retail naloxone prescriptions dispensed per 100 persons, by state and year. Source: IQVIA Xponent.</p>
<div class="wcms-viz-container" data-config="/overdose-prevention/modules/state-naloxone-map.json"></div>
<ul>
<li><a href="/overdose-prevention/data-research/facts-stats/us-dispensing-rate-maps.html">U.S. Opioid Dispensing Rate Maps</a></li>
<li><a href="/overdose-prevention/media/files/2024/11/State-Buprenorphine-Dispensing-Rates.csv">Buprenorphine data (CSV)</a></li>
<li><a href="${csvPath}">Download data (CSV)</a></li>
</ul>
</main>
<footer><a href="/other/policies.html">Policies</a></footer>
</body>
</html>
`;
}
