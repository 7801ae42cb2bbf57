/**
 * The preview's model: the data folder loaded and checked (the same analyseFolder as `yearbook
 * check`), the render plan of `yearbook build` (entry, summary, plan per document, chapter per
 * year), and each page's HTML rendered on demand by the build's own renderer, templates, fonts and
 * charts, with the figures marked (data-yb) by the renderer and placeholders it cannot fill shown
 * as 〔缺：…〕 as a draft prints them.
 *
 *   analyseFolder(dir) → { Dataset, Report } → renderPlan → Page → pageHtml({ mark }) → /render
 *
 * reload() re-reads and re-checks the whole folder: the check is global (a city's figures feed its
 * region's aggregates and the next year's roll-forward, duplicates compare across files) and takes
 * milliseconds on an editor's folder. Rendering, the costly part (charts, templates), is redone only
 * for the views whose inputs changed: see signature().
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseFolder } from './check.js';
import { emptyReport, type Report } from '../core/check.js';
import type { Dataset } from '../core/parse/dataset.js';
import { emptyTree } from '../core/parse/regions.js';
import { emptyCatalogue } from '../core/parse/catalogue.js';
import type { Doc, Finding } from '../core/model/types.js';
import { FONT_ORIGIN } from '../io/fonts.js';
import { pageHtml, type PageOptions } from '../render/html.js';
import { draftStamp, printOrder, renderPlan, type ChartRenderer, type Page } from '../render/plan.js';
import type { RoundingMode } from '../render/figure-text.js';
import type { TextError } from '../render/text.js';
import { render, type Lang } from '../core/findings/messages.js';
import { chartRenderer, loadTemplateSet, type TemplateSet } from './prepare.js';

export type Kind = 'entry' | 'summary' | 'plan' | 'progress' | 'chapter';
export const KIND_NAMES: Record<Kind, string> = { entry: '年鉴条目', summary: '工作总结', plan: '实施方案', progress: '任务进展', chapter: '年度分卷' };

export interface PreviewOptions {
  dir: string;
  templates: string;
  rounding?: RoundingMode;
  chapter?: string;
  lang?: Lang;
  /** Charts: on by default (vega, loaded on first use). */
  charts?: boolean;
}

/** A finding as the browser gets it. */
export interface FindingView {
  severity: string;
  kind: string;
  message: string;
  /** Path inside DIR, for display. */
  rel: string;
  file: string;
  line: number;
  column: number;
  link: string;
  figures: string[];
  /** The region the finding is about (its statistical-table row in a chapter), or null. */
  region: string | null;
  source: string | null;
}

/** What a view shows: a document (or the findings of its file when it cannot be shown). */
export interface ViewState {
  version: number;
  title: string;
  kind: Kind;
  status: 'ok' | 'broken' | 'error' | 'missing';
  /** URL of the rendered HTML when status is ok. */
  html: string | null;
  /** Why it is not shown (status error: a template or text reference problem). */
  error: FindingView | null;
  findings: FindingView[];
  /** Page box from the templates' @page rule, for drawing the page on screen. */
  page: { width: string; margin: string };
  summary: Report['summary'];
}

export interface ViewKey {
  kind: Kind;
  /** The document's file inside DIR (entry, summary, plan). */
  file?: string;
  /** The chapter's year. */
  year?: number;
}

export class Preview {
  readonly dir: string;
  version = 0;
  data!: Dataset;
  report!: Report;
  /** Set when the folder itself cannot be read (deleted, not a directory). */
  fatal: string | null = null;
  private set: TemplateSet | null = null;
  private templateError: string | null = null;
  /** Rendered views by id, with the signature of what they were rendered from. */
  private cache = new Map<string, { sig: string; html: Promise<string> }>();
  /** How many views have been rendered (not served from the cache): for tests and logging. */
  renders = 0;
  private templateSig = '';
  private chartsModule: Promise<ChartRenderer> | null = null;
  private plan: Page[] = [];
  /** Chart SVGs by their input's hash (see lazyCharts). */
  private charts = new Map<string, Promise<string>>();

  constructor(readonly opts: PreviewOptions) {
    this.dir = resolve(opts.dir);
    this.reload();
  }

