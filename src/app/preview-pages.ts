/**
 * The paged preview of `yearbook serve`: a view's pages printed to PDF as `yearbook build` prints
 * them, by one warm Chromium kept open for the server's life (started on the first paged view), with
 * the figures that have findings highlighted, then shown as page images (pdftoppm, one page per
 * request, cached by the PDF's hash). Prints nothing to the terminal, never exits, reads no environment
 * (`env` is passed in).
 *
 *   Preview.printInputs(view) → pageHtml (+ highlight style) → [measuring prints: 续表 breaks,
 *   contents page numbers — or the last print's, reused] → page.pdf → finishPdf → hash
 *   → /page.png?n=N: rasterizePage(pdf, N) (cached per hash and page)
 *
 * Measurements: the chapter's contents page numbers and every long table's 续表 breaks take extra
 * prints. A view printed before reuses its last measurements, so a save costs one print; right after
 * it, a check (the contents' pages read from that print; one print with the table rows marked) tells
 * whether they still hold, and when not the view is measured again and printed once more
 * (`onRevised`). Summaries' chart holes and a 公文's 版记 are placed as the build places them.
 */
import { createHash } from 'node:crypto';
import type { Page as BrowserPage } from 'puppeteer-core';
import { findBrowser, startBrowser, type BrowserSession, type Sandbox } from '../print/browser.js';
import { buildDate, finishPdf } from '../print/pdf-finish.js';
import { headingPages, pdfPagesAsync } from '../print/toc.js';
import { markTableRows, tableBreaks } from '../print/table-breaks.js';
import { pdfPageSizes, rasterizePage } from '../print/raster.js';
import { pageHtml, tocLines, type PageOptions } from '../render/html.js';
import { chapterHeadings } from '../render/plan.js';
import { continuedTables, fillChartHoles, LONG_TABLE, loadFonts, placeColophon, printedCharts, sharedFaces } from './build-pdf.js';
import type { FindingView, Preview, ViewKey } from './preview.js';

/** What the viewer gets of a paged view. */
export interface PagedView {
  /** The Preview's version the pages were printed from. */
  version: number;
  /** sha256 of the PDF: names its pages' images. */
  hash: string;
  /** Each page's size in CSS px (96 per inch). */
  pages: { width: number; height: number }[];
  /** How long printing this version took (ms), and how many prints it took. */
  printMs: number;
  prints: number;
  /** The last print's steps (ms): loading the HTML, its fonts, printing; then finishing and the page sizes. */
  steps: { load: number; fonts: number; pdf: number; finish: number };
  /** 'measured': contents page numbers and 续表 breaks measured for this version; 'reused': the last print's (checked right after). */
  measurements: 'measured' | 'reused';
  /** Checks of reused measurements so far, and how many found them moved (the view printed again). */
  checks: number;
  revisions: number;
}

/** A printed figure: its paths, the region of its statistical-table row or of its entry in a chapter, and the page it is printed on (1-based; null: not found in the text). */
export interface PrintedMark {
  paths: string[];
  region: string | null;
  /** In a statistical table's row (else in the text, a figure table or a chart). */
  row: boolean;
  page: number | null;
}

interface Measures {
  breaks: Record<string, number[]> | undefined;
  /** The contents' lines without page numbers (their count fixes the front's length). */
  tocSig: string;
  /** The page each contents heading starts on, counted from the first page as the folios are (as the build's). */
  starts: number[];
}

interface Printed extends Omit<PagedView, 'checks' | 'revisions'> {
  id: string;
  pdf: Uint8Array;
  html: string;
  /** The figures as the page shows them, in document order (text without white space). */
  figures: { paths: string[]; region: string | null; row: boolean; text: string }[];
  marks: Promise<PrintedMark[]> | null;
}

/** How long after a print with reused measurements they are checked (ms): a burst of saves is checked once. */
const CHECK_AFTER_MS = 1500;
/** Page images made at once. */
const RASTER_JOBS = 2;
/** Views printed again at once after a save: the last few opened. */
const MAX_VIEWS = 3;

const viewId = (key: ViewKey): string => `${key.kind}|${key.file ?? ''}|${key.year ?? ''}`;

/** A CSS string literal. */
const cssString = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;

