/**
 * Exact decimal interval arithmetic (FORMAT.md §6): closed, open and unbounded ends, outward
 * rounding for division. Pure functions; knows nothing of figures or units.
 */
import type { Decimal } from 'decimal.js';
import { Dec, DecCeil, DecFloor } from './decimal.js';

/** An end of an interval: a decimal or ±∞; `open` excludes the end itself. */
export interface End {
  v: Decimal | null; // null = infinite (sign given by which end it is)
  open: boolean;
}

export interface Interval {
  lo: End;
  hi: End;
}

export function point(v: Decimal): Interval {
  return { lo: { v, open: false }, hi: { v, open: false } };
}

export function around(v: Decimal, h: Decimal): Interval {
  return { lo: { v: v.minus(h), open: false }, hi: { v: v.plus(h), open: false } };
}

export const WHOLE: Interval = { lo: { v: null, open: true }, hi: { v: null, open: true } };

export function atLeast(v: Decimal, open: boolean): Interval {
  return { lo: { v, open }, hi: { v: null, open: true } };
}
export function atMost(v: Decimal, open: boolean): Interval {
  return { lo: { v: null, open: true }, hi: { v, open } };
}

export function scale(iv: Interval, k: Decimal): Interval {
  return mul(iv, point(k));
}

export function add(a: Interval, b: Interval): Interval {
  return {
    lo: { v: a.lo.v && b.lo.v ? DecFloor.add(a.lo.v, b.lo.v) : null, open: a.lo.open || b.lo.open },
    hi: { v: a.hi.v && b.hi.v ? DecCeil.add(a.hi.v, b.hi.v) : null, open: a.hi.open || b.hi.open },
  };
}

export function neg(a: Interval): Interval {
  return {
    lo: { v: a.hi.v ? a.hi.v.neg() : null, open: a.hi.open },
    hi: { v: a.lo.v ? a.lo.v.neg() : null, open: a.lo.open },
  };
}

export function sub(a: Interval, b: Interval): Interval {
  return add(a, neg(b));
}

/** Extended value: a finite decimal or ±Infinity as a number. */
type X = Decimal | number;

function ext(e: End, isLo: boolean): X {
  return e.v ?? (isLo ? -Infinity : Infinity);
}
function sign(x: X): number {
  return typeof x === 'number' ? Math.sign(x) : x.isZero() ? 0 : x.isNeg() ? -1 : 1;
}
function cmp(a: X, b: X): number {
  if (typeof a === 'number' || typeof b === 'number') {
    const an = typeof a === 'number' ? a : 0;
    const bn = typeof b === 'number' ? b : 0;
    if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
    if (typeof a === 'number') return an < 0 ? -1 : 1;
    return bn < 0 ? 1 : -1;
  }
  return a.cmp(b);
}

interface Cand {
  lo: X;
  hi: X;
  open: boolean;
}

function mulX(a: X, b: X): Cand {
  if (typeof a === 'number' || typeof b === 'number') {
    const s = sign(a) * sign(b);
    const v = s === 0 ? new Dec(0) : s * Infinity;
    return { lo: v, hi: v, open: false };
  }
  return { lo: DecFloor.mul(a, b), hi: DecCeil.mul(a, b), open: false };
}

function divX(a: X, b: X): Cand {
  if (typeof b === 'number') {
    // finite / ±∞ → 0 (approached, never reached); ∞ / ∞ is unbounded
    if (typeof a === 'number') {
      const v = sign(a) * sign(b) * Infinity;
      return { lo: v, hi: v, open: false };
    }
    return { lo: new Dec(0), hi: new Dec(0), open: true };
  }
  if (typeof a === 'number') {
    const v = sign(a) * sign(b) * Infinity;
    return { lo: v, hi: v, open: false };
  }
  return { lo: DecFloor.div(a, b), hi: DecCeil.div(a, b), open: false };
}

function combine(a: Interval, b: Interval, f: (x: X, y: X) => Cand): Interval {
  const cands: Cand[] = [];
  for (const ea of [a.lo, a.hi]) {
    for (const eb of [b.lo, b.hi]) {
      const c = f(ext(ea, ea === a.lo), ext(eb, eb === b.lo));
      cands.push({ ...c, open: c.open || ea.open || eb.open });
    }
  }
  let lo = cands[0]!;
  let hi = cands[0]!;
  for (const c of cands) {
    const l = cmp(c.lo, lo.lo);
    if (l < 0 || (l === 0 && !c.open)) lo = c;
    const h = cmp(c.hi, hi.hi);
    if (h > 0 || (h === 0 && !c.open)) hi = c;
  }
  const toEnd = (x: X, open: boolean): End => (typeof x === 'number' ? { v: null, open: true } : { v: x, open });
  return { lo: toEnd(lo.lo, lo.open), hi: toEnd(hi.hi, hi.open) };
}

export function mul(a: Interval, b: Interval): Interval {
  return combine(a, b, mulX);
}

export function containsZero(a: Interval): boolean {
  return contains(a, new Dec(0));
}

export function contains(a: Interval, v: Decimal): boolean {
  const loOk = a.lo.v === null || (a.lo.open ? a.lo.v.lt(v) : a.lo.v.lte(v));
  const hiOk = a.hi.v === null || (a.hi.open ? a.hi.v.gt(v) : a.hi.v.gte(v));
  return loOk && hiOk;
}

/** Division; a divisor interval that contains 0 gives the whole line (nothing can be concluded). */
export function div(a: Interval, b: Interval): Interval {
  if (containsZero(b)) return WHOLE;
  return combine(a, b, divX);
}

/** Some value lies in both. */
export function intersects(a: Interval, b: Interval): boolean {
  // max(lo) vs min(hi)
  const lo = maxLo(a.lo, b.lo);
  const hi = minHi(a.hi, b.hi);
  if (lo.v === null || hi.v === null) return true;
  const c = lo.v.cmp(hi.v);
  if (c < 0) return true;
  if (c > 0) return false;
  return !lo.open && !hi.open;
}

function maxLo(a: End, b: End): End {
  if (a.v === null) return b;
  if (b.v === null) return a;
  const c = a.v.cmp(b.v);
  if (c !== 0) return c > 0 ? a : b;
  return a.open ? a : b;
}
function minHi(a: End, b: End): End {
  if (a.v === null) return b;
  if (b.v === null) return a;
  const c = a.v.cmp(b.v);
  if (c !== 0) return c < 0 ? a : b;
  return a.open ? a : b;
}

export type Relation = '=' | '<' | '<=' | '>' | '>=';

/** A relation holds when some choice of values inside the two intervals satisfies it (§6). */
export function holds(rel: Relation, a: Interval, b: Interval): boolean {
  switch (rel) {
    case '=':
      return intersects(a, b);
    case '<=':
    case '<': {
      // some x in a, y in b with x <= y (or x < y)
      if (a.lo.v === null || b.hi.v === null) return true;
      const c = a.lo.v.cmp(b.hi.v);
      if (c < 0) return true;
      if (c > 0) return false;
      return rel === '<=' && !a.lo.open && !b.hi.open;
    }
    case '>=':
    case '>':
      return holds(rel === '>=' ? '<=' : '<', b, a);
  }
}

