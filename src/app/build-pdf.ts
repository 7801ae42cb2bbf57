/**
 * `yearbook build`: check the folder, then print every page of the render plan as a PDF.
 *
 *   prepare(dir) → { Report, Page[] } ─(errors and not --draft: stop)→ per page: pageHtml
 *   → one browser, started with its pages (print/page-pool.ts) while the folder is checked; pages
 *   print in parallel, the longest first, each document after document (the @font-face rules
 *   imported from a style sheet the session serves) → every font the page prints in loaded (margin
 *   boxes too) → page.pdf (a chapter once more for its contents' page numbers) → finishPdf (dates,
 *   ids, metadata) → atomic writes under out/YEAR/CODE/ (each path once: a duplicated document is
 *   skipped and listed); chart files beside them (SVG, and PNG drawn by the same browser on a page
 *   of its own while the documents print); beside a chapter its page index (chapter.index.json: where each
 *   region and figure printed, from the text of its print), which a later volume's --errata-index reads
 *   A page whose inputs did not change (build-cache.ts, OUT/.yearbook-cache/) is neither rendered
 *   nor printed nor written: its files are left as they are.
 *
 * Prints nothing and never exits: progress and results go through callbacks and the returned value.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Page as BrowserPage } from 'puppeteer-core';
import type { Report } from '../core/check.js';
import { findBrowser, startBrowser, type BrowserSession, type Sandbox } from '../print/browser.js';
import { pageHtml as renderHtml, tocLines } from '../render/html.js';
import { chapterHeadings, printedDocs, svgSize, type Page } from '../render/plan.js';
import { writeAtomic } from '../io/atomic.js';
import { buildDate, finishPdf } from '../print/pdf-finish.js';
import { headingPages, pdfPages, pdfPagesAsync } from '../print/toc.js';
import { pageWordBoxes, type PageBoxes } from '../print/word-boxes.js';
import { markTableRows, tableBreaks } from '../print/table-breaks.js';
import { chartHoles, type PrintedChart } from '../print/chart-holes.js';
import { svgToPng } from '../print/png.js';
import { PagePool } from '../print/page-pool.js';
import { prefetchCharts, prepare, type RenderSettings } from './prepare.js';
import { BuildCache } from './build-cache.js';
import type { TextError } from '../render/text.js';
import type { PageOptions } from '../render/page-common.js';
import { chapterIndex } from '../render/errata.js';

export interface BuildOptions extends RenderSettings {
  dir: string;
  out: string;
  draft: boolean;
  /** Pages printed at once (default: the number of cores). */
  concurrency?: number;
  /** The environment: PUPPETEER_EXECUTABLE_PATH, SOURCE_DATE_EPOCH. */
  env: Record<string, string | undefined>;
  onProgress?: (done: number, total: number, current: string) => void;
  /** Timings of each page's loading, fonts and printing (YEARBOOK_TRACE). */
  onTrace?: (line: string) => void;
  /** Build every page, whatever the cache says, and write the cache anew (--force). */
  force?: boolean;
  /** A browser already open (--watch keeps one warm): used and left open; else the build starts and closes its own. */
  session?: BrowserSession;
}

export interface BuildResult {
  report: Report;
  /** True when the check found errors and --draft was not given: nothing was built. */
  refused: boolean;
  /** Every output of the build: those written now and those left as they were. */
  outputs: string[];
  /** The outputs written by this build. */
  written: string[];
  /** The outputs left untouched: their inputs did not change since the build that wrote them (or they came out the same bytes). */
  unchanged: string[];
  /** Requests the pages tried to make and were refused. */
  blocked: string[];
  /** Placeholders a draft printed as 〔缺：…〕. */
  problems: TextError[];
  /** Documents not printed (a draft's duplicate-document errors): each file, and the file printed instead. */
  skipped: { file: string; original: string }[];
  timings: BuildTimings;
}

