import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateWhere, WhereError } from '../../src/export/index.ts';
import { hasStatementSeparator } from '../../src/export/where.ts';
import { openWarehouse, type Warehouse } from '../../src/warehouse/connection.ts';

describe('--where: one condition, never a second statement or clause', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await openWarehouse(':memory:');
  });
  afterAll(() => wh?.closeSync());

  it.each([
    "drug = 'fentanyl'",
    "drug = 'fentanyl' AND country = 'MX' AND year(period_end) >= 2023",
    "note LIKE '%;%'", // a semicolon inside a string is text
    "\"geo_code\" IN ('AZ', 'NM') -- a comment",
    'value > 100 /* ; */ OR value IS NULL',
    'source IN (SELECT source FROM analytics.series WHERE n_values > 10)',
    "NOT (status = 'suppressed')",
  ])('accepts %s', async (where) => {
    await expect(validateWhere(wh.connection, where)).resolves.toBeUndefined();
  });

  it.each([
    ["drug = 'x'; DROP TABLE meta.runs", /not several statements/],
    ["1=1; COPY analytics.observations TO '/tmp/x.csv'", /not several statements/],
    ['1) UNION ALL (SELECT * FROM meta.runs', /single condition/],
    ['1) ORDER BY (1', /single condition/],
    ['1) GROUP BY (1', /single condition/],
    ['1) LIMIT (1', /single condition/],
    ['1) QUALIFY (1', /single condition/],
    ['1) WINDOW w AS (', /single condition/],
    ['1) OR (1', /single condition/],
    ['', /empty/],
    ['   ', /empty/],
    ["drug = 'unterminated", /not a valid SQL condition/],
    ['drug =', /not a valid SQL condition/],
  ] as const)('refuses %j', async (where, message) => {
    const error = await validateWhere(wh.connection, where).catch((e: Error) => e);
    expect(error).toBeInstanceOf(WhereError);
    expect((error as Error).message).toMatch(message);
  });

  it('finds statement separators only outside strings, quoted names and comments', () => {
    expect(hasStatementSeparator("a = ';'")).toBe(false);
    expect(hasStatementSeparator('"a;b" = 1')).toBe(false);
    expect(hasStatementSeparator('a = 1 -- ;\n')).toBe(false);
    expect(hasStatementSeparator('a = 1 /* ; */')).toBe(false);
    expect(hasStatementSeparator('a = 1; b')).toBe(true);
    expect(hasStatementSeparator("a = 'x'';'; b")).toBe(true);
  });

  it('never throws anything but a WhereError, whatever the text (fuzz)', async () => {
    const fragment = fc.constantFrom(
      ';',
      ')',
      '(',
      "'",
      '"',
      '--',
      '/*',
      '*/',
      ' UNION SELECT 1 ',
      ' ORDER BY 1',
      ' AND ',
      ' OR ',
      'drug',
      '= 1',
      ' LIMIT 1',
      ' WINDOW w AS ()',
      ' DROP TABLE x',
      ' QUALIFY 1',
      '\n',
      '$1',
      '?',
      'ñ',
      '\u0000',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fragment, fc.string()), { maxLength: 8 }), async (parts) => {
        const where = parts.join('');
        try {
          await validateWhere(wh.connection, where);
          // Accepted: then it really is one statement with only a WHERE.
          const probe = await wh.connection.extractStatements(`SELECT * FROM t WHERE (\n${where}\n)`);
          expect(probe.count).toBe(1);
          expect(hasStatementSeparator(where)).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(WhereError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
