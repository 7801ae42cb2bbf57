/**
 * What the PDF build, the Word build and the preview share before any page is printed: the folder
 * read and checked, the templates and fonts of the chosen templates folder, the charts drawn with
 * that folder's chart templates, and the render plan. Prints nothing, never exits.
 *
 *   readFolder(dir) → Source[] → checkSources → { Dataset, Report }    readTemplateFiles(templates) → Templates, FontMap
 *   chartRenderer(templates, OUT/.yearbook-cache/charts/) → ChartRenderer     renderPlan(Dataset) → Page[]
 *   --errata OLD [--errata-index FILE]: readFolder(OLD) → parseSources → diffDatasets(OLD, Dataset) → PageOptions.errata
 */
import { checkSources, type Checked } from '../core/check.js';
import type { Source } from '../core/parse/source.js';
import { readBytes, readFolder } from '../io/folder.js';
import { sha256, sourceDigest } from '../io/cache-files.js';
import { parseSources } from '../core/parse/dataset.js';
import { diffDatasets } from '../core/diff/figures.js';
import { parseChapterIndex, ChapterIndexError, type ChapterIndex, type Errata } from '../render/errata.js';
import { readFontsYaml, readTemplateFiles } from '../io/templates.js';
import { fontFaceCss } from '../io/fonts.js';
import { compileTemplates, type PageOptions, type Templates } from '../render/html.js';
import { parseFontMap, type FontMap } from '../render/fonts.js';
import { draftStamp, renderPlan, type Page } from '../render/plan.js';
import { shardPages, type Shard } from '../render/shards.js';
import type { RoundingMode } from '../render/figure-text.js';
import type { TextError } from '../render/text.js';
import { cachedChartRenderer, type CachedChartRenderer, type ChartCacheOptions } from './chart-render.js';

export interface RenderSettings {
  /** The templates folder (the bundled templates/ or the user's --templates copy). */
  templates: string;
  rounding: RoundingMode;
  chapter: string;
  /** A chapter opens with a part-title page (篇章页, --chapter-page); default false. */
  chapterPage?: boolean;
  /** Where a chapter prints its statistical tables (--tables after|end); default after the region's entries. */
  tables?: 'after' | 'appendix';
  /** Draw charts (default true). */
  charts?: boolean;
  /** Print only this shard's share of the pages (--shard i/n); all of them when absent. */
  shard?: Shard | null;
  /** Where drawn charts are kept between builds (the output folder's cache folder) and whether to ignore it (--force). */
  chartCache?: ChartCacheOptions;
  /** --errata OLD [--errata-index FILE]: the previous volume's data folder, and the index its chapter build wrote. */
  errata?: { dir: string; index: string | null } | null;
}

export interface TemplateSet {
  templates: Templates;
  fonts: FontMap;
  fontFaces: string;
}

/** Reads and compiles a templates folder; throws TemplateFilesError, TemplateError or FontConfigError naming the file. */
export function loadTemplateSet(dir: string): TemplateSet {
  const files = readTemplateFiles(dir);
  const fonts = parseFontMap(files.fonts, `${dir.replace(/[\\/]+$/, '')}/fonts.yaml`);
  return { templates: compileTemplates(files), fonts, fontFaces: fontFaceCss(Object.values(fonts).flat()) };
}

/**
 * The charts module bound to a templates folder's chart templates (loaded on demand: vega is large),
 * each SVG drawn once (chart-render.ts: a memo, the build's cache folder when `cache.out` is given,
 * a worker thread).
 */
export function chartRenderer(templatesDir: string, cache: ChartCacheOptions = {}): Promise<CachedChartRenderer> {
  return cachedChartRenderer(templatesDir, cache);
}

export interface Prepared extends Checked, Omit<TemplateSet, 'templates'> {
  /** The compiled page templates (null when only fonts were asked for). */
  templates: Templates | null;
  plan: Page[];
  /** The page options every page of this build is rendered with. */
  page: PageOptions;
  /** Placeholders that could not be printed (a draft prints them as 〔缺：…〕). */
  problems: TextError[];
  /** The folder's files as read (what the build cache's keys are made of). */
  sources: Source[];
  /** The chart renderer the plan draws with (null without charts): close() lets its worker go. */
  charts: CachedChartRenderer | null;
  /** With --errata: a digest of what the errata are made of (OLD's files as read, the index file), for the build cache's keys; else null. */
  errataKey: string | null;
}