/** Where a build's time went (ms): the wall time, Chromium's printing (overlaps counted once), the check, and each stage. */
export interface BuildTimings {
  totalMs: number;
  printMs: number;
  checkMs: number;
  /** Time spent in each stage, summed over the pages (pages run in parallel: the sum may exceed the wall time). */
  stages: Record<string, number>;
  /** Calls of page.pdf, measuring prints included. */
  prints: number;
  /** Font files the pages asked for (each page keeps those it has loaded). */
  fontFiles: number;
}

/** Total length of a set of intervals, overlaps counted once. */
export function unionLength(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/** A page with a font face still loading when it is to be printed: its text would be left out. */
export class FontLoadError extends Error {}

/**
 * Loads, before printing, every font face the page's text needs, and fails when one is still loading
 * (a face that cannot load, its request refused and listed in `blocked`, falls back as before).
 * Layout of the body requests only what the body shows; what only the margin boxes print (running
 * heads and the draft stamp, from the style sheets' `content:` strings; folios from counters) would
 * be requested when printing starts, and while a face is loading Chromium prints nothing of any text
 * in that font and size (font-display: block): a table in the running head's font and size went
 * blank with it. So each font in use gets the characters it prints: an element's own text and its
 * ::before/::after content in the element's font; every character of the style sheets (CSS escapes
 * decoded) and the numerals of counters in every font an @page or margin rule names, and the root's.
 * Runs through the DevTools protocol: the page's own JavaScript stays off.
 */
export async function loadFonts(p: BrowserPage): Promise<void> {
  const missing = await p.evaluate(async () => {
    const decode = (css: string): string =>
      css.replace(/\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\([^0-9a-fA-F\n\r\f])/g, (_m, hex: string | undefined, ch: string | undefined) => {
        if (ch !== undefined) return ch;
        const n = parseInt(hex!, 16);
        return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
      });
    // font (a `font` shorthand) → the characters printed in it
    const samples = new Map<string, Set<string>>();
    const add = (cs: CSSStyleDeclaration, text: string): void => {
      const font = `${cs.fontStyle} ${cs.fontWeight} 16px ${cs.fontFamily}`;
      const set = samples.get(font) ?? new Set<string>();
      samples.set(font, set);
      for (const c of text) set.add(c);
    };
    for (const el of document.querySelectorAll('*')) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none') continue;
      add(cs, [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(''));
      for (const pseudo of ['::before', '::after']) {
        const ps = getComputedStyle(el, pseudo);
        if (ps.content !== 'none' && ps.content !== 'normal') add(ps, decode(ps.content));
      }
    }
    // the margin boxes: what @page and margin rules declare (var() resolved as for the page context,
    // against the root element), in any combination, and the root's own font they inherit
    const declared = { fontFamily: new Set(['']), fontWeight: new Set(['']), fontStyle: new Set(['']) };
    type Rule = CSSRule & { style?: CSSStyleDeclaration; cssRules?: CSSRuleList };
    // a margin rule is a child of a page rule (CSSMarginRule is not yet in TypeScript's DOM types)
    const walk = (rules: CSSRuleList, inPage: boolean): void => {
      for (const rule of rules as Iterable<Rule>) {
        const page = rule instanceof CSSPageRule;
        if ((page || inPage) && rule.style) for (const k of ['fontFamily', 'fontWeight', 'fontStyle'] as const) if (rule.style[k]) declared[k].add(rule.style[k]);
        if (rule.cssRules) walk(rule.cssRules, page);
      }
    };
    for (const sheet of document.styleSheets) {
      // a style sheet the sandbox blocked (another origin) has no rules to read
      let rules: CSSRuleList | null = null;
      try {
        rules = sheet.cssRules;
      } catch {
        rules = null;
      }
      if (rules) walk(rules, false);
    }
    const margins = decode([...document.querySelectorAll('style')].map((s) => s.textContent).join('')) + '0123456789〇一二三四五六七八九十百千—– ';
    const probe = document.createElement('span');
    document.documentElement.append(probe);
    for (const family of declared.fontFamily)
      for (const weight of declared.fontWeight)
        for (const style of declared.fontStyle) {
          probe.style.fontFamily = family;
          probe.style.fontWeight = weight;
          probe.style.fontStyle = style;
          add(getComputedStyle(probe), margins);
        }
    probe.remove();
    const wanted = [...samples].map(([font, chars]) => [font, [...chars].join('')] as const).filter(([, text]) => text !== '');
    await Promise.all(wanted.map(([font, text]) => document.fonts.load(font, text).catch(() => undefined)));
    await document.fonts.ready;
    return [...document.fonts].filter((face) => face.status === 'loading').map((face) => `${face.family} ${face.weight} ${face.unicodeRange}`);
  });
  if (missing.length > 0) throw new FontLoadError(`字体尚未加载完成，页面无法完整打印：${missing.slice(0, 3).join('、')}${missing.length > 3 ? `等${missing.length}项` : ''}`);
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const env = opts.env;
  // the browser starts while the folder is read and checked
  const starting = opts.session ? Promise.resolve(opts.session) : startBrowser(findBrowser(env), env);
  // a launch that fails before the folder is read is awaited (and reported) below, not unhandled now
  void starting.catch(() => undefined);
  const sandbox: Sandbox = { blocked: [], served: 0 };
  const concurrency = Math.max(1, opts.concurrency ?? cpus().length);
  // the printing pages open as soon as the browser is up, while the folder is read and checked
  const pool = new PagePool(async () => {
    const p = await (await starting).newPage(sandbox);
    // laid out as printed from the start: the fonts loadFonts finds in use are those of print styles
    await p.emulateMediaType('print');
    return p;
  });
  pool.warm(concurrency);
  // and the page for chart PNGs (screen media), when charts are drawn
  const chartPage = opts.charts === false ? null : starting.then((s) => s.newPage(sandbox));
  void chartPage?.catch(() => undefined);
  // a session of our own closes with its pages; one lent by the caller (--watch) is left open, without this build's pages
  // the pages still opening are let finish and closed first: a browser closed under a page being opened
  // leaves puppeteer's 30-second wait for that page's target running, which kept the process alive
  const close = async (s: BrowserSession): Promise<void> => {
    await pool.close();
    await chartPage?.then((p) => p.close(), () => undefined).catch(() => undefined);
    if (s !== opts.session) return s.close();
  };
  let prepared;
  try {
    prepared = await prepare(opts.dir, { ...opts, chartCache: { out: opts.out, force: opts.force === true } }, opts.draft);
  } catch (e) {
    await starting.then(close, () => undefined);
    throw e;
  }
  const { report, data, page: pageOpts, plan, problems, sources } = prepared;
  const templates = prepared.templates!;
  const checkMs = performance.now() - t0;
  if (report.summary.errors > 0 && !opts.draft) {
    await prepared.charts?.close();
    await starting.then(close, () => undefined);
    return { report, refused: true, outputs: [], written: [], unchanged: [], blocked: [], problems, skipped: [], timings: { totalMs: performance.now() - t0, printMs: 0, checkMs, stages: {}, prints: 0, fontFiles: 0 } };
  }
  // every chart the pages may ask for, queued in plan order (drawn in the chart worker, or read from the cache folder)
  prefetchCharts(plan);
  const stages: Record<string, number> = {};
  const stage = (name: string, since: number): void => void (stages[name] = (stages[name] ?? 0) + performance.now() - since);
  let prints = 0;
  const pageHtml = async (...a: Parameters<typeof renderHtml>): Promise<string> => {
    const t = performance.now();
    try {
      return await renderHtml(...a);
    } finally {
      stage('HTML (pageHtml, its charts drawn)', t);
    }
  };
  const tb = performance.now();
  const session: BrowserSession = await starting;
  stage('browser start (after the check)', tb);
  const outputs: string[] = [];
  let cache: BuildCache | undefined;
  /** Writes one of a page's files (atomically), unless the file there has these bytes already; notes it for the cache. */
  const write = (page: Page, path: string, bytes: string | Uint8Array): void => {
    if (!cache!.wrote(page, path, bytes)) return;
    writeAtomic(path, bytes);
    outputs.push(path);
  };
  // wall-clock intervals during which Chromium was printing (pages print in parallel: their union counts)
  const printing: [number, number][] = [];
  const trace = opts.onTrace ? (what: string, since: number): void => opts.onTrace!(`[trace] ${((performance.now() - t0) / 1000).toFixed(2)}s ${what} ${(performance.now() - since).toFixed(0)}ms`) : null;
  try {
    cache = new BuildCache({ out: opts.out, force: opts.force === true, dir: opts.dir, settings: opts, draft: opts.draft, sources, data, report, browser: await session.browser.version(), env, templates, page: pageOpts, errata: prepared.errataKey });
    // the pages whose outputs must be made again; the others' files stay as they are
    const ts = performance.now();
    const todo = await cache.select(plan);
    stage('cache: inputs compared (first HTML and charts of the pages whose inputs changed)', ts);
    problems.push(...cache.problems);
    const chartFiles = async (page: Page): Promise<void> => {
      const tv = performance.now();
      const files = await page.chartFiles();
      stage('chart files: SVG (vega)', tv);
      for (const file of files) {
        const base = join(opts.out, file.path);
        write(page, `${base}.svg`, file.svg);
        // a PNG its last build drew from the same SVG with this Chromium is not drawn again
        if (cache!.keepsPng(page, `${base}.png`, file.svg)) continue;
        const tq = performance.now();
        const png = await svgToPng(file.svg, await chartPage!, 3, 'served');
        stage('chart files: PNG', tq);
        write(page, `${base}.png`, png);
      }
    };
    // a page's cache entry is made once both its document is printed and its chart files are written (they run side by side)
    const printed = new Map<Page, { met: TextError[]; blocked: string[]; contents: number[] | undefined }>();
    const halfDone = new Set<Page>();
    const pageDone = (page: Page): void => {
      if (!halfDone.delete(page)) return void halfDone.add(page);
      const p = printed.get(page)!;
      cache!.built(page, p.met, p.blocked, p.contents);
    };
    // chart files in plan order, on a page of their own, while the documents print: the same bytes whatever the scheduling
    const chartLane = async (): Promise<void> => {
      const tc = performance.now();
      for (const page of todo) {
        await chartFiles(page);
        pageDone(page);
      }
      stage('chart files (SVG, PNG)', tc);
    };

    // the @font-face rules (some 400 KB) the pages share, loaded once per page rather than sent and parsed with each document
    const faces = pageOpts.fontFaces ? sharedFaces(session, pageOpts.fontFaces) : (html: string): string => html;
    const print = async (p: BrowserPage, html: string, markRows = false): Promise<Uint8Array> => {
      const t1 = performance.now();
      await p.setContent(faces(html), { waitUntil: 'load', timeout: 120_000 });
      stage('setContent', t1);
      trace?.('setContent', t1);
      // a measuring print: each table row marked where it lands (before the fonts, so the markers' glyphs load too)
      if (markRows) await markTableRows(p);
      const t2 = performance.now();
      await loadFonts(p);
      stage('fonts', t2);
      trace?.('fonts', t2);
      const t = performance.now();
      const pdf = await p.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 300_000 });
      printing.push([t, performance.now()]);
      stage('page.pdf', t);
      prints++;
      trace?.('pdf', t);
      return pdf;
    };
    const total = todo.length;
    let done = 0;
    /** The page options with a draft's placeholders also noted in `met`. */
    const metBy = (met: TextError[]): PageOptions => ({ ...pageOpts, onProblem: pageOpts.onProblem ? (e) => (pageOpts.onProblem!(e), void met.push(e)) : undefined });
    const run = async (page: Page, p: BrowserPage): Promise<void> => {
      // what this page meets (placeholders, refused requests: those of pages printing meanwhile too), kept with its cache entry
      const met: TextError[] = [];
      const blockedBefore = sandbox.blocked.length;
      const pageOpts = metBy(met);
      // assigned on every path below (tsc cannot follow the chapter's)
      let html!: string;
      // the body (a chapter's without its contents; the contents do not move what follows within its pages)
      const body = (o: PageOptions): Promise<string> => pageHtml(page, templates, data, o, page.kind === 'chapter' ? 'none' : undefined);
      const first = await body(pageOpts);
      // long tables print in parts under 续表n where a measuring print finds them continue
      const opts1 = LONG_TABLE.test(first) ? { ...pageOpts, tableBreaks: await continuedTables((b) => body({ ...pageOpts, tableBreaks: b }), (h) => print(p, h, true)) } : pageOpts;
      let contents: number[] | undefined;
      let pdf: Uint8Array | undefined;
      let headings: ReturnType<typeof chapterHeadings> = [];
      if (page.kind === 'chapter') {
        headings = chapterHeadings(page, data, opts1.rounding, opts1.statTables, opts1.errata ?? null);
        const found = async (printed: Uint8Array): Promise<number[]> => {
          const tt = performance.now();
          const starts = headingPages(await pdfPagesAsync(printed, 'reading'), headings);
          stage('contents: headings found (pdftotext)', tt);
          return starts;
        };
        // a rebuild tries the contents its last build printed: kept when the print puts every heading on the page
        // they name (the numbers do not move the text, so a print from scratch would have found those pages too)
        const hint = cache!.contentsOf(page);
        if (hint && hint.length === headings.length) {
          const guess = await pageHtml(page, templates, data, opts1, tocLines(page, data, opts1, hint));
          const printed = await print(p, guess);
          if ((await found(printed)).join() === hint.join()) {
            html = guess;
            pdf = printed;
            contents = hint;
          }
        }
        if (!contents) {
          // printed with its front (title, part-title page, contents without page numbers): the pages each region
          // and each entry title are on, counted from the first page as the folios are. The contents list the
          // names, not a heading as the body prints it (an entry title in 【】, a region's name over its year), so
          // the search, which goes from the first page on, finds the headings in the body.
          contents = await found(await print(p, await pageHtml(page, templates, data, opts1, tocLines(page, data, opts1, null))));
          html = await pageHtml(page, templates, data, opts1, tocLines(page, data, opts1, contents));
        }
      } else html = opts1 === pageOpts ? first : await body(opts1);
      pdf ??= await print(p, html);
      let opts2 = opts1;
      if (page.kind === 'summary') ({ html, pdf, opts: opts2 } = await fillChartHoles(html, pdf, opts1, await printedCharts(page), (o) => body(o), (h) => print(p, h)));
      if ((page.kind === 'summary' || page.kind === 'plan') && html.includes('class="colophon-page"')) ({ html, pdf } = await placeColophon(html, pdf, (o) => pageHtml(page, templates, data, { ...opts2, ...o }), (h) => print(p, h)));
      // SOURCE_DATE_EPOCH when set, else 1 January after the year the document describes
      // a chapter opens with its bookmarks shown
      const tf = performance.now();
      const finished = finishPdf(pdf, { title: page.title, author: page.author, lang: 'zh-CN', date: buildDate(env, Date.UTC(page.year + 1, 0, 1) / 1000), showOutline: page.kind === 'chapter' });
      stage('finishPdf', tf);
      const out = join(opts.out, page.path);
      // a chapter's page index beside it: where each region and figure printed (the next volume's --errata-index)
      let index: string | null = null;
      if (page.kind === 'chapter' && contents) {
        const ti = performance.now();
        const texts = await pdfPagesAsync(pdf, 'reading');
        const members = headings.flatMap((h, i) => (h.level === 'region' && h.year !== undefined ? [contents![i]!] : []));
        // the parts after the regions: 统计资料 (--tables end), 勘误表
        const parts = headings.flatMap((h, i) => (h.level === 'region' && h.year === undefined ? [{ name: h.name, page: contents![i]! }] : []));
        const tablesAt = parts.findIndex((x) => x.name === '统计资料');
        const tables = tablesAt < 0 ? null : { first: parts[tablesAt]!.page, last: parts[tablesAt + 1]?.page ?? texts.length };
        index = JSON.stringify(chapterIndex(data, page.title, page.year, page.docs, members, parts[0]?.page ?? texts.length, texts, tables), null, 1) + '\n';
        stage('chapter index (pdftotext)', ti);
      }
      const tw = performance.now();
      write(page, `${out}.html`, html);
      write(page, `${out}.pdf`, finished);
      if (index !== null) write(page, `${out}.index.json`, index);
      printed.set(page, { met, blocked: sandbox.blocked.slice(blockedBefore), contents });
      pageDone(page);
      stage('writes', tw);
      done++;
      opts.onProgress?.(done, total, `${out}.pdf`);
    };
    const width = Math.min(concurrency, todo.length);
    // the longest first (a chapter prints all its entries, and more than once), so that none is left printing alone at the end
    const queue = [...todo].sort((a, b) => cost(b) - cost(a));
    await Promise.all([
      chartLane(),
      ...Array.from({ length: width }, async () => {
        const tp = performance.now();
        const p = await pool.acquire();
        stage('page (opened ahead)', tp);
        try {
          for (let page = queue.shift(); page; page = queue.shift()) await run(page, p);
        } finally {
          pool.release(p);
        }
      }),
    ]);
  } finally {
    try {
      await cache?.save();
    } finally {
      await prepared.charts?.close();
      await close(session);
    }
  }
  const skipped = printedDocs(data.docs).skipped.map((s) => ({ file: s.doc.file, original: s.original.file }));
  return { report, refused: false, outputs: [...cache!.unchanged, ...outputs], written: outputs, unchanged: cache!.unchanged, blocked: [...cache!.blocked, ...sandbox.blocked], problems, skipped, timings: { totalMs: performance.now() - t0, printMs: unionLength(printing), checkMs, stages, prints, fontFiles: sandbox.served ?? 0 } };
}

