/**
 * `yearbook build --format docx`: the render plan's pages as Word files an editor can change.
 *
 *   prepare(dir) → { Report, Page[] } ─(errors and not --draft: stop)→ per page: pageDocument
 *   (charts as PNGs drawn by Chromium, started only when a page has a chart; the bundled fonts
 *   subset to the characters each face sets: faceGlyphs → trueTypeFont) → packDocx
 *   → atomic writes under out/YEAR/CODE/
 *
 * Prints nothing and never exits: progress and results go through callbacks and the returned value.
 */
import { join } from 'node:path';
import type { Page as BrowserPage } from 'puppeteer-core';
import type { Report } from '../core/check.js';
import { findBrowser, startBrowser, type BrowserSession, type Sandbox } from '../print/browser.js';
import { svgToPng } from '../print/png.js';
import { buildDate } from '../print/pdf-finish.js';
import { packDocx } from '../print/docx.js';
import { writeAtomic } from '../io/atomic.js';
import { faceGlyphs } from '../io/font-glyphs.js';
import { trueTypeFont } from '../print/ttf.js';
import { svgSize } from '../render/plan.js';
import { docxFonts, pageDocument, type Ctx, type DocxChart, type DocxFont, type UsedChars } from '../render/docx.js';
import type { TextError } from '../render/text.js';
import { prepare, type RenderSettings } from './prepare.js';

export interface DocxOptions extends RenderSettings {
  dir: string;
  out: string;
  draft: boolean;
  /** The environment: PUPPETEER_EXECUTABLE_PATH, SOURCE_DATE_EPOCH. */
  env: Record<string, string | undefined>;
  onProgress?: (done: number, total: number, current: string) => void;
}

export interface DocxResult {
  report: Report;
  refused: boolean;
  outputs: string[];
  /** Placeholders a draft printed as 〔缺：…〕. */
  problems: TextError[];
}

/** The bundled fonts among those a document uses, each face subset to the characters it sets. */
export function embeddedFonts(used: UsedChars): DocxFont[] {
  const out: DocxFont[] = [];
  for (const [name, faces] of [...used].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const regular = faceGlyphs(name, false, faces.regular);
    if (!regular) continue;
    const bold = faces.bold.size > 0 ? faceGlyphs(name, true, faces.bold) : null;
    out.push({ name, data: trueTypeFont(regular), ...(bold ? { bold: trueTypeFont(bold) } : {}) });
  }
  return out;
}

export async function buildDocx(opts: DocxOptions): Promise<DocxResult> {
  const { report, data, fonts, page: pageOpts, plan, problems, charts: renderer } = await prepare(opts.dir, opts, opts.draft, false);
  if (report.summary.errors > 0 && !opts.draft) {
    await renderer?.close();
    return { report, refused: true, outputs: [], problems };
  }
  const wordFonts = docxFonts(fonts);
  const outputs: string[] = [];

  let session: BrowserSession | null = null;
  let pngPage: BrowserPage | null = null;
  const sandbox: Sandbox = { blocked: [] };
  const png = async (svg: string): Promise<Uint8Array> => {
    session ??= await startBrowser(findBrowser(opts.env), opts.env);
    pngPage ??= await session.newPage(sandbox);
    return new Uint8Array(await svgToPng(svg, pngPage));
  };
  try {
    let done = 0;
    for (const page of plan) {
      const charts: DocxChart[][] = [];
      for (const list of await page.charts()) {
        const out: DocxChart[] = [];
        for (const c of list) out.push({ n: c.n, title: c.title, png: await png(c.svg), ...svgSize(c.svg), paths: c.paths });
        charts.push(out);
      }
      const ctx: Ctx = { fonts: wordFonts, draft: pageOpts.draft, drawing: 0, bookmark: 0, onProblem: pageOpts.onProblem, embed: embeddedFonts };
      // SOURCE_DATE_EPOCH when set, else 1 January after the year the document describes
      const sec = buildDate(opts.env, Date.UTC(page.year + 1, 0, 1) / 1000);
      const bytes = await packDocx(pageDocument(page, data, ctx, charts, opts.rounding, opts.chapter, opts.tables ?? 'after', pageOpts.errata ?? null), { title: page.title, author: page.author }, sec);
      const file = join(opts.out, `${page.path}.docx`);
      writeAtomic(file, bytes);
      outputs.push(file);
      opts.onProgress?.(++done, plan.length, file);
    }
  } finally {
    await renderer?.close();
    const s = session as BrowserSession | null;
    if (s) await s.close();
  }
  return { report, refused: false, outputs, problems };
}
