/**
 * The pages as a reader judges them, over every PDF the example data and the 公文 fixture make:
 * no word printed over another, no half-width , ; : ( ) beside a Chinese character (the data is
 * punctuated, so what is left would be the tool's own), and golden page images — one page of each
 * document kind rendered grey at 30 dpi and compared with tests/golden/pages/*.pgm.gz, a few pixels
 * of tolerance, so a layout regression fails here (the PDFs are byte-reproducible).
 * After an intended layout change: UPDATE_GOLDEN=1 npx vitest run tests/pages.test.ts, and look at
 * the pages (pdftoppm -png -r 60) before committing the new images.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app/build-pdf.js';
import { bbox, collisions, greyPage, parsePgm } from './pdf-words.js';

const opts = (dir: string, out: string) => ({ dir, out, templates: 'templates', draft: false, rounding: 'half-up' as const, chapter: '医疗保障', concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });

function pdfsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => join(dir, f))
    .sort();
}

let data = '';
let gongwen = '';
beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'yearbook-pages-'));
  gongwen = mkdtempSync(join(tmpdir(), 'yearbook-pages-gw-'));
  expect((await build(opts('data', data))).refused).toBe(false);
  expect((await build(opts('tests/fixtures/gongwen', gongwen))).refused).toBe(false);
}, 300_000);

const allPdfs = (): string[] => [...pdfsUnder(data), ...pdfsUnder(gongwen)];

describe('every PDF of the example data and the 公文 fixture', () => {
  it('has every kind: entries, summaries, the plan, its progress report and the chapters', () => {
    const names = new Set(allPdfs().map((f) => f.replace(/^.*\//, '')));
    for (const kind of ['entry.pdf', 'summary.pdf', 'plan.pdf', 'progress.pdf', 'chapter.pdf']) expect(names, kind).toContain(kind);
  });

  it('prints no word over another and none off the page', () => {
    for (const pdf of allPdfs()) expect(collisions(pdf), pdf).toEqual([]);
  });

  it('leaves no hole before a chart: a page followed by one with a chart at its head is filled to its foot (#9 point 11)', () => {
    let charts = 0;
    for (const pdf of allPdfs().filter((f) => /summary\.pdf$/.test(f))) {
      // the body's words, without the folio under the type area
      const pages = bbox(pdf).map((p) => p.words.filter((w) => !(w.y0 > p.height * 0.88 && /^[—\d]+$/.test(w.text))));
      const foot = Math.max(...pages.map((ws) => Math.max(...ws.map((w) => w.y1))));
      const head = Math.min(...pages.map((ws) => Math.min(...ws.map((w) => w.y0))));
      pages.forEach((ws, i) => {
        const caption = ws.find((w) => /^图\d+$/.test(w.text));
        if (!caption) return;
        charts++;
        // a chart at the head of its page: nothing above its caption but its own labels (五号: boxes of about 15 pt; body 三号: 23 pt)
        const above = ws.filter((w) => w.y1 < caption.y0 && w.y1 - w.y0 > 18);
        if (i === 0 || above.length > 0) return;
        const end = Math.max(...pages[i - 1]!.map((w) => w.y1));
        expect(foot - end, `${pdf}: page ${i} ends ${(foot - end).toFixed(0)} pt short before 图 on page ${i + 1} (head ${head.toFixed(0)})`).toBeLessThan(70);
      });
    }
    expect(charts).toBeGreaterThan(0);
  });

  it('prints no half-width , ; : ( ) beside a Chinese character (GB/T 15834)', () => {
    const han = '\\p{Script=Han}';
    const bad = new RegExp(`(?:${han}[,;:()]|[,;:()]${han})`, 'u');
    for (const pdf of allPdfs()) {
      bbox(pdf).forEach((page, i) => {
        // words as pdftotext joins them: a mark and its neighbour are one word when they touch
        for (const w of page.words) expect(bad.test(w.text), `${pdf} p${i + 1}: “${w.text}”`).toBe(false);
      });
    }
  });
});

/** One page of each document kind: [golden name, output folder, PDF path, page]. */
const GOLDEN: [string, () => string, string, number][] = [
  ['entry-p1', () => data, '2022/150000/entry.pdf', 1],
  ['chapter-p2', () => data, '2022/chapter.pdf', 2],
  ['chapter-tables-p4', () => data, '2022/chapter.pdf', 4],
  ['summary-p1', () => data, '2023/150500/summary.pdf', 1],
  ['plan-p1', () => data, '2023/150200/plan.pdf', 1],
  ['plan-p2', () => data, '2023/150200/plan.pdf', 2],
  ['progress-p1', () => data, '2023/150200/progress.pdf', 1],
  ['gongwen-p1', () => gongwen, '2023/150500/summary.pdf', 1],
];
const DPI = 30;
const GOLDEN_DIR = 'tests/golden/pages';

describe('golden page images', () => {
  for (const [name, dir, file, page] of GOLDEN) {
    it(`${file} page ${page} looks as it did (${name})`, () => {
      const grey = greyPage(join(dir(), file), page, DPI);
      const golden = join(GOLDEN_DIR, `${name}.pgm.gz`);
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        const pgm = Buffer.concat([Buffer.from(`P5\n${grey.w} ${grey.h}\n255\n`, 'latin1'), Buffer.from(grey.data)]);
        writeFileSync(golden, gzipSync(pgm, { level: 9 }));
      }
      expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1 once and look at the page`).toBe(true);
      const want = parsePgm(gunzipSync(readFileSync(golden)));
      expect([grey.w, grey.h]).toEqual([want.w, want.h]);
      let differ = 0;
      for (let i = 0; i < grey.data.length; i++) if (Math.abs(grey.data[i]! - want.data[i]!) > 64) differ++;
      // a moved line of text changes thousands of pixels at 30 dpi; anti-aliasing noise a handful
      expect(differ / grey.data.length, `${name}: ${differ} pixels differ`).toBeLessThan(0.002);
    });
  }

  it('the comparison sees a change: the entry page against the chapter page differs', () => {
    const a = greyPage(join(data, '2022/150000/entry.pdf'), 1, DPI);
    const b = greyPage(join(data, '2022/chapter.pdf'), 2, DPI);
    let differ = 0;
    for (let i = 0; i < Math.min(a.data.length, b.data.length); i++) if (Math.abs(a.data[i]! - b.data[i]!) > 64) differ++;
    expect(differ / a.data.length).toBeGreaterThan(0.002);
  });
});
