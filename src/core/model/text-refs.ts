/**
 * The one grammar of `{{…}}` placeholders in document text, shared by the `reference` check and the
 * renderer, so that check reports exactly what a build would refuse, at the same column:
 *
 *   {{path}}  {{path.part}}  {{year}} {{region}} {{short}}  {{prev(path)}}
 *   {{value path}} {{change path}} {{fromto path}} {{abs path}} {{unit path}} {{round path N}}
 *
 * Anything else between `{{` and `}}` is a syntax problem. problemOf() says whether a well-formed
 * placeholder can be printed for a document. Pure: no Handlebars, no I/O.
 */
import type { Doc, Figure, FigureValue } from './types.js';
import { currentValue } from './figure-interval.js';
import { msg, type Message } from '../findings/messages.js';

/** Names a text may use that are not figures. */
export const BUILTIN_NAMES = ['year', 'region', 'short'] as const;
export type BuiltinName = (typeof BUILTIN_NAMES)[number];

/** Helpers a text may call with one figure path (`{{change fund.basic.income}}`); `round` takes decimals too. */
export const TEXT_HELPERS = ['value', 'change', 'fromto', 'abs', 'unit', 'round'] as const;
export type TextHelper = (typeof TEXT_HELPERS)[number];

/** Parts of a figure a text may name after its path: `{{reform.stay_days.before}}`. */
export const FIGURE_PARTS = ['value', 'before', 'after', 'growth', 'increase', 'pp'] as const;
export type FigurePart = (typeof FIGURE_PARTS)[number];

export interface FigureRef {
  path: string;
  prev: boolean;
  /** Index of the name within the text. */
  index: number;
}

export type Expr =
  | { kind: 'builtin'; name: BuiltinName }
  | { kind: 'figure'; ref: FigureRef }
  | { kind: 'prev'; ref: FigureRef }
  | { kind: 'helper'; helper: TextHelper; ref: FigureRef; places: number | null };

export interface Placeholder {
  /** Index of `{{` in the text. */
  index: number;
  /** Index just after the closing `}}`. */
  end: number;
  inner: string;
  /** Index of the placeholder's first character after `{{` and spaces: where findings point. */
  at: number;
  /** The parsed placeholder, or null when it is not in the grammar (see `syntax`). */
  expr: Expr | null;
  syntax: Message | null;
  /** The figures it names (for the check's count and the preview). */
  refs: FigureRef[];
}

const PATH = /^[a-z0-9_]+(?:\.[a-z0-9_]+)*$/;
const PREV = /^prev\(\s*([a-z0-9_]+(?:\.[a-z0-9_]+)*)\s*\)$/;

