/** Evaluates a rule expression over figure intervals (exact interval arithmetic) or written point values. Pure. */
import type { Decimal } from 'decimal.js';
import { add, div, mul, neg, point, sub, type Interval } from '../model/interval.js';
import { leanAdd, leanMul, leanNeg, leanSub, scaledLiteral, type Lean } from '../model/scaled.js';
import type { Expr } from './expr.js';

/** Resolves a path to an interval; null means the rule is not applicable (figure missing or ≈). */
export type IntervalEnv = (path: string, prev: boolean) => Interval | null;
export type PointEnv = (path: string, prev: boolean) => Decimal | null;

export function evalInterval(e: Expr, env: IntervalEnv): Interval | null {
  switch (e.type) {
    case 'num':
      return point(e.value);
    case 'path':
      return env(e.path, e.prev);
    case 'neg': {
      const a = evalInterval(e.arg, env);
      return a && neg(a);
    }
    case 'bin': {
      const a = evalInterval(e.left, env);
      if (!a) return null;
      const b = evalInterval(e.right, env);
      if (!b) return null;
      switch (e.op) {
        case '+':
          return add(a, b);
        case '-':
          return sub(a, b);
        case '*':
          return mul(a, b);
        case '/':
          return div(a, b);
      }
    }
  }
}

/** Resolves a path to a lean interval: null not applicable (as IntervalEnv), undefined when it does not fit safe integers. */
export type LeanEnv = (path: string, prev: boolean) => Lean | null | undefined;

const LEAN_CONSTANTS = new WeakMap<Decimal, Lean | false>();

function leanConstant(d: Decimal): Lean | undefined {
  let l = LEAN_CONSTANTS.get(d);
  if (l === undefined) {
    const s = d.isFinite() ? scaledLiteral(d.toFixed()) : null;
    LEAN_CONSTANTS.set(d, (l = s ? { lo: s.m, hi: s.m, e: -s.d, loOpen: false, hiOpen: false } : false));
  }
  return l === false ? undefined : l;
}

/** A compiled lean expression: evaluated against a context C (an environment, or the documents of the fast lane). */
export type LeanEval<C> = (c: C) => Lean | null | undefined;

/**
 * evalInterval in lean scaled integers, compiled once per expression: the result is null exactly
 * when evalInterval gives null (a figure missing or ≈); undefined when lean arithmetic cannot
 * answer exactly (a division, an overflow, a product with an unbounded end): then evalInterval
 * must be asked. `leaf` compiles a figure path (the same path and prev() as the expression's).
 */
export function compileLean<C>(e: Expr, leaf: (path: string, prev: boolean) => LeanEval<C>): LeanEval<C> {
  switch (e.type) {
    case 'num': {
      const k = leanConstant(e.value);
      return () => k;
    }
    case 'path':
      return leaf(e.path, e.prev);
    case 'neg': {
      const arg = compileLean(e.arg, leaf);
      return (c) => {
        const a = arg(c);
        return a && leanNeg(a);
      };
    }
    case 'bin': {
      const left = compileLean(e.left, leaf);
      const right = compileLean(e.right, leaf);
      const op = e.op === '+' ? leanAdd : e.op === '-' ? leanSub : e.op === '*' ? leanMul : (): undefined => undefined;
      return (c) => {
        const a = left(c);
        if (a === null) return null;
        const b = right(c);
        if (b === null) return null;
        if (a === undefined || b === undefined) return undefined;
        return op(a, b);
      };
    }
  }
}

/** compileLean's leaf for an environment function: the context is the LeanEnv itself. */
export const envLeaf = (path: string, prev: boolean): LeanEval<LeanEnv> => (env) => env(path, prev);

export function evalPoint(e: Expr, env: PointEnv): Decimal | null {
  switch (e.type) {
    case 'num':
      return e.value;
    case 'path':
      return env(e.path, e.prev);
    case 'neg': {
      const a = evalPoint(e.arg, env);
      return a && a.neg();
    }
    case 'bin': {
      const a = evalPoint(e.left, env);
      const b = evalPoint(e.right, env);
      if (!a || !b) return null;
      switch (e.op) {
        case '+':
          return a.plus(b);
        case '-':
          return a.minus(b);
        case '*':
          return a.times(b);
        case '/':
          return b.isZero() ? null : a.div(b);
      }
    }
  }
}

/** True when an expression is a plain sum of figures (a + b + c): messages then say 分项之和. */
export function isPlainSum(e: Expr): boolean {
  if (e.type === 'path') return !e.prev;
  if (e.type === 'bin' && e.op === '+') return isPlainSum(e.left) && isPlainSum(e.right);
  return false;
}
