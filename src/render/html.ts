/**
 * Turns documents into the data the page templates print (entry, chapter, summary, plan) and renders
 * the templates (Handlebars, strict mode). Figures and prose come through the text renderer; every
 * string a template prints is escaped. Pure: the io layer reads the template files.
 */
import Handlebars from 'handlebars';
import type { Dataset } from '../core/parse/dataset.js';
import { chapterHeadings, type Page } from './plan.js';
import type { Templates, TemplateSources, PageOptions, TocLine } from './page-common.js';
import { entryHtml } from './entry-html.js';
import { planHtml, progressHtml, summaryHtml } from './summary-html.js';
export type { Chart } from './plan.js';
export { plainText } from './text.js';
export type { PageOptions, Templates, TemplateSources, TocLine } from './page-common.js';

export { TemplateError } from './page-common.js';
import { TemplateError } from './page-common.js';

/** Compiles the page templates; a broken one is a TemplateError naming its file, line and column. */
export function compileTemplates(src: TemplateSources): Templates {
  const hb = Handlebars.create();
  const fileOf = (name: string): string => `${src.dir.replace(/[\\/]+$/, '')}/${name}.hbs`;
  hb.registerHelper('cssString', (s: unknown) => cssString(String(s)));
  const compile = (name: 'entry' | 'summary'): HandlebarsTemplateDelegate => {
    try {
      const tpl = hb.compile(src.hbs[name], { strict: true });
      // compile lazily parses: force it now so syntax errors name the file
      hb.precompile(src.hbs[name], { strict: true });
      return (ctx: unknown) => {
        try {
          return tpl(ctx);
        } catch (e) {
          throw templateError(fileOf(name), e);
        }
      };
    } catch (e) {
      throw templateError(fileOf(name), e);
    }
  };
  for (const p of ['head', 'figure-table', 'stat-table', 'section'] as const) hb.registerPartial(p, src.hbs[p]);
  return { dir: src.dir, entry: compile('entry'), summary: compile('summary'), css: { ...src.css } };
}

/**
 * A CSS string literal ("…") of any text, for `content:` and the like: every character that could end
 * the string, the declaration or the <style> element, or that CSS reads otherwise (quotes, backslash,
 * < > &, control and format characters, line and paragraph separators, lone surrogates,
 * unassigned code points), is written as a hex escape `\HH ` (NUL as U+FFFD, which CSS makes of it).
 */
export function cssString(s: string): string {
  return `"${s.replace(/[\p{C}\p{Zl}\p{Zp}"'\\<>&]/gu, (c) => `\\${(c === '\0' ? 0xfffd : c.codePointAt(0)!).toString(16)} `)}"`;
}

function templateError(file: string, e: unknown): TemplateError {
  const err = e as Error & { lineNumber?: number; column?: number };
  const where = err.lineNumber ? `${file}:${err.lineNumber}:${(err.column ?? 0) + 1}` : file;
  const name = /"([^"]+)" not defined/.exec(err.message)?.[1];
  return new TemplateError(`${where}  模板错误：${name ? `引用了不存在的“${name}”` : err.message.split('\n')[0]}`);
}


/**
 * The HTML of a planned page. A chapter's contents: the given lines, 'none' for none (the first
 * print, to find the pages), or by default every member without page numbers.
 */
export async function pageHtml(page: Page, t: Templates, data: Dataset, opts: PageOptions, toc?: TocLine[] | 'none'): Promise<string> {
  const charts = await page.charts();
  const doc = page.docs[0]!;
  switch (page.kind) {
    case 'entry':
      // an entry's own PDF ends with its credit: statistical tables print in the chapter only
      return entryHtml(t, data, [{ doc, charts: charts[0] ?? [], tableNo: 1 }], { ...opts, statTables: undefined }, null);
    case 'chapter':
      return entryHtml(t, data, page.docs.map((d, i) => ({ doc: d, charts: charts[i] ?? [], tableNo: i + 1 })), { ...opts, statTables: opts.statTables ?? 'after' }, toc === 'none' ? 'none' : (toc ?? tocLines(page, data, opts, null)));
    case 'summary':
      return summaryHtml(t, data, doc, charts[0] ?? [], opts);
    case 'plan':
      return planHtml(t, data, doc, [], opts);
    case 'progress':
      return progressHtml(t, data, doc, opts);
  }
}

/**
 * A chapter's table of contents: a line per region and, indented under it, a line per entry (its
 * title without 【】), each with its page number once known (`pages`: one per heading, in order).
 */
export function tocLines(page: Page, data: Dataset, opts: Pick<PageOptions, 'rounding' | 'statTables' | 'errata'>, pages: number[] | null): TocLine[] {
  return chapterHeadings(page, data, opts.rounding, opts.statTables, opts.errata ?? null).map((h, i) => ({ name: h.name, level: h.level === 'region' ? ('top' as const) : ('sub' as const), page: pages ? String(pages[i]) : '' }));
}
