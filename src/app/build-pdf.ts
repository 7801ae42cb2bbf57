/**
 * `yearbook build`: check the folder, then print every document and a chapter per year as PDFs.
 *
 *   loadFolder → checkDataset ─(errors and not --draft: stop)→ jobs (entry / summary / plan per
 *   document, chapter per year) → HTML (templates) → one browser, pages in parallel → page.pdf
 *   → finishPdf (dates, ids, metadata) → atomic writes under out/YEAR/CODE/
 *
 * Prints nothing: progress and results go through callbacks and the returned value.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { loadFolder, type Dataset } from '../io/folder.js';
import { checkDataset, type Report } from '../core/check.js';
import type { Doc } from '../core/model/types.js';
import { findBrowser, startBrowser, type BrowserSession, type Sandbox } from '../print/browser.js';
import { loadFontMap } from '../io/fonts.js';
import { entryHtml, loadTemplates, planHtml, summaryHtml, type Chart, type EntryInput, type PageOptions, type Templates, type TocLine } from '../render/html.js';
import { docDir, plannedOutputs } from '../render/plan.js';
import { writeAtomic } from '../io/atomic.js';
import { buildDate, finishPdf } from '../print/pdf-finish.js';
import { headingPages, pdfPages } from '../print/toc.js';
import type { RoundingMode } from '../render/figure-text.js';
import type { ChartProvider } from '../render/chart-provider.js';

export interface BuildOptions {
  dir: string;
  out: string;
  templates: string;
  draft: boolean;
  rounding: RoundingMode;
  chapter: string;
  /** Pages printed at once (default: the number of cores). */
  concurrency?: number;
  /** Charts: the bundled vega-lite charts by default; false for none. */
  env?: Record<string, string | undefined>;
  onProgress?: (done: number, total: number, current: string) => void;
  charts?: ChartProvider | false;
}

export interface BuildResult {
  report: Report;
  /** True when the check found errors and --draft was not given: nothing was built. */
  refused: boolean;
  outputs: string[];
  /** Requests the pages tried to make and were refused. */
  blocked: string[];
  timings: { totalMs: number; printMs: number; checkMs: number };
}

interface Job {
  kind: 'entry' | 'summary' | 'plan' | 'chapter';
  /** Output path without extension. */
  base: string;
  title: string;
  author: string;
  year: number;
  html: (toc: TocLine[] | null) => string;
  /** For a chapter: the region headings the table of contents lists. */
  headings?: { name: string; year: string; sections: string[] }[];
}

/** The charts module behind the ChartProvider seam (loaded on demand: vega is large). */
export async function defaultCharts(): Promise<ChartProvider> {
  const c = await import('../render/charts.js');
  return {
    chartsForDocument: (doc, data, size, withTitle) => c.chartsForDocument(doc, data, { size, title: withTitle }),
    renderSvg: (input) => c.renderSvg(input as Parameters<typeof c.renderSvg>[0]),
    svgToPng: (svg, page, scale) => c.svgToPng(svg, page, scale),
  };
}

