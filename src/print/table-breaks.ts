/**
 * Where long tables break across pages and columns, read from a print: each row of a table
 * (`table[data-yb-table] tr[data-yb-row]`) gets a tiny marker that takes no room (markTableRows), and
 * the markers' word boxes in the PDF show which rows start a new page or column (tableBreaks). Used
 * only for measuring prints, never for a printed file; renders no HTML.
 */
import type { Page as BrowserPage } from 'puppeteer-core';
import { pageWordBoxes } from './word-boxes.js';

const MARK = /YB(t[\d-]+)R(\d+)Y/;

/** Puts the marker YB<table>R<row>Y in each table row's first cell, absolutely placed so the layout stays as it was. */
export async function markTableRows(p: BrowserPage): Promise<void> {
  await p.evaluate(() => {
    for (const table of document.querySelectorAll('table[data-yb-table]')) {
      const id = table.getAttribute('data-yb-table');
      for (const tr of table.querySelectorAll('tr[data-yb-row]')) {
        const cell = (tr as HTMLTableRowElement).cells[0];
        if (!cell) continue;
        cell.style.position = 'relative';
        const mark = document.createElement('span');
        mark.textContent = `YB${id}R${tr.getAttribute('data-yb-row')}Y`;
        mark.style.cssText = 'position:absolute;left:0;top:0;font-size:3px;line-height:1;white-space:nowrap;';
        cell.appendChild(mark);
      }
    }
  });
}

/** A row moved to another column when it starts this far (pt) left or right of the row before it. */
const COLUMN_SHIFT = 40;

/**
 * The rows of each marked table that start a new page or column (table id → row indices, ascending);
 * tables that do not break are left out.
 */
export function tableBreaks(pdf: Uint8Array): Record<string, number[]> {
  const rows = new Map<string, { row: number; page: number; x: number; y: number }[]>();
  for (const [page, boxes] of pageWordBoxes(pdf).entries()) {
    for (const w of boxes.words) {
      const m = MARK.exec(w.text);
      if (!m) continue;
      const list = rows.get(m[1]!) ?? [];
      rows.set(m[1]!, list);
      list.push({ row: Number(m[2]), page, x: w.x0, y: w.y0 });
    }
  }
  const out: Record<string, number[]> = {};
  for (const [id, list] of rows) {
    list.sort((a, b) => a.row - b.row);
    const starts: number[] = [];
    for (let k = 1; k < list.length; k++) {
      const a = list[k - 1]!;
      const b = list[k]!;
      if (b.page !== a.page || Math.abs(b.x - a.x) > COLUMN_SHIFT || b.y < a.y) starts.push(b.row);
    }
    if (starts.length > 0) out[id] = starts;
  }
  return out;
}
