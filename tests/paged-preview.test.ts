/**
 * The paged preview of `yearbook serve` (issue #11, part 5) in real Chromium: a 13-entry chapter
 * (data/ 2022: 全区 and the 12 盟市, each with an entry) shown as its printed pages' images — as many
 * as the PDF has, the same text page by page as `yearbook build` prints, running heads and folios
 * included; a figure edited in one 盟市's YAML shows on its page (the served PDF's text) and in the
 * viewer, with the new finding beside it, highlighted in the image, and a click on the finding goes
 * to its page. The time from the save to the new image loaded is measured and printed (not asserted:
 * the machine is shared; see the README's 分页预览 section). Closing the server closes its Chromium.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { build } from '../src/app/build-pdf.js';
import { pdfPages } from '../src/print/toc.js';
import { pagedChapterFolder } from './paged-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const compact = (s: string): string => s.replace(/\s+/g, '');

/** The browser profiles of this process's printers (browser.ts writes its owner, "PID START", into each). */
function ownPrinters(): string[] {
  return readdirSync(tmpdir())
    .filter((n) => n.startsWith('yearbook-chromium-'))
    .filter((n) => {
      try {
        return readFileSync(join(tmpdir(), n, 'yearbook-owner'), 'utf8').startsWith(`${process.pid} `);
      } catch {
        return false;
      }
    });
}

