/** Decimal flavours used by the checker: exact arithmetic and outward (floor/ceil) rounding. Holds no state beyond configuration. */
import { Decimal } from 'decimal.js';

/** Precision is far beyond any published figure; products and sums of figures stay exact. */
const PRECISION = 80;

export const Dec = Decimal.clone({ precision: PRECISION, rounding: Decimal.ROUND_HALF_UP });
export const DecFloor = Decimal.clone({ precision: PRECISION, rounding: Decimal.ROUND_FLOOR });
export const DecCeil = Decimal.clone({ precision: PRECISION, rounding: Decimal.ROUND_CEIL });
export type Dec = Decimal;

export const ZERO = new Dec(0);
export const HUNDRED = new Dec(100);

/** Number of decimal places written in a plain decimal literal ("61.90" → 2, "31500" → 0). */
export function decimalsOf(literal: string): number {
  const dot = literal.indexOf('.');
  return dot < 0 ? 0 : literal.length - dot - 1;
}

/** Half of one unit in the last written place: ½·10^(−d). */
export function halfUlp(decimals: number): Decimal {
  return new Dec(5).times(new Dec(10).pow(-(decimals + 1)));
}

/** Plain decimal text without exponent or binary-float noise; trailing zeros kept only as given by `places`. */
export function plain(d: Decimal, places?: number): string {
  if (places === undefined) return d.toFixed();
  return d.toFixed(places);
}