  reload(): void {
    this.version++;
    try {
      const checked = analyseFolder(this.dir);
      this.data = checked.data;
      this.report = checked.report;
      this.fatal = null;
    } catch (e) {
      this.fatal = (e as Error).message;
      this.data = { dir: this.dir, regions: emptyTree(), catalogue: emptyCatalogue(), docs: [], files: 0, findings: [] };
      this.report = emptyReport();
    }
    try {
      this.set = loadTemplateSet(this.opts.templates);
      this.templateSig = createHash('sha256').update(JSON.stringify(this.set.templates.css)).update(JSON.stringify(this.set.fonts)).update(readTemplatesText(this.opts.templates)).digest('hex');
      this.templateError = null;
    } catch (e) {
      this.set = null;
      this.templateError = (e as Error).message;
    }
    this.plan = renderPlan(this.data, { chapter: this.opts.chapter ?? '医疗保障', rounding: this.opts.rounding ?? 'half-up', charts: this.opts.charts === false ? null : lazyCharts(() => (this.chartsModule ??= chartRenderer(this.opts.templates)), this.charts) });
  }

  /** Documents in print order: by year, then region-tree order. */
  docs(): Doc[] {
    return printOrder(this.data.docs);
  }

  docByFile(rel: string): Doc | undefined {
    return this.data.docs.find((d) => d.rel === rel);
  }

  /** The pages a document has in the render plan (entry, summary, plan). */
  kindsOf(doc: Doc): Kind[] {
    return this.plan.filter((p) => p.kind !== 'chapter' && p.docs[0] === doc).map((p) => p.kind);
  }

  /** The years that have a chapter (分卷), from the render plan. */
  years(): number[] {
    return this.plan.filter((p) => p.kind === 'chapter').map((p) => p.year);
  }

  /** Findings of one file (by its path inside DIR). */
  findingsOf(rel: string): Finding[] {
    const file = this.displayPath(rel);
    return this.report.findings.filter((f) => f.file === file);
  }

  displayPath(rel: string): string {
    return this.dir.replace(/[\\/]+$/, '') + '/' + rel;
  }

  relOf(file: string): string {
    const root = this.dir.replace(/[\\/]+$/, '') + '/';
    return file.startsWith(root) ? file.slice(root.length) : file;
  }

  /** Files with findings that hold no loadable document (broken YAML, schema errors). */
  brokenFiles(): string[] {
    const ok = new Set(this.data.docs.map((d) => d.rel));
    const files = new Set(this.report.findings.map((f) => this.relOf(f.file)));
    return [...files].filter((f) => !ok.has(f)).sort();
  }

  findingView(f: Finding): FindingView {
    const lang = this.opts.lang ?? 'zh';
    const abs = f.file.startsWith('/') ? f.file : join(this.dir, this.relOf(f.file));
    return {
      severity: f.severity,
      kind: f.kind,
      message: render(f.message, lang),
      rel: this.relOf(f.file),
      file: abs,
      line: f.line,
      column: f.column,
      link: `vscode://file${abs.startsWith('/') ? '' : '/'}${encodeURI(abs.replace(/\\/g, '/'))}:${f.line}:${f.column}`,
      figures: [...new Set([...(f.path ? [f.path] : []), ...f.figures])],
      region: f.region,
      source: f.sourceLine ?? null,
    };
  }

  private pageBox(kind: Kind): { width: string; margin: string } {
    const css = this.set ? this.set.templates.css[kind === 'entry' || kind === 'chapter' ? 'entry' : 'summary'] : '';
    // the progress table prints on the landscape pages (@page landscape)
    const rule = (kind === 'progress' ? /@page\s+landscape\s*\{([^}]*)/.exec(css)?.[1] : undefined) ?? /@page\s*\{([^}]*)/.exec(css)?.[1] ?? '';
    const size = /size:\s*([^;]+);/.exec(rule)?.[1]?.trim() ?? 'A4';
    const margin = /margin:\s*([^;]+);/.exec(rule)?.[1]?.trim() ?? '20mm';
    const named: Record<string, [string, string]> = { A4: ['210mm', '297mm'], A5: ['148mm', '210mm'], B5: ['176mm', '250mm'] };
    const parts = size.split(/\s+/);
    const n = named[parts[0] ?? ''];
    const width = n ? (parts[1] === 'landscape' ? n[1] : n[0]) : (parts[0] ?? '210mm');
    return { width, margin };
  }

  /** The members of a chapter year. */
  private chapterDocs(year: number): Doc[] {
    return this.plan.find((p) => p.kind === 'chapter' && p.year === year)?.docs ?? [];
  }

