/**
 * Parser for rule expressions (FORMAT.md §3): decimals, figure paths with `*`, + - * /, parentheses,
 * prev(path), and one relation. Hand-written recursive descent: the grammar has four levels and a
 * parser library would add a dependency without shortening it. Pure; no evaluation here.
 */
import type { Decimal } from 'decimal.js';
import { Dec, decimalsOf } from '../model/decimal.js';
import type { Relation } from '../model/interval.js';
import { msg, render, type Message } from '../findings/messages.js';

export type Expr =
  | { type: 'num'; value: Decimal; text: string; decimals: number }
  | { type: 'path'; path: string; prev: boolean }
  | { type: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { type: 'neg'; arg: Expr };

export interface ParsedRule {
  left: Expr;
  relation: Relation;
  right: Expr;
}

/** A rule that cannot be parsed: `detail` is the catalogue message (rendered in the reader's language); `.message` is its Chinese text. */
export class ExprError extends Error {
  constructor(
    readonly detail: Message,
    readonly index: number,
  ) {
    super(render(detail, 'zh'));
  }
}

type Tok =
  | { t: 'num'; v: string; i: number }
  | { t: 'path'; v: string; i: number }
  | { t: 'op'; v: string; i: number }
  | { t: 'end'; i: number };

const PATH = /^[a-z0-9_*]+(?:\.[a-z0-9_*]+)*/;
const NUM = /^(?:\d+(?:\.\d+)?|\.\d+)%?/;
const OPS = ['<=', '>=', '≤', '≥', '=', '<', '>', '+', '-', '−', '*', '×', '/', '÷', '(', ')'];

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = NUM.exec(rest);
    if (num && /[\d.]/.test(c)) {
      // a path segment may start with a digit ("2022"): prefer a path when a dot-letter follows
      const p = PATH.exec(rest);
      if (p && p[0].length > num[0].length && /[a-z_*]/.test(p[0])) {
        toks.push({ t: 'path', v: p[0], i });
        i += p[0].length;
      } else {
        toks.push({ t: 'num', v: num[0], i });
        i += num[0].length;
      }
      continue;
    }
    const p = PATH.exec(rest);
    if (p && c !== '*') {
      toks.push({ t: 'path', v: p[0], i });
      i += p[0].length;
      continue;
    }
    if (c === '*' && p && p[0].length > 1) {
      toks.push({ t: 'path', v: p[0], i });
      i += p[0].length;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (op) {
      const norm = ({ '≤': '<=', '≥': '>=', '−': '-', '×': '*', '÷': '/' } as Record<string, string>)[op] ?? op;
      toks.push({ t: 'op', v: norm, i });
      i += op.length;
      continue;
    }
    throw new ExprError(msg('expr.bad-char', { char: c }), i);
  }
  toks.push({ t: 'end', i: src.length });
  return toks;
}

export function parseRule(src: string): ParsedRule {
  const toks = tokenize(src);
  let k = 0;
  const peek = (): Tok => toks[k]!;
  const next = (): Tok => toks[k++]!;
  const isOp = (v: string): boolean => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };

  function primary(): Expr {
    const t = next();
    if (t.t === 'num') {
      const pct = t.v.endsWith('%');
      const lit = pct ? t.v.slice(0, -1) : t.v;
      const value = pct ? new Dec(lit).div(100) : new Dec(lit);
      return { type: 'num', value, text: t.v, decimals: decimalsOf(lit) };
    }
    if (t.t === 'path') {
      if (t.v === 'prev' && isOp('(')) {
        next();
        const inner = next();
        if (inner.t !== 'path') throw new ExprError(msg('expr.prev-path'), inner.i);
        if (!isOp(')')) throw new ExprError(msg('expr.prev-close'), peek().i);
        next();
        return { type: 'path', path: inner.v, prev: true };
      }
      return { type: 'path', path: t.v, prev: false };
    }
    if (t.t === 'op' && t.v === '(') {
      const e = sum();
      if (!isOp(')')) throw new ExprError(msg('expr.close'), peek().i);
      next();
      return e;
    }
    if (t.t === 'op' && t.v === '-') return { type: 'neg', arg: primary() };
    throw new ExprError(t.t === 'end' ? msg('expr.incomplete') : msg('expr.unexpected', { token: (t as { v: string }).v }), t.i);
  }
  function product(): Expr {
    let e = primary();
    while (isOp('*') || isOp('/')) {
      const op = next() as { v: '*' | '/' };
      e = { type: 'bin', op: op.v, left: e, right: primary() };
    }
    return e;
  }
  function sum(): Expr {
    let e = product();
    while (isOp('+') || isOp('-')) {
      const op = next() as { v: '+' | '-' };
      e = { type: 'bin', op: op.v, left: e, right: product() };
    }
    return e;
  }

  const left = sum();
  const rel = next();
  if (rel.t !== 'op' || !['=', '<', '<=', '>', '>='].includes(rel.v)) {
    throw new ExprError(msg('expr.no-relation'), rel.i);
  }
  const right = sum();
  const end = peek();
  if (end.t !== 'end') throw new ExprError(msg('expr.extra', { token: (end as { v: string }).v }), end.i);
  return { left, relation: rel.v as Relation, right };
}

