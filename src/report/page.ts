/** The HTML document around a report page or a notebook: one self-contained file, no request to anywhere. */

import { createHash } from 'node:crypto';
import type { VegaAssets } from './assets.ts';
import { escapeHtml, escapeScriptText } from './escape.ts';
import { STYLE } from './style.ts';

/**
 * Nothing leaves the page: no fetch, no image, font or frame from anywhere, no form submission. Only the page's own
 * scripts run, each allowed by its sha256 (a script injected into the page, or a `javascript:` link, does not);
 * Vega compiles its expressions with `new Function`, hence 'unsafe-eval'.
 */
export function contentSecurityPolicy(scripts: string[]): string {
  const hashes = [...new Set(scripts.map(scriptHash))].map((h) => `'${h}'`);
  return [
    "default-src 'none'",
    `script-src ${[...hashes, "'unsafe-eval'"].join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const hashes = new Map<string, string>();

/** The CSP source of an inline script: sha256 of its exact text, base64 (cached: the Vega builds are a megabyte). */
function scriptHash(text: string): string {
  let hash = hashes.get(text);
  if (hash === undefined) {
    hash = `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
    if (text.length > 100_000) hashes.set(text, hash);
  }
  return hash;
}

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
  /** Printed at the foot of every sheet (a page margin box): where the numbers come from. */
  printFooter?: { text: string; alert?: boolean };
}

/**
 * A CSS string literal: every character but ASCII letters and digits as a six-digit hexadecimal escape (a space
 * after an escape would be swallowed as its terminator, so spaces are escaped too); nothing can end the string.
 */
export function cssString(text: string): string {
  return `"${[...text].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `\\${c.codePointAt(0)?.toString(16).padStart(6, '0')}`)).join('')}"`;
}

/**
 * The page's footer on paper. A margin box repeats on every sheet (a page of the report may run over several) and
 * takes no room from the content, which a fixed element printed in the page area would cover.
 */
function printFooterStyle(footer: DocumentParts['printFooter']): string {
  if (!footer) return '';
  const colour = footer.alert ? '#c00000' : '#333333';
  return `@page { @bottom-left { content: ${cssString(footer.text)}; font: ${footer.alert ? 700 : 400} 7.5pt system-ui, sans-serif; color: ${colour}; vertical-align: top; padding-top: 3mm; } }`;
}

export function htmlDocument(parts: DocumentParts): string {
  const attrs = Object.entries(parts.htmlAttributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join('');
  const meta = Object.entries(parts.meta ?? {})
    .map(([k, v]) => `<meta name="${escapeHtml(k)}" content="${escapeHtml(v)}">`)
    .join('\n');
  const scripts = [
    ...(parts.assets ? [parts.assets.vega, parts.assets.vegaLite, parts.assets.vegaEmbed] : []),
    ...(parts.appScript ? [parts.appScript] : []),
  ].map(escapeScriptText);
  const inline = scripts.map((code) => `<script>${code}</script>`).join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(parts.lang)}"${attrs}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="centinela">
${meta}
<title>${escapeHtml(parts.title)}</title>
<style>${STYLE}${printFooterStyle(parts.printFooter)}</style>
</head>
<body${parts.bodyClass ? ` class="${escapeHtml(parts.bodyClass)}"` : ''}>
${parts.body}
${parts.dataScripts ?? ''}
${inline}
</body>
</html>
`;
}