async function chartsFor(provider: ChartProvider | null, doc: Doc, data: Dataset, size: 'column' | 'page', start: number, dir: string, page: () => Promise<Page>, outputs: string[]): Promise<Chart[]> {
  if (!provider) return [];
  // in the PDF the caption (图n …) carries the title; the files for Word draw it and use the page width
  const inputs = provider.chartsForDocument(doc, data, size, false);
  const standalone = provider.chartsForDocument(doc, data, 'page', true);
  const charts: Chart[] = [];
  for (const [i, input] of inputs.entries()) {
    const svg = await provider.renderSvg(input);
    charts.push({ n: start + i, title: input.title, svg: svg.replace(/^<\?xml[^>]*>\s*/, '') });
  }
  for (const input of standalone) {
    const svg = await provider.renderSvg(input);
    const file = join(dir, 'charts', `${input.id}`);
    writeAtomic(`${file}.svg`, svg);
    writeAtomic(`${file}.png`, await provider.svgToPng(svg, await page()));
    outputs.push(`${file}.svg`, `${file}.png`);
  }
  return charts;
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

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const env = opts.env ?? process.env;
  // the browser starts while the folder is read and checked
  const starting = startBrowser(findBrowser(env));
  let session: BrowserSession;
  let data: Dataset;
  let report: Report;
  let templates: Templates;
  let page: PageOptions;
  try {
    data = loadFolder(opts.dir);
    report = checkDataset(data);
    templates = loadTemplates(opts.templates);
    const errors = report.summary.errors;
    page = { fonts: loadFontMap(opts.templates), rounding: opts.rounding, draft: errors > 0 ? `草稿 · ${errors}处数据不一致` : null, chapter: opts.chapter };
  } catch (e) {
    await starting.then((s) => s.close(), () => undefined);
    throw e;
  }
  const checkMs = performance.now() - t0;
  if (report.summary.errors > 0 && !opts.draft) {
    await starting.then((s) => s.close(), () => undefined);
    return { report, refused: true, outputs: [], blocked: [], timings: { totalMs: performance.now() - t0, printMs: 0, checkMs } };
  }
  session = await starting;
  const sandbox: Sandbox = { blocked: [] };
  const outputs: string[] = [];
  // wall-clock intervals during which Chromium was printing (pages print in parallel: their union counts)
  const printing: [number, number][] = [];
  try {
    // a page for chart PNGs, opened only when a chart needs it
    let chartPage: Page | null = null;
    const chartPageFn = async (): Promise<Page> => (chartPage ??= await session.newPage(sandbox));

    const provider = opts.charts === false ? null : (opts.charts ?? (await defaultCharts()));
    /** Each entry's charts, reused (renumbered) by its year's chapter. */
    const entryCharts = new Map<Doc, Chart[]>();
    const jobs: Job[] = [];
    for (const o of plannedOutputs(data, opts.out, page.chapter, opts.rounding)) {
      const common = { kind: o.kind, base: o.base, title: o.title, author: o.author, year: o.year };
      if (o.kind === 'chapter') {
        let figure = 1;
        const inputs: EntryInput[] = o.docs.map((doc, i) => ({ doc, charts: (entryCharts.get(doc) ?? []).map((c) => ({ ...c, n: figure++ })), tableNo: i + 1 }));
        const headings = o.docs.map((d) => ({ name: d.region?.name ?? d.regionCode!, year: `${d.year}年`, sections: d.entry!.sections.map((x) => x.title) }));
        jobs.push({ ...common, headings, html: (toc) => entryHtml(templates, data, inputs, page, toc) });
        continue;
      }
      const doc = o.doc;
      const dir = docDir(opts.out, doc);
      if (o.kind === 'entry') {
        const charts = await chartsFor(provider, doc, data, 'column', 1, dir, chartPageFn, outputs);
        entryCharts.set(doc, charts);
        jobs.push({ ...common, html: () => entryHtml(templates, data, [{ doc, charts, tableNo: 1 }], page, null) });
      } else if (o.kind === 'summary') {
        // a document with an entry shows its charts there
        const charts = doc.entry ? [] : await chartsFor(provider, doc, data, 'page', 1, dir, chartPageFn, outputs);
        jobs.push({ ...common, html: () => summaryHtml(templates, data, doc, charts, page) });
      } else {
        jobs.push({ ...common, html: () => planHtml(templates, data, doc, [], page) });
      }
    }

    const total = jobs.length;
    let done = 0;
    const trace = env.YEARBOOK_TRACE ? (what: string, since: number): void => void process.stderr.write(`[trace] ${((performance.now() - t0) / 1000).toFixed(2)}s ${what} ${(performance.now() - since).toFixed(0)}ms\n`) : null;
    const print = async (p: Page, html: string): Promise<Uint8Array> => {
      const t1 = performance.now();
      await p.setContent(html, { waitUntil: 'load', timeout: 120_000 });
      trace?.('setContent', t1);
      const t2 = performance.now();
      await p.evaluate(() => document.fonts.ready.then(() => undefined));
      trace?.('fonts', t2);
      const t = performance.now();
      const pdf = await p.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: 300_000 });
      printing.push([t, performance.now()]);
      trace?.('pdf', t);
      return pdf;
    };
    const run = async (job: Job, p: Page): Promise<void> => {
      let html = job.html(null);
      let pdf = await print(p, html);
      if (job.kind === 'chapter' && job.headings) {
        // second pass: the table of contents with the pages the first pass put each region on
        const toc = (pages: number[] | null): TocLine[] =>
          job.headings!.flatMap((h, i) => [{ name: h.name, level: 'top' as const, page: pages ? String(pages[i]) : '' }]);
        const tocOnly = await print(p, job.html(toc(null)));
        const tocPages = pdfPages(tocOnly).length - pdfPages(pdf).length;
        const bodyPages = headingPages(pdfPages(pdf), job.headings);
        html = job.html(toc(bodyPages.map((x) => x + tocPages)));
        pdf = await print(p, html);
      }
      // SOURCE_DATE_EPOCH when set, else 1 January after the year the document describes
      const finished = finishPdf(pdf, { title: job.title, author: job.author, lang: 'zh-CN', date: buildDate(env, Date.UTC(job.year + 1, 0, 1) / 1000) });
      writeAtomic(`${job.base}.html`, html);
      writeAtomic(`${job.base}.pdf`, finished);
      outputs.push(`${job.base}.html`, `${job.base}.pdf`);
      done++;
      opts.onProgress?.(done, total, `${job.base}.pdf`);
    };
    const width = Math.max(1, Math.min(opts.concurrency ?? cpus().length, jobs.length));
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        const p = await session.newPage(sandbox);
        try {
          while (next < jobs.length) await run(jobs[next++]!, p);
        } finally {
          await p.close();
        }
      }),
    );
  } finally {
    await session.close();
  }
  return { report, refused: false, outputs, blocked: sandbox.blocked, timings: { totalMs: performance.now() - t0, printMs: unionLength(printing), checkMs } };
}