/**
 * What --errata prints: OLD read like the data folder (through io/readFolder and the kernel's parser;
 * its findings are not the build's), diffed against the new dataset; the index read and checked.
 * Throws FolderError for an OLD that is no folder, ChapterIndexError for an index that is not one.
 */
export function loadErrata(opt: { dir: string; index: string | null }, data: Checked['data']): { errata: Errata; key: string } {
  const sources = readFolder(opt.dir);
  const old = parseSources(sources, { dir: opt.dir });
  let index: ChapterIndex | null = null;
  let indexDigest: string | null = null;
  if (opt.index !== null) {
    const read = readBytes(opt.index);
    if ('problem' in read) throw new ChapterIndexError(`${opt.index}：无法读取页码索引（${read.problem.reason === 'too-large' ? '文件过大' : ('code' in read.problem ? read.problem.code : read.problem.reason)}）`);
    indexDigest = sha256(read.bytes);
    index = parseChapterIndex(new TextDecoder('utf-8').decode(read.bytes), opt.index);
  }
  const volume = old.docs.find((d) => d.entry && d.source)?.source ?? old.docs.find((d) => d.source)?.source ?? null;
  return { errata: { changes: diffDatasets(old, data), volume, index }, key: sha256(JSON.stringify({ old: sources.map((s) => [s.rel, sourceDigest(s)]), index: indexDigest })) };
}

/** The fonts of a templates folder alone (what the Word build takes from it). */
export function loadFonts(dir: string): Omit<TemplateSet, 'templates'> {
  const fonts = parseFontMap(readFontsYaml(dir), `${dir.replace(/[\\/]+$/, '')}/fonts.yaml`);
  return { fonts, fontFaces: fontFaceCss(Object.values(fonts).flat()) };
}

/**
 * Reads, checks and plans a build; `pages: false` reads only the fonts of the templates folder (Word).
 * With `draft`, placeholders that cannot be printed are collected instead of thrown.
 */
export async function prepare(dir: string, settings: RenderSettings, draft: boolean, pages = true): Promise<Prepared> {
  // the chart worker starts (and loads vega) while the folder is read and checked
  const starting = settings.charts === false ? null : chartRenderer(settings.templates, settings.chartCache);
  void starting?.catch(() => undefined);
  let sources: Source[], checked: Checked, set: Omit<TemplateSet, 'templates'> & { templates: Templates | null };
  let errata: { errata: Errata; key: string } | null = null;
  try {
    sources = readFolder(dir);
    checked = checkSources(sources, { dir });
    set = pages ? loadTemplateSet(settings.templates) : { templates: null, ...loadFonts(settings.templates) };
    if (settings.errata) errata = loadErrata(settings.errata, checked.data);
  } catch (e) {
    await starting?.then((c) => c.close(), () => undefined);
    throw e;
  }
  const charts = starting ? await starting : null;
  const problems: TextError[] = [];
  const page: PageOptions = {
    fonts: set.fonts,
    fontFaces: set.fontFaces,
    rounding: settings.rounding,
    draft: draftStamp(checked.report.summary.errors),
    chapter: settings.chapter,
    chapterPage: settings.chapterPage === true,
    statTables: settings.tables ?? 'after',
    onProblem: draft ? (p) => void problems.push(p) : undefined,
    // a draft marks the table cells whose figures have findings
    findings: draft ? checked.report.findings : null,
    errata: errata?.errata ?? null,
  };
  // every shard plans the whole folder and keeps its share: the shards together print each page once
  const plan = shardPages(renderPlan(checked.data, { chapter: settings.chapter, rounding: settings.rounding, charts }), settings.shard);
  return { ...checked, ...set, plan, page, problems, sources, charts, errataKey: errata?.key ?? null };
}

/**
 * Queues the drawing of every chart these pages will ask for, in plan order (each page's printed
 * charts, then its chart files for editors: the order the build cache renders the pages in to key
 * them), so that they are drawn in the chart worker before the pages ask. Asks the plan's own memos,
 * so nothing is drawn twice; an error is met again by the page that asks.
 */
export function prefetchCharts(pages: readonly Page[]): void {
  for (const page of pages) {
    page.charts().catch(() => undefined);
    page.chartFiles().catch(() => undefined);
  }
}
