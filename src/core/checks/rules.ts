/**
 * Equation and inequality rules of the catalogue (kinds `equation`, `inequality`), evaluated in exact
 * interval arithmetic; a failing rule that would hold with one figure's unit off by 10⁴ or 10⁸ is
 * reported as a `unit` slip instead. Reports through the context; no I/O.
 */
import type { Decimal } from 'decimal.js';
import { Dec } from '../model/decimal.js';
import { holds } from '../model/interval.js';
import { currentValue, leanInterval, pointValue, targetUnit, valueInterval } from '../model/figure-interval.js';
import { leanHolds, leanMeetsRatio } from '../model/scaled.js';
import { fixed, withUnit, written } from '../model/format.js';
import { HUNDRED } from '../model/decimal.js';
import { conversion, scaledUnit } from '../model/units.js';
import type { Doc, Figure, Rule } from '../model/types.js';
import { msg, type Message } from '../findings/messages.js';
import { bindExpr, exprText, matchWildcard, pathsOf, type Expr } from '../rules/expr.js';
import { compileLean, envLeaf, evalInterval, evalPoint, isPlainSum, type IntervalEnv, type LeanEnv, type LeanEval } from '../rules/evaluate.js';
import type { Check, CheckContext } from './context.js';

const SLIP_FACTORS = ['1e4', '1e-4', '1e8', '1e-8'].map((s) => new Dec(s));

export const rulesCheck: Check = {
  name: 'rules',
  description: 'The rules of indicators.yaml hold in every document (equation, inequality, unit slips).',
  run(ctx) {
    const rules = ctx.data.catalogue.rules;
    if (rules.length === 0) return;
    for (const doc of ctx.docs) {
      for (const rule of rules) checkRule(ctx, doc, rule);
    }
  },
};

/**
 * The segments `*` can bind to in this document: taken from the first wildcard path that must exist.
 * `paths(prev)` lists the figure paths of the document (prev: of the previous year's; undefined: none).
 */
export function bindings(rule: Rule, paths: (prev: boolean) => Iterable<string> | undefined): (string | null)[] {
  if (!rule.hasWildcard) return [null];
  const first = bindingPath(rule);
  const figures = paths(first.prev);
  if (!figures) return [];
  const segs = new Set<string>();
  for (const path of figures) {
    const seg = matchWildcard(first.path, path);
    if (seg !== null) segs.add(seg);
  }
  return [...segs];
}

/** The wildcard path whose matches give a rule's `*` segments: the first that must exist (not prev()), else the first. */
export function bindingPath(rule: Rule): { path: string; prev: boolean } {
  return rule.paths.find((p) => p.path.includes('*') && !p.prev) ?? rule.paths.find((p) => p.path.includes('*'))!;
}

/** A rule's sides bound to one `*` segment, made once per rule and segment (not once per document). */
const BOUND = new WeakMap<Rule, Map<string, { left: Expr; right: Expr }>>();
export function bound(rule: Rule, seg: string): { left: Expr; right: Expr } {
  let m = BOUND.get(rule);
  if (!m) BOUND.set(rule, (m = new Map()));
  let b = m.get(seg);
  if (!b) m.set(seg, (b = { left: bindExpr(rule.left, seg), right: bindExpr(rule.right, seg) }));
  return b;
}

function checkRule(ctx: CheckContext, doc: Doc, rule: Rule): void {
  let prev: Doc | undefined | null = null;
  const prevDoc = (): Doc | undefined => (prev === null ? (prev = ctx.prevDoc(doc)) : prev);
  const figOf = (path: string, isPrev: boolean): Figure | undefined => (isPrev ? prevDoc()?.figures.get(path) : doc.figures.get(path));
  const leanEnv: LeanEnv = (path, isPrev) => {
    const f = figOf(path, isPrev);
    const fv = f && currentValue(f);
    return fv ? leanInterval(fv, f.indicator) : null;
  };
  for (const seg of bindings(rule, (isPrev) => (isPrev ? prevDoc()?.figures : doc.figures)?.keys())) {
    const sides = seg === null ? rule : bound(rule, seg);
    const { left, right } = sides;
    // the lean exact path first: it settles every rule that holds or does not apply
    const quick = leanRule(rule.relation, sides, leanEnv);
    if (quick === 'skip') continue;
    if (quick === 'holds') {
      ctx.counted();
      continue;
    }
    const counted = quick === 'fails';
    if (counted) ctx.counted();
    const env: IntervalEnv = (path, isPrev) => {
      const f = figOf(path, isPrev);
      const fv = f && currentValue(f);
      return fv ? valueInterval(fv, f.indicator) : null;
    };
    const L = evalInterval(left, env);
    if (!L) continue;
    const R = evalInterval(right, env);
    if (!R) continue;
    if (!counted) ctx.counted();
    if (holds(rule.relation, L, R)) continue;
    const boundText = seg === null ? rule.text : `${exprText(left)} ${rule.relation} ${exprText(right)}`;
    const involved = [...pathsOf(left), ...pathsOf(right)];
    const figureNames = [...new Set(involved.map((p) => (p.prev ? `prev(${p.path})` : p.path)))];
    // Only an equation can point at a unit slip: almost any inequality holds once a figure is ÷10⁴.
    if (rule.relation === '=' && reportUnitSlip(ctx, doc, rule, boundText, left, right, involved, figOf, figureNames)) continue;
    reportFailure(ctx, doc, rule, boundText, left, right, figOf, figureNames);
  }
}

