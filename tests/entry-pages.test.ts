/**
 * Issue #9, the yearbook entry and chapter pages as printed by the real Chromium, read back with
 * `pdftotext -bbox` and pixels: figures never split from their units (every PDF of data/ and a
 * generated 12-city chapter), no page ending with a region title or 【entry】 heading, justified
 * columns of 19 characters, distinct odd/even running heads with mirrored margins, no word over
 * another, the figure table only when opted in and then a 三线表, chart labels of 五号 on A4.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app/build-pdf.js';
import { removeFolder, writeFolder } from './helpers.js';
import { chapterFiles, CITIES } from './chapter-fixture.js';
import { bbox, collisions, greyPage, type PdfPage, type Word } from './pdf-words.js';

const PT_PER_MM = 72 / 25.4;
/** The body size of an entry (五号) and the column: 19 characters, a gap of 2. */
const EM = 10.5;
const COLUMN = 19 * EM;
const GAP = 2 * EM;
const INNER = 20 * PT_PER_MM;
const OUTER = 185 * PT_PER_MM - INNER - 2 * COLUMN - GAP;

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

async function buildDir(dir: string): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'yearbook-entry-pages-'));
  cleanup.push(out);
  const result = await build({ dir, out, templates: 'templates', draft: false, rounding: 'half-up', chapter: '医疗保障', concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });
  expect(result.refused).toBe(false);
  return out;
}

async function buildFiles(files: Record<string, string>): Promise<string> {
  const dir = writeFolder(files);
  try {
    return await buildDir(dir);
  } finally {
    removeFolder(dir);
  }
}

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(ext)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

interface Line {
  x0: number;
  x1: number;
  y: number;
  text: string;
}

