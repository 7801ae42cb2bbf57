/** A document's figures as a table (表n) for the page and Word templates, split where the print says it continues. Pure. */
import type { Doc, FigureStatus } from '../core/model/types.js';
import { currentValue } from '../core/model/figure-interval.js';
import { changeText, figureText, statusWords } from './figure-text.js';

export interface FigureRow {
  /** The row's index in the whole table (data-yb-row: how the print finds where the table breaks). */
  i: number;
  label: string;
  value: string;
  change: string;
  /** The figure's status mark (FORMAT.md §8c), printed after its value; null when it has none. */
  mark: FigureStatus | null;
  yb: string | null;
}

export interface FigureTable {
  /** The table's id in its page (data-yb-table), unique across a chapter: its number. */
  id: string;
  n: number;
  title: string;
  hasChange: boolean;
  /** The note explaining the status marks of its rows (数字右上角r为修订数。), or null. */
  note: string | null;
  /** Few rows: the page keeps the table whole (a long one splits, its header repeated under 续表n). */
  short: boolean;
  rows: FigureRow[];
  /**
   * The table as printed: one part, or where the print found it continues on another page or column
   * (PageOptions.tableBreaks) a part per fragment, each after the first headed 续表n and set to start a
   * new page or column, so the label stands exactly where the table continues.
   */
  parts: { continued: boolean; rows: FigureRow[] }[];
}

/** The words of the status marks (FORMAT.md §8c), as the notes under tables explain them. */

/** Tables of up to this many rows are kept whole on a page or column. */
const SHORT_ROWS = 8;

/** The id a table with this number has in its page (what PageOptions.tableBreaks is keyed by). */
export const tableId = (n: number): string => `t${n}`;

/** Rows cut into parts before each index of `breaks` (indices out of range or repeated are ignored). */
export function splitRows<R>(rows: R[], breaks: readonly number[] = []): R[][] {
  const cuts = [...new Set(breaks)].filter((b) => b > 0 && b < rows.length).sort((a, b) => a - b);
  const parts: R[][] = [];
  let from = 0;
  for (const c of [...cuts, rows.length]) {
    parts.push(rows.slice(from, c));
    from = c;
  }
  return parts;
}

/** The document's figures as a table (表n), in the order they are written; `breaks`: row indices where a part starts. */
export function figureTable(doc: Doc, n: number, mark = false, breaks: readonly number[] = []): FigureTable | null {
  const rows = [...doc.figures.values()].flatMap((fig) => {
    const cur = currentValue(fig);
    if (!cur || !fig.indicator) return [];
    const value = fig.before && fig.after ? `${figureText(fig.before)} → ${figureText(fig.after)}` : figureText(cur);
    const change = fig.growth ? changeText('growth', fig.growth) : fig.pp ? changeText('pp', fig.pp) : fig.increase ? changeText('increase', fig.increase) : '';
    return [{ label: fig.indicator.label, value, change, mark: fig.status, yb: mark ? fig.path : null }];
  });
  if (rows.length === 0) return null;
  const indexed = rows.map((r, i) => ({ i, ...r }));
  const short = rows.length <= SHORT_ROWS;
  const parts = splitRows(indexed, short ? [] : breaks).map((rs, k) => ({ continued: k > 0, rows: rs }));
  const marks = rows.flatMap((r) => (r.mark ? [r.mark] : []));
  const note = statusWords(marks);
  return { id: tableId(n), n, title: `${doc.region?.name ?? doc.regionCode}${doc.year}年主要指标`, hasChange: rows.some((r) => r.change !== ''), note, short, rows: indexed, parts };
}
