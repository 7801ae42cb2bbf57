/** A document's figures as a table (表n) for the page and Word templates. Pure. */
import type { Doc } from '../core/model/types.js';
import { currentValue } from '../core/model/figure-interval.js';
import { changeText, figureText } from './figure-text.js';

export interface FigureTable {
  n: number;
  title: string;
  hasChange: boolean;
  /** Few rows: the page keeps the table whole (a long one splits, its header repeated). */
  short: boolean;
  rows: { label: string; value: string; change: string; yb: string | null }[];
}

/** Tables of up to this many rows are kept whole on a page or column. */
const SHORT_ROWS = 8;

/** The document's figures as a table (表n), in the order they are written. */
export function figureTable(doc: Doc, n: number, mark = false): FigureTable | null {
  const rows = [...doc.figures.values()].flatMap((fig) => {
    const cur = currentValue(fig);
    if (!cur || !fig.indicator) return [];
    const value = fig.before && fig.after ? `${figureText(fig.before)} → ${figureText(fig.after)}` : figureText(cur);
    const change = fig.growth ? changeText('growth', fig.growth) : fig.pp ? changeText('pp', fig.pp) : fig.increase ? changeText('increase', fig.increase) : '';
    return [{ label: fig.indicator.label, value, change, yb: mark ? fig.path : null }];
  });
  if (rows.length === 0) return null;
  return { n, title: `${doc.region?.name ?? doc.regionCode}${doc.year}年主要指标`, hasChange: rows.some((r) => r.change !== ''), short: rows.length <= SHORT_ROWS, rows };
}
