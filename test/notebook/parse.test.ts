import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstHeading, type MarkdownOptions, renderMarkdown } from '../../src/notebook/markdown.ts';
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

const html = (text: string, opts?: MarkdownOptions) => renderMarkdown(text, opts).html;

describe('renderMarkdown', () => {
  it('renders headings, paragraphs, lists, emphasis, code and quotes', () => {
    expect(html('# One\n\nA **b** and *c* and `d_e*f*`.\n\n- x\n- y\n\n1. z\n\n> quoted\n\n---')).toBe(
      '<h1>One</h1>\n<p>A <strong>b</strong> and <em>c</em> and <code>d_e*f*</code>.</p>\n<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n<ol>\n<li>z</li>\n</ol>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr>',
    );
  });

  it('renders a table as a table, with its alignment', () => {
    const out = html('| state | deaths |\n| :---- | -----: |\n| AZ | 1,234 |\n| `TX` | *n/a* |\n\nafter');
    expect(out).toContain('<div class="table-wrap"><table class="data">');
    expect(out).toContain('<th style="text-align:left">state</th>\n<th style="text-align:right">deaths</th>');
    expect(out).toContain('<td style="text-align:left">AZ</td>\n<td style="text-align:right">1,234</td>');
    expect(out).toContain('<td style="text-align:left"><code>TX</code></td>');
    expect(out).not.toContain('|');
    expect(out).toMatch(/<\/table><\/div>\n<p>after<\/p>$/);
  });

  it('keeps nested lists nested', () => {
    const out = html('- fentanyl\n  - Arizona\n  - Texas\n    1. El Paso\n- methamphetamine\n');
    expect(out.replace(/\n/g, '')).toBe(
      '<ul><li>fentanyl<ul><li>Arizona</li><li>Texas<ol><li>El Paso</li></ol></li></ul></li><li>methamphetamine</li></ul>',
    );
  });

  it('escapes HTML and keeps only safe links', () => {
    const out = html(
      '<script>alert(1)</script> <img src=x onerror=alert(1)> [ok](other.html) [web](https://example.org/a?b=1&c=2) [mail](mailto:a@b.org) [bad](javascript:alert(1)) [vb](vbscript:x) [file](file:///etc/passwd)',
    );
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('<a href="other.html">ok</a>');
    expect(out).toContain('<a href="https://example.org/a?b=1&amp;c=2">web</a>');
    expect(out).toContain('<a href="mailto:a@b.org">mail</a>');
    expect(out).not.toMatch(/href="(javascript|vbscript|file)/i);
    expect(out).toContain('[bad](javascript:alert(1))');
  });

  it.each([
    ['a control character first', '\x01javascript:alert(1)'],
    ['a tab inside the scheme', 'java\tscript:alert(1)'],
    ['a NUL first', '\x00javascript:alert(1)'],
    ['a DEL first', '\x7fjavascript:alert(1)'],
    ['an upper-case scheme', 'JAVASCRIPT:alert(1)'],
    ['an entity-encoded scheme', 'javascript&#58;alert(1)'],
    ['a data URL', 'data:text/html,<b>x</b>'],
    ['an angle-bracketed target', '<javascript:alert(1)>'],
  ])('refuses a link target with %s (browsers would run it)', (_what, target) => {
    expect(html(`[click](${target})`)).not.toContain('<a ');
    expect(html(`![click](${target})`)).not.toMatch(/<a |<img/);
  });

  describe('images', () => {
    let dir: string;
    // A real 1×1 PNG.
    const PNG = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'centinela-md-'));
      mkdirSync(join(dir, 'notebooks', 'img'), { recursive: true });
      writeFileSync(join(dir, 'notebooks', 'img', 'map one.png'), PNG);
      writeFileSync(join(dir, 'secret.png'), PNG);
      symlinkSync(join(dir, 'secret.png'), join(dir, 'notebooks', 'img', 'link.png'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('embeds an image beside the notebook as a data URL, with its alt text and title', () => {
      const r = renderMarkdown('text\n\n![Deaths <by> state](img/map%20one.png "The map")', {
        baseDir: join(dir, 'notebooks'),
        firstLine: 7,
      });
      expect(r.problems).toEqual([]);
      expect(r.html).toBe(
        `<p>text</p>\n<p><img src="data:image/png;base64,${PNG.toString('base64')}" alt="Deaths &lt;by&gt; state" title="The map"></p>`,
      );
    });

    it.each([
      ['a remote image', 'https://example.org/chart.png', /remote image is not loaded/],
      ['a protocol-relative image', '//example.org/chart.png', /remote image is not loaded/],
      ['a path out of the folder', '../secret.png', /outside the notebook's folder/],
      ['a symbolic link out of the folder', 'img/link.png', /outside the notebook's folder/],
      ['an absolute path', `${'/'}etc/hosts.png`, /relative to the notebook/],
      ['a missing file', 'img/none.png', /no such file/],
      ['a file that is not an image', 'notebook.md', /not an image file/],
    ])('does not load %s, shows its alt text and names the line', (_what, src, message) => {
      const r = renderMarkdown(`# T\n\nsee ![the chart](${src})`, {
        baseDir: join(dir, 'notebooks'),
        firstLine: 10,
      });
      expect(r.html).not.toContain('<img');
      expect(r.html).toContain('the chart');
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]?.line).toBe(12);
      expect(r.problems[0]?.message).toMatch(message);
      if (src.includes('example.org'))
        expect(r.html).toContain(`<a class="image-not-loaded" href="${src}">the chart</a>`);
    });
  });

  it('finds the first level-1 heading', () => {
    expect(firstHeading('intro\n## two\n# The *title*\n')).toBe('The title');
    expect(firstHeading('The `setext` title\n===\n')).toBe('The setext title');
    expect(firstHeading('no heading')).toBeNull();
  });
});
