import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DKAN_DATASET,
  DKAN_DIR,
  DKAN_PAGE_SIZE,
  dkanRecords,
} from '../../pipelines/medicaid_sdud/fixtures.ts';
import { fixturesDir } from '../../src/core/paths.ts';
import { parseCsvText } from '../../src/csv/records.ts';
import {
  DkanError,
  dkanQueryString,
  fetchDkanCsv,
  fetchDkanMetadata,
  windowConditions,
} from '../../src/fetch/dkan.ts';
import { dkanResponder } from '../support/dkanServer.ts';
import {
  type FixtureRequest,
  type FixtureServer,
  type Route,
  serveFile,
  startFixtureServer,
} from '../support/fixtureServer.ts';

const QUERY = `/api/1/datastore/query/${DKAN_DATASET}/0`;
const META = `/api/1/metastore/schemas/dataset/items/${DKAN_DATASET}`;
const FAST = { sleep: async () => {}, jitter: 0, retries: 2 };
const COLUMNS = ['state', 'ndc', 'year', 'quarter', 'suppression_used', 'number_of_prescriptions'];

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
async function serve(routes: Record<string, Route>) {
  server = await startFixtureServer(routes);
  return server;
}
const recorded = (page: number) =>
  serveFile(join(fixturesDir, DKAN_DIR, `page-${String(page).padStart(5, '0')}.json`));