  view(key: ViewKey): ViewState {
    const base = { version: this.version, kind: key.kind, page: this.pageBox(key.kind), summary: this.report.summary };
    if (this.fatal) return { ...base, title: this.fatal, status: 'missing', html: null, error: null, findings: [] };
    if (key.kind === 'chapter') {
      const members = this.chapterDocs(key.year ?? NaN);
      const findings = members.flatMap((d) => this.findingsOf(d.rel)).map((f) => this.findingView(f));
      const title = `${key.year}年${this.opts.chapter ?? '医疗保障'}（分卷）`;
      if (members.length === 0) return { ...base, title, status: 'missing', html: null, error: null, findings };
      return { ...base, title, status: this.templateError ? 'error' : 'ok', html: this.templateError ? null : this.renderUrl(key), error: this.templateError ? this.pseudoFinding(this.templateError) : null, findings };
    }
    const rel = key.file ?? '';
    const doc = this.docByFile(rel);
    const findings = this.findingsOf(rel).map((f) => this.findingView(f));
    if (!doc || !doc[key.kind === 'progress' ? 'plan' : key.kind]) {
      const exists = findings.length > 0;
      return { ...base, title: rel, status: exists ? 'broken' : 'missing', html: null, error: null, findings };
    }
    const name = `${doc.region?.name ?? doc.regionCode}${doc.year}年${doc.edition ? `（${doc.edition}）` : ''} ${KIND_NAMES[key.kind]}`;
    if (this.templateError) return { ...base, title: name, status: 'error', html: null, error: this.pseudoFinding(this.templateError), findings };
    return { ...base, title: name, status: 'ok', html: this.renderUrl(key), error: null, findings };
  }

  renderUrl(key: ViewKey): string {
    const q = key.kind === 'chapter' ? `kind=chapter&year=${key.year}` : `kind=${key.kind}&file=${encodeURIComponent(key.file ?? '')}`;
    return `/render?${q}&v=${this.version}`;
  }

  /** A template or text-reference error (`FILE:LINE:COL  message`) as a finding the panel can show. */
  pseudoFinding(message: string, at?: { file: string; line: number; column: number }): FindingView {
    const m = /^(.+?):(\d+):(\d+)\s+/.exec(message);
    const where = at ?? (m ? { file: m[1]!, line: Number(m[2]), column: Number(m[3]) } : null);
    const abs = where ? resolve(where.file) : '';
    return {
      severity: 'error',
      kind: 'build',
      message: m ? message.slice(m[0].length) : message,
      rel: where ? this.relOf(abs) : '',
      file: abs,
      line: where?.line ?? 0,
      column: where?.column ?? 0,
      link: where ? `vscode://file${encodeURI(abs)}:${where.line}:${where.column}` : '',
      figures: [],
      region: null,
      source: null,
    };
  }

  /**
   * The HTML the build prints for this view, with the font URLs pointed at this server and the
   * figures marked. Throws (TextError, TemplateError) when the build would stop.
   */
  render(key: ViewKey): Promise<string> {
    const id = `${key.kind}|${key.file ?? ''}|${key.year ?? ''}`;
    const sig = this.signature(key);
    const hit = this.cache.get(id);
    if (hit && hit.sig === sig) return hit.html;
    this.renders++;
    const html = this.renderNow(key);
    this.cache.set(id, { sig, html });
    return html;
  }

  /**
   * What a view is rendered from: its documents and every document whose figures can reach it —
   * the year before (prev(), roll-forward), the same region's other years (the years chart), the
   * sub-regions (the children chart, aggregates) — plus the draft stamp and the templates. A save
   * re-renders only the views whose signature changed.
   */
  signature(key: ViewKey): string {
    const docs = key.kind === 'chapter' ? this.chapterDocs(key.year ?? NaN) : [this.docByFile(key.file ?? '')].filter((d): d is Doc => d !== undefined);
    const related = new Set<Doc>();
    for (const doc of docs) {
      related.add(doc);
      for (const other of this.data.docs) {
        if (other.edition !== doc.edition) continue;
        const sameRegion = other.regionCode === doc.regionCode;
        const child = other.region?.parent === doc.regionCode && other.year === doc.year;
        if (sameRegion || child) related.add(other);
      }
    }
    // the draft stamp depends only on the number of errors
    const h = createHash('sha256').update(this.templateSig).update(String(this.report.summary.errors)).update(String(this.fatal));
    for (const d of [...related].sort((a, b) => (a.rel < b.rel ? -1 : 1))) h.update(d.rel).update('\0').update(d.text).update('\0');
    return h.digest('hex');
  }

