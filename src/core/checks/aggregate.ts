/** `aggregate: sum` indicators: a parent region's figure against the sum over its children (kind `aggregate`). No I/O. */
import { Dec } from '../model/decimal.js';
import { add, holds, point, type Interval } from '../model/interval.js';
import { currentValue, leanInterval, pointValue, valueInterval } from '../model/figure-interval.js';
import { leanAddInto, leanIntersects, type Lean } from '../model/scaled.js';
import type { Doc, Figure, FigureValue } from '../model/types.js';
import { fixed, withUnit, written } from '../model/format.js';
import { conversion, type UnitInfo } from '../model/units.js';
import type { Decimal } from 'decimal.js';
import { msg } from '../findings/messages.js';
import type { Check } from './context.js';

export const aggregateCheck: Check = {
  name: 'aggregate',
  description: 'A parent region’s `aggregate: sum` figure equals the sum over its children, when every child has it.',
  run(ctx) {
    for (const doc of ctx.docs) {
      const region = doc.region;
      if (!region || region.children.length === 0) continue;
      const kids = region.children.map((c) => ctx.docFor(c, doc.year!, doc.edition));
      if (kids.some((k) => !k)) continue;
      for (const fig of doc.figures.values()) {
        if (fig.indicator?.aggregate !== 'sum') continue;
        const fv = currentValue(fig);
        if (!fv) continue;
        // the lean exact path settles every sum that holds or cannot be made
        const quick = leanCheck(fig, fv, kids as Doc[]);
        if (quick === 'skip') continue;
        if (quick === 'holds') {
          ctx.counted();
          continue;
        }
        const mine = valueInterval(fv, fig.indicator);
        if (!mine) continue;
        let sum: Interval = point(new Dec(0));
        let sumPoint: Decimal | null = new Dec(0);
        let complete = true;
        let places = fv.q.decimals;
        for (const kid of kids) {
          const kf = kid!.figures.get(fig.path);
          const kv = kf ? currentValue(kf) : null;
          const iv = kv ? valueInterval(kv, kf!.indicator) : null;
          if (!kv || !iv) {
            complete = false;
            break;
          }
          sum = add(sum, iv);
          const p = pointValue(kv, kf!.indicator);
          sumPoint = p && sumPoint ? sumPoint.plus(p) : null;
          places = Math.max(places, kv.q.decimals);
        }
        if (!complete) continue;
        ctx.counted();
        if (holds('=', mine, sum)) continue;
        // the sum, shown in the unit the parent's figure is written in
        const unit: UnitInfo = fv.unit;
        const k = conversion(unit, fig.indicator.unit);
        const pct = unit.unit === '%' ? new Dec(100) : new Dec(1);
        const expected = sumPoint ? fixed(sumPoint.div(k).times(pct), places) : null;
        const diff = expected ? withUnit(fixed(fv.q.number.minus(new Dec(expected)).abs(), places), unit) : '—';
        ctx.report(doc, fv.at, {
          kind: 'aggregate',
          path: fig.path,
          figures: [fig.path],
          expected,
          actual: fv.q.literal,
          message: msg('aggregate.sum', { region: region.name, label: fig.indicator.label, actual: written(fv), expected: expected ? withUnit(expected, unit) : '—', diff, count: kids.length }),
        });
      }
    }
  },
};

/**
 * The sum over the children in lean scaled integers: 'skip' where the decimal path would skip (the
 * parent's or a child's figure missing or ≈), 'holds' or 'fails' (then the decimal path counts it and writes the finding),
 * 'unknown' when lean arithmetic cannot answer exactly.
 */
function leanCheck(fig: Figure, fv: FigureValue, kids: Doc[]): 'skip' | 'holds' | 'fails' | 'unknown' {
  const mine = leanInterval(fv, fig.indicator);
  if (mine === null) return 'skip';
  const sum: Lean = { lo: 0, hi: 0, e: 0, loOpen: false, hiOpen: false };
  let fits = true;
  for (const kid of kids) {
    const kf = kid.figures.get(fig.path);
    const kv = kf ? currentValue(kf) : null;
    if (!kv) return 'skip';
    const iv = leanInterval(kv, kf!.indicator);
    if (iv === null) return 'skip';
    if (fits) fits = iv !== undefined && leanAddInto(sum, iv);
  }
  if (mine === undefined || !fits) return 'unknown';
  return leanIntersects(mine, sum) ? 'holds' : 'fails';
}
