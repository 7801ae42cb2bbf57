/** Figures within their indicator's min/max; % defaults to [0, 100], counts to ≥ 0 (kind `range`). No I/O. */
import { Dec, HUNDRED } from '../model/decimal.js';
import { leanInterval, valueInterval } from '../model/figure-interval.js';
import { cmpScaled, scaledLiteral } from '../model/scaled.js';
import { display, written } from '../model/format.js';
import type { Figure, FigureValue, Indicator } from '../model/types.js';
import type { Decimal } from 'decimal.js';
import { msg } from '../findings/messages.js';
import type { Check } from './context.js';

export const rangeCheck: Check = {
  name: 'range',
  description: 'Every figure lies within its indicator’s bounds.',
  run(ctx) {
    for (const doc of ctx.docs) {
      for (const fig of doc.figures.values()) {
        const ind = fig.indicator;
        if (!ind) continue;
        const { min, max, leanMin, leanMax } = bounds(ind);
        if (!min && !max) continue;
        for (const fv of [fig.value, fig.before, fig.after]) {
          if (!fv) continue;
          // the lean exact path: inside the bounds needs no decimal.js
          const l = leanInterval(fv, ind);
          if (l === null) continue;
          if (l !== undefined && leanMin !== undefined && leanMax !== undefined) {
            // bounds are in the catalogue unit; % bounds are percent numbers, intervals fractions
            const e = ind.unit.unit === '%' ? l.e + 2 : l.e;
            const below = leanMin !== null && l.hi !== Infinity && (l.hiOpen ? cmpScaled(l.hi, e, leanMin.m, leanMin.e) <= 0 : cmpScaled(l.hi, e, leanMin.m, leanMin.e) < 0);
            const above = leanMax !== null && l.lo !== -Infinity && (l.loOpen ? cmpScaled(l.lo, e, leanMax.m, leanMax.e) >= 0 : cmpScaled(l.lo, e, leanMax.m, leanMax.e) > 0);
            if (!below && !above) {
              ctx.counted();
              continue;
            }
          }
          const iv = valueInterval(fv, ind);
          if (!iv) continue;
          ctx.counted();
          // bounds are in the catalogue unit; % bounds are percent numbers, intervals fractions
          const k = ind.unit.unit === '%' ? HUNDRED : new Dec(1);
          const places = fv.q.decimals;
          if (min && iv.hi.v !== null && (iv.hi.open ? iv.hi.v.times(k).lte(min) : iv.hi.v.times(k).lt(min))) {
            report(fig, fv, ind, 'range.below', min, places);
          } else if (max && iv.lo.v !== null && (iv.lo.open ? iv.lo.v.times(k).gte(max) : iv.lo.v.times(k).gt(max))) {
            report(fig, fv, ind, 'range.above', max, places);
          }
        }
        function report(f: Figure, fv: FigureValue, i: Indicator, id: 'range.below' | 'range.above', bound: Decimal, places: number): void {
          const b = display(i.unit.unit === '%' ? bound.div(HUNDRED) : bound, i.unit, Math.max(places, bound.decimalPlaces()));
          ctx.report(doc, fv.at, { kind: 'range', path: f.path, figures: [f.path], actual: fv.q.literal, expected: bound.toFixed(), message: msg(id, { label: i.label, value: written(fv), bound: b }) });
        }
      }
    }
  },
};

export interface Bounds {
  min: Decimal | null;
  max: Decimal | null;
  /** The same as m·10^e for the lean path; undefined when a bound does not fit safe integers. */
  leanMin: { m: number; e: number } | null | undefined;
  leanMax: { m: number; e: number } | null | undefined;
}

const BOUNDS = new WeakMap<Indicator, Bounds>();

/** An indicator's bounds, made once per indicator. */
export function bounds(ind: Indicator): Bounds {
  let b = BOUNDS.get(ind);
  if (b) return b;
  let { min, max } = ind;
  if (ind.unit.unit === '%') {
    min ??= new Dec(0);
    max ??= new Dec(100);
  } else if (ind.unit.family === 'count') {
    min ??= new Dec(0);
  }
  const lean = (d: Decimal | null): { m: number; e: number } | null | undefined => {
    if (d === null) return null;
    const s = scaledLiteral(d.toFixed());
    return s ? { m: s.m, e: -s.d } : undefined;
  };
  BOUNDS.set(ind, (b = { min, max, leanMin: lean(min), leanMax: lean(max) }));
  return b;
}