describe('fetchDkanCsv', () => {
  it('pages the recorded answers with limit/offset until count rows, and writes one CSV', async () => {
    const records = dkanRecords();
    const pages = Math.ceil(records.length / DKAN_PAGE_SIZE);
    const s = await serve({ [QUERY]: Array.from({ length: pages }, (_, i) => recorded(i)) });
    const seen: number[] = [];
    const csv = await fetchDkanCsv({
      baseUrl: s.url,
      datasetId: DKAN_DATASET,
      pageSize: DKAN_PAGE_SIZE,
      columns: COLUMNS,
      fetch: FAST,
      onPage: (p) => seen.push(p.rows),
    });
    expect(s.requests.map((r) => [r.query.get('limit'), r.query.get('offset')])).toEqual(
      Array.from({ length: pages }, (_, i) => [String(DKAN_PAGE_SIZE), String(i * DKAN_PAGE_SIZE)]),
    );
    expect(csv.rows).toBe(records.length);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(records.length);
    const parsed = parseCsvText(new TextDecoder().decode(csv.bytes));
    expect(parsed[0]?.fields).toEqual(COLUMNS);
    const first = records[0] as Record<string, string>;
    expect(parsed[1]?.fields).toEqual(COLUMNS.map((c) => first[c]));
    // A suppressed row: its numbers empty, not 0.
    const suppressed = parsed.find((r) => r.fields[4] === 'true');
    expect(suppressed?.fields[5]).toBe('');
  });

  it('keeps paging when the server caps the page below the limit asked for', async () => {
    const s = await serve({ [QUERY]: dkanResponder(dkanRecords, 37) });
    const csv = await fetchDkanCsv({ baseUrl: s.url, datasetId: DKAN_DATASET, pageSize: 100, fetch: FAST });
    expect(csv.rows).toBe(dkanRecords().length);
    expect(s.requests.map((r) => r.query.get('offset')).slice(0, 3)).toEqual(['0', '37', '74']);
    // Without `columns`, the first record's keys in order, including DKAN's record_number.
    expect(csv.columns[0]).toBe('record_number');
  });

  /** DKAN's answer to a limit above its cap: HTTP 400, "JSON Schema validation failed.", naming the attribute. */
  const refuseAbove = (cap: number, body: (cap: number) => string) => (req: FixtureRequest) =>
    Number(req.query.get('limit')) > cap
      ? { status: 400, contentType: 'application/json', body: body(cap) }
      : dkanResponder(dkanRecords)(req);
  const schemaError = (cap: number) =>
    JSON.stringify({
      message: 'JSON Schema validation failed.',
      status: 400,
      timestamp: '2026-07-01T12:00:00+00:00',
      data: {
        keyword: 'maximum',
        pointer: 'limit',
        message: `The attribute must be less than or equal to ${cap}.`,
      },
    });

  it('pages by the datastore’s cap when it refuses a larger limit with HTTP 400 (the cap read from the error)', async () => {
    const s = await serve({ [QUERY]: refuseAbove(40, schemaError) });
    const caps: number[] = [];
    const csv = await fetchDkanCsv({
      baseUrl: s.url,
      datasetId: DKAN_DATASET,
      pageSize: 5000,
      fetch: FAST,
      onLimitCap: (c) => caps.push(c.cap),
    });
    const n = dkanRecords().length;
    expect(csv.rows).toBe(n);
    expect([csv.pageSize, caps]).toEqual([40, [40]]);
    // The refused page (asked once, then read once more for its error body), then pages of 40.
    const limits = s.requests.map((r) => r.query.get('limit'));
    expect(limits.slice(0, 3)).toEqual(['5000', '5000', '40']);
    expect(limits.slice(2).every((l) => l === '40')).toBe(true);
    expect(s.requests.slice(2).map((r) => Number(r.query.get('offset')))).toEqual(
      Array.from({ length: Math.ceil(n / 40) }, (_, i) => i * 40),
    );
  });

  it('falls back to DKAN’s documented default cap (500) when the 400 does not name one', async () => {
    const s = await serve({ [QUERY]: refuseAbove(500, () => '{"message":"Bad request"}') });
    const csv = await fetchDkanCsv({ baseUrl: s.url, datasetId: DKAN_DATASET, pageSize: 5000, fetch: FAST });
    expect([csv.rows, csv.pageSize]).toEqual([dkanRecords().length, 500]);
  });

  it('lets a 400 that is not about the limit stand', async () => {
    const s = await serve({ [QUERY]: refuseAbove(10, () => '{"message":"Bad request"}') });
    const error = await fetchDkanCsv({
      baseUrl: s.url,
      datasetId: DKAN_DATASET,
      pageSize: 100,
      fetch: FAST,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/returned HTTP 400/);
  });

  it('keeps a row once when two condition sets both match it (a server that ignores case)', async () => {
    // Like MySQL's default collation: "starts with" compares without case.
    const ignoringCase = (req: FixtureRequest) => {
      const query = new URLSearchParams(req.query);
      for (const [k, v] of req.query) if (k.endsWith('[value]')) query.set(k, v.toUpperCase());
      return dkanResponder(dkanRecords)({ ...req, query });
    };
    const s = await serve({ [QUERY]: ignoringCase });
    const narcan = dkanRecords().filter((r) => r.product_name?.startsWith('NARCAN'));
    const csv = await fetchDkanCsv({
      baseUrl: s.url,
      datasetId: DKAN_DATASET,
      pageSize: 100,
      anyOf: ['NARCAN', 'Narcan', 'narcan'].map((value) => [
        { property: 'product_name', operator: 'starts with', value },
      ]),
      fetch: FAST,
    });
    expect(narcan.length).toBeGreaterThan(0);
    expect([csv.rows, csv.repeated]).toEqual([narcan.length, 2 * narcan.length]);
  });

  it('sends conditions and sorts as DKAN reads them, and queries each disjoint set', async () => {
    expect(
      dkanQueryString(
        [
          { property: 'year', operator: '>=', value: 2024 },
          { property: 'ndc', operator: 'in', value: ['69547035302', '00641613201'] },
        ],
        [{ property: 'record_number', order: 'asc' }],
        500,
        1000,
      ),
    ).toBe(
      'conditions%5B0%5D%5Bproperty%5D=year&conditions%5B0%5D%5Bvalue%5D=2024&conditions%5B0%5D%5Boperator%5D=%3E%3D&' +
        'conditions%5B1%5D%5Bproperty%5D=ndc&conditions%5B1%5D%5Bvalue%5D%5B0%5D=69547035302&' +
        'conditions%5B1%5D%5Bvalue%5D%5B1%5D=00641613201&conditions%5B1%5D%5Boperator%5D=in&' +
        'sorts%5B0%5D%5Bproperty%5D=record_number&sorts%5B0%5D%5Border%5D=asc&limit=500&offset=1000',
    );
    const s = await serve({ [QUERY]: dkanResponder(dkanRecords) });
    const csv = await fetchDkanCsv({
      baseUrl: s.url,
      datasetId: DKAN_DATASET,
      conditions: [{ property: 'state', operator: '=', value: 'NM' }],
      anyOf: [
        [{ property: 'product_name', operator: 'starts with', value: 'NARCAN' }],
        [{ property: 'product_name', operator: 'starts with', value: 'NALOXONE' }],
      ],
      columns: ['state', 'product_name'],
      fetch: FAST,
    });
    const expected = dkanRecords().filter(
      (r) =>
        r.state === 'NM' && (r.product_name?.startsWith('NARCAN') || r.product_name?.startsWith('NALOXONE')),
    );
    expect(csv.rows).toBe(expected.length);
    expect(csv.queries).toHaveLength(2);
    expect(
      new Set(
        parseCsvText(new TextDecoder().decode(csv.bytes))
          .slice(1)
          .map((r) => r.fields[1]),
      ),
    ).toEqual(new Set(['NARCAN    ', 'NALOXONE H']));
  });

  it('pulls a trailing window of quarters: one query for the first year from its quarter, one for later years', async () => {
    // 2025-05-20 is in 2025Q2; 4 quarters back to 2024Q3.
    expect(
      windowConditions(
        { yearProperty: 'year', quarterProperty: 'quarter', lagQuarters: 4 },
        new Date('2025-05-20'),
      ),
    ).toEqual([
      [
        { property: 'year', operator: '=', value: 2024 },
        { property: 'quarter', operator: '>=', value: 3 },
      ],
      [{ property: 'year', operator: '>', value: 2024 }],
    ]);
    expect(
      windowConditions(
        { yearProperty: 'year', quarterProperty: 'quarter', lagQuarters: 2 },
        new Date('2025-05-20'),
      ),
    ).toEqual([[{ property: 'year', operator: '>=', value: 2025 }]]);
    const s = await serve({ [QUERY]: dkanResponder(dkanRecords) });
    const csv = await fetchDkanCsv({
      baseUrl: s.url,
      datasetId: DKAN_DATASET,
      window: { yearProperty: 'year', quarterProperty: 'quarter', lagQuarters: 3 },
      now: new Date('2025-01-15'),
      columns: ['year', 'quarter'],
      fetch: FAST,
    });
    const quarters = new Set(
      parseCsvText(new TextDecoder().decode(csv.bytes))
        .slice(1)
        .map((r) => r.fields.join('Q')),
    );
    expect(quarters).toEqual(new Set(['2024Q3', '2024Q4']));
  });

  const failures: [string, Route, RegExp][] = [
    ['invalid JSON', { contentType: 'application/json', body: '{"results": [' }, /returned invalid JSON/],
    [
      'a page without results',
      { contentType: 'application/json', body: '{"message": "Resource not found", "status": 404}' },
      /returned an unexpected datastore page: results: /,
    ],
    [
      'a nested value',
      { contentType: 'application/json', body: '{"results": [{"state": {"x": 1}}], "count": 1}' },
      /unexpected datastore page: results\[0\]\.state: /,
    ],
    [
      'an HTML error page',
      { contentType: 'text/html', body: '<!DOCTYPE html><html><body>Maintenance</body></html>' },
      /returned an HTML page \(text\/html\), expected JSON/,
    ],
    [
      'an empty page before count rows',
      { contentType: 'application/json', body: '{"results": [], "count": 5}' },
      /returned no rows at offset 0 but count is 5: the page is incomplete/,
    ],
    [
      'a row missing a column',
      { contentType: 'application/json', body: '{"results": [{"state": "NM"}], "count": 1}' },
      /row 0 has no "ndc" \(it has state\)/,
    ],
  ];
  it.each(failures)('refuses %s', async (_, route, message) => {
    const s = await serve({ [QUERY]: route });
    const error = await fetchDkanCsv({
      baseUrl: s.url,
      datasetId: DKAN_DATASET,
      columns: COLUMNS,
      fetch: FAST,
    }).catch((e) => e);
    expect(error.message).toMatch(message);
  });

  it('refuses a count that changes while paging (the dataset was updated)', async () => {
    const page = (count: number) => ({
      contentType: 'application/json',
      body: JSON.stringify({ results: [{ state: 'NM' }], count }),
    });
    const s = await serve({ [QUERY]: [page(3), page(4)] });
    const error = await fetchDkanCsv({
      baseUrl: s.url,
      datasetId: DKAN_DATASET,
      pageSize: 1,
      fetch: FAST,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(DkanError);
    expect(error.message).toMatch(/the row count changed while paging \(3, now 4\)/);
  });

  it('retries 429 and 503, then succeeds', async () => {
    const s = await serve({
      [QUERY]: [
        { status: 429, headers: { 'Retry-After': '0' } },
        { status: 503 },
        dkanResponder(dkanRecords),
      ],
    });
    const csv = await fetchDkanCsv({ baseUrl: s.url, datasetId: DKAN_DATASET, pageSize: 1000, fetch: FAST });
    expect(csv.rows).toBe(dkanRecords().length);
    expect(s.requests).toHaveLength(3);
  });
});

describe('fetchDkanMetadata', () => {
  it('reads the modified date of the recorded metastore record', async () => {
    const s = await serve({ [META]: serveFile(join(fixturesDir, DKAN_DIR, 'metadata.json')) });
    const meta = await fetchDkanMetadata({ baseUrl: s.url, datasetId: DKAN_DATASET, fetch: FAST });
    expect(meta.modified).toBe('2025-06-18');
    expect(meta.title).toBe('State Drug Utilization Data 2024');
    expect(JSON.parse(readFileSync(join(fixturesDir, DKAN_DIR, 'metadata.json'), 'utf8')).identifier).toBe(
      DKAN_DATASET,
    );
  });

  it('refuses a record without a modified date', async () => {
    const s = await serve({ [META]: { contentType: 'application/json', body: '{"title": "x"}' } });
    const error = await fetchDkanMetadata({ baseUrl: s.url, datasetId: DKAN_DATASET, fetch: FAST }).catch(
      (e) => e,
    );
    expect(error.message).toMatch(/returned unexpected metadata: modified: /);
  });
});
