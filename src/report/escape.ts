/** Escaping for the three contexts the report writes strings into: HTML text/attributes, JSON in a script, code in a script. */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escape a string for HTML text content and for quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const JSON_SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * Serialise a value as JSON that is safe inside `<script type="application/json">`: no `<`, `>` or `&`
 * survives literally (so no `</script>` or `<!--`), and the JS line terminators U+2028/U+2029 are escaped.
 * `JSON.parse` of the script's text gives the value back unchanged.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('jsonForScript: value is not serialisable to JSON');
  return json.replace(/[<>&\u2028\u2029]/g, (ch) => JSON_SCRIPT_ESCAPES[ch] ?? ch);
}

/**
 * Make JavaScript source safe to inline in a classic `<script>` element: `</script` (any case) would end
 * the element early, so it becomes `<\/script`, which means the same inside JS strings, templates and regexes.
 */
export function escapeScriptText(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}
