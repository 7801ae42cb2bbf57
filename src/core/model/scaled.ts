/**
 * Lean exact intervals for the checks' hot path (FORMAT.md §6): each end a safe integer times a
 * shared power of ten (m·10^e, ±Infinity for an unbounded end), so sums, products and comparisons
 * allocate nothing but the result and never round. An operation that cannot stay exact in safe
 * integers (overflow, a division, a product with an unbounded end) answers `undefined`: the caller
 * then uses the decimal.js intervals of interval.ts. Comparisons fall back to BigInt. No decimal.js, no I/O.
 */

/** [lo, hi]·10^e; lo may be −Infinity and hi +Infinity (then that end is open). */
export interface Lean {
  lo: number;
  hi: number;
  e: number;
  loOpen: boolean;
  hiOpen: boolean;
}

/**
 * The first Lean ever made holds no numbers: V8 then keeps every Lean's ends as tagged values from
 * the start (a small integer in place, a larger one boxed). Without it the first end beyond ±2^30
 * (or an infinity) changes the objects' layout, and each of the (up to a million) Leans made before
 * is migrated one by one when next read: seconds on a national folder.
 */
export const TAGGED_ENDS = { lo: null, hi: null, e: 0, loOpen: false, hiOpen: false } as unknown as Lean;

/** Exact powers of ten as doubles (10^0 … 10^22 are exact). */
const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

/** x·10^d (d ≥ 0) exactly, NaN when the result is no safe integer; infinities stay. */
export function up(x: number, d: number): number {
  if (d === 0 || x === 0 || x === Infinity || x === -Infinity) return x;
  if (d > 22) return NaN;
  const r = x * POW10[d]!;
  return Number.isSafeInteger(r) ? r : NaN;
}

/** True when n is a safe integer or an infinity (what a Lean end may be). */
function ok(n: number): boolean {
  return Number.isSafeInteger(n) || n === Infinity || n === -Infinity;
}

export function leanPoint(m: number, e: number): Lean {
  return { lo: m, hi: m, e, loOpen: false, hiOpen: false };
}

export function leanAdd(a: Lean, b: Lean): Lean | undefined {
  const e = a.e < b.e ? a.e : b.e;
  const lo = up(a.lo, a.e - e) + up(b.lo, b.e - e);
  const hi = up(a.hi, a.e - e) + up(b.hi, b.e - e);
  if (!ok(lo) || !ok(hi)) return undefined;
  return { lo, hi, e, loOpen: a.loOpen || b.loOpen, hiOpen: a.hiOpen || b.hiOpen };
}

/** acc += b in place (no allocation, for long sums); false when the sum leaves safe integers (acc is then spoilt). */
export function leanAddInto(acc: Lean, b: Lean): boolean {
  const e = acc.e < b.e ? acc.e : b.e;
  const lo = up(acc.lo, acc.e - e) + up(b.lo, b.e - e);
  const hi = up(acc.hi, acc.e - e) + up(b.hi, b.e - e);
  if (!ok(lo) || !ok(hi)) return false;
  acc.lo = lo;
  acc.hi = hi;
  acc.e = e;
  acc.loOpen ||= b.loOpen;
  acc.hiOpen ||= b.hiOpen;
  return true;
}

/** interval.ts containsZero on a lean interval. */
export function leanContainsZero(a: Lean): boolean {
  const loOk = a.lo === -Infinity || (a.loOpen ? a.lo < 0 : a.lo <= 0);
  const hiOk = a.hi === Infinity || (a.hiOpen ? a.hi > 0 : a.hi >= 0);
  return loOk && hiOk;
}

/**
 * x ∈ a meets some p/q (p ∈ num, q ∈ den, den not reaching 0) — the `=` of a ratio rule checked by
 * cross-multiplication: num ∩ a·den ≠ ∅. True when den reaches 0 (interval.ts div then gives the
 * whole line); undefined when the product leaves safe integers or has an unbounded end.
 */
export function leanMeetsRatio(a: Lean, num: Lean, den: Lean): boolean | undefined {
  if (leanContainsZero(den)) return true;
  const prod = leanMul(a, den);
  return prod && leanIntersects(num, prod);
}

export function leanNeg(a: Lean): Lean {
  return { lo: -a.hi, hi: -a.lo, e: a.e, loOpen: a.hiOpen, hiOpen: a.loOpen };
}

export function leanSub(a: Lean, b: Lean): Lean | undefined {
  return leanAdd(a, leanNeg(b));
}

