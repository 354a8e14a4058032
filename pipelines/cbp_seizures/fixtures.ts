/**
 * The SYNTHETIC CBP nationwide drug seizure fixtures: two overlapping monthly releases, failure files, and the
 * publisher's page that links to the current file. See fixtures/README.md, "CBP nationwide drug seizures".
 */

import { writeCsv } from '../_lib/fixtures/csvWrite.ts';
import { CBP_COLUMNS, type CbpRow, generateCbpRows } from './fixtureRows.ts';

const DIR = 'cbp-seizures';
const HTTP = 'http/cbp';
const CRLF = { eol: '\r\n' } as const;

/** Release A (published 2025-09-15): FY2022–FY2025, FY2025 to date through August. */
export const RELEASE_A = {
  file: 'nationwide-drugs-fy22-fy25-aug.csv',
  vintage: '2025-09-15',
  options: { firstFy: 2022, lastFy: 2025, lastMonth: 'AUG' },
};
/**
 * Release B (published 2025-11-14): FY2023–FY2026, FY2026 to date through October. It overlaps A on FY2023–FY2025:
 * identical rows, except that August 2025 is revised (one late event more, weights ×1.1 per row) and one row of A
 * is gone (a Yuma Sector ketamine seizure of March 2024, reclassified).
 */
export const RELEASE_B = {
  file: 'nationwide-drugs-fy23-fy26-oct.csv',
  vintage: '2025-11-14',
  options: {
    firstFy: 2023,
    lastFy: 2026,
    lastMonth: 'OCT',
    revise: { fromMonth: '2025-08', factor: 1.1 },
    drop: [['2024-03', 'YUMA SECTOR', 'Land Only', 'Ketamine']] as [string, string, string, string][],
  },
};
export const RELEASE_B_URL_PATH = `/sites/default/files/2025-11/${RELEASE_B.file}`;
/**
 * A release of February 2024 (FY2021–FY2023 and `2024 (FYTD)` OCT–JAN), the San Diego and Tucson field offices'
 * rows only to keep it small, served from where CBP's uploads went until 2024: /sites/default/files/assets/documents/<YYYY-Mon>/.
 */
export const RELEASE_2024_02 = {
  file: 'nationwide-drugs-fy21-fy24-jan.csv',
  vintage: '2024-02-01',
  options: { firstFy: 2021, lastFy: 2024, lastMonth: 'JAN' },
};
export const OLDER_FORM_URL_PATH = `/sites/default/files/assets/documents/2024-Feb/${RELEASE_2024_02.file}`;

export function buildFixtureFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const a = generateCbpRows(RELEASE_A.options);
  const b = generateCbpRows(RELEASE_B.options);
  files.set(`${DIR}/${RELEASE_A.file}`, writeCsv(CBP_COLUMNS, a, CRLF));
  files.set(`${DIR}/${RELEASE_B.file}`, writeCsv(CBP_COLUMNS, b, CRLF));
  const twoAreas = generateCbpRows(RELEASE_2024_02.options).filter((r) =>
    ['SAN DIEGO FIELD OFFICE', 'TUCSON FIELD OFFICE'].includes(r['Area of Responsibility']),
  );
  files.set(`${DIR}/${RELEASE_2024_02.file}`, writeCsv(CBP_COLUMNS, twoAreas, CRLF));

  const sample = b.filter((r) => r['Area of Responsibility'] === 'TUCSON FIELD OFFICE').slice(0, 12);
  const bad = (name: string, rows: CbpRow[], header?: readonly string[]) =>
    files.set(`${DIR}/bad/${name}`, writeCsv(CBP_COLUMNS, rows, { ...CRLF, ...(header ? { header } : {}) }));
  files.set(
    `${DIR}/bad/missing_column.csv`,
    writeCsv(
      CBP_COLUMNS.filter((c) => c !== 'Land Filter'),
      sample,
      CRLF,
    ),
  );
  bad(
    'renamed_column.csv',
    sample,
    CBP_COLUMNS.map((c) => (c === 'Sum Qty (lbs)' ? 'Sum Qty (kg)' : c)),
  );
  bad('wrong_type.csv', withRow(sample, BAD_LINES.wrongType, { 'Count of Event': '1O' }));
  bad(
    'unknown_area.csv',
    withRow(sample, BAD_LINES.unknownArea, { 'Area of Responsibility': 'ORLANDO FIELD OFFICE' }),
  );
  bad('unknown_drug.csv', withRow(sample, BAD_LINES.unknownDrug, { 'Drug Type': 'Xylazine' }));
  bad('bad_labels.csv', withRow(sample, BAD_LINES.badLabels, { FY: 'FY23-24', 'Month (abbv)': 'Sept' }));
  bad('duplicate_key.csv', duplicate(sample, BAD_LINES.duplicate));

  files.set(`${HTTP}/nationwide-drug-seizures.html`, cbpPage(RELEASE_B_URL_PATH));
  files.set(`${HTTP}/nationwide-drug-seizures-without-csv.html`, cbpPage(null));
  files.set(`${HTTP}/nationwide-drug-seizures-2024-02.html`, cbpPage(OLDER_FORM_URL_PATH));
  return files;
}

