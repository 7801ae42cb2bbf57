/**
 * Renders the prose of a document: each text is a strict Handlebars template over the document's
 * figures (`{{insured.total}}`, `{{reform.stay_days.before}}`, `{{prev(fund.resident.balance)}}`,
 * helpers `change`, `fromto`, `abs`, `round`, `value`, `unit`). Literal text is HTML-escaped. A
 * placeholder that cannot be printed is a TextError with the file, line and column of the text, or,
 * when the caller takes problems (drafts, the preview), a visible red 〔缺：name〕 in the page. With
 * `mark`, every printed figure carries data-yb="path" for the preview. No I/O.
 */
import Handlebars from 'handlebars';
import { locate } from '../core/parse/source-file.js';
import { textOffset } from '../core/model/text-fields.js';
import type { Doc, Figure, FigureValue } from '../core/model/types.js';
import { currentValue } from '../core/model/figure-interval.js';
import { changeText, figureText, fromToText, magnitudeText, roundFor, type RoundingMode } from './figure-text.js';

export class TextError extends Error {
  /** The name that is not a figure, when that is the problem. */
  missing: string | null = null;
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${file}:${line}:${column}  ${message}`);
  }
}

interface Part {
  fv: FigureValue;
  kind: 'value' | 'before' | 'after' | 'growth' | 'increase' | 'pp';
  fig: Figure;
}
/** What a view in the template context stands for. */
const PARTS = new WeakMap<object, Part>();
const FIGURES = new WeakMap<object, Figure>();

/** A printed figure wrapped for the preview: `<span class="yb-fig" data-yb="path">text</span>` (text escaped). */
export function markedFigure(paths: string, text: string): string {
  return `<span class="yb-fig" data-yb="${escapeHtml(paths)}">${escapeHtml(text)}</span>`;
}

/** A view Handlebars prints through toHTML (escaped text, or the marked span). */
function printable(text: string, path: string, mark: boolean): Record<string, unknown> {
  return { toString: () => text, toHTML: () => (mark ? markedFigure(path, text) : escapeHtml(text)) };
}

function partView(fig: Figure, kind: Part['kind'], fv: FigureValue, mark: boolean): object {
  const text = kind === 'pp' ? `${fv.q.literal}个百分点` : figureText(fv);
  const view = printable(text, fig.path, mark);
  PARTS.set(view, { fv, kind, fig });
  return view;
}

function figureView(fig: Figure, mark: boolean): object {
  const cur = currentValue(fig)!;
  const view = printable(figureText(cur), fig.path, mark);
  for (const kind of ['value', 'before', 'after', 'growth', 'increase', 'pp'] as const) {
    const fv = fig[kind];
    if (fv) view[kind] = partView(fig, kind, fv, mark);
  }
  FIGURES.set(view, fig);
  return view;
}

/** The template context: figures nested by path, plus year, region and short. */
export function textContext(doc: Doc, mark = false): Record<string, unknown> {
  const root: Record<string, unknown> = { year: String(doc.year), region: doc.region?.name ?? doc.regionCode, short: doc.region?.short ?? doc.region?.name ?? doc.regionCode };
  for (const fig of doc.figures.values()) {
    if (!currentValue(fig)) continue;
    const segs = fig.path.split('.');
    let node = root;
    for (const s of segs.slice(0, -1)) {
      const next = node[s];
      if (next === undefined || typeof next !== 'object') node[s] = {};
      node = node[s] as Record<string, unknown>;
    }
    node[segs[segs.length - 1]!] = figureView(fig, mark);
  }
  return root;
}

export interface TextOptions {
  rounding: RoundingMode;
  prev: Doc | undefined;
  /** Mark every printed figure with data-yb="path" (the preview). */
  mark?: boolean;
  /** Takes each placeholder that cannot be printed; without it such a placeholder is a TextError. */
  onProblem?: (problem: TextError) => void;
}

function makeEnv(doc: Doc, opts: TextOptions): typeof Handlebars {
  const hb = Handlebars.create();
  const fail = (msg: string): never => {
    throw new Handlebars.Exception(msg);
  };
  const out = (text: string, path: string): Handlebars.SafeString => new Handlebars.SafeString(opts.mark ? markedFigure(path, text) : escapeHtml(text));
  const figOf = (v: unknown, helper: string): Figure => FIGURES.get(v as object) ?? PARTS.get(v as object)?.fig ?? fail(`${helper} 需要一个数字,如 {{${helper} insured.total}}`);
  const pathOf = (v: unknown): string | undefined => (FIGURES.get(v as object) ?? PARTS.get(v as object)?.fig)?.path;
  hb.registerHelper('value', (v: unknown) => {
    const path = pathOf(v);
    return path ? out(String(v), path) : String(v);
  });
  hb.registerHelper('abs', (v: unknown) => {
    const part = PARTS.get(v as object);
    if (part) return out(magnitudeText(part.fv, part.kind === 'growth' || part.kind === 'increase' || part.kind === 'pp' ? part.kind : 'value'), part.fig.path);
    const fig = figOf(v, 'abs');
    return out(magnitudeText(currentValue(fig)!, 'value'), fig.path);
  });
  hb.registerHelper('change', (v: unknown) => {
    const fig = figOf(v, 'change');
    if (fig.growth) return out(changeText('growth', fig.growth), fig.path);
    if (fig.pp) return out(changeText('pp', fig.pp), fig.path);
    if (fig.increase) return out(changeText('increase', fig.increase), fig.path);
    return fail(`${fig.path} 没有写明变化(growth、pp 或 increase)`);
  });
  hb.registerHelper('fromto', (v: unknown) => {
    const fig = figOf(v, 'fromto');
    if (!fig.before || !fig.after) return fail(`${fig.path} 需要 before 和 after 才能写成“由…至…”`);
    return out(fromToText(fig.before, fig.after, fig.growth), fig.path);
  });
  hb.registerHelper('round', (v: unknown, places: unknown) => {
    const part = PARTS.get(v as object);
    const fig = part?.fig ?? figOf(v, 'round');
    const fv = part?.fv ?? currentValue(fig)!;
    const n = Number(places);
    if (!Number.isInteger(n) || n < 0 || n > 10) fail('round 的第二个参数应为小数位数,如 {{round insured.total 1}}');
    return out(figureText(fv, roundFor(fv.q.number, n, opts.rounding)), fig.path);
  });
  hb.registerHelper('unit', (v: unknown) => (PARTS.get(v as object)?.fv ?? currentValue(figOf(v, 'unit'))!).unit.unit);
  hb.registerHelper('prev', (path: unknown) => {
    const fig = opts.prev?.figures.get(String(path));
    const fv = fig && currentValue(fig);
    if (!fv) return fail(`上一年(${doc.year! - 1}年)没有“${String(path)}”`);
    return figureText(fv);
  });
  return hb;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escapes everything outside `{{…}}` and rewrites `{{prev(path)}}` as a helper call. */
function prepare(text: string): string {
  return text
    .split(/(\{\{[\s\S]*?\}\})/)
    .map((part, i) => {
      if (i % 2 === 0) return escapeHtml(part);
      const prev = /^\{\{\s*prev\(([a-z0-9_.]+)\)\s*\}\}$/.exec(part);
      if (prev) return `{{prev "${prev[1]}"}}`;
      // no partials, no raw blocks, no unescaped output from data
      return part.replace(/^\{\{\s*[>{&]/, '{{');
    })
    .join('');
}

export interface TextRenderer {
  /** The text at `key` of the document as HTML-escaped text (no markup added). */
  render(text: string, key: string): string;
}

export function textRenderer(doc: Doc, opts: TextOptions): TextRenderer {
  const hb = makeEnv(doc, opts);
  const context = textContext(doc, opts.mark === true);
  /** The error of a failed placeholder, pointing at its name (after `{{`) in the YAML file, as the check does. */
  const problem = (e: unknown, text: string, key: string, from: number): TextError => {
    const err = e as Error;
    let name = /"([^"]+)" not defined/.exec(err.message)?.[1];
    // Handlebars names the last segment; the placeholder holds the whole path
    const inner = text.startsWith('{{', from) ? /^\{\{\s*([\w.]+)\s*\}\}/.exec(text.slice(from))?.[1] : undefined;
    if (name && inner && inner.endsWith(name)) name = inner;
    let index = from;
    if (name && !text.startsWith('{{', from)) {
      const m = new RegExp(`\\{\\{[^}]*\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).exec(text.slice(from));
      if (m) index = from + m.index;
    }
    if (text.startsWith('{{', index)) index += 2 + (/^\s*/.exec(text.slice(index + 2))?.[0].length ?? 0);
    const at = locate(doc, textOffset(doc, key, text, index));
    const msg = name ? `文本引用的“${name}”不是本文件的数字` : err.message.split('\n')[0]!;
    const te = new TextError(msg, doc.file, at.line, at.column);
    te.missing = name ?? null;
    return te;
  };
  const run = (text: string): string => hb.compile(prepare(text), { strict: true })(context);
  return {
    render(text, key) {
      if (!text.includes('{{')) return escapeHtml(text);
      try {
        return run(text);
      } catch (e) {
        if (!opts.onProblem) throw problem(e, text, key, 0);
      }
      // a draft: every placeholder on its own, the failing ones printed visibly
      let offset = 0;
      const parts = text.split(/(\{\{[\s\S]*?\}\})/).map((part, i) => {
        const from = offset;
        offset += part.length;
        if (i % 2 === 0) {
          const open = part.indexOf('{{');
          if (open < 0) return escapeHtml(part);
          opts.onProblem!(problem(new Error('“{{”没有对应的“}}”'), text, key, from + open));
          return escapeHtml(part.slice(0, open)) + missingMark(part.slice(open));
        }
        try {
          return run(part);
        } catch (e) {
          const p = problem(e, text, key, from);
          opts.onProblem!(p);
          const inner = part.slice(2, -2).trim();
          // a name that is not a figure, or no such figure the year before: 〔缺：path〕
          return missingMark(inner, p.missing !== null || /^prev\(/.test(inner));
        }
      });
      return parts.join('');
    },
  };
}

/** What a draft prints for a placeholder it cannot fill: 〔缺：fund.basic.surplus〕 in red, never an empty string. */
export function missingMark(what: string, missing = false): string {
  return `<span class="yb-missing">〔${missing ? '缺：' : ''}${escapeHtml(what)}〕</span>`;
}

/** Text the renderer escaped, back to plain text (for <title> and PDF metadata). */
export function plainText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