/** Every path in an expression, in order. */
export function pathsOf(e: Expr, out: { path: string; prev: boolean }[] = []): { path: string; prev: boolean }[] {
  switch (e.type) {
    case 'path':
      out.push({ path: e.path, prev: e.prev });
      break;
    case 'bin':
      pathsOf(e.left, out);
      pathsOf(e.right, out);
      break;
    case 'neg':
      pathsOf(e.arg, out);
      break;
    case 'num':
      break;
  }
  return out;
}

/** Replaces every `*` segment with `seg`. */
export function bind(path: string, seg: string): string {
  return path.split('.').map((s) => (s === '*' ? seg : s)).join('.');
}

export function bindExpr(e: Expr, seg: string): Expr {
  switch (e.type) {
    case 'path':
      return e.path.includes('*') ? { ...e, path: bind(e.path, seg) } : e;
    case 'bin':
      return { ...e, left: bindExpr(e.left, seg), right: bindExpr(e.right, seg) };
    case 'neg':
      return { ...e, arg: bindExpr(e.arg, seg) };
    case 'num':
      return e;
  }
}

/** The segment a `*` pattern binds when matching `path`, or null when it does not match. */
export function matchWildcard(pattern: string, path: string): string | null {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === path ? '' : null;
  if (pattern.indexOf('*', star + 1) < 0) {
    // one `*`: compare the fixed prefix and suffix without splitting (this runs millions of times)
    const suffixLen = pattern.length - star - 1;
    if (path.length <= star + suffixLen) return null;
    if (!path.startsWith(pattern.slice(0, star)) || !path.endsWith(pattern.slice(star + 1))) return null;
    const seg = path.slice(star, path.length - suffixLen);
    return seg.includes('.') ? null : seg;
  }
  return matchUncached(pattern, path);
}

function matchUncached(pattern: string, path: string): string | null {
  const ps = pattern.split('.');
  const xs = path.split('.');
  if (ps.length !== xs.length) return null;
  let seg: string | null = null;
  for (let i = 0; i < ps.length; i++) {
    if (ps[i] === '*') {
      if (seg !== null && seg !== xs[i]) return null;
      seg = xs[i]!;
    } else if (ps[i] !== xs[i]) return null;
  }
  return seg ?? '';
}

/** Renders an expression back to text (for messages). */
export function exprText(e: Expr): string {
  switch (e.type) {
    case 'num':
      return e.text;
    case 'path':
      return e.prev ? `prev(${e.path})` : e.path;
    case 'neg':
      return `-${exprText(e.arg)}`;
    case 'bin': {
      const l = exprText(e.left);
      let r = exprText(e.right);
      if (e.right.type === 'bin' && (e.op === '-' || e.op === '/' || ((e.op === '*') && (e.right.op === '+' || e.right.op === '-')))) r = `(${r})`;
      const lw = e.left.type === 'bin' && (e.op === '*' || e.op === '/') && (e.left.op === '+' || e.left.op === '-') ? `(${l})` : l;
      return `${lw} ${e.op} ${r}`;
    }
  }
}
