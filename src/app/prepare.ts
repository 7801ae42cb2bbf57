/**
 * What the PDF build, the Word build and the preview share before any page is printed: the folder
 * read and checked, the templates and fonts of the chosen templates folder, the charts drawn with
 * that folder's chart templates, and the render plan. Prints nothing, never exits.
 *
 *   readFolder(dir) → Source[] → checkSources → { Dataset, Report }    readTemplateFiles(templates) → Templates, FontMap
 *   chartAssets(templates) → ChartRenderer     renderPlan(Dataset) → Page[]
 */
import { checkSources, type Checked } from '../core/check.js';
import type { Source } from '../core/parse/source.js';
import { readFolder } from '../io/folder.js';
import { readFontsYaml, readTemplateFiles } from '../io/templates.js';
import { fontFaceCss } from '../io/fonts.js';
import { chartAssets } from '../io/chart-assets.js';
import { compileTemplates, type PageOptions, type Templates } from '../render/html.js';
import { parseFontMap, type FontMap } from '../render/fonts.js';
import { draftStamp, renderPlan, type ChartRenderer, type Page } from '../render/plan.js';
import { shardPages, type Shard } from '../render/shards.js';
import type { RoundingMode } from '../render/figure-text.js';
import type { TextError } from '../render/text.js';

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

/** The charts module bound to a templates folder's chart templates (loaded on demand: vega is large). */
export async function chartRenderer(templatesDir: string): Promise<ChartRenderer> {
  const c = await import('../render/charts.js');
  const assets = chartAssets(templatesDir);
  return {
    // the charts module holds one set of assets at a time: set ours before each (synchronous) use
    chartsFor: async (doc, data, size, withTitle) => {
      c.useChartAssets(assets);
      return c.chartsForDocument(doc, data, { size, title: withTitle });
    },
    renderSvg: (input) => c.renderSvg(input),
  };
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
  const sources = readFolder(dir);
  const checked = checkSources(sources, { dir });
  const set = pages ? loadTemplateSet(settings.templates) : { templates: null, ...loadFonts(settings.templates) };
  const charts = settings.charts === false ? null : await chartRenderer(settings.templates);
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
  };
  // every shard plans the whole folder and keeps its share: the shards together print each page once
  const plan = shardPages(renderPlan(checked.data, { chapter: settings.chapter, rounding: settings.rounding, charts }), settings.shard);
  return { ...checked, ...set, plan, page, problems, sources };
}
