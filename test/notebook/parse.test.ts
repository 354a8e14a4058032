import { describe, expect, it } from 'vitest';
import { firstHeading, renderMarkdown } from '../../src/notebook/markdown.ts';
import { NotebookSyntaxError, parseNotebook } from '../../src/notebook/parse.ts';

const NOTEBOOK = `::: en
# Title
Some *prose*.
:::
::: es
# Título
:::

Shared text.

\`\`\`sql deaths rows=3
SELECT 1 AS x
\`\`\`

\`\`\`vega-lite deaths
{"mark": "bar"}
\`\`\`

\`\`\`python
print('shown as code')
\`\`\`
`;

describe('parseNotebook', () => {
  it('splits prose (by language), named queries, charts and other code, keeping their lines', () => {
    const blocks = parseNotebook(NOTEBOOK);
    expect(blocks.map((b) => [b.kind, 'lang' in b ? b.lang : null, b.line])).toEqual([
      ['markdown', 'en', 2],
      ['markdown', 'es', 6],
      ['markdown', null, 9],
      ['sql', null, 11],
      ['vega-lite', null, 15],
      ['code', null, 19],
    ]);
    expect(blocks[3]).toMatchObject({ kind: 'sql', name: 'deaths', sql: 'SELECT 1 AS x', rows: 3 });
    expect(blocks[4]).toMatchObject({ kind: 'vega-lite', query: 'deaths', source: '{"mark": "bar"}' });
  });

  it.each([
    ['```sql\nSELECT 1\n```', 1, 'needs a name'],
    ['```sql a\nSELECT 1\n```\n```sql a\nSELECT 2\n```', 4, 'already defined'],
    ['```sql 1a\nSELECT 1\n```', 1, 'must be letters'],
    ['```sql a rows=-1\nSELECT 1\n```', 1, 'rows='],
    ['text\n```sql a\nSELECT 1\n', 2, 'never closed'],
    ['::: fr\nbonjour\n:::', 1, 'unknown language'],
    ['::: en\nhello', 1, 'never closed'],
    [':::\n', 1, 'without an opening'],
    ['::: en\n```sql a\nSELECT 1\n```\n:::', 2, 'both languages'],
  ])('rejects %j at line %i', (text, line, message) => {
    try {
      parseNotebook(text);
      throw new Error('parsed');
    } catch (error) {
      expect(error).toBeInstanceOf(NotebookSyntaxError);
      expect((error as NotebookSyntaxError).line).toBe(line);
      expect((error as Error).message).toContain(message);
    }
  });
});

describe('renderMarkdown', () => {
  it('renders headings, paragraphs, lists, emphasis, code and quotes', () => {
    const html = renderMarkdown(
      '# One\n\nA **b** and *c* and `d_e*f*`.\n\n- x\n- y\n\n1. z\n\n> quoted\n\n---',
    );
    expect(html).toBe(
      '<h1>One</h1>\n<p>A <strong>b</strong> and <em>c</em> and <code>d_e*f*</code>.</p>\n<ul><li>x</li><li>y</li></ul>\n<ol><li>z</li></ol>\n<blockquote><p>quoted</p></blockquote>\n<hr>',
    );
  });

  it('escapes HTML and keeps only safe links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script> [ok](other.html) [web](https://example.org/a?b=1&c=2) [bad](javascript:alert(1))',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="other.html">ok</a>');
    expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=2">web</a>');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('[bad](javascript:alert(1))');
  });

  it.each([
    ['a control character first', '\x01javascript:alert(1)'],
    ['a tab inside the scheme', 'java\tscript:alert(1)'],
    ['a NUL first', '\x00javascript:alert(1)'],
    ['a DEL first', '\x7fjavascript:alert(1)'],
    ['an upper-case scheme', 'JAVASCRIPT:alert(1)'],
    ['a data URL', 'data:text/html,<b>x</b>'],
  ])('refuses a link target with %s (browsers would run it)', (_what, target) => {
    const html = renderMarkdown(`[click](${target})`);
    expect(html).not.toContain('<a ');
  });

  it('finds the first level-1 heading', () => {
    expect(firstHeading('intro\n## two\n# The *title*\n')).toBe('The title');
    expect(firstHeading('no heading')).toBeNull();
  });
});
