/**
 * What a written figure stands for (FORMAT.md §6): its interval of true values in the indicator's
 * catalogue unit (percent as a fraction), and its point value as written. Pure.
 */
import type { Decimal } from 'decimal.js';
import { Dec, HUNDRED, ZERO, halfUlp } from './decimal.js';
import { around, atLeast, atMost, point, type Interval } from './interval.js';
import { conversion, ONE as ONE_K, type UnitInfo } from './units.js';
import { scaledLiteral, type Lean } from './scaled.js';
import type { Figure, FigureValue, Indicator } from './types.js';
import type { Quantity } from './quantity.js';

/** The unit numbers are expressed in for rules: the catalogue's, or the written one without a catalogue entry. */
export function targetUnit(fv: FigureValue, indicator: Indicator | null): UnitInfo {
  return indicator?.unit ?? fv.unit;
}

const PERCENT_FACTORS = new Map<Decimal, Decimal>();

function factorOf(fv: FigureValue, indicator: Indicator | null): Decimal {
  return unitFactor(fv.unit, indicator);
}

/** factorOf for a number written in `unit` (the catalogue's unit, or `unit` itself without an indicator). */
function unitFactor(unit: UnitInfo, indicator: Indicator | null): Decimal {
  const target = indicator?.unit ?? unit;
  const f = conversion(unit, target);
  if (target.unit !== '%') return f;
  let p = PERCENT_FACTORS.get(f);
  if (!p) PERCENT_FACTORS.set(f, (p = f.div(HUNDRED)));
  return p;
}

/*
 * What is computed once per written value (each is asked for by several checks) is kept on the
 * value itself, FigureValue.iv and .lean (a WeakMap of a million keys costs more in garbage
 * collection than the intervals do). `lean`: undefined not yet asked, null for ≈, false when it
 * does not fit safe integers.
 */

/** Rounding slack h of a written value, in its written unit. */
export function slack(fv: FigureValue, indicator: Indicator | null): Decimal {
  if (indicator?.exact) return ZERO;
  if (fv.unit.exactByNature) return ZERO;
  return halfUlp(fv.q.decimals);
}

/** The interval of true values; null for ≈ figures, which take part in no check. */
export function valueInterval(fv: FigureValue, indicator: Indicator | null, factorOverride?: Decimal): Interval | null {
  if (factorOverride) return computeInterval(fv, indicator, factorOf(fv, indicator).times(factorOverride));
  let iv = fv.iv as Interval | null | undefined;
  if (iv === undefined) fv.iv = iv = computeInterval(fv, indicator, factorOf(fv, indicator));
  return iv;
}

function computeInterval(fv: FigureValue, indicator: Indicator | null, k: Decimal): Interval | null {
  const v = k === ONE_K ? fv.q.number : fv.q.number.times(k);
  switch (fv.q.qualifier) {
    case '': {
      const h = slack(fv, indicator);
      return around(v, k === ONE_K || h.isZero() ? h : h.times(k));
    }
    case '>=':
      return atLeast(v, false);
    case '>':
      return atLeast(v, true);
    case '<=':
      return atMost(v, false);
    case '<':
      return atMost(v, true);
    case '~':
      return null;
  }
}

/** The written number in the target unit (percent as a fraction); null for ≈ and inequality figures. */
export function pointValue(fv: FigureValue, indicator: Indicator | null): Decimal | null {
  if (fv.q.qualifier !== '') return null;
  return fv.q.number.times(factorOf(fv, indicator));
}

/** A stated change (growth in %, pp in points, increase in the figure's unit) as an interval, in the unit used for comparison. */
export function statedInterval(fv: FigureValue, kind: 'growth' | 'pp' | 'increase', indicator: Indicator | null): Interval | null {
  if (kind === 'growth' || kind === 'pp') {
    // growth compares as a fraction; pp compares in percentage points
    const k = kind === 'growth' ? new Dec(1).div(HUNDRED) : new Dec(1);
    const v = fv.q.number.times(k);
    if (fv.q.qualifier === '~') return null;
    if (fv.q.qualifier !== '') return valueIntervalQualified(v, fv.q.qualifier);
    return around(v, halfUlp(fv.q.decimals).times(k));
  }
  return valueInterval(fv, indicator);
}

function valueIntervalQualified(v: Decimal, q: string): Interval {
  if (q === '>=') return atLeast(v, false);
  if (q === '>') return atLeast(v, true);
  if (q === '<=') return atMost(v, false);
  return atMost(v, true);
}

/** The figure's current value: `value`, or `after` for a before/after figure. */
export function currentValue(fig: Figure): FigureValue | null {
  return fig.value ?? fig.after;
}

