/**
 * Renders the prose of a document: each text is a strict Handlebars template over the document's
 * figures (`{{insured.total}}`, `{{reform.stay_days.before}}`, `{{prev(fund.resident.balance)}}`,
 * helpers `change`, `fromto`, `abs`, `round`, `value`, `unit`). Literal text is HTML-escaped; a
 * name that is not a figure fails with the file, line and column of the text. No I/O.
 */
import Handlebars from 'handlebars';
import { locate } from '../core/parse/source-file.js';
import { textOffset } from '../core/model/text-fields.js';
import type { Doc, Figure, FigureValue } from '../core/model/types.js';
import { currentValue } from '../core/model/figure-interval.js';
import { changeText, figureText, fromToText, magnitudeText, roundFor, type RoundingMode } from './figure-text.js';

export class TextError extends Error {
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

function partView(fig: Figure, kind: Part['kind'], fv: FigureValue): object {
  const text = kind === 'pp' ? `${fv.q.literal}个百分点` : figureText(fv);
  const view = { toString: () => text };
  PARTS.set(view, { fv, kind, fig });
  return view;
}

function figureView(fig: Figure): object {
  const cur = currentValue(fig)!;
  const view: Record<string, unknown> = { toString: () => figureText(cur) };
  for (const kind of ['value', 'before', 'after', 'growth', 'increase', 'pp'] as const) {
    const fv = fig[kind];
    if (fv) view[kind] = partView(fig, kind, fv);
  }
  FIGURES.set(view, fig);
  return view;
}

/** The template context: figures nested by path, plus year, region and short. */
export function textContext(doc: Doc): Record<string, unknown> {
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
    node[segs[segs.length - 1]!] = figureView(fig);
  }
  return root;
}

export interface TextOptions {
  rounding: RoundingMode;
  prev: Doc | undefined;
}

function makeEnv(doc: Doc, opts: TextOptions): typeof Handlebars {
  const hb = Handlebars.create();
  const fail = (msg: string): never => {
    throw new Handlebars.Exception(msg);
  };
  const figOf = (v: unknown, helper: string): Figure => FIGURES.get(v as object) ?? PARTS.get(v as object)?.fig ?? fail(`${helper} 需要一个数字,如 {{${helper} insured.total}}`);
  hb.registerHelper('value', (v: unknown) => String(v));
  hb.registerHelper('abs', (v: unknown) => {
    const part = PARTS.get(v as object);
    if (part) return magnitudeText(part.fv, part.kind === 'growth' || part.kind === 'increase' || part.kind === 'pp' ? part.kind : 'value');
    const fig = figOf(v, 'abs');
    return magnitudeText(currentValue(fig)!, 'value');
  });
  hb.registerHelper('change', (v: unknown) => {
    const fig = figOf(v, 'change');
    if (fig.growth) return changeText('growth', fig.growth);
    if (fig.pp) return changeText('pp', fig.pp);
    if (fig.increase) return changeText('increase', fig.increase);
    return fail(`${fig.path} 没有写明变化(growth、pp 或 increase)`);
  });
  hb.registerHelper('fromto', (v: unknown) => {
    const fig = figOf(v, 'fromto');
    if (!fig.before || !fig.after) return fail(`${fig.path} 需要 before 和 after 才能写成“由…至…”`);
    return fromToText(fig.before, fig.after, fig.growth);
  });
  hb.registerHelper('round', (v: unknown, places: unknown) => {
    const part = PARTS.get(v as object);
    const fv = part?.fv ?? currentValue(figOf(v, 'round'))!;
    const n = Number(places);
    if (!Number.isInteger(n) || n < 0 || n > 10) fail('round 的第二个参数应为小数位数,如 {{round insured.total 1}}');
    return figureText(fv, roundFor(fv.q.number, n, opts.rounding));
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
  const context = textContext(doc);
  return {
    render(text, key) {
      if (!text.includes('{{')) return escapeHtml(text);
      try {
        return hb.compile(prepare(text), { strict: true })(context);
      } catch (e) {
        const err = e as Error;
        // point at the placeholder that failed, in the YAML file
        const name = /"([^"]+)" not defined/.exec(err.message)?.[1];
        let index = 0;
        if (name) {
          const m = new RegExp(`\\{\\{[^}]*\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).exec(text);
          if (m) index = m.index;
        }
        const at = locate(doc, textOffset(doc, key, text, index));
        const msg = name ? `文本引用的“${name}”不是本文件的数字` : err.message.split('\n')[0]!;
        throw new TextError(msg, doc.file, at.line, at.column);
      }
    },
  };
}
