/**
 * A small Markdown renderer for notebook prose: headings, paragraphs, lists, block quotes, rules, inline code,
 * emphasis and links. Everything is escaped first, so no HTML written in a notebook reaches the page as markup;
 * links keep only relative targets, #anchors, http(s) and mailto.
 */

import { escapeHtml } from '../report/escape.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function inline(text: string): string {
  const codes: string[] = [];
  // Inline code first, so that nothing inside it is read as emphasis or links.
  let s = text.replace(/`([^`]+)`/g, (_, code: string) => {
    codes.push(`<code>${escapeHtml(code)}</code>`);
    return `\uE000${codes.length - 1}\uE001`;
  });
  s = escapeHtml(s);
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, href: string) => {
    const target = href.replace(/&amp;/g, '&');
    // Browsers drop control characters and tabs from a URL before reading its scheme ("\x01javascript:" runs):
    // a target holding any is refused outright.
    const safe =
      !CONTROL.test(target) && (/^(https?:|mailto:)/i.test(target) || !/^[a-z][a-z0-9+.-]*:/i.test(target));
    return safe ? `<a href="${escapeHtml(target)}">${label}</a>` : whole;
  });
  s = s.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/__([^_]+)__/g, '<strong>$1</strong>');
  s = s
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(/(^|\W)_([^_\s][^_]*)_(?=\W|$)/g, '$1<em>$2</em>');
  return s.replace(/\uE000(\d+)\uE001/g, (_, i: string) => codes[Number(i)] ?? '');
}

/** Markdown text → HTML. `headingIds` collects the ids given to headings (for anchors). */
export function renderMarkdown(text: string): string {
  const out: string[] = [];
  const lines = text.split('\n');
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  let quote: string[] = [];
  const flushParagraph = () => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (list) {
      const tag = list.ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${tag}>`);
    }
    list = null;
  };
  const flushQuote = () => {
    if (quote.length > 0) out.push(`<blockquote><p>${inline(quote.join(' '))}</p></blockquote>`);
    quote = [];
  };
  const flushAll = () => {
    flushParagraph();
    flushList();
    flushQuote();
  };
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      flushAll();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    if (heading) {
      flushAll();
      const level = Math.min(6, (heading[1] ?? '#').length + 0);
      out.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`);
      continue;
    }
    if (/^(\*\s*){3,}$|^(-\s*){3,}$|^(_\s*){3,}$/.test(line.trim())) {
      flushAll();
      out.push('<hr>');
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      flushParagraph();
      flushQuote();
      const ordered = !bullet;
      if (!list || list.ordered !== ordered) {
        flushList();
        list = { ordered, items: [] };
      }
      list.items.push((bullet ?? numbered)?.[1] ?? '');
      continue;
    }
    const quoted = /^>\s?(.*)$/.exec(line);
    if (quoted) {
      flushParagraph();
      flushList();
      quote.push(quoted[1] ?? '');
      continue;
    }
    if (list && /^\s{2,}\S/.test(raw)) {
      const last = list.items.length - 1;
      list.items[last] = `${list.items[last]} ${line.trim()}`;
      continue;
    }
    flushList();
    flushQuote();
    paragraph.push(line.trim());
  }
  flushAll();
  return out.join('\n');
}

/** The text of the first level-1 heading, without Markdown marks. */
export function firstHeading(text: string): string | null {
  const m = /^#\s+(.*?)\s*#*$/m.exec(text);
  return m ? (m[1] ?? '').replace(/[`*_]/g, '') : null;
}
