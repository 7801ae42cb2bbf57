/**
 * What a written figure stands for (FORMAT.md §6): its interval of true values in the indicator's
 * catalogue unit (percent as a fraction), and its point value as written. Pure.
 */
import type { Decimal } from 'decimal.js';
import { Dec, HUNDRED, ZERO, halfUlp } from './decimal.js';
import { around, atLeast, atMost, point, type Interval } from './interval.js';
import { conversion, ONE as ONE_K, type UnitInfo } from './units.js';
import type { Figure, FigureValue, Indicator } from './types.js';

/** The unit numbers are expressed in for rules: the catalogue's, or the written one without a catalogue entry. */
export function targetUnit(fv: FigureValue, indicator: Indicator | null): UnitInfo {
  return indicator?.unit ?? fv.unit;
}

const PERCENT_FACTORS = new Map<Decimal, Decimal>();

function factorOf(fv: FigureValue, indicator: Indicator | null): Decimal {
  const target = targetUnit(fv, indicator);
  const f = conversion(fv.unit, target);
  if (target.unit !== '%') return f;
  let p = PERCENT_FACTORS.get(f);
  if (!p) PERCENT_FACTORS.set(f, (p = f.div(HUNDRED)));
  return p;
}

/** Intervals already computed, per written value (each is asked for by several checks). */
const INTERVALS = new WeakMap<FigureValue, Interval | null>();

/** Rounding slack h of a written value, in its written unit. */
export function slack(fv: FigureValue, indicator: Indicator | null): Decimal {
  if (indicator?.exact) return ZERO;
  if (fv.unit.exactByNature) return ZERO;
  return halfUlp(fv.q.decimals);
}

/** The interval of true values; null for ≈ figures, which take part in no check. */
export function valueInterval(fv: FigureValue, indicator: Indicator | null, factorOverride?: Decimal): Interval | null {
  if (factorOverride) return computeInterval(fv, indicator, factorOf(fv, indicator).times(factorOverride));
  let iv = INTERVALS.get(fv);
  if (iv === undefined) INTERVALS.set(fv, (iv = computeInterval(fv, indicator, factorOf(fv, indicator))));
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

export { point };