/**
 * The document as printed with the @font-face rules it opens its style sheet with (`<style>` then the rules, as
 * templates/head.hbs writes them) imported from a style sheet the session serves: the same rules in the same
 * place. A document that does not open so (a templates copy that moved them) is printed as it is.
 */
export function sharedFaces(session: BrowserSession, fontFaces: string): (html: string) => string {
  const inline = `<style>\n${fontFaces}\n`;
  const imported = `<style>\n@import url("${session.shareStyleSheet(fontFaces)}");\n`;
  return (html) => {
    const at = html.indexOf(inline);
    return at < 0 ? html : html.slice(0, at) + imported + html.slice(at + inline.length);
  };
}

/** A rough measure of how long a page takes to print, to start the longest first: a chapter's entries, then one. */
function cost(page: Page): number {
  return page.kind === 'chapter' ? 1 + page.docs.length : 1;
}

/** A table that may break across pages or columns (a short one is kept whole). */
export const LONG_TABLE = /<table class="(?:figure-table(?! short)|stat-table)[^"]*" data-yb-table=/;

/**
 * Where each long table continues: a measuring print of the page with its rows marked, then again with
 * the tables in parts (each 续表n part starting a new page or column), until the parts are where the
 * print breaks them. A label takes a line, so a part can run out one row earlier: then the first new
 * break found is kept with those before it, the cuts after it that the last round forced are dropped
 * (their page or column may have moved) and are found again where the next round breaks.
 */
