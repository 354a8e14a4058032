import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeScriptText, jsonForScript } from '../../src/report/escape.ts';

describe('escapeHtml', () => {
  it.each([
    ['', ''],
    ['plain text', 'plain text'],
    ['Nuevo México', 'Nuevo México'],
    ['a & b', 'a &amp; b'],
    ['<b>', '&lt;b&gt;'],
    ['"quoted"', '&quot;quoted&quot;'],
    ["it's", 'it&#39;s'],
    ['`tick`', '&#96;tick&#96;'],
    ['&amp;', '&amp;amp;'],
    ['</script><script>alert(1)</script>', '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['" onmouseover="alert(1)', '&quot; onmouseover=&quot;alert(1)'],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('jsonForScript', () => {
  it.each<[unknown, string]>([
    ['plain', '"plain"'],
    [{ a: 1, b: [null, true] }, '{"a":1,"b":[null,true]}'],
    ['</script>', '"\\u003c/script\\u003e"'],
    ['<!-- x -->', '"\\u003c!-- x --\\u003e"'],
    ['a & b', '"a \\u0026 b"'],
    ['line\u2028sep\u2029para', '"line\\u2028sep\\u2029para"'],
    [{ name: 'O\'Brien "quoted"' }, '{"name":"O\'Brien \\"quoted\\""}'],
  ])('%j → %s', (input, expected) => {
    expect(jsonForScript(input)).toBe(expected);
  });

  it('keeps a script-breaking dataset string inert and round-trips it', () => {
    const value = { name: '</script><script>alert(1)</script>', note: 'a\u2028b & <c>' };
    const out = jsonForScript(value);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(out.toLowerCase()).not.toContain('</script');
    expect(JSON.parse(out)).toEqual(value);
  });

  it('refuses a value that has no JSON form', () => {
    expect(() => jsonForScript(undefined)).toThrow(TypeError);
  });
});

describe('escapeScriptText', () => {
  it.each([
    ['var a = 1;', 'var a = 1;'],
    ['s = "</script>"', 's = "<\\/script>"'],
    ['s = "</SCRIPT >"', 's = "<\\/SCRIPT >"'],
    ['r = /<\\/script/', 'r = /<\\/script/'],
  ])('%j → %j', (input, expected) => {
    expect(escapeScriptText(input)).toBe(expected);
  });

  it('keeps the meaning of a JS string literal', () => {
    const literal = '"</script><b>"';
    const evaluate = new Function(`return ${escapeScriptText(literal)};`) as () => string;
    expect(evaluate()).toBe('</script><b>');
  });
});