describe('yearbook serve: the paged preview (分页预览) of a 13-entry chapter', () => {
  let root = '';
  let dir = '';
  let profile = '';
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  let page: Page;
  const base = (): string => server!.url;
  const pdfOf = async (hash: string): Promise<Uint8Array> => {
    const r = await fetch(`${base()}page.pdf?h=${hash}`);
    expect(r.status).toBe(200);
    return new Uint8Array(await r.arrayBuffer());
  };
  /** The viewer's page image n: the print it shows (loaded), and when it finished loading (ms since the epoch). */
  const image = (n: number): Promise<{ hash: string; loadedHash: string; loadedAt: number; width: number; height: number }> =>
    page.$eval(`#p${n} img`, (img) => {
      const i = img as HTMLImageElement;
      return { hash: i.dataset.hash ?? '', loadedHash: i.dataset.loadedHash ?? '', loadedAt: Number(i.dataset.loadedAt ?? 0), width: i.naturalWidth, height: i.naturalHeight };
    });
  /** The pixels of the viewer's page image n in the highlight's yellow (#ffe066), counted on a canvas. */
  const yellow = (n: number): Promise<number> =>
    page.$eval(`#p${n} img`, (img) => {
      const i = img as HTMLImageElement;
      const c = document.createElement('canvas');
      c.width = i.naturalWidth;
      c.height = i.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(i, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let count = 0;
      for (let k = 0; k < d.length; k += 4) if (Math.abs(d[k]! - 255) < 12 && Math.abs(d[k + 1]! - 224) < 12 && Math.abs(d[k + 2]! - 102) < 16) count++;
      return count;
    });
  const pageOf = (pages: string[], text: string): number => pages.findIndex((t) => compact(t).includes(text)) + 1;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'yearbook-paged-'));
    dir = join(root, 'data');
    pagedChapterFolder(dir);
    profile = mkdtempSync(join(tmpdir(), 'yearbook-paged-profile-'));
    server = await startServer({ dir, templates: 'templates', port: 0, host: '127.0.0.1', env: {} });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: profile,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1300, height: 1000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  let hash0 = '';
  let pages0: string[] = [];
  /** The pages' text in reading order (a column after the other): what a figure is searched in. */
  let reading0: string[] = [];

  it('shows the chapter as its printed pages: as many images as the PDF has pages, the same text as `yearbook build` prints, running heads and folios', async () => {
    expect(server!.preview.docs().filter((d) => d.year === 2022 && d.entry).length).toBe(13);
    // the fast HTML view stays the default; the paged view is a mode of the same viewer
    await page.goto(`${base()}view?kind=chapter&year=2022`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.shown !== undefined, { timeout: 30_000 });
    expect(await page.$eval('#pages', (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(ownPrinters()).toEqual([]);
    await page.click('#mode-paged');
    expect(page.url()).toContain('mode=paged');
    await page.waitForFunction(() => document.body.dataset.pagesHash !== undefined, { timeout: 240_000, polling: 100 });
    // the warm printer: started on the first paged view
    expect(ownPrinters().length).toBe(1);
    hash0 = await page.evaluate(() => document.body.dataset.pagesHash!);
    const pdf = await pdfOf(hash0);
    pages0 = pdfPages(pdf);
    reading0 = pdfPages(pdf, 'reading');
    const count = await page.$$eval('#pages img', (imgs) => imgs.length);
    expect(count).toBeGreaterThan(4);
    expect(count).toBe(pages0.length);

    // the same pages as the build prints: page by page the same text (folios and running heads are text in the PDF)
    const out = join(root, 'out');
    const built = await build({ dir, out, draft: false, env: {}, templates: 'templates', rounding: 'half-up', chapter: '医疗保障' });
    expect(built.refused).toBe(false);
    const buildPages = pdfPages(readFileSync(join(out, '2022', 'chapter.pdf')));
    expect(pages0.length).toBe(buildPages.length);
    expect(pages0).toEqual(buildPages);

    // every page after the front (the title and contents) carries its folio and a running head
    const front = pages0.findIndex((t) => compact(t).includes('【概况】'));
    expect(front).toBeGreaterThanOrEqual(0);
    const heads = new Set<string>();
    for (let i = Math.max(front, 1); i < pages0.length; i++) {
      const first = pages0[i]!.split('\n').find((l) => l.trim() !== '')!;
      const words = first.trim().split(/\s+/);
      expect(words, `第${i + 1}页的页眉`).toContain(String(i + 1));
      expect(words.length, `第${i + 1}页的页眉`).toBeGreaterThanOrEqual(2);
      heads.add(words.filter((w) => w !== String(i + 1)).join(' '));
    }
    // odd and even pages have their own running head
    expect(heads.size).toBe(2);

    // the first page's image shows that page of that print, at 96 dpi
    await page.waitForFunction((h) => (document.querySelector('#p1 img') as HTMLImageElement | null)?.dataset.loadedHash === h, { timeout: 30_000 }, hash0);
    const img = await image(1);
    expect(img.width).toBe(Math.round((Number(/\/MediaBox\s*\[\s*0 0 ([\d.]+)/.exec(Buffer.from(pdf).toString('latin1'))![1]) * 96) / 72));
    expect(img.height).toBeGreaterThan(img.width);
  }, 360_000);

  it('a figure edited in one 盟市 shows on its printed page; the viewer shows the new image, the finding beside it, highlighted, and goes to its page', async () => {
    const rel = '2022/150500.yaml';
    const file = join(dir, rel);
    const original = readFileSync(file, 'utf8');
    const old = /^  insured:\n    total: (\d+)\.(\d\d)$/m.exec(original)!;
    expect(old).not.toBeNull();
    const before = `${old[1]}.${old[2]}`;
    const n = pageOf(reading0, `${before}万人`);
    expect(n).toBeGreaterThan(0);
    // the page in view (images load as they scroll into view)
    await page.evaluate((k) => document.getElementById(`p${k}`)!.scrollIntoView(), n);
    await page.waitForFunction((k, h) => (document.querySelector(`#p${k} img`) as HTMLImageElement).dataset.loadedHash === h, { timeout: 30_000 }, n, hash0);
    const yellowBefore = await yellow(n);

    const times: number[] = [];
    let hash = hash0;
    let after = before;
    // three saves one after another: the distribution of save → new page image loaded
    for (let k = 1; k <= 3; k++) {
      after = `${Number(old[1]) + k}.${old[2]}`;
      const t0 = Date.now();
      writeFileSync(file, original.replace(`  insured:\n    total: ${before}\n`, `  insured:\n    total: ${after}\n`));
      await page.waitForFunction((i, h) => {
        const img = document.querySelector(`#p${i} img`) as HTMLImageElement;
        return img.dataset.loadedHash !== undefined && img.dataset.loadedHash !== h && img.dataset.loadedHash === img.dataset.hash;
      }, { timeout: 60_000, polling: 20 }, n, hash);
      const img = await image(n);
      times.push(img.loadedAt - t0);
      const pv = (await (await fetch(`${base()}api/pages?kind=chapter&year=2022`)).json()) as { printMs: number; prints: number; steps: object; measurements: string };
      console.info(`第${k}次保存：排版 ${pv.printMs} ms（${pv.prints}次打印，${pv.measurements}，${JSON.stringify(pv.steps)}）`);
      hash = img.loadedHash;
      // the new page: its text (the served PDF of the print the image shows) has the new figure
      const pages = pdfPages(await pdfOf(hash), 'reading');
      expect(pages.length).toBe(pages0.length);
      expect(compact(pages[n - 1]!)).toContain(`${after}万人`);
      expect(compact(pages[n - 1]!)).not.toContain(`${before}万人`);
    }
    console.info(`分页预览：保存 → 新页面图像显示（13个条目的分卷，第${n}页）：${times.map((t) => `${t} ms`).join('、')}`);

    // the findings beside the page: total ≠ employee + resident
    await page.waitForFunction(() => document.querySelector('#findings li.error[data-kind="equation"]') !== null, { timeout: 30_000 });
    expect(await page.$eval('#findings li.error[data-kind="equation"]', (li) => li.textContent)).toContain(rel);
    // the figure is highlighted in the page image
    expect(await yellow(n)).toBeGreaterThan(yellowBefore);
    // a click on the finding goes to the page its figure is on
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#findings li.error[data-kind="equation"]');
    await page.waitForFunction(() => (document.querySelector('#findings li.error[data-kind="equation"]') as HTMLElement).dataset.page !== undefined, { timeout: 30_000 });
    expect(await page.$eval('#findings li.error[data-kind="equation"]', (li) => (li as HTMLElement).dataset.page)).toBe(String(n));
    expect(await page.$eval(`#p${n}`, (e) => e.classList.contains('target'))).toBe(true);
    const top = await page.$eval(`#p${n}`, (e) => e.getBoundingClientRect().top);
    expect(Math.abs(top - 56)).toBeLessThan(60);
  }, 360_000);

  it('one entry: the paged view of a single document follows a save too', async () => {
    const rel = '2022/150000.yaml';
    const file = join(dir, rel);
    const original = readFileSync(file, 'utf8');
    await page.goto(`${base()}view?file=${encodeURIComponent(rel)}&kind=entry&mode=paged`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.pagesHash !== undefined, { timeout: 120_000, polling: 100 });
    const hash = await page.evaluate(() => document.body.dataset.pagesHash!);
    const pages = pdfPages(await pdfOf(hash), 'reading');
    expect(await page.$$eval('#pages img', (imgs) => imgs.length)).toBe(pages.length);
    const m = /^  insured:\n    total: (\d+)\.(\d\d)$/m.exec(original)!;
    expect(m).not.toBeNull();
    const value = `${m[1]}.${m[2]}`;
    const at = pageOf(pages, `${value}万人`);
    expect(at).toBeGreaterThan(0);
    await page.evaluate((k) => document.getElementById(`p${k}`)!.scrollIntoView(), at);
    await page.waitForFunction((k, h) => (document.querySelector(`#p${k} img`) as HTMLImageElement).dataset.loadedHash === h, { timeout: 30_000 }, at, hash);
    const changed = `${Number(m[1]) + 1}.${m[2]}`;
    const next = m[0].replace(value, changed);
    const t0 = Date.now();
    writeFileSync(file, original.replace(m[0], next));
    await page.waitForFunction((i, h) => {
      const img = document.querySelector(`#p${i} img`) as HTMLImageElement;
      return img.dataset.loadedHash !== undefined && img.dataset.loadedHash !== h && img.dataset.loadedHash === img.dataset.hash;
    }, { timeout: 60_000, polling: 20 }, at, hash);
    const img = await image(at);
    console.info(`分页预览：保存 → 新页面图像显示（1个条目，第${at}页）：${img.loadedAt - t0} ms`);
    const now = pdfPages(await pdfOf(img.loadedHash), 'reading');
    expect(compact(now[at - 1]!)).toContain(`${changed}万人`);
  }, 240_000);

  it('closing the server closes its printer', async () => {
    expect(ownPrinters().length).toBe(1);
    await server!.close();
    expect(ownPrinters()).toEqual([]);
  });
});