export async function continuedTables(render: (breaks: Record<string, number[]>) => Promise<string>, printMarked: (html: string) => Promise<Uint8Array>): Promise<Record<string, number[]>> {
  // a cut: a table (t3, its second column group t3-2) and the row a part starts at, in print order
  type Cut = { id: string; row: number };
  const rank = (id: string): number => {
    const m = /^t(\d+)(?:-(\d+))?$/.exec(id);
    return m ? Number(m[1]) * 100 + Number(m[2] ?? 0) : 0;
  };
  const order = (a: Cut, b: Cut): number => rank(a.id) - rank(b.id) || a.row - b.row;
  const key = (c: Cut): string => `${c.id}:${c.row}`;
  const flat = (r: Record<string, number[]>): Cut[] => Object.entries(r).flatMap(([id, rows]) => rows.map((row) => ({ id, row }))).sort(order);
  const record = (cuts: Cut[]): Record<string, number[]> => {
    const out: Record<string, number[]> = {};
    for (const c of cuts) (out[c.id] ??= []).push(c.row);
    return out;
  };
  let cuts: Cut[] = [];
  for (let round = 0; ; round++) {
    const found = flat(tableBreaks(await printMarked(await render(record(cuts)))));
    const forced = new Set(cuts.map(key));
    const first = found.find((c) => !forced.has(key(c)));
    // stable; or, after a few rounds, every break the last print shows gets its label
    if (!first || round === 5) return record(found);
    cuts = found.filter((c) => order(c, first) <= 0 || !forced.has(key(c)));
  }
}

