/** The HTML document around a report page or a notebook: one self-contained file, no request to anywhere. */

import type { VegaAssets } from './assets.ts';
import { escapeHtml, escapeScriptText } from './escape.ts';
import { STYLE } from './style.ts';

/**
 * Nothing leaves the page: no fetch, no image, font or frame from anywhere, no form submission. Vega compiles its
 * expressions with `new Function`, hence 'unsafe-eval'; the page's own scripts are inline.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval'",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export interface DocumentParts {
  lang: string;
  title: string;
  /** Already-escaped HTML. */
  body: string;
  /** Already-safe `<script>` elements (JSON data), placed before the libraries. */
  dataScripts?: string;
  /** Inline JavaScript run after the libraries (escaped here for a classic script element). */
  appScript?: string;
  assets?: VegaAssets;
  /** Extra <meta> name → content pairs (escaped here). */
  meta?: Record<string, string>;
  /** Attributes of <html> besides lang (escaped here). */
  htmlAttributes?: Record<string, string>;
  bodyClass?: string;
}

export function htmlDocument(parts: DocumentParts): string {
  const attrs = Object.entries(parts.htmlAttributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join('');
  const meta = Object.entries(parts.meta ?? {})
    .map(([k, v]) => `<meta name="${escapeHtml(k)}" content="${escapeHtml(v)}">`)
    .join('\n');
  const libraries = parts.assets
    ? [parts.assets.vega, parts.assets.vegaLite, parts.assets.vegaEmbed]
        .map((code) => `<script>${escapeScriptText(code)}</script>`)
        .join('\n')
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(parts.lang)}"${attrs}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="centinela">
${meta}
<title>${escapeHtml(parts.title)}</title>
<style>${STYLE}</style>
</head>
<body${parts.bodyClass ? ` class="${escapeHtml(parts.bodyClass)}"` : ''}>
${parts.body}
${parts.dataScripts ?? ''}
${libraries}
${parts.appScript ? `<script>${escapeScriptText(parts.appScript)}</script>` : ''}
</body>
</html>
`;
}
