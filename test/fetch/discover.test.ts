import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CENSUS_FILES } from '../../pipelines/census_state_population/fixtures.ts';
import {
  CENSUS_DATASETS,
  CENSUS_RELEASE_PATTERN,
  CENSUS_RELEASE_TEMPLATE,
} from '../../pipelines/census_state_population/pipeline.ts';
import { INEGI_ZIP_TEMPLATE, inegiZipUrl } from '../../pipelines/inegi_deaths/pipeline.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { inputSchema } from '../../src/core/pipeline.ts';
import {
  DiscoveryError,
  fetchNewest,
  fillTemplate,
  listedCandidates,
  probedCandidates,
} from '../../src/fetch/discover.ts';
import { FetchError } from '../../src/fetch/http.ts';
import { type FixtureServer, startFixtureServer } from '../support/fixtureServer.ts';

const listing = readFileSync(join(fixturesDir, CENSUS_FILES.listing), 'utf8');
const FAST = { retries: 0, accept: ['zip' as const] };

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('release candidates', () => {
  it('reads the vintages from the recorded Census directory index, newest first, from the year asked', () => {
    expect(
      listedCandidates(listing, CENSUS_DATASETS, CENSUS_RELEASE_PATTERN, CENSUS_RELEASE_TEMPLATE, 2023),
    ).toEqual([
      {
        year: 2025,
        url: 'https://www2.census.gov/programs-surveys/popest/datasets/2020-2025/state/totals/NST-EST2025-ALLDATA.csv',
      },
      {
        year: 2024,
        url: 'https://www2.census.gov/programs-surveys/popest/datasets/2020-2024/state/totals/NST-EST2024-ALLDATA.csv',
      },
      {
        year: 2023,
        url: 'https://www2.census.gov/programs-surveys/popest/datasets/2020-2023/state/totals/NST-EST2023-ALLDATA.csv',
      },
    ]);
    // The pinned Vintage 2024 URL is exactly what the template gives for 2024.
    expect(fillTemplate(CENSUS_RELEASE_TEMPLATE, { base: '2020', year: '2024' })).toBe(
      'https://www2.census.gov/programs-surveys/popest/datasets/2020-2024/state/totals/NST-EST2024-ALLDATA.csv',
    );
    // Sort links, the parent directory and 2020-evaluation-estimates/ are not vintages; nothing from 2026 on yet.
    expect(
      listedCandidates(listing, CENSUS_DATASETS, CENSUS_RELEASE_PATTERN, CENSUS_RELEASE_TEMPLATE, 2026),
    ).toEqual([]);
    const all = listedCandidates(
      listing,
      CENSUS_DATASETS,
      CENSUS_RELEASE_PATTERN,
      CENSUS_RELEASE_TEMPLATE,
      0,
    );
    expect(all.map((c) => c.year)).toEqual([2025, 2024, 2023, 2022, 2021, 2020, 2019, 2010, 2000]);
    // 2010-2020/ and 2020-2021/ … : the year is the vintage, the base year stays in the URL.
    expect(all.find((c) => c.year === 2020)?.url).toContain('/datasets/2010-2020/state/totals/NST-EST2020-');
  });

  it('tries every year from `from` to now, newest first, when there is no listing', () => {
    expect(probedCandidates(INEGI_ZIP_TEMPLATE, 2025, new Date('2027-03-01T00:00:00Z'))).toEqual([
      {
        year: 2027,
        url: 'https://www.inegi.org.mx/contenidos/programas/edr/datosabiertos/defunciones/2027/conjunto_de_datos_edr2027_csv.zip',
      },
      {
        year: 2026,
        url: 'https://www.inegi.org.mx/contenidos/programas/edr/datosabiertos/defunciones/2026/conjunto_de_datos_edr2026_csv.zip',
      },
      {
        year: 2025,
        url: 'https://www.inegi.org.mx/contenidos/programas/edr/datosabiertos/defunciones/2025/conjunto_de_datos_edr2025_csv.zip',
      },
    ]);
    expect(fillTemplate(INEGI_ZIP_TEMPLATE, { year: '2024' })).toBe(inegiZipUrl(2024));
    expect(probedCandidates(INEGI_ZIP_TEMPLATE, 2025, new Date('2024-12-31T23:59:59Z'))).toEqual([]);
  });

  it('refuses a template that names a group the pattern does not capture', () => {
    expect(() => fillTemplate('https://x.example/{base}-{year}/f.csv', { year: '2025' })).toThrow(
      new DiscoveryError(
        'release template https://x.example/{base}-{year}/f.csv names {base}, which the pattern does not capture (it has year)',
      ),
    );
  });
});