/** What the lean path decided about a rule: not applicable, holds, fails (decimal.js then writes the finding), or ask decimal.js. */
export type LeanVerdict = 'skip' | 'holds' | 'fails' | 'unknown';

/**
 * A rule on lean intervals, compiled once: 'skip' where evalInterval would give null (a figure
 * missing or ≈), 'holds', 'fails', 'unknown' when lean arithmetic cannot answer exactly. An
 * equation with a ratio on one side (x = a / b) is checked by cross-multiplication. `leaf` compiles
 * a figure path for the context C (compileLean).
 */
export function compileLeanRule<C>(relation: Rule['relation'], left: Expr, right: Expr, leaf: (path: string, prev: boolean) => LeanEval<C>): (c: C) => LeanVerdict {
  const l = compileLean(left, leaf);
  if (relation === '=' && right.type === 'bin' && right.op === '/') {
    const num = compileLean(right.left, leaf);
    const den = compileLean(right.right, leaf);
    return (c) => {
      const a = l(c);
      if (a === null) return 'skip';
      const n = num(c);
      if (n === null) return 'skip';
      const d = den(c);
      if (d === null) return 'skip';
      if (a === undefined || n === undefined || d === undefined) return 'unknown';
      const meets = leanMeetsRatio(a, n, d);
      return meets === undefined ? 'unknown' : meets ? 'holds' : 'fails';
    };
  }
  const r = compileLean(right, leaf);
  return (c) => {
    const a = l(c);
    if (a === null) return 'skip';
    const b = r(c);
    if (b === null) return 'skip';
    if (a === undefined || b === undefined) return 'unknown';
    return leanHolds(relation, a, b) ? 'holds' : 'fails';
  };
}

/** A rule's two sides: the rule itself, or bound(rule, seg) (each made once, so they can key a cache). */
export type Sides = { left: Expr; right: Expr };

/** compileLeanRule for an environment, made once per rule's sides. */
const ENV_RULES = new WeakMap<Sides, (env: LeanEnv) => LeanVerdict>();
function leanRule(relation: Rule['relation'], sides: Sides, env: LeanEnv): LeanVerdict {
  let f = ENV_RULES.get(sides);
  if (!f) ENV_RULES.set(sides, (f = compileLeanRule(relation, sides.left, sides.right, envLeaf)));
  return f(env);
}

type FigOf = (path: string, prev: boolean) => Figure | undefined;

function reportUnitSlip(ctx: CheckContext, doc: Doc, rule: Rule, text: string, left: Expr, right: Expr, involved: { path: string; prev: boolean }[], figOf: FigOf, figures: string[]): boolean {
  // A one-sided figure (≥610元) fits almost anything once scaled: guess only among plain figures.
  if (involved.some((p) => currentValue(figOf(p.path, p.prev)!)!.q.qualifier !== '')) return false;
  const candidates = involved
    .filter((p) => !p.prev)
    .map((p) => figOf(p.path, false)!)
    .filter((f, i, all) => all.indexOf(f) === i)
    .sort((a, b) => Number(currentValue(b)!.q.unit !== null) - Number(currentValue(a)!.q.unit !== null));
  for (const fig of candidates) {
    const fv = currentValue(fig)!;
    // 0 (or −0) stands for itself whatever its unit: 0万人 written for 0亿人 is no slip, and its
    // rounding slack scaled by 10⁴ would "explain" almost any gap
    if (fv.q.number.isZero()) continue;
    const fam = fv.unit.family;
    if (fam !== 'persons' && fam !== 'person-times' && fam !== 'money' && fam !== 'count') continue;
    for (const factor of SLIP_FACTORS) {
      const suggested = scaledUnit(fv.unit, factor);
      if (!suggested) continue;
      const env: IntervalEnv = (path, isPrev) => {
        const f = figOf(path, isPrev);
        const v = f && currentValue(f);
        if (!v) return null;
        return f === fig ? valueInterval(v, f.indicator, factor) : valueInterval(v, f.indicator);
      };
      const L = evalInterval(left, env);
      const R = evalInterval(right, env);
      if (L && R && holds(rule.relation, L, R)) {
        const label = fig.indicator?.label ?? fig.path;
        ctx.report(doc, fv.at, {
          kind: 'unit',
          severity: rule.severity,
          rule: text,
          path: fig.path,
          figures,
          actual: fv.q.literal,
          message: msg('unit.slip', { label, written: written(fv), suggested: suggested.unit, rule: text }),
        });
        return true;
      }
    }
  }
  return false;
}