/** Lines (header = 1) the failure files break on purpose. */
export const BAD_LINES = {
  wrongType: 4,
  unknownArea: 6,
  unknownDrug: 3,
  badLabels: 5,
  duplicate: [7, 8],
} as const;

function withRow(rows: CbpRow[], line: number, change: Partial<CbpRow>): CbpRow[] {
  return rows.map((r, i) => (i === line - 2 ? { ...r, ...change } : r));
}

/** The row of `lines[0]` again at `lines[1]` (the rows after it move down by one). */
function duplicate(rows: CbpRow[], lines: readonly number[]): CbpRow[] {
  const [first = 2] = lines;
  const copy = rows[first - 2];
  if (!copy) throw new Error('duplicate_key.csv: not enough rows');
  return [...rows.slice(0, first - 1), copy, ...rows.slice(first - 1)];
}

/**
 * A page in the shape of cbp.gov's Drupal document pages: header navigation, the document title, a file link with
 * Drupal's type and length attributes, related links, footer. Not a recording: cbp.gov could not be fetched when
 * this was written; the structure follows the site's public pages. `csvPath` null: the page after a redesign that
 * links only an Excel file.
 */
function cbpPage(csvPath: string | null): string {
  const file = csvPath
    ? `<span class="file file--mime-text-csv file--text"><a href="${csvPath}" type="text/csv; length=${'187406'}" title="${csvPath.split('/').pop()}">Nationwide Drug Seizures FY23-FY26 (CSV)</a></span>`
    : `<span class="file file--mime-application-vnd-openxmlformats-officedocument-spreadsheetml-sheet file--x-office-spreadsheet"><a href="/sites/default/files/2025-11/nationwide-drugs-fy23-fy26-oct.xlsx" type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; length=96120">Nationwide Drug Seizures FY23-FY26 (Excel)</a></span>`;
  return `<!DOCTYPE html>
<html lang="en" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/ og: https://ogp.me/ns#">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>Nationwide Drug Seizures | U.S. Customs and Border Protection</title>
<link rel="canonical" href="https://www.cbp.gov/document/stats/nationwide-drug-seizures" />
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_SYNTHETIC-FIXTURE.css?delta=0&amp;language=en&amp;theme=cbp_uswds" />
</head>
<body class="path-node page-node-type-document">
<!-- SYNTHETIC DEMO FIXTURE for Centinela: the shape of the publisher's page, not a copy of it. -->
<a href="#main-content" class="usa-skipnav">Skip to main content</a>
<header class="usa-header usa-header--extended" role="banner">
  <div class="usa-logo"><a href="/" title="Home" rel="home">U.S. Customs and Border Protection</a></div>
  <nav aria-label="Primary navigation" class="usa-nav">
    <ul class="usa-nav__primary usa-accordion">
      <li class="usa-nav__primary-item"><a href="/travel">Travel</a></li>
      <li class="usa-nav__primary-item"><a href="/trade">Trade</a></li>
      <li class="usa-nav__primary-item"><a href="/border-security">Border Security</a></li>
      <li class="usa-nav__primary-item"><a href="/newsroom">Newsroom</a></li>
      <li class="usa-nav__primary-item"><a href="/newsroom/stats">Statistics</a></li>
    </ul>
  </nav>
</header>
<main id="main-content" class="usa-layout-docs" role="main">
  <nav class="usa-breadcrumb" aria-label="Breadcrumbs">
    <ol class="usa-breadcrumb__list">
      <li class="usa-breadcrumb__list-item"><a href="/" class="usa-breadcrumb__link">Home</a></li>
      <li class="usa-breadcrumb__list-item"><a href="/newsroom" class="usa-breadcrumb__link">Newsroom</a></li>
      <li class="usa-breadcrumb__list-item"><a href="/newsroom/stats/drug-seizure-statistics" class="usa-breadcrumb__link">Drug Seizure Statistics</a></li>
    </ol>
  </nav>
  <h1 class="page-title"><span class="field field--name-title">Nationwide Drug Seizures</span></h1>
  <div class="field field--name-field-document-date"><time datetime="2025-11-14T12:00:00Z">Fri, 11/14/2025 - 12:00</time></div>
  <div class="field field--name-body">
    <p>Monthly drug seizure data by drug type, area of responsibility and fiscal year. The current fiscal year is
    shown as fiscal year to date (FYTD). Data are subject to change.</p>
  </div>
  <div class="field field--name-field-document-file">
    ${file}
  </div>
  <div class="related-links">
    <h2>Related</h2>
    <ul>
      <li><a href="/newsroom/stats/drug-seizure-statistics">Drug Seizure Statistics dashboard</a></li>
      <li><a href="/sites/default/files/2023-02/drug-seizure-statistics-dataset-description.pdf" type="application/pdf; length=141872">Dataset description (PDF)</a></li>
      <li><a href='/document/stats/nationwide-encounters'>Nationwide Encounters</a></li>
      <li><a href="https://www.dhs.gov/ohss/topics/immigration">DHS Office of Homeland Security Statistics</a></li>
    </ul>
  </div>
</main>
<footer class="usa-footer" role="contentinfo">
  <a href="/about/contact">Contact CBP</a> | <a href="/site-policy-notices/privacy">Privacy</a> |
  <a href="mailto:webmaster@example.invalid">Webmaster</a>
</footer>
</body>
</html>
`;
}
