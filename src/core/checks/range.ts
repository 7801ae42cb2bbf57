/** Figures within their indicator's min/max; % defaults to [0, 100], counts to ≥ 0 (kind `range`). No I/O. */
import { Dec, HUNDRED } from '../model/decimal.js';
import { valueInterval } from '../model/figure-interval.js';
import { display, written } from '../model/format.js';
import type { Figure, FigureValue, Indicator } from '../model/types.js';
import type { Decimal } from 'decimal.js';
import { msg } from '../findings/messages.js';
import type { Check } from './context.js';

export const rangeCheck: Check = {
  name: 'range',
  description: 'Every figure lies within its indicator’s bounds.',
  run(ctx) {
    for (const doc of ctx.data.docs) {
      for (const fig of doc.figures.values()) {
        const ind = fig.indicator;
        if (!ind) continue;
        const { min, max } = bounds(ind);
        if (!min && !max) continue;
        for (const fv of [fig.value, fig.before, fig.after]) {
          if (!fv) continue;
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

function bounds(ind: Indicator): { min: Decimal | null; max: Decimal | null } {
  let { min, max } = ind;
  if (ind.unit.unit === '%') {
    min ??= new Dec(0);
    max ??= new Dec(100);
  } else if (ind.unit.family === 'count') {
    min ??= new Dec(0);
  }
  return { min, max };
}
