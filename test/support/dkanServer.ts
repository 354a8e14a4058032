/** A DKAN datastore answering like data.medicaid.gov: limit/offset paging, ANDed conditions, count of all matches. */
import { dkanPage } from '../../pipelines/medicaid_sdud/fixtures.ts';
import type { FixtureRequest, FixtureResponse } from './fixtureServer.ts';

/** The conditions a GET query carries: conditions[i][property|operator|value] (value may be a list). */
export function conditionsOf(
  query: URLSearchParams,
): { property: string; operator: string; values: string[] }[] {
  const out: { property: string; operator: string; values: string[] }[] = [];
  for (let i = 0; query.has(`conditions[${i}][property]`); i++) {
    const list = [...query.keys()]
      .filter((k) => k.startsWith(`conditions[${i}][value][`))
      .map((k) => query.get(k) ?? '');
    out.push({
      property: query.get(`conditions[${i}][property]`) ?? '',
      operator: query.get(`conditions[${i}][operator]`) ?? '=',
      values: list.length ? list : [query.get(`conditions[${i}][value]`) ?? ''],
    });
  }
  return out;
}

function matches(
  record: Record<string, string>,
  c: { property: string; operator: string; values: string[] },
) {
  const v = record[c.property] ?? '';
  const [w = ''] = c.values;
  const num = (s: string) => Number(s);
  switch (c.operator) {
    case '=':
      return v === w;
    case '>=':
      return num(v) >= num(w);
    case '>':
      return num(v) > num(w);
    case 'starts with':
      return v.startsWith(w);
    case 'in':
      return c.values.includes(v);
    default:
      throw new Error(`fixture DKAN does not know operator ${c.operator}`);
  }
}

/** Serves `records` filtered by the request's conditions; at most `cap` rows a page whatever limit asks. */
export function dkanResponder(records: () => Record<string, string>[], cap = Number.POSITIVE_INFINITY) {
  return (req: FixtureRequest): FixtureResponse => {
    const limit = Math.min(Number(req.query.get('limit') ?? 500), cap);
    const offset = Number(req.query.get('offset') ?? 0);
    const conditions = conditionsOf(req.query);
    const all = records().filter((r) => conditions.every((c) => matches(r, c)));
    return {
      contentType: 'application/json',
      body: JSON.stringify(dkanPage(all.slice(offset, offset + limit), all.length, offset)),
    };
  };
}