/** A page's lines: words on one baseline that touch (no gap wider than `gap`, half a character), left to right. */
function lines(page: PdfPage, gap = EM / 2): Line[] {
  const rows = new Map<number, Word[]>();
  for (const w of page.words) {
    const y = Math.round(w.y1 * 2) / 2;
    rows.set(y, [...(rows.get(y) ?? []), w]);
  }
  const out: Line[] = [];
  for (const [y, ws] of [...rows.entries()].sort((a, b) => a[0] - b[0])) {
    ws.sort((a, b) => a.x0 - b.x0);
    let cur: Line | null = null;
    for (const w of ws) {
      if (cur && w.x0 - cur.x1 < gap) {
        cur.x1 = w.x1;
        cur.text += w.text;
      } else {
        if (cur) out.push(cur);
        cur = { x0: w.x0, x1: w.x1, y, text: w.text };
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}

/** The body of an entry page: its lines below the running head. */
function bodyLines(page: PdfPage): Line[] {
  return lines(page).filter((l) => l.y > 20 * PT_PER_MM);
}

const isOdd = (i: number): boolean => i % 2 === 0; // page index 0 is page 1, a right-hand (odd) page
/** The body's left edge on a page: the gutter on the left of odd pages, on the right of even ones. */
const left = (i: number): number => (isOdd(i) ? INNER : OUTER);

/** Which column a line is in (0, 1), or -1 for a line across both (a region title). */
function columnOf(l: Line, i: number): number {
  const x0 = left(i);
  if (l.x1 <= x0 + COLUMN + 2) return 0;
  if (l.x0 >= x0 + COLUMN + GAP - 2) return 1;
  return -1;
}

/** The number+unit spans the renderer printed in an HTML page (render/text.ts). */
function figuresOf(html: string): string[] {
  return [...html.matchAll(/<span class="yb-nb">([^<]*)<\/span>/g)].map((m) => unescape(m[1]!));
}

function countIn(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
  return n;
}

/** Every figure the HTML prints is found whole on one line of the PDF as often as it is printed. */
function expectFiguresWhole(pdf: string): void {
  const html = readFileSync(pdf.replace(/\.pdf$/, '.html'), 'utf8');
  // a justified line may space a figure's characters apart, but never as far as a column gap
  const text = bbox(pdf)
    .flatMap((p) => lines(p, 1.5 * EM).map((l) => l.text))
    .join('\n');
  const figures = figuresOf(html);
  const counts = new Map<string, number>();
  for (const f of figures) counts.set(f, (counts.get(f) ?? 0) + 1);
  const broken = [...counts].filter(([f, n]) => countIn(text, f) < n).map(([f]) => f);
  expect(broken, `${pdf}: figures split from their units`).toEqual([]);
}

let data = '';
let chapter = '';
beforeAll(async () => {
  data = await buildDir('data');
  chapter = await buildFiles(chapterFiles({ figureTable: true }));
}, 300_000);

const chapterPdf = (): string => join(chapter, '2022/chapter.pdf');
/** The entry and chapter PDFs of both builds. */
const entryPdfs = (): string[] => [...filesUnder(data, '.pdf'), ...filesUnder(chapter, '.pdf')].filter((f) => /(entry|chapter)\.pdf$/.test(f));

describe('figures and their units', () => {
  it('every figure printed with its unit is on one line, in every PDF of data/ and of the 12-city chapter', () => {
    const pdfs = [...filesUnder(data, '.pdf'), ...filesUnder(chapter, '.pdf')];
    expect(pdfs.length).toBeGreaterThan(15);
    for (const pdf of pdfs) expectFiguresWhole(pdf);
    // the spans are there to be checked: the Inner Mongolia entry prints 1583.11万人
    expect(figuresOf(readFileSync(join(data, '2022/150000/entry.html'), 'utf8'))).toContain('1583.11万人');
  });
});

describe('the 12-city chapter', () => {
  it('no page ends with a region title, and no column with an 【entry】 heading line', () => {
    const pages = bbox(chapterPdf());
    expect(pages.length).toBeGreaterThan(6);
    const titles = new Set(CITIES.map(([, name]) => name));
    pages.forEach((page, i) => {
      const body = bodyLines(page);
      if (body.some((l) => l.text.startsWith('目'))) return; // the contents
      const last = body.at(-1)!;
      expect(titles.has(last.text) || /^\d{4}年$/.test(last.text), `page ${i + 1} ends with “${last.text}”`).toBe(false);
      for (const col of [0, 1]) {
        const inCol = body.filter((l) => columnOf(l, i) === col);
        if (inCol.length === 0) continue;
        expect(inCol.at(-1)!.text.startsWith('【'), `page ${i + 1} column ${col + 1} ends with “${inCol.at(-1)!.text}”`).toBe(false);
      }
    });
  });

  it('sets justified columns of 19 characters: every full line ends on the column edge', () => {
    const pages = bbox(chapterPdf());
    const ends: { page: number; x1: number; text: string }[] = [];
    const ragged: string[] = [];
    pages.forEach((page, i) => {
      for (const l of bodyLines(page)) {
        const col = columnOf(l, i);
        if (col < 0 || !/[\u4e00-\u9fff]/.test(l.text)) continue;
        const x0 = left(i) + col * (COLUMN + GAP);
        // text lines start on the column's left edge (or 2 characters in)
        if (Math.abs(l.x0 - x0) > 1 && Math.abs(l.x0 - x0 - 2 * EM) > 1) continue;
        const edge = x0 + COLUMN;
        expect(l.x1, `page ${i + 1}: “${l.text}” runs past the column`).toBeLessThan(edge + 1.5);
        // a line within a character of the edge is a full line: it must end on the edge (as the others do)
        if (l.x1 > edge - EM - 0.5) ends.push({ page: i + 1, x1: l.x1 - x0, text: l.text });
      }
    });
    expect(ends.length).toBeGreaterThan(300);
    const sorted = ends.map((e) => e.x1).sort((a, b) => a - b);
    const edge = sorted[Math.floor(sorted.length / 2)]!;
    // the column is 19 characters wide (the last glyph's box may reach a point further)
    expect(Math.abs(edge - COLUMN)).toBeLessThan(1.5);
    for (const e of ends) if (Math.abs(e.x1 - edge) > 0.5) ragged.push(`page ${e.page}: ${(edge - e.x1).toFixed(1)} pt short: ${e.text}`);
    const full = ends.length;
    // a paragraph's last line may end less than one character short of the edge: a few, never many
    expect(ragged.length, ragged.join('\n')).toBeLessThanOrEqual(Math.ceil(full * 0.03));
  });

  it('leaves no hole: a chart that does not fit floats on, and every column but the chapter’s last runs to the foot of its page', () => {
    const pages = bbox(chapterPdf());
    const foot = 260 * PT_PER_MM - 18 * PT_PER_MM;
    const short: string[] = [];
    pages.slice(1, -1).forEach((page, k) => {
      const i = k + 1;
      for (const col of [0, 1]) {
        const x0 = left(i) + col * (COLUMN + GAP);
        const bottom = Math.max(0, ...page.words.filter((w) => w.y0 > 20 * PT_PER_MM && w.x0 >= x0 - 2 && w.x1 <= x0 + COLUMN + 2).map((w) => w.y1));
        // at most what keeping a region title with two lines of its text leaves: seven lines
        if (foot - bottom > 7 * 17) short.push(`page ${i + 1} column ${col + 1} ends ${(foot - bottom).toFixed(0)} pt above the foot`);
      }
    });
    expect(short).toEqual([]);
  });

  it('leaves no single character alone on a paragraph’s last line (text-wrap: pretty)', () => {
    const alone: string[] = [];
    bbox(chapterPdf()).forEach((page, i) => {
      for (const l of bodyLines(page)) {
        const col = columnOf(l, i);
        // a line of the text starts on the column's edge (table cells and chart labels do not)
        if (col < 0 || Math.abs(l.x0 - (left(i) + col * (COLUMN + GAP))) > 1) continue;
        if (/^[\u4e00-\u9fff][。，；：、）”]?$/.test(l.text)) alone.push(`page ${i + 1}: ${l.text}`);
      }
    });
    expect(alone).toEqual([]);
  });

  it('odd pages carry the chapter on the right with the folio outside, even pages the volume on the left; margins mirrored', () => {
    const pages = bbox(chapterPdf());
    // the front (title and contents, up to the first region) prints neither (tests/chapter-structure.test.ts)
    const front = pages.findIndex((page) => page.words.some((w) => w.text === CITIES[0]![1]) && !page.words.some((w) => w.text.startsWith('目')));
    expect(front).toBeGreaterThan(0);
    pages.forEach((page, i) => {
      if (i < front) return;
      const head = lines(page).filter((l) => l.y < 20 * PT_PER_MM);
      const folio = head.find((l) => l.text === String(i + 1));
      expect(folio, `page ${i + 1} folio`).toBeDefined();
      const title = head.find((l) => l !== folio)!;
      if (isOdd(i)) {
        expect(title.text).toBe('医疗保障');
        // the folio outside: at the right edge of the type area
        expect(Math.abs(folio!.x1 - (INNER + 2 * COLUMN + GAP)), `page ${i + 1} folio at ${folio!.x1}`).toBeLessThan(1.5);
      } else {
        expect(title.text).toBe('《内蒙古年鉴》2023卷');
        expect(Math.abs(folio!.x0 - OUTER), `page ${i + 1} folio at ${folio!.x0}`).toBeLessThan(1.5);
      }
      // the body starts at the page's inner (odd) or outer (even) margin; the gutter is the wider
      const body = bodyLines(page).filter((l) => /[\u4e00-\u9fff]/.test(l.text));
      if (body.length > 10 && !body.some((l) => l.text.startsWith('目'))) expect(Math.abs(Math.min(...body.map((l) => l.x0)) - left(i)), `page ${i + 1} left edge`).toBeLessThan(1.5);
    });
    expect(INNER).toBeGreaterThan(OUTER + 2);
  });

  it('closes each region with its credit, full-width, after its charts', () => {
    const text = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', chapterPdf(), '-'], { encoding: 'utf8' }).stdout;
    for (const [i] of CITIES.entries()) {
      const credit = `（作者${'甲乙丙丁戊己庚辛壬癸子丑'[i]}）`;
      expect(text).toContain(credit);
    }
    expect(text).not.toMatch(/\(作者/);
    const html = readFileSync(join(chapter, '2022/chapter.html'), 'utf8');
    for (const region of html.split('<section class="chapter-region"').slice(1)) {
      // the credit is the region's last paragraph: nothing (no chart, no table) after it
      expect(region.indexOf('<p class="credit">')).toBeGreaterThan(region.lastIndexOf('<figure'));
      expect(region.indexOf('<p class="credit">')).toBeGreaterThan(region.lastIndexOf('</table>'));
      expect(region.slice(region.indexOf('<p class="credit">'))).toMatch(/^<p class="credit">（[^<]+）<\/p>\s*<\/div>\s*<\/section>/);
    }
  });

  it('prints no word over another on any page of an entry or chapter PDF', () => {
    const pdfs = entryPdfs();
    expect(pdfs.length).toBeGreaterThan(10);
    for (const pdf of pdfs) expect(collisions(pdf), relative(tmpdir(), pdf)).toEqual([]);
  });
});

describe('the figure table', () => {
  it('is printed only for entries that opt in (entry.figure_table: true)', () => {
    const html = readFileSync(join(chapter, '2022/chapter.html'), 'utf8');
    expect(html.match(/<caption>表\d+　/g)).toHaveLength(2);
    expect(html).toContain('表1　呼和浩特市2022年主要指标');
    expect(html).toContain('表2　包头市2022年主要指标');
    expect(readFileSync(join(chapter, '2022/150300/entry.html'), 'utf8')).not.toContain('figure-table"');
    expect(readFileSync(join(data, '2022/150000/entry.html'), 'utf8')).not.toContain('<table');
  });

  it('is a 三线表: three rules (above and under the header, under the last row), its header over its numbers', async () => {
    const doc = `region: "150000"
year: 2022
source: 《内蒙古年鉴》2023卷
figures:
  insured: {total: 2169.94, employee: 586.83, resident: 1583.11}
entry:
  author: 刘雪峰
  figure_table: true
  sections:
    - title: 概况
      text: "{{year}}年，全区基本医疗保险参保人数{{insured.total}}。"
`;
    const out = await buildFiles({ 'regions.yaml': 'regions:\n  - {code: "150000", name: 内蒙古自治区, short: 全区}\n', 'indicators.yaml': readFileSync('data/indicators.yaml', 'utf8'), '2022/150000.yaml': doc });
    const pdf = join(out, '2022/150000/entry.pdf');
    const [page] = bbox(pdf);
    const header = page!.words.find((w) => w.text === '数值')!;
    const value = page!.words.find((w) => w.text === '2169.94万人')!;
    expect(header.x1).toBeCloseTo(value.x1, 0);
    // rules: pixel rows dark across most of the column
    const dpi = 200;
    const px = greyPage(pdf, 1, dpi);
    const s = dpi / 72;
    // the table's width: from its first header to its last (whichever column it is in)
    const first = page!.words.find((w) => w.text === '指标')!;
    const x0 = Math.round(first.x0 * s);
    const xEnd = Math.round(header.x1 * s);
    const top = Math.round(header.y0 * s) - Math.round(12 * s);
    const rules: number[] = [];
    for (let y = top; y < px.h; y++) {
      let dark = 0;
      for (let x = x0; x < xEnd; x++) if (px.at(x, y) < 160) dark++;
      if (dark > 0.9 * (xEnd - x0) && (rules.length === 0 || y - rules.at(-1)! > 2)) rules.push(y);
      else if (dark > 0.9 * (xEnd - x0)) rules[rules.length - 1] = y;
    }
    expect(rules).toHaveLength(3);
    // the first above the header, the second between the header and the first row, the last under the last row
    const last = page!.words.find((w) => w.text === '1583.11万人')!;
    expect(rules[0]! / s).toBeLessThan(header.y0);
    expect(rules[1]! / s).toBeGreaterThan(header.y1 - 1);
    expect(rules[1]! / s).toBeLessThan(value.y0 + 1);
    expect(rules[2]! / s).toBeGreaterThan(last.y1 - 1);
    // no 变化 column when no figure states a change
    expect(page!.words.some((w) => w.text === '变化')).toBe(false);
  }, 120_000);
});

describe('charts on A4', () => {
  it('sets every chart label of a summary in at least 五号 (10.5 pt as printed)', () => {
    const pdf = join(data, '2023/150500/summary.pdf');
    const html = readFileSync(join(data, '2023/150500/summary.html'), 'utf8');
    const svgTexts = new Set([...html.matchAll(/<text\b[^>]*>([^<]+)<\/text>/g)].map((m) => unescape(m[1]!).trim()).filter((t) => /^[\u4e00-\u9fff]+$/.test(t)));
    expect(svgTexts.size).toBeGreaterThan(3);
    const sizes: [string, number][] = [];
    for (const page of bbox(pdf)) for (const w of page.words) if (svgTexts.has(w.text)) sizes.push([w.text, (w.x1 - w.x0) / [...w.text].length]);
    expect(sizes.length).toBeGreaterThan(3);
    for (const [t, size] of sizes) expect(size, t).toBeGreaterThanOrEqual(10.45);
  });
});