/**
 * The print style of the preview: each figure an error or warning names gets a yellow ground and an
 * orange outline (a chart's label: red), which take no room, so the pages break as the build's do. A
 * finding about a region lights only that region's row of a statistical table.
 */
export function highlightCss(findings: FindingView[]): string {
  const selectors = new Set<string>();
  const labels = new Set<string>();
  for (const f of findings) {
    if (f.severity !== 'error' && f.severity !== 'warning') continue;
    for (const path of f.figures) {
      const fig = `[data-yb~=${cssString(path)}]`;
      labels.add(`svg text${fig}`);
      if (f.region) {
        // its row of a statistical table, its own entry in a chapter (section#rCODE), and anywhere in a document of its own
        selectors.add(`[data-yb-region=${cssString(f.region)}] ${fig}`);
        selectors.add(`section.chapter-region[id=${cssString('r' + f.region)}] ${fig}:not([data-yb-region] *)`);
        selectors.add(`${fig}:not([data-yb-region] *):not(section.chapter-region *)`);
      } else selectors.add(fig);
    }
  }
  if (selectors.size === 0) return '';
  const all = [...selectors];
  return (
    `${all.join(',\n')} { background-color: #ffe066 !important; outline: 1.5pt solid #e8590c !important; }\n` +
    `${[...labels].join(',\n')} { fill: #c92a2a !important; outline: none !important; }\n`
  );
}

/** Puts the preview's style into a page's HTML (after its own styles). */
function dress(html: string, css: string): string {
  if (!css) return html;
  const style = `<style data-yearbook-preview>\n${css}</style>\n`;
  const at = html.indexOf('</head>');
  return at < 0 ? style + html : html.slice(0, at) + style + html.slice(at);
}