describe('fetchNewest', () => {
  const zip = Buffer.from('PK\x03\x04 a zip', 'latin1');
  const candidates = (base: string) =>
    [2027, 2026, 2025].map((year) => ({ year, url: `${base}/${year}.zip` }));

  it('passes over a 404 and an HTML page served with status 200 (INEGI for a year not out yet)', async () => {
    server = await startFixtureServer({
      '/2027.zip': { status: 404, body: 'Not Found' },
      '/2026.zip': {
        contentType: 'text/html; charset=utf-8',
        body: '<!DOCTYPE html><html><body>Página no encontrada</body></html>',
      },
      '/2025.zip': { contentType: 'application/x-zip-compressed', body: zip },
    });
    const missing: string[] = [];
    const found = await fetchNewest(candidates(server.url), FAST, (c, reason) =>
      missing.push(`${c.year}: ${reason}`),
    );
    expect(found?.candidate.year).toBe(2025);
    expect(Buffer.from(found?.file.bytes ?? []).equals(zip)).toBe(true);
    expect(missing).toEqual([
      `2027: ${server.url}/2027.zip returned HTTP 404 Not Found (1 attempt): "Not Found"`,
      expect.stringMatching(/^2026: \S+\/2026\.zip returned an HTML page \(text\/html\), expected ZIP/),
    ]);
  });

  it('gives null when no candidate is there', async () => {
    server = await startFixtureServer({});
    expect(await fetchNewest(candidates(server.url), FAST)).toBeNull();
    expect(server.requests).toHaveLength(3);
  });

  it('stops at a failure that is not "not there": an older release is never taken because the newest failed', async () => {
    server = await startFixtureServer({
      '/2027.zip': { status: 503, body: 'busy' },
      '/2026.zip': { contentType: 'application/zip', body: zip },
    });
    const error = await fetchNewest(candidates(server.url), FAST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ kind: 'http', status: 503 });
    expect(server.requests.map((r) => r.pathname)).toEqual(['/2027.zip']);
  });
});

describe('the url input with discover', () => {
  const url = 'https://example.org/2024/f.csv';
  const parse = (discover: unknown) => inputSchema.safeParse({ kind: 'url', url, discover });

  it('takes a listing with a pattern, or neither', () => {
    expect(
      parse({
        template: 'https://example.org/{year}/f.csv',
        from: 2025,
        listing: 'https://example.org/',
        pattern: '/(?<year>\\d{4})/$',
      }).success,
    ).toBe(true);
    expect(parse({ template: 'https://example.org/{year}/f.csv', from: 2025 }).success).toBe(true);
  });

  it.each([
    [{ template: 'https://example.org/f.csv', from: 2025 }, 'expected a URL with {year} in it'],
    [
      { template: 'https://example.org/{year}.csv', from: 2025, listing: 'https://example.org/' },
      'give listing and pattern together',
    ],
    [
      {
        template: 'https://example.org/{year}.csv',
        from: 2025,
        listing: 'https://example.org/',
        pattern: '/(\\d{4})/',
      },
      'expected a named group (?<year>…)',
    ],
    [{ template: 'https://example.org/{year}.csv' }, 'expected number'],
  ])('refuses %j', (discover, message) => {
    const parsed = parse(discover);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join('; ')).toContain(message);
  });
});