function reportFailure(ctx: CheckContext, doc: Doc, rule: Rule, text: string, left: Expr, right: Expr, figOf: FigOf, figures: string[]): void {
  const pointEnv = (path: string, isPrev: boolean): Decimal | null => {
    const f = figOf(path, isPrev);
    const fv = f && currentValue(f);
    return fv ? pointValue(fv, f.indicator) : null;
  };
  const kind = rule.relation === '=' ? 'equation' : 'inequality';
  const leftPath = pathsOf(left).find((p) => !p.prev) ?? pathsOf(left)[0] ?? pathsOf(right).find((p) => !p.prev);
  const leftFig = leftPath ? figOf(leftPath.path, leftPath.prev) : undefined;
  const leftFv = leftFig ? currentValue(leftFig) : null;
  const expectedPoint = evalPoint(right, pointEnv);
  let label: string;
  let actual: string;
  let actualText: string | null = null;
  let expectedText: string | null = null;
  let expectedShown = '—';
  let diffShown = '—';
  if (left.type === 'path' && leftFig && leftFv) {
    label = leftFig.indicator?.label ?? leftFig.path;
    actual = written(leftFv);
    actualText = leftFv.q.literal;
    // expected in the unit the left figure is written in, with as many places
    const places = leftFv.q.decimals;
    const target = targetUnit(leftFv, leftFig.indicator);
    if (right.type === 'num') {
      // a constant is shown as the rule writes it: 6, not 6.00
      expectedText = right.text.replace(/%$/, '');
      expectedShown = withUnit(expectedText, target);
    } else if (expectedPoint) {
      let e = expectedPoint.div(conversion(leftFv.unit, target));
      if (target.unit === '%') e = e.times(HUNDRED);
      expectedText = fixed(e, places);
      expectedShown = withUnit(expectedText, leftFv.unit);
      diffShown = withUnit(fixed(leftFv.q.number.minus(new Dec(expectedText)).abs(), places), leftFv.unit);
    }
  } else {
    label = exprText(left);
    const lp = evalPoint(left, pointEnv);
    const unit = leftFv ? targetUnit(leftFv, leftFig!.indicator) : null;
    const places = leftFv?.q.decimals ?? 2;
    const show = (d: Decimal): string => (unit ? withUnit(fixed(unit.unit === '%' ? d.times(HUNDRED) : d, places), unit) : fixed(d, places));
    actual = lp ? show(lp) : '—';
    actualText = lp ? fixed(lp, places) : null;
    if (expectedPoint) {
      expectedText = fixed(unit?.unit === '%' ? expectedPoint.times(HUNDRED) : expectedPoint, places);
      expectedShown = show(expectedPoint);
      if (lp) diffShown = show(lp.minus(expectedPoint).abs());
    }
  }
  let message: Message;
  if (kind === 'equation') {
    message = isPlainSum(right) && left.type === 'path'
      ? msg('rule.sum', { label, actual, expected: expectedShown, diff: diffShown })
      : msg('rule.equation', { label, actual, expected: expectedShown, diff: diffShown, rule: text });
  } else {
    message = expectedShown === '—' ? msg('rule.inequality-bare', { label, actual, rule: text }) : msg('rule.inequality', { label, actual, rule: text, expected: expectedShown });
  }
  if (rule.message) message = msg('rule.custom', { message: rule.message, detail: message });
  ctx.report(doc, leftFv?.at ?? null, {
    kind,
    severity: rule.severity,
    rule: text,
    path: leftPath?.path ?? null,
    figures,
    expected: expectedText,
    actual: actualText,
    message,
  });
}
