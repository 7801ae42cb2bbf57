/**
 * What every page template gets: the page options, the compiled templates' shape, the common
 * context (title, fonts, CSS, draft stamp) and text turned into paragraphs. Pure: no templates are
 * read or compiled here.
 */
import { previousDoc, type Dataset } from '../core/parse/dataset.js';
import type { Doc, Finding, FigureStatus } from '../core/model/types.js';
import { familyCss, ROLES, xiaobiaosongBold, type FontMap } from './fonts.js';
import type { RoundingMode } from './figure-text.js';
import type { Errata } from './errata.js';
import { plainText, textRenderer, type TextError, type TextRenderer } from './text.js';

export interface TocLine {
  name: string;
  level: 'top' | 'sub';
  page: string;
}

export interface PageOptions {
  fonts: FontMap;
  /** The @font-face rules of the fonts the map names (from the io layer). */
  fontFaces: string;
  rounding: RoundingMode;
  /** The draft stamp (草稿 · 3处数据不一致), or null for a clean build. */
  draft: string | null;
  /** The chapter named in running heads (医疗保障), and the title a chapter opens with. */
  chapter: string;
  /** A chapter opens with a part-title page (篇章页): its title alone on a right-hand page. */
  chapterPage?: boolean;
  /** Mark printed figures, figure-table rows and chart labels with data-yb="path" (the preview). */
  mark?: boolean;
  /** Takes each placeholder that cannot be printed (then shown as 〔缺：…〕); without it, a TextError. */
  onProblem?: (problem: TextError) => void;
  /**
   * Where a 公文's 版记 goes (GB/T 9704: at the foot of the last page, an even one): on a page of its own
   * (the default), after a blank page, or after the text on its last page, pushed down by `pad` points.
   * The PDF build chooses from a first print.
   */
  colophon?: 'page' | 'blank' | { pad: number };
  /**
   * Where each long table continues (table id → indices of the rows that start a new page or column): the
   * table prints in parts, each after the first headed 续表n. The PDF build finds them from a first print.
   */
  tableBreaks?: Record<string, number[]>;
  /**
   * How many paragraphs further down the text each chart of a summary (by its number 图n) prints than
   * where it belongs: the PDF build moves a chart that would leave a hole at a page foot (from a first print).
   */
  chartShift?: Record<number, number>;
  /** The check's findings in a draft build: statistical table cells whose figures have one are marked. */
  findings?: readonly Finding[] | null;
  /**
   * Where a chapter prints its statistical tables (FORMAT.md §8b): after the entries of the region they
   * describe, or together in a 统计资料 part at the chapter's end. Other pages print none.
   */
  statTables?: 'after' | 'appendix';
  /** The previous volume's figures this build corrects (build --errata): a chapter ends with a 勘误表 of its regions' changed figures. */
  errata?: Errata | null;
}

/** A template that cannot be compiled or rendered, or lacks what the build needs: its file, line and column. */
export class TemplateError extends Error {}

/** The text renderer of a document as these options print it (with `onStatusMark`, status marks after the figures in prose). */
export function rendererFor(data: Dataset, doc: Doc, opts: Pick<PageOptions, 'rounding' | 'mark' | 'onProblem'> & { onStatusMark?: (m: FigureStatus) => void }): TextRenderer {
  return textRenderer(doc, { rounding: opts.rounding, prev: previousDoc(data, doc), mark: opts.mark, onProblem: opts.onProblem, onStatusMark: opts.onStatusMark });
}

/** The text of a templates folder, as the io layer read it. */
export interface TemplateSources {
  dir: string;
  hbs: Record<'entry' | 'summary' | 'head' | 'figure-table' | 'stat-table' | 'section', string>;
  css: Record<'base' | 'entry' | 'summary', string>;
}

export interface Templates {
  /** The templates folder (for messages). */
  dir: string;
  entry: HandlebarsTemplateDelegate;
  summary: HandlebarsTemplateDelegate;
  css: Record<'base' | 'entry' | 'summary', string>;
}

export function fontsContext(fonts: FontMap): Record<string, string> {
  // a real 小标宋 has one heavy face (asked for bold, Chromium would fake one); its shipped substitute prints its Bold
  return { ...Object.fromEntries(ROLES.map((r) => [r, familyCss(fonts, r)])), xiaobiaosongWeight: xiaobiaosongBold(fonts) ? '700' : 'normal' };
}

/** A text's paragraphs as the renderer prints them (HTML-safe), one per non-empty line. */
export function paragraphs(text: string, key: string, r: TextRenderer): string[] {
  const html = r.render(text, key);
  return html.split(/\n+/).map((p) => p.trim()).filter(Boolean);
}

/** The context every page template gets: title, author, fonts, CSS and the draft stamp. */
export function common(t: Templates, opts: PageOptions, title: string, author: string, css: 'entry' | 'summary'): Record<string, unknown> {
  return { title: plainText(title), author, fonts: fontsContext(opts.fonts), fontFaces: opts.fontFaces, css: t.css.base + '\n' + t.css[css], draft: opts.draft };
}
