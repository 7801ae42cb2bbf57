/**
 * What a written figure stands for (FORMAT.md §6): its interval of true values in the indicator's
 * catalogue unit (percent as a fraction), and its point value as written. Pure.
 */
import type { Decimal } from 'decimal.js';
import { Dec, HUNDRED, ZERO, halfUlp } from './decimal.js';
import { around, atLeast, atMost, point, type Interval } from './interval.js';
import { conversion, type UnitInfo } from './units.js';
import type { Figure, FigureValue, Indicator } from './types.js';

/** The unit numbers are expressed in for rules: the catalogue's, or the written one without a catalogue entry. */
export function targetUnit(fv: FigureValue, indicator: Indicator | null): UnitInfo {
  return indicator?.unit ?? fv.unit;
}

function factorOf(fv: FigureValue, indicator: Indicator | null): Decimal {
  const target = targetUnit(fv, indicator);
  const f = conversion(fv.unit, target);
  return target.unit === '%' ? f.div(HUNDRED) : f;
}

/** Rounding slack h of a written value, in its written unit. */
export function slack(fv: FigureValue, indicator: Indicator | null): Decimal {
  if (indicator?.exact) return ZERO;
  if (fv.unit.exactByNature) return ZERO;
  return halfUlp(fv.q.decimals);
}

/** The interval of true values; null for ≈ figures, which take part in no check. */
export function valueInterval(fv: FigureValue, indicator: Indicator | null, factorOverride?: Decimal): Interval | null {
  const k = factorOverride ? factorOf(fv, indicator).times(factorOverride) : factorOf(fv, indicator);
  const v = fv.q.number.times(k);
  switch (fv.q.qualifier) {
    case '':
      return around(v, slack(fv, indicator).times(k));
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
