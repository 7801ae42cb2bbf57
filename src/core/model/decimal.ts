/** Decimal flavours used by the checker: exact arithmetic and outward (floor/ceil) rounding. Holds no state beyond configuration. */
import { Decimal } from 'decimal.js';

/**
 * Significant digits kept by arithmetic. Sums and products of published figures (a dozen digits)
 * stay exact; anything longer is rounded outward by the interval code, so results remain sound.
 */
const PRECISION = 40;

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

const HALF_ULPS: Decimal[] = [];

/** Half of one unit in the last written place: ½·10^(−d) (cached: it is asked for every figure). */
export function halfUlp(decimals: number): Decimal {
  return (HALF_ULPS[decimals] ??= new Dec(`5e-${decimals + 1}`));
}

/** Plain decimal text without exponent or binary-float noise; trailing zeros kept only as given by `places`. */
export function plain(d: Decimal, places?: number): string {
  if (places === undefined) return d.toFixed();
  return d.toFixed(places);
}