/** A summary's charts as printed: number and height (an SVG's px at 96/in, printed at its own width). */
export async function printedCharts(page: Page): Promise<PrintedChart[]> {
  return (await page.charts()).flat().map((c) => ({ n: c.n, height: svgSize(c.svg).height * 0.75 }));
}

/**
 * A chart that did not fit at the foot of a page moves on alone and leaves a hole: it is moved a
 * paragraph further down the text (the text after it fills the room) and the page printed again, until
 * no chart leaves a hole or it has reached the end of the text. At most a few rounds.
 */
export async function fillChartHoles(
  html: string,
  pdf: Uint8Array,
  opts: PageOptions,
  charts: PrintedChart[],
  render: (o: PageOptions) => Promise<string>,
  print: (html: string) => Promise<Uint8Array>,
): Promise<{ html: string; pdf: Uint8Array; opts: PageOptions }> {
  if (charts.length === 0) return { html, pdf, opts };
  let shift: Record<number, number> = {};
  for (let round = 0; round < 6; round++) {
    const holes = chartHoles(pdf, charts);
    if (holes.length === 0) break;
    const next = { ...shift };
    for (const n of holes) next[n] = (next[n] ?? 0) + 1;
    const o = { ...opts, chartShift: next };
    const moved = await render(o);
    // the chart already stands after the last paragraph
    if (moved === html) break;
    shift = next;
    html = moved;
    pdf = await print(html);
    opts = o;
  }
  return { html, pdf, opts };
}

