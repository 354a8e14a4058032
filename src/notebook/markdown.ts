/**
 * Notebook prose through markdown-it (CommonMark with GitHub's tables and strikethrough), HTML off: anything written
 * as HTML in a notebook is shown as text. Links keep only http(s), mailto, #anchors and relative targets. The page
 * makes no request (its policy allows images from data: URLs only), so an image is a file beside the notebook,
 * embedded in the page; a remote image or one outside the notebook's folder is not loaded but reported.
 */

import { readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import MarkdownIt, { type Token } from 'markdown-it';
import { escapeHtml } from '../report/escape.ts';

/** An embedded image is part of the page; past this it would make the page heavy to open and to mail. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
};

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const REMOTE = /^(https?:)?\/\//i;

const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
// markdown-it has percent-encoded the target; a control character or a NUL (which markdown-it turns into U+FFFD)
// has no place in a hand-written link, and browsers drop some before reading the scheme: refused outright.
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f|c2%[89][0-9a-f]|ef%bf%bd)/i;
md.validateLink = (url: string) =>
  !ENCODED_CONTROL.test(url) && (/^(https?:|mailto:)/i.test(url) || !SCHEME.test(url));

md.renderer.rules.table_open = () => '<div class="table-wrap"><table class="data">\n';
md.renderer.rules.table_close = () => '</table></div>\n';
md.renderer.rules.image = (tokens, idx, options, env) => {
  const token = tokens[idx] as Token;
  const alt = md.renderer.renderInlineAsText(token.children ?? [], options, env);
  const image = token.meta as ImageMeta | null;
  const src = String(token.attrGet('src') ?? '');
  if (image?.dataUrl) {
    const title = token.attrGet('title');
    return `<img src="${escapeHtml(image.dataUrl)}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(String(title))}"` : ''}>`;
  }
  // Not loaded: say what it was, and link a remote one so a reader can still open it.
  const label = escapeHtml(alt || src);
  return REMOTE.test(src)
    ? `<a class="image-not-loaded" href="${escapeHtml(src)}">${label}</a>`
    : `<span class="image-not-loaded">${label}</span>`;
};

interface ImageMeta {
  dataUrl?: string;
}

export interface MarkdownProblem {
  /** Line in the notebook (1-based). */
  line: number;
  message: string;
}

export interface MarkdownOptions {
  /** The notebook's folder: images are read from it (and only from inside it). Without it no image is loaded. */
  baseDir?: string;
  /** The notebook line of the text's first line, for problems (default 1). */
  firstLine?: number;
}

/** Markdown text → HTML, and what could not be shown as written (an image not loaded), with its line. */
export function renderMarkdown(
  text: string,
  opts: MarkdownOptions = {},
): { html: string; problems: MarkdownProblem[] } {
  const env = {};
  const tokens = md.parse(text, env);
  const problems: MarkdownProblem[] = [];
  for (const block of tokens) {
    if (block.type !== 'inline') continue;
    const line = (opts.firstLine ?? 1) + (block.map?.[0] ?? 0);
    for (const child of block.children ?? []) {
      if (child.type !== 'image') continue;
      const src = String(child.attrGet('src') ?? '');
      const result = embedImage(src, opts.baseDir);
      if ('dataUrl' in result) child.meta = result;
      else problems.push({ line, message: `image "${src}": ${result.error}` });
    }
  }
  return { html: md.renderer.render(tokens, md.options, env).trimEnd(), problems };
}

function embedImage(src: string, baseDir: string | undefined): { dataUrl: string } | { error: string } {
  if (REMOTE.test(src))
    return {
      error:
        'a remote image is not loaded (the page makes no requests): save it beside the notebook and give its relative path',
    };
  if (SCHEME.test(src) || src.startsWith('/') || src === '')
    return { error: 'give the path of an image file relative to the notebook' };
  if (baseDir === undefined) return { error: 'no folder to read images from' };
  let path: string;
  try {
    path = decodeURIComponent(src.replace(/[?#].*$/, ''));
  } catch {
    return { error: 'not a valid path' };
  }
  const type = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!type) return { error: `not an image file (${Object.keys(IMAGE_TYPES).join(', ')})` };
  let file: string;
  let folder: string;
  try {
    folder = realpathSync(baseDir);
    file = realpathSync(resolve(baseDir, path));
  } catch {
    return { error: `no such file beside the notebook (${resolve(baseDir, path)})` };
  }
  // Checked on the real paths, so neither "../" nor a symbolic link reads a file from elsewhere into the page.
  const inside = relative(folder, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    return { error: "outside the notebook's folder: images are read only from the notebook's folder" };
  const stat = statSync(file);
  if (!stat.isFile()) return { error: 'not a file' };
  const size = stat.size;
  if (size > MAX_IMAGE_BYTES)
    return {
      error: `${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_IMAGE_BYTES / 1024 / 1024} MB an embedded image may have`,
    };
  return { dataUrl: `data:${type};base64,${readFileSync(file).toString('base64')}` };
}

/** The text of the first level-1 heading, without Markdown marks. */
export function firstHeading(text: string): string | null {
  const tokens = md.parse(text, {});
  const at = tokens.findIndex((t) => t.type === 'heading_open' && t.tag === 'h1');
  const inline = at >= 0 ? tokens[at + 1] : undefined;
  return inline ? md.renderer.renderInlineAsText(inline.children ?? [], md.options, {}) : null;
}