  private async renderNow(key: ViewKey): Promise<string> {
    const set = this.set;
    if (!set) throw new Error(this.templateError ?? '模板无法读取');
    const page = this.plan.find((p) => p.kind === key.kind && (key.kind === 'chapter' ? p.year === key.year : p.docs[0]!.rel === key.file));
    if (!page) throw new NotFound();
    const problems: TextError[] = [];
    // as `yearbook build --draft` prints it: a folder with errors is stamped 草稿
    const opts: PageOptions = { fonts: set.fonts, fontFaces: set.fontFaces, rounding: this.opts.rounding ?? 'half-up', draft: draftStamp(this.report.summary.errors), chapter: this.opts.chapter ?? '医疗保障', mark: true, onProblem: (p) => void problems.push(p) };
    // page numbers of the table of contents come from the printed PDF; the preview leaves them blank
    return localFonts(await pageHtml(page, set.templates, this.data, opts), FONT_ORIGIN);
  }

  /**
   * What the paged preview prints for this view, as the build prints it (fonts at the build's
   * virtual origin, not this server's), with the figures marked: the plan's page, the templates, the
   * data and the page options. Throws NotFound for a view the plan has no page for, and the template
   * error when the templates cannot be read.
   */
  printInputs(key: ViewKey): { page: Page; templates: TemplateSet['templates']; data: Dataset; opts: PageOptions } {
    const set = this.set;
    if (!set) throw new Error(this.templateError ?? '模板无法读取');
    const page = this.plan.find((p) => p.kind === key.kind && (key.kind === 'chapter' ? p.year === key.year : p.docs[0]!.rel === key.file));
    if (!page) throw new NotFound();
    const opts: PageOptions = { fonts: set.fonts, fontFaces: set.fontFaces, rounding: this.opts.rounding ?? 'half-up', draft: draftStamp(this.report.summary.errors), chapter: this.opts.chapter ?? '医疗保障', mark: true, onProblem: () => undefined };
    return { page, templates: set.templates, data: this.data, opts };
  }

  /** A static asset of the viewer (templates/serve/NAME), or null. */
  asset(name: string): string | null {
    if (!/^[\w-]+\.(js|css)$/.test(name)) return null;
    try {
      return readFileSync(join(ASSETS, name), 'utf8');
    } catch {
      return null;
    }
  }
}

export class NotFound extends Error {}

/** The text of the page templates, for the signature (a template edit re-renders everything). */
function readTemplatesText(dir: string): string {
  let out = '';
  for (const name of ['entry', 'summary', 'head', 'figure-table', 'stat-table', 'section', 'fonts']) {
    for (const ext of ['.hbs', '.yaml']) {
      try {
        out += readFileSync(join(dir, name + ext), 'utf8');
      } catch {
        // absent: loadTemplates reports what is missing
      }
    }
  }
  return out;
}

export const ASSETS = fileURLToPath(new URL('../../templates/serve/', import.meta.url));

/**
 * A ChartRenderer that loads the charts module (vega) on first use, and draws a chart again only when
 * its input changed: a save re-renders the plan, and most charts of a chapter are as they were.
 */
function lazyCharts(load: () => Promise<ChartRenderer>, drawn: Map<string, Promise<string>>): ChartRenderer {
  return {
    chartsFor: async (doc, data, size, withTitle) => (await load()).chartsFor(doc, data, size, withTitle),
    renderSvg: (input) => {
      const key = createHash('sha256').update(JSON.stringify(input)).digest('hex');
      let svg = drawn.get(key);
      if (!svg) {
        svg = load().then((c) => c.renderSvg(input));
        drawn.set(key, svg);
        svg.catch(() => drawn.delete(key));
        // the charts of the last few versions
        while (drawn.size > 256) drawn.delete(drawn.keys().next().value!);
      }
      return svg;
    },
  };
}

/** The preview's font URLs: the virtual origin the build prints with → this server's /fonts/. */
export function localFonts(html: string, origin: string): string {
  return html.split(origin + '/').join('/fonts/');
}