/** The product interval; undefined with an unbounded end or beyond safe integers. */
export function leanMul(a: Lean, b: Lean): Lean | undefined {
  if (!Number.isFinite(a.lo) || !Number.isFinite(a.hi) || !Number.isFinite(b.lo) || !Number.isFinite(b.hi)) return undefined;
  const e = a.e + b.e;
  let lo = Infinity, hi = -Infinity, loOpen = true, hiOpen = true;
  for (let i = 0; i < 4; i++) {
    const x = i < 2 ? a.lo : a.hi;
    const y = (i & 1) === 0 ? b.lo : b.hi;
    const open = (i < 2 ? a.loOpen : a.hiOpen) || ((i & 1) === 0 ? b.loOpen : b.hiOpen);
    const v = x * y;
    if (!Number.isSafeInteger(v)) return undefined;
    // the same choice as interval.ts: the smallest (largest) value, closed if any candidate reaching it is
    if (v < lo) { lo = v; loOpen = open; } else if (v === lo && !open) loOpen = false;
    if (v > hi) { hi = v; hiOpen = open; } else if (v === hi && !open) hiOpen = false;
  }
  return { lo: lo === 0 ? 0 : lo, hi: hi === 0 ? 0 : hi, e, loOpen, hiOpen };
}

/** Compares x·10^ex with y·10^ey exactly (BigInt when aligning leaves safe integers); infinities allowed. */
export function cmpScaled(x: number, ex: number, y: number, ey: number): number {
  if (x === y && (ex === ey || x === 0 || !Number.isFinite(x))) return 0;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x < y ? -1 : x > y ? 1 : 0;
  const e = ex < ey ? ex : ey;
  const a = up(x, ex - e);
  const b = up(y, ey - e);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a < b ? -1 : a > b ? 1 : 0;
  const A = BigInt(x) * 10n ** BigInt(ex - e);
  const B = BigInt(y) * 10n ** BigInt(ey - e);
  return A < B ? -1 : A > B ? 1 : 0;
}

/** Some value lies in both (the `=` of §6): max(lo) against min(hi), exactly as interval.ts intersects. */
export function leanIntersects(a: Lean, b: Lean): boolean {
  let lo: number, loE: number, loOpen: boolean;
  if (a.lo === -Infinity) { lo = b.lo; loE = b.e; loOpen = b.loOpen; }
  else if (b.lo === -Infinity) { lo = a.lo; loE = a.e; loOpen = a.loOpen; }
  else {
    const c = cmpScaled(a.lo, a.e, b.lo, b.e);
    const pick = c > 0 || (c === 0 && a.loOpen) ? a : b;
    lo = pick.lo; loE = pick.e; loOpen = pick.loOpen;
  }
  let hi: number, hiE: number, hiOpen: boolean;
  if (a.hi === Infinity) { hi = b.hi; hiE = b.e; hiOpen = b.hiOpen; }
  else if (b.hi === Infinity) { hi = a.hi; hiE = a.e; hiOpen = a.hiOpen; }
  else {
    const c = cmpScaled(a.hi, a.e, b.hi, b.e);
    const pick = c < 0 || (c === 0 && a.hiOpen) ? a : b;
    hi = pick.hi; hiE = pick.e; hiOpen = pick.hiOpen;
  }
  if (lo === -Infinity || hi === Infinity) return true;
  const c = cmpScaled(lo, loE, hi, hiE);
  if (c < 0) return true;
  if (c > 0) return false;
  return !loOpen && !hiOpen;
}

export type LeanRelation = '=' | '<' | '<=' | '>' | '>=';

/** interval.ts holds() on lean intervals: some choice inside the two satisfies the relation. */
export function leanHolds(rel: LeanRelation, a: Lean, b: Lean): boolean {
  switch (rel) {
    case '=':
      return leanIntersects(a, b);
    case '<=':
    case '<': {
      if (a.lo === -Infinity || b.hi === Infinity) return true;
      const c = cmpScaled(a.lo, a.e, b.hi, b.e);
      if (c < 0) return true;
      if (c > 0) return false;
      return rel === '<=' && !a.loOpen && !b.hiOpen;
    }
    case '>=':
    case '>':
      return leanHolds(rel === '>=' ? '<=' : '<', b, a);
  }
}

/** A plain decimal literal ("-61.90") as m·10^−d with m a safe integer; null when it has more digits. */
export function scaledLiteral(literal: string): { m: number; d: number } | null {
  const dot = literal.indexOf('.');
  const digits = dot < 0 ? literal : literal.slice(0, dot) + literal.slice(dot + 1);
  // 15 digits (and a sign) always fit a safe integer
  if (digits.length > (digits.charCodeAt(0) === 45 ? 16 : 15)) return null;
  const m = Number(digits);
  if (!Number.isSafeInteger(m)) return null;
  return { m: m === 0 ? 0 : m, d: dot < 0 ? 0 : literal.length - dot - 1 };
}
