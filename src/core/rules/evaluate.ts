/** Evaluates a rule expression over figure intervals (exact interval arithmetic) or written point values. Pure. */
import type { Decimal } from 'decimal.js';
import { add, div, mul, neg, point, sub, type Interval } from '../model/interval.js';
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
