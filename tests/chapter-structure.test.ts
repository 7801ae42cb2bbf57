/**
 * Issue #10 item 5, the chapter reads like the volume: it opens with the chapter's title (on a
 * part-title page of its own with --chapter-page), its contents list every region and, under it,
 * every 【】 entry with the page pdftotext finds it on, right-aligned; the contents pages print no
 * folio; the bookmarks nest chapter → region → entry with names that read well; the PDF opens with
 * the bookmarks shown (/PageMode /UseOutlines); no word over another; two builds byte-identical.
 * Built with the real Chromium from a generated 12-city chapter (tests/chapter-fixture.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { build } from '../src/app/build-pdf.js';
import { buildDocx } from '../src/app/build-docx.js';
import { removeFolder, writeFolder } from './helpers.js';
import { chapterFiles, CITIES } from './chapter-fixture.js';
import { bbox, collisions } from './pdf-words.js';
import { outline, pageMode, type Bookmark } from './pdf-outline.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

async function buildChapter(dir: string, chapterPage: boolean): Promise<Uint8Array> {
  const out = mkdtempSync(join(tmpdir(), 'yearbook-chapter-structure-'));
  cleanup.push(out);
  const result = await build({ dir, out, templates: 'templates', draft: false, rounding: 'half-up', chapter: '医疗保障', chapterPage, concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });
  expect(result.refused).toBe(false);
  return readFileSync(join(out, '2022/chapter.pdf'));
}

/** Each page's text in reading order, whitespace removed. */
function pageTexts(pdf: Uint8Array): string[] {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf });
  const pages = r.stdout.toString('utf8').split('\f');
  if (pages.at(-1)!.trim() === '') pages.pop();
  return pages.map((p) => p.replace(/\s+/g, ''));
}

/** The 【】 titles of a city's entries, as the fixture writes them. */
function titlesOf(i: number): string[] {
  return ['概况', '支付方式改革', ...(i % 2 === 0 ? ['医保经办服务'] : []), '医疗保障基金监管'];
}

interface TocEntry {
  name: string;
  /** The page of the contents it is on. */
  on: number;
  page: number;
  indent: number;
  /** Right edge of the page number. */
  right: number;
}

/** The contents lines of the front pages: a name, the leader, the page number at the right. */
function contents(file: string, frontPages: number[]): TocEntry[] {
  const out: TocEntry[] = [];
  for (const n of frontPages) {
    const page = bbox(file)[n - 1]!;
    const rows = new Map<number, typeof page.words>();
    for (const w of page.words) {
      const y = Math.round(w.y1);
      rows.set(y, [...(rows.get(y) ?? []), w]);
    }
    for (const [, ws] of [...rows].sort((a, b) => a[0] - b[0])) {
      ws.sort((a, b) => a.x0 - b.x0);
      const last = ws.at(-1)!;
      if (ws.length < 2 || !/^\d+$/.test(last.text)) continue;
      out.push({ name: ws.slice(0, -1).map((w) => w.text).join(''), on: n, page: Number(last.text), indent: ws[0]!.x0, right: last.x1 });
    }
  }
  return out;
}