/** A unit factor as c·10^k with c a small integer; null when it has no such form (1/12 for 个月 → 年). */
export interface LeanFactor { c: number; k: number }
const LEAN_FACTORS = new Map<Decimal, LeanFactor | null>();
function leanFactor(f: Decimal): LeanFactor | null {
  let lf = LEAN_FACTORS.get(f);
  if (lf === undefined) {
    const [mant, exp] = f.toExponential().split('e') as [string, string];
    const s = scaledLiteral(mant);
    lf = s && Math.abs(s.m) < 1e6 ? { c: s.m, k: Number(exp) - s.d } : null;
    LEAN_FACTORS.set(f, lf);
  }
  return lf;
}

/**
 * valueInterval as a lean scaled-integer interval (model/scaled.ts): null for ≈ figures, as
 * valueInterval; undefined when the value does not fit (the caller then uses valueInterval).
 */
export function leanInterval(fv: FigureValue, indicator: Indicator | null): Lean | null | undefined {
  let l = fv.lean as Lean | null | false | undefined;
  if (l === undefined) fv.lean = l = computeLean(fv, indicator);
  return l === false ? undefined : l;
}

function computeLean(fv: FigureValue, indicator: Indicator | null): Lean | null | false {
  const q = fv.q;
  if (q.qualifier === '~') return null;
  const s = scaledLiteral(q.literal);
  const f = leanFactor(factorOf(fv, indicator));
  if (!s || !f) return false;
  return leanOf(s.m, s.d, f, q.qualifier, !(indicator?.exact || fv.unit.exactByNature));
}

/** m·10^−d times the factor, as the interval its qualifier and rounding slack make. */
function leanOf(m0: number, d: number, f: LeanFactor, qualifier: Quantity['qualifier'], rounded: boolean): Lean | false {
  const m = m0 * f.c;
  if (!Number.isSafeInteger(m)) return false;
  const e = f.k - d;
  switch (qualifier) {
    case '': {
      if (!rounded) return { lo: m, hi: m, e, loOpen: false, hiOpen: false };
      // v ± ½·10^−d, all in units of 10^(e−1)
      const lo = 10 * m - 5 * f.c;
      const hi = 10 * m + 5 * f.c;
      if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) return false;
      return { lo, hi, e: e - 1, loOpen: false, hiOpen: false };
    }
    case '>=':
      return { lo: m, hi: Infinity, e, loOpen: false, hiOpen: true };
    case '>':
      return { lo: m, hi: Infinity, e, loOpen: true, hiOpen: true };
    case '<=':
      return { lo: -Infinity, hi: m, e, loOpen: true, hiOpen: false };
    case '<':
      return { lo: -Infinity, hi: m, e, loOpen: true, hiOpen: true };
    default:
      return false;
  }
}

const LEAN_ONE: LeanFactor = { c: 1, k: 0 };
const LEAN_PERCENT: LeanFactor = { c: 1, k: -2 };

/** How a plain number written in a unit becomes a lean interval for an indicator: the unit factor, and whether it is rounded. */
export interface PlainFactor {
  f: LeanFactor;
  rounded: boolean;
}

/** The PlainFactor of numbers written in `unit` for `indicator`; null when the factor has no lean form. */
export function plainFactor(unit: UnitInfo, indicator: Indicator | null): PlainFactor | null {
  const f = leanFactor(unitFactor(unit, indicator));
  return f && { f, rounded: !(indicator?.exact || unit.exactByNature) };
}

/**
 * leanInterval of a plain number m·10^−d (no qualifier) written as `pf` says, without a FigureValue
 * (the fast lane of core/fast reads numbers straight from bytes); false when it does not fit.
 */
export function leanPlain(m: number, d: number, pf: PlainFactor): Lean | false {
  return leanOf(m, d, pf.f, '', pf.rounded);
}

/** leanStated of a plain growth (a percentage) or pp figure m·10^−d; false when it does not fit. */
export function leanStatedPlain(m: number, d: number, kind: 'growth' | 'pp'): Lean | false {
  return leanOf(m, d, kind === 'growth' ? LEAN_PERCENT : LEAN_ONE, '', true);
}

/** statedInterval as a lean interval: null for ≈, undefined when it does not fit. */
export function leanStated(fv: FigureValue, kind: 'growth' | 'pp' | 'increase', indicator: Indicator | null): Lean | null | undefined {
  if (kind === 'increase') return leanInterval(fv, indicator);
  if (fv.q.qualifier === '~') return null;
  const s = scaledLiteral(fv.q.literal);
  if (!s) return undefined;
  const r = leanOf(s.m, s.d, kind === 'growth' ? LEAN_PERCENT : LEAN_ONE, fv.q.qualifier, true);
  return r === false ? undefined : r;
}

export { point };
