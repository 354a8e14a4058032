import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RELEASE_B, RELEASE_B_URL_PATH } from '../../pipelines/cbp_seizures/fixtures.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { FetchError } from '../../src/fetch/http.ts';
import {
  dateFromLink,
  extractLinks,
  fetchLinkedFile,
  findPageLink,
  PageLinkError,
  pickLink,
} from '../../src/fetch/pageLink.ts';
import { type FixtureServer, serveFile, startFixtureServer } from '../support/fixtureServer.ts';

const PAGE = '/document/stats/nationwide-drug-seizures';
const PATTERN = '/sites/default/files/\\d{4}-\\d{2}/nationwide-drugs-fy\\d{2}-fy\\d{2}[^/]*\\.csv$';
const page = (name: string) => join(fixturesDir, 'http/cbp', name);
const csv = join(fixturesDir, 'cbp-seizures', RELEASE_B.file);
const FAST = { sleep: async () => {}, jitter: 0, retries: 2 };

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('extractLinks and pickLink', () => {
  const html = `<html><body>
    <a href="/a.csv">A</a> <a class="x" href='b/c.csv?x=1&amp;y=2'>B</a> <A HREF=/plain.csv>C</A>
    <!-- <a href="/commented-out.csv">old</a> -->
    <a href="#top">top</a> <a href="mailto:x@example.invalid">mail</a> <a name="anchor">no href</a>
    <a href="/sites/default/files/2025-10/nationwide-drugs-fy22-fy25-sep.csv">older</a>
    <a href="/sites/default/files/2025-11/nationwide-drugs-fy23-fy26-oct.csv">current</a>
  </body></html>`;
  const base = 'https://www.cbp.gov/document/stats/nationwide-drug-seizures';

  it('resolves links against the page, decodes entities, skips comments, anchors and mailto', () => {
    expect(extractLinks(html, base)).toEqual([
      'https://www.cbp.gov/a.csv',
      'https://www.cbp.gov/document/stats/b/c.csv?x=1&y=2',
      'https://www.cbp.gov/plain.csv',
      'https://www.cbp.gov/sites/default/files/2025-10/nationwide-drugs-fy22-fy25-sep.csv',
      'https://www.cbp.gov/sites/default/files/2025-11/nationwide-drugs-fy23-fy26-oct.csv',
    ]);
  });

  it('takes the first matching link in page order and lists the others', () => {
    const link = pickLink(html, base, PATTERN);
    expect(link.url).toBe(
      'https://www.cbp.gov/sites/default/files/2025-10/nationwide-drugs-fy22-fy25-sep.csv',
    );
    expect(link.matches).toHaveLength(2);
    expect(link.links).toBe(5);
  });

  it('refuses a page with no matching link, naming the page and the pattern', () => {
    expect(() => pickLink(html, base, 'nationwide-drugs-fy\\d{2}-fy\\d{2}-[a-z]{3}\\.xlsx$')).toThrow(
      /^https:\/\/www\.cbp\.gov\/document\/stats\/nationwide-drug-seizures has no link matching \/nationwide-drugs-fy\\d\{2\}-fy\\d\{2\}-\[a-z\]\{3\}\\\.xlsx\$\/ \(5 link\(s\) on the page; data files linked: https:\/\/www\.cbp\.gov\/a\.csv/,
    );
  });

  it('reads the vintage from the link', () => {
    const pattern = '/files/(?<year>\\d{4})-(?<month>\\d{2})/';
    expect(dateFromLink('https://www.cbp.gov/sites/default/files/2025-11/x.csv', pattern)).toBe('2025-11-01');
    expect(dateFromLink('https://www.cbp.gov/sites/default/files/2025-13/x.csv', pattern)).toBeNull();
    expect(dateFromLink('https://www.cbp.gov/x.csv', pattern)).toBeNull();
    expect(dateFromLink('/r/2024-02-30/x', '(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})')).toBeNull();
    expect(dateFromLink('/r/2024-02-29/x', '(?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})')).toBe(
      '2024-02-29',
    );
  });

  it('reads a month written as an English name, abbreviated or not, in any case', () => {
    const pattern = '/documents/(?<year>\\d{4})-(?<month>[A-Za-z]+)/';
    const date = (folder: string) =>
      dateFromLink(`https://www.cbp.gov/sites/default/files/assets/documents/${folder}/x.csv`, pattern);
    const folders = [
      '2024-Jan',
      '2024-Feb',
      '2023-Sep',
      '2023-Dec',
      '2024-may',
      '2024-MAR',
      '2024-September',
    ];
    expect(Object.fromEntries(folders.map((f) => [f, date(f)]))).toEqual({
      '2024-Jan': '2024-01-01',
      '2024-Feb': '2024-02-01',
      '2023-Sep': '2023-09-01',
      '2023-Dec': '2023-12-01',
      '2024-may': '2024-05-01',
      '2024-MAR': '2024-03-01',
      '2024-September': '2024-09-01',
    });
    // Not a month: no date, never a guess.
    expect(date('2024-Sept')).toBeNull();
    expect(date('2024-Foo')).toBeNull();
    expect(date('2024-Enero')).toBeNull();
  });

  it('reads SESNSP names: Spanish abbreviations, two-digit years, and a release lag after the month covered', () => {
    const pattern = '_(?<month>[a-z]{3})(?<year>\\d{4}|\\d{2})\\.csv$';
    const lag = { months: 1, day: 20 };
    const at = (name: string) => dateFromLink(`https://www.gob.mx/files/${name}`, pattern, lag);
    expect(at('IDEFC_NM_ene22.csv')).toBe('2022-02-20');
    expect(at('IDEFC_NM_abr22.csv')).toBe('2022-05-20');
    expect(at('IDEFF_ago25.csv')).toBe('2025-09-20');
    expect(at('Estatal-Delitos-2015-2025_dic2025.csv')).toBe('2026-01-20');
    expect(at('IDEFC_NM_may22.csv')).toBe('2022-06-20');
    expect(at('IDEFC_NM_xyz22.csv')).toBeNull();
    expect(dateFromLink('https://www.gob.mx/files/IDEFC_NM_dic24.csv', pattern)).toBe('2024-12-01');
  });
});

describe('fetchLinkedFile against the recorded CBP page', () => {
  it('reads the page, follows the current CSV link and fetches it', async () => {
    server = await startFixtureServer({
      [PAGE]: serveFile(page('nationwide-drug-seizures.html')),
      [RELEASE_B_URL_PATH]: serveFile(csv, { contentType: 'application/octet-stream' }),
    });
    const { link, file } = await fetchLinkedFile({
      pageUrl: server.url + PAGE,
      linkPattern: PATTERN,
      fetch: FAST,
    });
    expect(link.url).toBe(server.url + RELEASE_B_URL_PATH);
    expect(link.matches).toEqual([link.url]);
    expect(Buffer.from(file.bytes).equals(readFileSync(csv))).toBe(true);
    expect(server.requests.map((r) => r.pathname)).toEqual([PAGE, RELEASE_B_URL_PATH]);
    expect(server.requests[0]?.headers.accept).toMatch(/^text\/html/);
  });

  it('refuses a redesigned page that no longer links a CSV', async () => {
    server = await startFixtureServer({
      [PAGE]: serveFile(page('nationwide-drug-seizures-without-csv.html')),
    });
    const error = await findPageLink({ pageUrl: server.url + PAGE, linkPattern: PATTERN, fetch: FAST }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(PageLinkError);
    expect(error.message).toMatch(
      new RegExp(
        `^${server.url}${PAGE} has no link matching /.*nationwide-drugs.*/ \\(\\d+ link\\(s\\) on the page`,
      ),
    );
    expect(error.message).toMatch(/data files linked: .*nationwide-drugs-fy23-fy26-oct\.xlsx/);
  });

  it('retries a 503 on the page, and refuses an HTML error page served as the CSV', async () => {
    server = await startFixtureServer({
      [PAGE]: [{ status: 503, body: 'busy' }, serveFile(page('nationwide-drug-seizures.html'))],
      [RELEASE_B_URL_PATH]: {
        contentType: 'text/html',
        body: '<!DOCTYPE html><html><body>Access Denied</body></html>',
      },
    });
    const error = await fetchLinkedFile({
      pageUrl: server.url + PAGE,
      linkPattern: PATTERN,
      fetch: FAST,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error.message).toMatch(
      /nationwide-drugs-fy23-fy26-oct\.csv returned an HTML page \(text\/html\), expected CSV/,
    );
    expect(server.requests.map((r) => r.pathname)).toEqual([PAGE, PAGE, RELEASE_B_URL_PATH]);
  });

  it('fails on a page that never answers well', async () => {
    server = await startFixtureServer({ [PAGE]: { status: 404, body: 'Not Found' } });
    const error = await findPageLink({ pageUrl: server.url + PAGE, linkPattern: PATTERN, fetch: FAST }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(FetchError);
    expect(error.message).toMatch(/nationwide-drug-seizures returned HTTP 404/);
  });
});
