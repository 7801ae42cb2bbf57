/**
 * Issue #9 point 11: a long figure table continues on the next page (公文) or column (entry) under
 * 续表n, where the real Chromium breaks it — the example data with `figure_table: true` set on the
 * 全区 2022 entry and the 通辽 2023 summary, built and read back with `pdftotext -bbox`.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app/build-pdf.js';
import { loadFolder } from '../src/app/check.js';
import { figureTable, splitRows } from '../src/render/figure-table.js';
import { bbox, collisions, type PdfPage, type Word } from './pdf-words.js';

let dir = '';
let out = '';
const cleanup: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yearbook-tables-data-'));
  out = mkdtempSync(join(tmpdir(), 'yearbook-tables-out-'));
  cleanup.push(dir, out);
  cpSync('data', dir, { recursive: true });
  const optIn = (file: string, key: string): void => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text).toContain(`\n${key}:\n`);
    writeFileSync(join(dir, file), text.replace(`\n${key}:\n`, `\n${key}:\n  figure_table: true\n`));
  };
  optIn('2022/150000.yaml', 'entry');
  optIn('2023/150500.yaml', 'summary');
  const result = await build({ dir, out, templates: 'templates', draft: false, rounding: 'half-up', chapter: '医疗保障', concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });
  expect(result.refused).toBe(false);
}, 240_000);

afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

/** The words of a PDF in reading order of its fragments: page by page, column by column (left half first), top down. */
function fragmentsOf(pages: PdfPage[], columns: boolean): { page: number; column: number; words: Word[] }[] {
  const out: { page: number; column: number; words: Word[] }[] = [];
  pages.forEach((p, page) => {
    for (const column of columns ? [0, 1] : [0]) {
      const words = p.words.filter((w) => !columns || (w.x0 < p.width / 2 ? 0 : 1) === column).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
      out.push({ page, column, words });
    }
  });
  return out;
}

/** The table's printed row labels in order, and each 续表 label with the header right under it. */
function readTable(file: string, columns: boolean, labels: string[]) {
  const frags = fragmentsOf(bbox(file), columns);
  const heads: { page: number; column: number; label: Word | null; header: Word }[] = [];
  const text = frags.map((f) => f.words.map((w) => w.text).join('')).join('');
  for (const f of frags) {
    for (const [k, w] of f.words.entries()) {
      if (w.text !== '指标') continue;
      // the nearest word above the header in its column
      const above = f.words.slice(0, k).filter((x) => x.y1 <= w.y0 + 1).sort((a, b) => b.y1 - a.y1)[0] ?? null;
      heads.push({ page: f.page, column: f.column, label: above, header: w });
    }
  }
  // every row once, in the order written
  let at = 0;
  for (const l of labels) {
    const i = text.indexOf(l, at);
    expect(i, `row ${l} after ${at}`).toBeGreaterThanOrEqual(0);
    at = i + l.length;
  }
  return heads;
}

describe('long figure tables continue under 续表n', () => {
  it('splitRows cuts before each break, ignoring breaks out of range', () => {
    expect(splitRows([0, 1, 2, 3, 4], [3, 1, 9, 0, 3])).toEqual([[0], [1, 2], [3, 4]]);
    expect(splitRows([0, 1], [])).toEqual([[0, 1]]);
  });

  it('a short table is never cut', async () => {
    const data = loadFolder('data');
    const doc = data.docs.find((d) => d.regionCode === '150000' && d.year === 2022)!;
    const long = figureTable(doc, 1, false, [5, 20])!;
    expect(long.parts.map((p) => p.rows[0]!.i)).toEqual([0, 5, 20]);
    expect(long.parts.map((p) => p.continued)).toEqual([false, true, true]);
  });

  for (const [file, columns, code, year] of [
    ['2022/150000/entry.pdf', true, '150000', 2022],
    ['2023/150500/summary.pdf', false, '150500', 2023],
    ['2022/chapter.pdf', true, '150000', 2022],
  ] as const) {
    it(`${file}: every fragment of the table after the first is headed 续表1, every row printed once in order`, async () => {
      const data = loadFolder(dir);
      const doc = data.docs.find((d) => d.regionCode === code && d.year === year)!;
      const table = figureTable(doc, 1)!;
      expect(table.short).toBe(false);
      const heads = readTable(join(out, file), columns, table.rows.map((r) => r.label.slice(0, 6)));
      expect(heads.length).toBeGreaterThan(1);
      // the first header is under the caption 表1 …, each later one under 续表1, and each at the head of its page or column
      expect(heads[0]!.label?.text).toMatch(/^(表1|内蒙古自治区2022年主要指标|通辽市2023年主要指标)$/);
      for (const h of heads.slice(1)) {
        expect(h.label?.text, `page ${h.page + 1} column ${h.column}`).toBe('续表1');
        expect(h.header.y0 - h.label!.y1).toBeLessThan(20);
      }
      // never two fragments in one page column
      expect(new Set(heads.map((h) => `${h.page}:${h.column}`)).size).toBe(heads.length);
      expect(collisions(join(out, file))).toEqual([]);
    }, 60_000);
  }
});
