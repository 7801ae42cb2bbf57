/** Stated changes (`growth`, `increase`, `pp`) against before/after or the previous year's figure (kind `change`). No I/O. */
import { Dec, HUNDRED } from '../model/decimal.js';
import { add, containsZero, holds, mul, sub, point, type Interval } from '../model/interval.js';
import { ONE } from '../model/units.js';
import { currentValue, leanInterval, leanStated, pointValue, statedInterval, valueInterval } from '../model/figure-interval.js';
import { leanAdd, leanContainsZero, leanIntersects, leanMul, leanSub, type Lean } from '../model/scaled.js';
import type { Decimal } from 'decimal.js';
import { fixed, written } from '../model/format.js';
import type { Doc, Figure, FigureValue } from '../model/types.js';
import { msg } from '../findings/messages.js';
import type { Check, CheckContext } from './context.js';

export const changeCheck: Check = {
  name: 'change',
  description: 'Stated growth, increase and percentage-point changes agree with the figures they describe.',
  run(ctx) {
    for (const doc of ctx.docs) {
      for (const fig of doc.figures.values()) {
        if (fig.growth || fig.increase || fig.pp) checkFigure(ctx, doc, fig);
      }
    }
  },
};

function checkFigure(ctx: CheckContext, doc: Doc, fig: Figure): void {
  const measured = fig.indicator?.unit ?? currentValue(fig)?.unit;
  if (fig.pp && measured && measured.unit !== '%') {
    report(ctx, doc, fig, fig.pp, msg('change.pp-not-percent', { label: fig.indicator?.label ?? fig.path, unit: measured.unit }), null, 'schema');
    return;
  }
  let before: FigureValue | null = null;
  let after: FigureValue | null = null;
  let prevYear: number | null = null;
  let beforeFig: Figure = fig;
  if (fig.before && fig.after) {
    before = fig.before;
    after = fig.after;
  } else if (fig.value) {
    const prev = ctx.prevDoc(doc);
    const pf = prev?.figures.get(fig.path);
    const pv = pf ? currentValue(pf) : null;
    if (!pf || !pv) return; // nothing to compare with: not checked (FORMAT.md §4)
    before = pv;
    beforeFig = pf;
    after = fig.value;
    prevYear = doc.year! - 1;
  } else return;
  const ind = fig.indicator;
  // the lean exact path first (model/scaled.ts); decimal.js only for what it cannot settle
  const la = leanInterval(after, ind);
  const lb = leanInterval(before, beforeFig.indicator);
  if (la === null || lb === null) return;
  let dec: { a: Interval; b: Interval; ap: Decimal | null; bp: Decimal | null; common: Record<string, string | number> } | null = null;
  const D = (): NonNullable<typeof dec> => {
    if (dec) return dec;
    const b = valueInterval(before!, beforeFig.indicator)!;
    const a = valueInterval(after!, ind)!;
    const bp = pointValue(before!, beforeFig.indicator);
    const ap = pointValue(after!, ind);
    const common = { label: ind?.label ?? fig.path, before: written(before!), after: written(after!), prevYear: prevYear ?? '' };
    return (dec = { a, b, ap, bp, common });
  };
  const suffix = prevYear === null ? '' : '-prev';

  if (fig.growth) {
    // a/b − 1 = g  ⟺  a = (1 + g)·b when b cannot be 0: exact multiplication instead of division
    const ls = leanStated(fig.growth, 'growth', ind);
    let q: Quick = 'unknown';
    if (ls === null) q = 'skip';
    else if (ls && la && lb) {
      if (leanContainsZero(lb)) q = 'skip';
      else {
        const one = leanAdd(LEAN_ONE, ls);
        const right = one && leanMul(one, lb);
        if (right) q = settle(ctx, leanIntersects(la, right));
      }
    }
    if (q === 'unknown' || q === 'fails') {
      const { a, b, ap, bp, common } = D();
      const stated = statedInterval(fig.growth, 'growth', ind);
      if (stated && !containsZero(b) && compare(ctx, a, mul(add(point(ONE), stated), b), q === 'fails')) {
        const places = fig.growth.q.decimals;
        const c = ap && bp && !bp.isZero() ? `${fixed(ap.div(bp).minus(1).times(HUNDRED), places)}%` : '—';
        report(ctx, doc, fig, fig.growth, msg(suffix ? 'change.growth-prev' : 'change.growth', { ...common, computed: c, stated: written(fig.growth) }), c.replace(/%$/, ''));
      }
    }
  }
  if (fig.increase) {
    const ls = leanStated(fig.increase, 'increase', ind);
    let q: Quick = 'unknown';
    if (ls === null) q = 'skip';
    else if (ls && la && lb) {
      const computed = leanSub(la, lb);
      if (computed) q = settle(ctx, leanIntersects(ls, computed));
    }
    if (q === 'unknown' || q === 'fails') {
      const { a, b, ap, bp, common } = D();
      const stated = statedInterval(fig.increase, 'increase', ind);
      const computed = sub(a, b);
      if (stated && compare(ctx, stated, computed, q === 'fails')) {
        const places = fig.increase.q.decimals;
        const unit = fig.increase.unit;
        let c = '—';
        if (ap && bp) {
          const k = unit.unit === '%' ? HUNDRED : new Dec(1).div(fig.increase.unit.factor.div((ind?.unit ?? unit).factor));
          c = `${fixed(ap.minus(bp).times(k), places)}${unit.unit}`;
        }
        report(ctx, doc, fig, fig.increase, msg(suffix ? 'change.increase-prev' : 'change.increase', { ...common, computed: c, stated: written(fig.increase) }), c === '—' ? null : fixed(new Dec(c.replace(/[^\d.+-]/g, '')), places));
      }
    }
  }
  if (fig.pp) {
    // a and b are fractions; percentage points = (a − b) × 100
    const ls = leanStated(fig.pp, 'pp', ind);
    let q: Quick = 'unknown';
    if (ls === null) q = 'skip';
    else if (ls && la && lb) {
      const computed = leanSub(la, lb);
      if (computed) q = settle(ctx, leanIntersects({ ...ls, e: ls.e - 2 }, computed));
    }
    if (q === 'unknown' || q === 'fails') {
      const { a, b, ap, bp } = D();
      const stated = statedInterval(fig.pp, 'pp', ind);
      const computed = sub(a, b);
      const hundredth = stated && { lo: { ...stated.lo, v: stated.lo.v && stated.lo.v.div(HUNDRED) }, hi: { ...stated.hi, v: stated.hi.v && stated.hi.v.div(HUNDRED) } };
      if (hundredth && compare(ctx, hundredth, computed, q === 'fails')) {
        const places = fig.pp.q.decimals;
        const c = ap && bp ? fixed(ap.minus(bp).times(HUNDRED), places) : '—';
        report(ctx, doc, fig, fig.pp, msg(suffix ? 'change.pp-prev' : 'change.pp', { ...D().common, computed: c, stated: fig.pp.q.literal }), c === '—' ? null : c);
      }
    }
  }
}

/** What the lean path decided: not checked, holds, fails (counted; decimal.js writes the finding), or ask decimal.js. */
type Quick = 'skip' | 'holds' | 'fails' | 'unknown';

const LEAN_ONE: Lean = { lo: 1, hi: 1, e: 0, loOpen: false, hiOpen: false };

function settle(ctx: CheckContext, holds: boolean): Quick {
  ctx.counted();
  return holds ? 'holds' : 'fails';
}


/** Counts the comparison (unless the lean path did); true when the two sides cannot be equal. */
function compare(ctx: CheckContext, left: Interval, right: Interval, counted = false): boolean {
  if (!counted) ctx.counted();
  return !holds('=', left, right);
}

function report(ctx: CheckContext, doc: Doc, fig: Figure, stated: FigureValue, message: ReturnType<typeof msg>, expected: string | null, kind: 'change' | 'schema' = 'change'): void {
  ctx.report(doc, stated.at, { kind, path: fig.path, figures: [fig.path], message, expected, actual: stated.q.literal });
}