describe('the chapter reads like the volume (12 cities)', () => {
  let dir: string;
  let pdf: Uint8Array;
  let file: string;
  let paged: Uint8Array;
  let pagedFile: string;
  beforeAll(async () => {
    dir = writeFolder(chapterFiles());
    pdf = await buildChapter(dir, false);
    file = join(mkdtempSync(join(tmpdir(), 'yearbook-chapter-structure-')), 'chapter.pdf');
    cleanup.push(join(file, '..'));
    writeFileSync(file, pdf);
    paged = await buildChapter(dir, true);
    pagedFile = join(join(file, '..'), 'chapter-paged.pdf');
    writeFileSync(pagedFile, paged);
  }, 300_000);
  afterAll(() => removeFolder(dir));

  it('opens with the chapter title, then the contents, before the first region', () => {
    const first = pageTexts(pdf)[0]!;
    expect(first.startsWith('医疗保障目录')).toBe(true);
    expect(first).not.toContain('2022年');
    // with --chapter-page the title stands alone on page 1 (a right-hand page), page 2 is blank, the contents follow
    const pages = pageTexts(paged);
    expect(pages[0]).toBe('医疗保障');
    expect(pages[1]).toBe('');
    expect(pages[2]!.startsWith('目录')).toBe(true);
  });

  for (const [label, which] of [['without', () => [pdf, file] as const], ['with --chapter-page', () => [paged, pagedFile] as const]] as const) {
    it(`lists every region and each of its entries with the page it is printed on (${label} a part-title page)`, () => {
      const [bytes, path] = which();
      const texts = pageTexts(bytes);
      const front = texts.map((t, i) => (t.includes('目录') ? i + 1 : 0)).filter(Boolean);
      // the contents run on until the first region
      const firstBody = texts.findIndex((t) => t.includes(`${CITIES[0]![1]}2022年`) && !t.includes('目录')) + 1;
      const frontPages = Array.from({ length: firstBody - front[0]! }, (_, i) => front[0]! + i);
      const toc = contents(path, frontPages);
      const expected = CITIES.flatMap(([, name], i) => [name, ...titlesOf(i)]);
      expect(toc.map((l) => l.name)).toEqual(expected);
      // every number is the page the heading is printed on, searching on from the one before
      let from = firstBody - 1;
      let k = 0;
      CITIES.forEach(([, name], i) => {
        const region = toc[k++]!;
        const at = texts.findIndex((t, j) => j >= from && t.includes(`${name}2022年【概况】`));
        expect(at + 1, name).toBe(region.page);
        from = at;
        for (const title of titlesOf(i)) {
          const line = toc[k++]!;
          const p = texts.findIndex((t, j) => j >= from && t.includes(`【${title}】`));
          expect(p + 1, `${name} ${title}`).toBe(line.page);
          from = p;
        }
      });
      // on each contents page (margins mirror): regions flush, entries indented under them, every number right-aligned to one edge
      const regions = new Set(CITIES.map(([, n]) => n));
      for (const n of frontPages) {
        const lines = toc.filter((l) => l.on === n);
        if (lines.length === 0) continue;
        const left = Math.min(...lines.map((l) => l.indent));
        for (const l of lines) {
          if (regions.has(l.name)) expect(l.indent, l.name).toBeCloseTo(left, 0);
          else expect(l.indent - left, l.name).toBeGreaterThan(15);
        }
        const rights = lines.map((l) => l.right);
        expect(Math.max(...rights) - Math.min(...rights), `page ${n}`).toBeLessThan(0.5);
      }
    });

    it(`prints no folio or running head on the front pages, and folios on from there (${label})`, () => {
      const [bytes, path] = which();
      const pages = bbox(path);
      const texts = pageTexts(bytes);
      const firstBody = texts.findIndex((t) => t.includes(`${CITIES[0]![1]}2022年`) && !t.includes('目录'));
      for (let i = 0; i < firstBody; i++) {
        // nothing in the head margin (20 mm)
        expect(pages[i]!.words.filter((w) => w.y1 < 20 * (72 / 25.4)).map((w) => w.text), `page ${i + 1}`).toEqual([]);
      }
      // the body's folios continue the count of the front pages: page n prints n
      for (let i = firstBody; i < pages.length; i++) {
        const head = pages[i]!.words.filter((w) => w.y1 < 20 * (72 / 25.4));
        expect(head.map((w) => w.text), `page ${i + 1}`).toContain(String(i + 1));
      }
    });

    it(`has bookmarks chapter → region → entry with plain names, shown on opening (${label})`, () => {
      const [bytes] = which();
      expect(pageMode(bytes)).toBe('UseOutlines');
      const marks = outline(bytes);
      const titles = (b: Bookmark[]): unknown => b.map((x) => (x.children.length ? { [x.title]: titles(x.children) } : x.title));
      expect(titles(marks)).toEqual([{ 医疗保障: CITIES.map(([, name], i) => ({ [name]: titlesOf(i) })) }]);
      // each goes to the page its heading is printed on
      const texts = pageTexts(bytes);
      for (const region of marks[0]!.children) {
        expect(texts[region.page - 1], region.title).toContain(`${region.title}2022年`);
        for (const e of region.children) expect(texts[e.page - 1], `${region.title} ${e.title}`).toContain(`【${e.title}】`);
      }
    });

    it(`prints no word over another (${label})`, () => {
      const [, path] = which();
      expect(collisions(path)).toEqual([]);
      // and by the shared checker, where it is installed
      const tool = '/work/shared/tools/overprint.py';
      if (existsSync(tool)) expect(spawnSync('python3', [tool, path], { encoding: 'utf8' }).stdout).toMatch(/\b0 collisions\b/);
    });
  }

  it('builds the same bytes twice', async () => {
    expect(Buffer.from(await buildChapter(dir, false)).equals(Buffer.from(pdf))).toBe(true);
  }, 300_000);
});

describe('the Word chapter (12 cities)', () => {
  let xml = '';
  beforeAll(async () => {
    const dir = writeFolder(chapterFiles());
    const out = mkdtempSync(join(tmpdir(), 'yearbook-chapter-structure-'));
    cleanup.push(out);
    try {
      const r = await buildDocx({ dir, out, templates: 'templates', draft: false, rounding: 'half-up', chapter: '医疗保障', env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });
      expect(r.refused).toBe(false);
    } finally {
      removeFolder(dir);
    }
    xml = await (await JSZip.loadAsync(readFileSync(join(out, '2022/chapter.docx')))).file('word/document.xml')!.async('string');
  }, 300_000);

  /** Each paragraph's text and outline level, in order. */
  const paragraphs = (): { text: string; level: number | null }[] =>
    [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
      const p = m[1] ?? m[2] ?? '';
      const level = /<w:outlineLvl w:val="(\d)"\/>/.exec(p);
      return { text: [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''), level: level ? Number(level[1]) : null };
    });

  it('opens with the chapter title, then contents listing every region and entry with a page reference to its heading', () => {
    const ps = paragraphs();
    expect(ps[0]).toEqual({ text: '医疗保障', level: 0 });
    expect(ps[1]!.text).toBe('目 录');
    const expected = CITIES.flatMap(([, name], i) => [name, ...titlesOf(i)]);
    expect(ps.slice(2, 2 + expected.length).map((p) => p.text.replace(/\t.*$/, ''))).toEqual(expected);
    CITIES.forEach(([code], i) => {
      expect(xml).toContain(`PAGEREF r${code}<`);
      titlesOf(i).forEach((_, j) => {
        expect(xml).toContain(`PAGEREF r${code}e${j + 1}<`);
        expect(xml).toContain(`w:name="r${code}e${j + 1}"`);
      });
    });
  });

  it('gives the navigation pane chapter → region → entry headings', () => {
    const heads = paragraphs().filter((p) => p.level !== null);
    const expected = [{ text: '医疗保障', level: 0 }, ...CITIES.flatMap(([, name], i) => [{ text: name, level: 1 }, ...titlesOf(i).map((t) => ({ text: `【${t}】`, level: 2 }))])];
    expect(heads.map((h) => ({ text: h.level === 2 ? h.text.slice(0, h.text.indexOf('】') + 1) : h.text, level: h.level }))).toEqual(expected);
  });
});
