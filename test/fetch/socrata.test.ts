import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/fetch/http.ts';
import { fetchSocrataCsv, fetchSocrataMetadata, socrataBulkCsvUrl } from '../../src/fetch/socrata.ts';
import {
  type FixtureRequest,
  type FixtureResponse,
  fixtureServersPerTest,
} from '../support/fixtureServer.ts';

const HEADER = '"state","year","month","indicator","data_value","footnote"\n';
// Real Socrata CSV quotes every value; these hold commas, doubled quotes and newlines.
const RECORDS = [
  '"AK","2015","January","Cocaine (T40.5)","","Data not shown due to low data quality."\n',
  '"AL","2015","January","Heroin (T40.1)","2,237","Numbers may differ, see ""Technical Notes""."\n',
  '"NY","2020","March","Synthetic opioids, excl. methadone (T40.4)","1,234","line one\nline two, still the same field"\n',
  '"YC","2020","April","Psychostimulants with abuse potential (T43.6)","","  Data suppressed (<10)."\n',
  '"US","2021","May","Number of Drug Overdose Deaths","107,622","a\r\nb"\n',
];
const PATH = '/resource/xkb8-kh2a.csv';
const FAST = { sleep: async () => {}, jitter: 0 };

const serve = fixtureServersPerTest();