/**
 * GB/T 9704 puts the 版记 at the foot of the last page, an even one. The first print has it on a page of
 * its own after the text (`first`). When that page is odd the text ends on an even page: if the 版记 fits
 * there it follows the text, padded down until its first line stands where it stood on its own page (a
 * second print finds where it lands unpadded); else a blank page goes before it.
 */
export async function placeColophon(
  html: string,
  first: Uint8Array,
  render: (o: { colophon: 'blank' | { pad: number } }) => Promise<string>,
  print: (html: string) => Promise<Uint8Array>,
): Promise<{ html: string; pdf: Uint8Array }> {
  const own = pageWordBoxes(first);
  if (own.length % 2 === 0) return { html, pdf: first };
  const top = (p: PageBoxes | undefined): number | null => {
    const w = p?.words.find((x) => x.text.startsWith('抄送') || x.text.endsWith('印发'));
    return w ? w.y0 : null;
  };
  const at = top(own[own.length - 1]);
  if (at !== null && own.length > 1) {
    const flowHtml = await render({ colophon: { pad: 0 } });
    const flow = pageWordBoxes(await print(flowHtml));
    const unpadded = top(flow[flow.length - 1]);
    if (flow.length === own.length - 1 && unpadded !== null && unpadded <= at) {
      const padded = await render({ colophon: { pad: at - unpadded } });
      const pdf = await print(padded);
      if (pdfPages(pdf).length === own.length - 1) return { html: padded, pdf };
    }
  }
  const blank = await render({ colophon: 'blank' });
  return { html: blank, pdf: await print(blank) };
}

