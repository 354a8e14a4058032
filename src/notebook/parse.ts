/**
 * A notebook is a Markdown file with two kinds of fenced blocks that do something:
 *
 *     ```sql border_deaths            a named query, run read-only against the published warehouse; later
 *     SELECT …                         blocks can select from it by name; `rows=N` shows N rows (0: none)
 *     ```
 *
 *     ```vega-lite border_deaths      a Vega-Lite spec charting the named query (or naming its data itself,
 *     { "mark": "line", … }            `"data": {"name": "border_deaths"}`); any {"en": …, "es": …} object
 *     ```                              becomes the string of the page's language
 *
 * Prose between `::: en` and `:::` (or `::: es` … `:::`) is shown in that language only; the rest in both.
 * Every block keeps the line it starts on, so an error can name the notebook, the block and the line.
 */

import type { Lang } from '../core/lang.ts';

export interface MarkdownBlock {
  kind: 'markdown';
  /** null: both languages. */
  lang: Lang | null;
  text: string;
  line: number;
}

export interface SqlBlock {
  kind: 'sql';
  name: string;
  sql: string;
  /** Line of the opening fence (1-based); the SQL starts on the next line. */
  line: number;
  /** Rows shown in the page (the query itself is not limited). */
  rows: number;
}

export interface ChartBlock {
  kind: 'vega-lite';
  /** The query the chart draws, from the fence (may be absent if the spec names its data). */
  query: string | null;
  source: string;
  line: number;
  lang: Lang | null;
}

export interface CodeBlock {
  kind: 'code';
  info: string;
  text: string;
  line: number;
  lang: Lang | null;
}

export type Block = MarkdownBlock | SqlBlock | ChartBlock | CodeBlock;

export class NotebookSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const DEFAULT_ROWS = 10;

export function parseNotebook(text: string): Block[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const blocks: Block[] = [];
  let lang: Lang | null = null;
  let langLine = 0;
  let prose: string[] = [];
  let proseLine = 1;
  const flush = (next: number) => {
    const first = prose.findIndex((l) => l.trim() !== '');
    if (first >= 0)
      blocks.push({ kind: 'markdown', lang, text: prose.slice(first).join('\n'), line: proseLine + first });
    prose = [];
    proseLine = next;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const lineNo = i + 1;
    const div = /^:::\s*(\S*)\s*$/.exec(line);
    if (div) {
      flush(lineNo + 1);
      const which = div[1] ?? '';
      if (which === '') {
        if (lang === null)
          throw new NotebookSyntaxError(lineNo, 'closing ":::" without an opening "::: en" or "::: es"');
        lang = null;
      } else if (which === 'en' || which === 'es') {
        if (lang !== null)
          throw new NotebookSyntaxError(
            lineNo,
            `"::: ${which}" inside the "::: ${lang}" opened on line ${langLine}`,
          );
        lang = which;
        langLine = lineNo;
      } else {
        throw new NotebookSyntaxError(lineNo, `unknown language "${which}" (expected "::: en" or "::: es")`);
      }
      continue;
    }
    const fence = /^(`{3,}|~{3,})\s*(.*)$/.exec(line);
    if (!fence) {
      if (prose.length === 0) proseLine = lineNo;
      prose.push(line);
      continue;
    }
    flush(lineNo);
    const marker = fence[1] ?? '```';
    const info = (fence[2] ?? '').trim();
    const body: string[] = [];
    let closed = false;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? '';
      if (l.startsWith(marker[0]?.repeat(marker.length) ?? marker) && l.trim().replace(/[`~]/g, '') === '') {
        closed = true;
        break;
      }
      body.push(l);
    }
    if (!closed)
      throw new NotebookSyntaxError(lineNo, `the code block opened here is never closed (${marker})`);
    const [kind = '', ...args] = info.split(/\s+/).filter(Boolean);
    const content = body.join('\n');
    if (kind === 'sql') {
      const name = args.find((a) => !a.includes('='));
      if (!name) throw new NotebookSyntaxError(lineNo, 'a ```sql block needs a name: ```sql my_query');
      if (!NAME.test(name))
        throw new NotebookSyntaxError(
          lineNo,
          `query name "${name}" must be letters, digits and _ (not starting with a digit)`,
        );
      if (blocks.some((b) => b.kind === 'sql' && b.name === name))
        throw new NotebookSyntaxError(lineNo, `a query named "${name}" is already defined above`);
      const rowsArg = args.find((a) => a.startsWith('rows='));
      const rows = rowsArg ? Number(rowsArg.slice(5)) : DEFAULT_ROWS;
      if (!Number.isInteger(rows) || rows < 0)
        throw new NotebookSyntaxError(lineNo, `rows= must be a whole number, got "${rowsArg}"`);
      if (lang !== null)
        throw new NotebookSyntaxError(
          lineNo,
          'a ```sql block runs in both languages: put it outside "::: en"/"::: es"',
        );
      blocks.push({ kind: 'sql', name, sql: content, line: lineNo, rows });
    } else if (kind === 'vega-lite' || kind === 'vegalite') {
      const query = args[0] ?? null;
      if (query !== null && !NAME.test(query))
        throw new NotebookSyntaxError(lineNo, `"${query}" is not a query name`);
      blocks.push({ kind: 'vega-lite', query, source: content, line: lineNo, lang });
    } else {
      blocks.push({ kind: 'code', info, text: content, line: lineNo, lang });
    }
    i = j;
    proseLine = j + 2;
  }
  flush(lines.length + 1);
  if (lang !== null) throw new NotebookSyntaxError(langLine, `"::: ${lang}" is never closed with ":::"`);
  return blocks;
}
