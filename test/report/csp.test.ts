import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { htmlDocument } from '../../src/report/page.ts';

const policyOf = (html: string) =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the page policy', () => {
  const assets = { vega: 'var vega = 1;', vegaLite: 'var vl = 2;', vegaEmbed: 'var embed = 3;' };
  const html = htmlDocument({
    lang: 'en',
    title: 't',
    body: '<p>x</p>',
    dataScripts: '<script type="application/json" id="d">{"a":1}</script>',
    appScript: 'document.title = "ok";',
    assets,
  });
  const scriptSrc = policyOf(html)
    .split('; ')
    .find((d) => d.startsWith('script-src '));

  it('allows exactly the page own scripts, by hash, and no inline script besides', () => {
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
    expect(inline).toEqual(['var vega = 1;', 'var vl = 2;', 'var embed = 3;', 'document.title = "ok";']);
    expect(scriptSrc).toBe(`script-src ${inline.map(sha).join(' ')} 'unsafe-eval'`);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
  });

  it('gives a script someone slipped into the page no hash to run under', () => {
    expect(scriptSrc).not.toContain(sha('alert(1)'));
  });
});