/** Serves `records` the way Socrata pages them: $limit rows from $offset, header on every page. */
function pagedCsv(records: string[], header = HEADER) {
  return (req: FixtureRequest): FixtureResponse => {
    const limit = Number(req.query.get('$limit'));
    const offset = Number(req.query.get('$offset'));
    return {
      contentType: 'text/csv; charset=utf-8',
      body: header + records.slice(offset, offset + limit).join(''),
    };
  };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('fetchSocrataCsv', () => {
  it('pages with $limit, $offset and $order=:id until a short page, and joins the pages', async () => {
    const server = await serve({ [PATH]: pagedCsv(RECORDS) });
    const pages: unknown[] = [];
    const result = await fetchSocrataCsv({
      baseUrl: `${server.url}/`,
      datasetId: 'xkb8-kh2a',
      pageSize: 2,
      fetch: FAST,
      onPage: (info) => pages.push(info),
    });
    const expectedUrls = [
      `${PATH}?$limit=2&$offset=0&$order=:id`,
      `${PATH}?$limit=2&$offset=2&$order=:id`,
      `${PATH}?$limit=2&$offset=4&$order=:id`,
    ];
    expect(server.requests.map((r) => r.url)).toEqual(expectedUrls);
    expect(result.urls).toEqual(expectedUrls.map((u) => server.url + u));
    expect(result.pages).toBe(3);
    expect(result.rows).toBe(5);
    expect(text(result.bytes)).toBe(HEADER + RECORDS.join(''));
    expect(pages).toEqual([
      { page: 1, rows: 2, url: result.urls[0] },
      { page: 2, rows: 2, url: result.urls[1] },
      { page: 3, rows: 1, url: result.urls[2] },
    ]);
  });

  it('counts records, not lines, when quoted fields hold newlines', async () => {
    // With a line count, page 1 (records 0-2, 4 lines) would look full at pageSize 3 and ask again.
    const server = await serve({ [PATH]: pagedCsv(RECORDS.slice(0, 3)) });
    const result = await fetchSocrataCsv({
      baseUrl: server.url,
      datasetId: 'xkb8-kh2a',
      pageSize: 4,
      fetch: FAST,
    });
    expect(result).toMatchObject({ pages: 1, rows: 3 });
    expect(server.requests).toHaveLength(1);
  });

  it('asks for one more page when the rows are an exact multiple of pageSize', async () => {
    const server = await serve({ [PATH]: pagedCsv(RECORDS.slice(0, 4)) });
    const result = await fetchSocrataCsv({
      baseUrl: server.url,
      datasetId: 'xkb8-kh2a',
      pageSize: 2,
      fetch: FAST,
    });
    expect(result).toMatchObject({ pages: 3, rows: 4 });
    expect(server.requests.map((r) => r.query.get('$offset'))).toEqual(['0', '2', '4']);
    expect(text(result.bytes)).toBe(HEADER + RECORDS.slice(0, 4).join(''));
  });

  it('gives just the header for an empty dataset', async () => {
    const server = await serve({ [PATH]: pagedCsv([]) });
    const result = await fetchSocrataCsv({ baseUrl: server.url, datasetId: 'xkb8-kh2a', fetch: FAST });
    expect(result).toMatchObject({ pages: 1, rows: 0 });
    expect(text(result.bytes)).toBe(HEADER);
    expect(server.requests[0]?.url).toBe(`${PATH}?$limit=50000&$offset=0&$order=:id`);
  });

  it('refuses a page whose header differs from the first', async () => {
    const other = '"state","year","month","indicator","data_value","footnote_symbol"\n';
    const server = await serve({
      [PATH]: (req) => pagedCsv(RECORDS, req.query.get('$offset') === '0' ? HEADER : other)(req),
    });
    const error = fetchSocrataCsv({ baseUrl: server.url, datasetId: 'xkb8-kh2a', pageSize: 2, fetch: FAST });
    await expect(error).rejects.toThrow(
      `${server.url}${PATH}?$limit=2&$offset=2&$order=:id has a different CSV header from the first page`,
    );
    await expect(error).rejects.toThrow(`first page: ${other.trim()}, expected ${HEADER.trim()}`);
  });

  it('encodes $where', async () => {
    const where = "year >= 2020 AND state IN ('NY', 'YC') AND footnote LIKE '%a+b&c#d%'";
    const server = await serve({ [PATH]: pagedCsv(RECORDS.slice(0, 1)) });
    const result = await fetchSocrataCsv({ baseUrl: server.url, datasetId: 'xkb8-kh2a', where, fetch: FAST });
    expect(server.requests[0]?.url).toBe(
      `${PATH}?$limit=50000&$offset=0&$order=:id&$where=year%20%3E%3D%202020%20AND%20state%20IN%20(%27NY%27%2C%20%27YC%27)%20AND%20footnote%20LIKE%20%27%25a%2Bb%26c%23d%25%27`,
    );
    expect(result.urls).toEqual([server.url + server.requests[0]?.url]);
    expect(server.requests[0]?.query.get('$where')).toBe(where);
    expect(result.rows).toBe(1);
  });

  it('retries a failed page with the given fetch options', async () => {
    let calls = 0;
    const page = pagedCsv(RECORDS);
    const server = await serve({
      [PATH]: (req) => (req.query.get('$offset') === '2' && calls++ === 0 ? { status: 503 } : page(req)),
    });
    const sleeps: number[] = [];
    const result = await fetchSocrataCsv({
      baseUrl: server.url,
      datasetId: 'xkb8-kh2a',
      pageSize: 2,
      fetch: { jitter: 0, backoffMs: 50, sleep: async (ms) => void sleeps.push(ms) },
    });
    expect(result).toMatchObject({ pages: 3, rows: 5 });
    expect(sleeps).toEqual([50]);
    expect(server.requests).toHaveLength(4);
  });

  it('passes on a fetch failure', async () => {
    const server = await serve({ [PATH]: { status: 400, body: '{"code":"query.soql.no-such-column"}' } });
    const error = fetchSocrataCsv({
      baseUrl: server.url,
      datasetId: 'xkb8-kh2a',
      where: 'nope = 1',
      fetch: FAST,
    });
    await expect(error).rejects.toBeInstanceOf(FetchError);
    await expect(error).rejects.toThrow('no-such-column');
  });

  it('stops at maxPages rather than truncating silently', async () => {
    const server = await serve({ [PATH]: pagedCsv(RECORDS) });
    const error = fetchSocrataCsv({ baseUrl: server.url, datasetId: 'xkb8-kh2a', pageSize: 1, maxPages: 2 });
    await expect(error).rejects.toThrow(
      `${server.url}${PATH}?$limit=1&$offset=1&$order=:id was still a full page after 2 pages: more than 2 pages (a server repeating a page?); raise http.maxPages if the dataset really is this large`,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a page that ends inside a quoted field', async () => {
    const server = await serve({ [PATH]: { contentType: 'text/csv', body: `${HEADER}"AK","2015","Janu` } });
    const error = fetchSocrataCsv({ baseUrl: server.url, datasetId: 'xkb8-kh2a' });
    await expect(error).rejects.toThrow(/ ends inside a quoted CSV field; the page is incomplete$/);
  });

  it('refuses an empty body', async () => {
    const server = await serve({ [PATH]: { contentType: 'text/csv', body: '' } });
    await expect(fetchSocrataCsv({ baseUrl: server.url, datasetId: 'xkb8-kh2a' })).rejects.toThrow(
      'returned an empty page, expected at least a CSV header',
    );
  });

  it('refuses a malformed dataset id before any request', async () => {
    await expect(fetchSocrataCsv({ baseUrl: 'http://127.0.0.1:1', datasetId: '../etc' })).rejects.toThrow(
      'invalid Socrata dataset id: "../etc", expected e.g. xkb8-kh2a',
    );
  });
});

// The shape of data.cdc.gov's /api/views/xkb8-kh2a.json, trimmed to a few fields and columns.
const METADATA = {
  id: 'xkb8-kh2a',
  name: 'VSRR Provisional Drug Overdose Death Counts',
  assetType: 'dataset',
  attribution: 'National Center for Health Statistics',
  createdAt: 1520363581,
  rowsUpdatedAt: 1752674192,
  viewLastModified: 1752674184,
  columns: [
    {
      id: 404028647,
      name: 'State',
      dataTypeName: 'text',
      description: '',
      fieldName: 'state',
      position: 1,
      renderTypeName: 'text',
      format: {},
    },
    {
      id: 404028649,
      name: 'Year',
      dataTypeName: 'number',
      fieldName: 'year',
      position: 2,
      format: { precisionStyle: 'standard', noCommas: 'true', align: 'right' },
    },
    { id: 404028655, name: 'Data Value', dataTypeName: 'number', fieldName: 'data_value', position: 6 },
  ],
  metadata: { custom_fields: { Common_Core: { Publisher: 'Centers for Disease Control and Prevention' } } },
};

describe('fetchSocrataMetadata', () => {
  it('reads id, name, rowsUpdatedAt and columns', async () => {
    const server = await serve({
      '/api/views/xkb8-kh2a.json': {
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify(METADATA),
      },
    });
    const meta = await fetchSocrataMetadata({ baseUrl: server.url, datasetId: 'xkb8-kh2a' });
    expect(meta).toEqual({
      id: 'xkb8-kh2a',
      name: 'VSRR Provisional Drug Overdose Death Counts',
      rowsUpdatedAt: new Date('2025-07-16T13:56:32.000Z'),
      columns: [
        { name: 'State', fieldName: 'state', dataTypeName: 'text' },
        { name: 'Year', fieldName: 'year', dataTypeName: 'number' },
        { name: 'Data Value', fieldName: 'data_value', dataTypeName: 'number' },
      ],
    });
  });

  it('names the URL and the failing path when the shape is wrong', async () => {
    const broken = structuredClone(METADATA) as { columns: Record<string, unknown>[] };
    delete broken.columns[1]?.fieldName;
    const server = await serve({
      '/api/views/xkb8-kh2a.json': { contentType: 'application/json', body: JSON.stringify(broken) },
    });
    await expect(fetchSocrataMetadata({ baseUrl: server.url, datasetId: 'xkb8-kh2a' })).rejects.toThrow(
      `${server.url}/api/views/xkb8-kh2a.json returned unexpected view metadata at columns[1].fieldName: `,
    );
  });

  it('refuses a rowsUpdatedAt that is not unix seconds', async () => {
    const server = await serve({
      '/api/views/xkb8-kh2a.json': {
        contentType: 'application/json',
        body: JSON.stringify({ ...METADATA, rowsUpdatedAt: '2025-07-16' }),
      },
    });
    await expect(fetchSocrataMetadata({ baseUrl: server.url, datasetId: 'xkb8-kh2a' })).rejects.toThrow(
      /unexpected view metadata at rowsUpdatedAt: /,
    );
  });

  it('refuses a body that is not JSON', async () => {
    const server = await serve({
      '/api/views/xkb8-kh2a.json': { contentType: 'application/json', body: '{"id": "xkb8-kh2a",' },
    });
    await expect(fetchSocrataMetadata({ baseUrl: server.url, datasetId: 'xkb8-kh2a' })).rejects.toThrow(
      `${server.url}/api/views/xkb8-kh2a.json returned invalid JSON: `,
    );
  });
});

describe('socrataBulkCsvUrl', () => {
  it('builds the full-download URL', () => {
    expect(socrataBulkCsvUrl('https://data.cdc.gov/', 'xkb8-kh2a')).toBe(
      'https://data.cdc.gov/api/views/xkb8-kh2a/rows.csv?accessType=DOWNLOAD',
    );
  });
});
