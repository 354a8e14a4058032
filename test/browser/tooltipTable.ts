/**
 * Whether what a tooltip shows is what the chart's table says: the tooltip's lines are matched to the table's
 * columns by their titles, and some row must agree on every line that has a column.
 */

import type { PageTable, TooltipLines } from './browser.ts';

const NUMBER = /[+\-−]?\d[\d,]*(?:\.\d+)?/;
const ONLY_NUMBER = /^[+\-−]?\d[\d,]*(?:\.\d+)?%?$/;

/** The first number written in a text (en-US and es-MX write "1,234.5" alike), and its decimals. */
function firstNumber(text: string): { value: number; decimals: number } | null {
  const m = NUMBER.exec(text);
  if (!m) return null;
  const plain = m[0].replace('−', '-').replace(/,/g, '');
  return { value: Number(plain), decimals: plain.split('.')[1]?.length ?? 0 };
}

/** The column a tooltip line belongs to: the same title, or one that begins with the other ("APC (95% CI)"). */
export function columnOf(key: string, head: string[]): number {
  const exact = head.indexOf(key);
  if (exact >= 0) return exact;
  return head.findIndex((h) => h.length > 0 && (h.startsWith(`${key} `) || key.startsWith(`${h} `)));
}

type Cell = PageTable['rows'][number][number];

function agrees(value: string, cell: Cell, row: Cell[]): boolean {
  if (value === cell.text || cell.parts.includes(value)) return true;
  if (ONLY_NUMBER.test(value)) {
    const a = firstNumber(value);
    const b = firstNumber(cell.text);
    if (!a || !b) return false;
    // Rounded to the coarser of the two, as written.
    const d = Math.min(a.decimals, b.decimals);
    return a.value.toFixed(d) === b.value.toFixed(d);
  }
  // "Arizona · Fentanyl": each part written somewhere in the row (place and drug in their own cells).
  const parts = value.split(' · ');
  return parts.length > 1 && parts.every((p) => row.some((c) => c.text === p || c.parts.includes(p)));
}

export interface Match {
  /** Tooltip lines that have a column in the table. */
  compared: string[];
  /** Rows that agree with every compared line. */
  rows: number;
  /** Whether a number was among the compared lines. */
  numeric: boolean;
}

export function matchTooltip(tip: TooltipLines, table: PageTable): Match {
  const lines = tip
    .map(([key, value]) => ({ key, value, column: columnOf(key, table.head) }))
    .filter((l) => l.column >= 0);
  const rows = table.rows.filter((row) =>
    lines.every((l) => {
      const cell = row[l.column];
      return cell !== undefined && agrees(l.value, cell, row);
    }),
  ).length;
  return {
    compared: lines.map((l) => l.key),
    rows,
    numeric: lines.some((l) => ONLY_NUMBER.test(l.value)),
  };
}