/** Parses one placeholder's inner text; `at` is the text index of its first non-space character. */
function parseInner(inner: string, at: number): { expr: Expr | null; syntax: Message | null } {
  const body = inner.trim();
  const bad = (why: string): { expr: null; syntax: Message } => ({ expr: null, syntax: msg('reference.syntax', { text: body, why: msg(why as 'reference.why.empty') }) });
  if (body === '') return bad('reference.why.empty');
  if (/^[{&]/.test(body)) return bad('reference.why.raw');
  if (/^[#/^>!]/.test(body) || body === 'else') return bad('reference.why.block');
  if (/(^|[\s(])\.\.?\//.test(body) || /^this\b/.test(body) || /^@/.test(body)) return bad('reference.why.context');
  if (/=/.test(body)) return bad('reference.why.hash');
  if (PATH.test(body)) {
    if ((BUILTIN_NAMES as readonly string[]).includes(body)) return { expr: { kind: 'builtin', name: body as BuiltinName }, syntax: null };
    return { expr: { kind: 'figure', ref: { path: body, prev: false, index: at } }, syntax: null };
  }
  const prev = PREV.exec(body);
  if (prev) return { expr: { kind: 'prev', ref: { path: prev[1]!, prev: true, index: at } }, syntax: null };
  const words = body.split(/\s+/);
  const head = words[0]!;
  if ((TEXT_HELPERS as readonly string[]).includes(head)) {
    const helper = head as TextHelper;
    const arg = words[1];
    const argAt = at + body.indexOf(arg ?? '', head.length);
    if (arg === undefined || !PATH.test(arg) || (BUILTIN_NAMES as readonly string[]).includes(arg)) return bad('reference.why.helper-arg');
    const ref: FigureRef = { path: arg, prev: false, index: argAt };
    if (helper === 'round') {
      const places = words[2];
      if (words.length !== 3 || places === undefined || !/^\d+$/.test(places) || Number(places) > 10) return bad('reference.why.round');
      return { expr: { kind: 'helper', helper, ref, places: Number(places) }, syntax: null };
    }
    if (words.length !== 2) return bad('reference.why.helper-arg');
    return { expr: { kind: 'helper', helper, ref, places: null }, syntax: null };
  }
  if (/^[a-z0-9_.]+$/i.test(body)) return bad('reference.why.path');
  if (/^[a-z]\w*\s/i.test(body)) return bad('reference.why.unknown-helper');
  return bad('reference.why.path');
}

/** Every placeholder of a text, in order, and the indices of `{{` that are never closed. */
export function placeholders(text: string): { found: Placeholder[]; unclosed: number[] } {
  const found: Placeholder[] = [];
  const unclosed: number[] = [];
  let i = text.indexOf('{{');
  while (i >= 0) {
    // a triple brace closes with three
    const triple = text.startsWith('{{{', i);
    const close = text.indexOf(triple ? '}}}' : '}}', i + 2);
    const nextOpen = text.indexOf('{{', i + (triple ? 3 : 2));
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      unclosed.push(i);
      i = nextOpen;
      continue;
    }
    const end = close + (triple ? 3 : 2);
    const inner = text.slice(i + 2, close + (triple ? 1 : 0));
    const at = i + 2 + (/^\s*/.exec(inner)?.[0].length ?? 0);
    const { expr, syntax } = parseInner(inner, at);
    const refs = expr && expr.kind !== 'builtin' ? [expr.ref] : [];
    found.push({ index: i, end, inner, at, expr, syntax, refs });
    i = text.indexOf('{{', end);
  }
  return { found, unclosed };
}

/**
 * Resolves a referenced path against a document's figures: the figure itself, or one part of it.
 * Returns null when nothing of that name exists.
 */
export function resolveRef<F extends { [K in FigurePart]: unknown }>(figures: Map<string, F>, path: string): { figure: F; part: FigurePart | null } | null {
  const whole = figures.get(path);
  if (whole) return { figure: whole, part: null };
  const cut = path.lastIndexOf('.');
  if (cut < 0) return null;
  const part = path.slice(cut + 1) as FigurePart;
  if (!(FIGURE_PARTS as readonly string[]).includes(part)) return null;
  const figure = figures.get(path.slice(0, cut));
  return figure && figure[part] ? { figure, part } : null;
}

/** The value a reference prints: the part it names, or the figure's current value. */
export function refValue(figure: Figure, part: FigurePart | null): FigureValue | null {
  return part ? (figure[part] ?? null) : currentValue(figure);
}

/**
 * Why a well-formed placeholder cannot be printed for `doc` (with `prev` the same region's
 * document a year earlier), or null when it can. The check reports this; the renderer refuses it.
 */
export function problemOf(expr: Expr, doc: Doc, prev: Doc | undefined, hint: (path: string) => Message = () => msg('hint.none')): Message | null {
  if (expr.kind === 'builtin') return null;
  const { ref } = expr;
  if (expr.kind === 'prev') {
    const r = prev ? resolveRef(prev.figures, ref.path) : null;
    return r && refValue(r.figure, r.part) ? null : msg('reference.no-prev', { name: `prev(${ref.path})`, year: doc.year! - 1 });
  }
  const r = resolveRef(doc.figures, ref.path);
  if (!r || !refValue(r.figure, r.part)) return msg('reference.unknown', { name: ref.path, hint: hint(ref.path) });
  if (expr.kind !== 'helper') return null;
  const fig = r.figure;
  if (expr.helper === 'change' && !fig.growth && !fig.pp && !fig.increase) return msg('reference.no-change', { name: fig.path });
  if (expr.helper === 'fromto' && (!fig.before || !fig.after)) return msg('reference.no-fromto', { name: fig.path });
  return null;
}