/** Keeps at most `max` entries, dropping the oldest. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export class PagedPreview {
  private session: Promise<BrowserSession> | null = null;
  /** The shared @font-face style sheet of the fonts in use (sharedFaces), made again when the fonts change. */
  private faces: { css: string; swap: (html: string) => string } | null = null;
  /** The @font-face rules of the view being printed (its page options' fontFaces). */
  private fontCss: string | null = null;

  private tab: Promise<BrowserPage> | null = null;
  private readonly sandbox: Sandbox = { blocked: [] };
  /** Prints run one at a time, on one tab. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly views = new Map<string, { sig: string; printed: Promise<Printed>; key: ViewKey }>();
  /** The pages of each view the viewer last asked for (made as soon as the next print is done). */
  private readonly wanted = new Map<string, Set<number>>();
  /** The views the viewers asked for, the latest last. */
  private readonly recent = new Map<string, ViewKey>();
  private readonly measures = new Map<string, Measures>();
  private readonly pdfs = new Map<string, Printed>();
  private readonly pngs = new Map<string, Promise<Buffer>>();
  private closed = false;
  /** page.pdf calls so far (tests, logging). */
  prints = 0;
  checks = 0;
  revisions = 0;
  private steps = { load: 0, fonts: 0, pdf: 0 };
  /** Page images made so far (not served from the cache). */
  rasterized = 0;

  constructor(
    private readonly preview: Preview,
    private readonly env: Record<string, string | undefined>,
    /** Called when a check after a print found the measurements moved and the view was printed again. */
    private readonly onRevised: (key: ViewKey) => void = () => undefined,
  ) {}

  /** The view's pages as printed now: printed when its inputs changed since the last print. */
  async pages(key: ViewKey): Promise<PagedView> {
    const id = viewId(key);
    this.recent.delete(id);
    this.recent.set(id, key);
    const p = await this.printed(key);
    const { id: _id, pdf: _pdf, html: _html, figures: _figures, marks: _marks, ...view } = p;
    return { ...view, checks: this.checks, revisions: this.revisions };
  }

  /** Where each printed figure is in the print `hash` (one of the last few prints), or null. */
  marks(hash: string): Promise<PrintedMark[]> | null {
    const p = this.pdfs.get(hash);
    return p ? this.locate(p) : null;
  }

  /** A print's PDF by its hash (the last few prints are kept), or undefined. */
  pdf(hash: string): Uint8Array | undefined {
    return this.pdfs.get(hash)?.pdf;
  }

  /** Page `n` of the print `hash` as a PNG at 96 dpi, or null when there is no such print or page. */
  async png(hash: string, n: number): Promise<Buffer | null> {
    const p = this.pdfs.get(hash);
    if (!p || !Number.isInteger(n) || n < 1 || n > p.pages.length) return null;
    const wanted = this.wanted.get(p.id) ?? new Set<number>();
    wanted.add(n);
    // the pages in view: the last few asked for
    if (wanted.size > 4) wanted.delete(wanted.values().next().value!);
    this.wanted.set(p.id, wanted);
    return this.image(p, n);
  }

  private image(p: Printed, n: number): Promise<Buffer> {
    const id = `${p.hash}:${n}`;
    let png = this.pngs.get(id);
    if (!png) {
      this.rasterized++;
      png = this.raster(() => rasterizePage(p.pdf, n, 96));
      remember(this.pngs, id, png, 96);
      png.catch(() => this.pngs.delete(id));
    }
    return png;
  }

  /** pdftoppm runs at most RASTER_JOBS at a time, in the order asked: the pages in view first. */
  private rasterJobs = 0;
  private readonly rasterWaiting: (() => void)[] = [];
  private async raster<T>(fn: () => Promise<T>): Promise<T> {
    if (this.rasterJobs >= RASTER_JOBS) await new Promise<void>((r) => this.rasterWaiting.push(r));
    this.rasterJobs++;
    try {
      return await fn();
    } finally {
      this.rasterJobs--;
      this.rasterWaiting.shift()?.();
    }
  }

  /**
   * After a reload: the last few views the viewers asked for are printed again from the new inputs at
   * once (when they changed; the latest first), and the pages in view made into images, before the
   * viewer asks.
   */
  refresh(): void {
    // the view asked for last first: it is the one most likely on screen
    for (const key of [...this.recent.values()].slice(-MAX_VIEWS).reverse()) {
      try {
        void this.printed(key).catch(() => undefined);
      } catch {
        // a view that is gone: the viewer's request answers it
      }
    }
  }

  /** Closes the browser (when one was started). */
  async close(): Promise<void> {
    this.closed = true;
    const s = this.session;
    this.session = this.tab = null;
    if (s) await s.then((x) => x.close(), () => undefined);
  }

  private printed(key: ViewKey): Promise<Printed> {
    const id = viewId(key);
    const view = this.preview.view(key);
    const css = highlightCss(view.findings);
    // the view's documents and templates, and what it highlights
    const sig = createHash('sha256').update(this.preview.signature(key)).update(css).digest('hex');
    const hit = this.views.get(id);
    if (hit && hit.sig === sig) return hit.printed;
    const version = this.preview.version;
    const printed = this.run(() => this.print(key, css, version));
    this.views.delete(id);
    this.views.set(id, { sig, printed, key });
    // the pages the viewer had in view, made while its request is on its way
    void printed.then((p) => {
      for (const n of this.wanted.get(id) ?? []) if (n <= p.pages.length) void this.image(p, n).catch(() => undefined);
    }, () => undefined);
    printed.then(
      (p) => {
        // reused measurements are checked after a pause (a save seldom comes alone), and not at all when a
        // newer print was asked for meanwhile
        if (p.measurements === 'reused') {
          const timer = setTimeout(() => {
            if (this.views.get(id)?.sig === sig) void this.run(() => this.check(key, id, sig, css, p)).catch(() => undefined);
          }, CHECK_AFTER_MS);
          timer.unref();
        }
      },
      // a failed print is tried again at the next request (the viewer shows why meanwhile)
      () => {
        if (this.views.get(id)?.printed === printed) this.views.delete(id);
      },
    );
    return printed;
  }

  private run<T>(fn: () => Promise<T>): Promise<T> {
    const r = this.queue.then(() => {
      if (this.closed) throw new Error('预览服务已关闭');
      return fn();
    });
    this.queue = r.catch(() => undefined);
    return r;
  }

  private browserTab(): Promise<BrowserPage> {
    this.session ??= startBrowser(findBrowser(this.env), this.env);
    return (this.tab ??= this.session.then(async (s) => {
      const p = await s.newPage(this.sandbox);
      // laid out as printed from the start, as the build's tabs are
      await p.emulateMediaType('print');
      return p;
    }));
  }

  /** One print of `html` as the build prints a page; `collect`: also read the marked figures' text. */
  private async printHtml(html: string, o: { markRows?: boolean; collect?: Printed['figures'] } = {}): Promise<Uint8Array> {
    const p = await this.browserTab();
    const t0 = performance.now();
    // the @font-face rules from a style sheet the session serves, parsed once by the warm tab, as the build does
    const css = this.fontCss;
    if (css && this.faces?.css !== css) this.faces = { css, swap: sharedFaces(await this.session!, css) };
    await p.setContent(css && this.faces ? this.faces.swap(html) : html, { waitUntil: 'load', timeout: 120_000 });
    const t1 = performance.now();
    if (o.markRows) await markTableRows(p);
    if (o.collect) {
      const figures = await p.evaluate(() =>
        [...document.querySelectorAll('[data-yb]')].map((e) => ({
          paths: (e.getAttribute('data-yb') ?? '').split(' ').filter((x) => x !== ''),
          region: e.closest('[data-yb-region]')?.getAttribute('data-yb-region') ?? (e.closest('section.chapter-region')?.id.replace(/^r/, '') || null),
          row: e.closest('[data-yb-region]') !== null,
          text: (e.textContent ?? '').replace(/[\s\u00ad\u200b-\u200d\u2060\ufeff]+/g, ''),
        })),
      );
      o.collect.push(...figures);
    }
    const t2 = performance.now();
    await loadFonts(p);
    const t3 = performance.now();
    this.prints++;
    // untagged and without bookmarks: the same pages, sooner (the preview shows them, it does not keep the PDF)
    const pdf = await p.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, outline: false, timeout: 300_000 });
    this.steps = { load: Math.round(t1 - t0), fonts: Math.round(t3 - t2), pdf: Math.round(performance.now() - t3) };
    return pdf;
  }

  /** The view printed from its current inputs, with its last measurements when it has some. */
  private async print(key: ViewKey, css: string, version: number, fresh = false): Promise<Printed> {
    const t0 = performance.now();
    const prints0 = this.prints;
    const id = viewId(key);
    const { page, templates, data, opts } = this.preview.printInputs(key);
    this.fontCss = opts.fontFaces || null;
    const prev = fresh ? undefined : this.measures.get(id);
    const body = async (o: PageOptions): Promise<string> => dress(await pageHtml(page, templates, data, o, page.kind === 'chapter' ? 'none' : undefined), css);
    const withToc = async (o: PageOptions, m: Measures): Promise<string> => dress(await pageHtml(page, templates, data, o, tocLines(page, data, o, m.starts)), css);
    const tocSig = page.kind === 'chapter' ? JSON.stringify(tocLines(page, data, opts, null)) : '';
    let html: string | null = null;
    let opts1: PageOptions = opts;
    let m: Measures | undefined;
    let reused = false;
    // a save: the last print's 续表 breaks and contents page numbers, while the contents keep their lines
    if (prev && prev.tocSig === tocSig) {
      opts1 = prev.breaks ? { ...opts, tableBreaks: prev.breaks } : opts;
      html = page.kind === 'chapter' ? await withToc(opts1, prev) : await body(opts1);
      // a long table that came or went is measured
      if (LONG_TABLE.test(html) === (prev.breaks !== undefined)) {
        m = prev;
        reused = true;
      } else html = null;
    }
    if (!m || html === null) {
      const first = await body(opts);
      const breaks = LONG_TABLE.test(first) ? await continuedTables((b) => body({ ...opts, tableBreaks: b }), (h) => this.printHtml(h, { markRows: true })) : undefined;
      opts1 = breaks ? { ...opts, tableBreaks: breaks } : opts;
      m = { breaks, tocSig, starts: [] };
      if (page.kind === 'chapter') {
        // as the build: printed with its front (contents without page numbers), the pages each region and
        // entry title are on, counted from the first page as the folios are
        const measured = await this.printHtml(dress(await pageHtml(page, templates, data, opts1, tocLines(page, data, opts1, null)), css));
        m.starts = headingPages(await pdfPagesAsync(measured, 'reading'), chapterHeadings(page, data, opts1.rounding, opts1.statTables));
        html = await withToc(opts1, m);
      } else html = breaks ? await body(opts1) : first;
    }
    const figures: Printed['figures'] = [];
    let pdf = await this.printHtml(html, { collect: figures });
    let opts2 = opts1;
    const reprint = async (h: string): Promise<Uint8Array> => {
      figures.length = 0;
      return this.printHtml(h, { collect: figures });
    };
    if (page.kind === 'summary') ({ html, pdf, opts: opts2 } = await fillChartHoles(html, pdf, opts1, await printedCharts(page), body, reprint));
    if ((page.kind === 'summary' || page.kind === 'plan') && html.includes('class="colophon-page"')) {
      ({ html, pdf } = await placeColophon(html, pdf, async (o) => dress(await pageHtml(page, templates, data, { ...opts2, ...o }), css), reprint));
    }
    this.measures.set(id, m);
    const t9 = performance.now();
    const finished = finishPdf(pdf, { title: page.title, author: page.author, lang: 'zh-CN', date: buildDate(this.env, Date.UTC(page.year + 1, 0, 1) / 1000), showOutline: page.kind === 'chapter' });
    const hash = createHash('sha256').update(finished).digest('hex');
    const printed: Printed = {
      id,
      version,
      hash,
      pages: pdfPageSizes(finished).map((s) => ({ width: Math.round((s.width * 96) / 72), height: Math.round((s.height * 96) / 72) })),
      printMs: Math.round(performance.now() - t0),
      prints: this.prints - prints0,
      steps: { ...this.steps, finish: 0 },
      measurements: reused ? 'reused' : 'measured',
      pdf: finished,
      html,
      figures,
      marks: null,
    };
    printed.steps.finish = Math.round(performance.now() - t9);
    remember(this.pdfs, hash, printed, 6);
    return printed;
  }

  /**
   * After a print with reused measurements: do they still hold? The contents' pages are read from the
   * print itself (the front keeps its length, so the body stands where a print of it alone would);
   * the 续表 breaks from one print with the rows marked. When either moved, the view is measured and
   * printed again, and onRevised tells the viewer.
   */
  private async check(key: ViewKey, id: string, sig: string, css: string, p: Printed): Promise<void> {
    const current = (): boolean => !this.closed && this.views.get(id)?.sig === sig;
    if (!current()) return;
    const m = this.measures.get(id);
    if (!m) return;
    this.checks++;
    let moved = false;
    const { page, templates, data, opts } = this.preview.printInputs(key);
    if (page.kind === 'chapter') {
      const pages = await pdfPagesAsync(p.pdf, 'reading');
      moved = !same(headingPages(pages, chapterHeadings(page, data, opts.rounding, opts.statTables)), m.starts);
    }
    if (!moved && m.breaks) {
      const html = dress(await pageHtml(page, templates, data, { ...opts, tableBreaks: m.breaks }, page.kind === 'chapter' ? 'none' : undefined), css);
      if (!current()) return;
      moved = !same(tableBreaks(await this.printHtml(html, { markRows: true })), m.breaks);
    }
    if (!moved || !current()) return;
    this.revisions++;
    const again = this.print(key, css, p.version, true);
    this.views.set(id, { sig, printed: again, key });
    await again;
    this.onRevised(key);
  }

  /** The page each printed figure is on: found in the print's text, in document order (a figure is never before the one before it, except in a table or chart). */
  private locate(p: Printed): Promise<PrintedMark[]> {
    return (p.marks ??= Promise.resolve().then(async () => {
      const pages = (await pdfPagesAsync(p.pdf, 'reading')).map((t) => t.replace(/[\s\u00ad\u200b-\u200d\u2060\ufeff]+/g, ''));
      let from = 0;
      return p.figures.map((f) => {
        const find = (start: number): number => {
          if (f.text === '') return -1;
          for (let i = start; i < pages.length; i++) if (pages[i]!.includes(f.text)) return i;
          return -1;
        };
        // floats (tables, charts) may stand a page before the text around them
        let at = find(Math.max(0, from - 1));
        if (at < 0) at = find(0);
        if (at >= from) from = at;
        return { paths: f.paths, region: f.region, row: f.row, page: at < 0 ? null : at + 1 };
      });
    }));
  }
}
