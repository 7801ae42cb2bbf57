/** Formats exact decimals for messages: rounding only here, at the point of printing. Pure. */
import type { Decimal } from 'decimal.js';
import { Dec, HUNDRED } from './decimal.js';
import type { UnitInfo } from './units.js';
import type { FigureValue } from './types.js';

/** Rounds half up (四舍五入) to `places` and writes without exponent. */
export function fixed(d: Decimal, places: number): string {
  return new Dec(d).toDecimalPlaces(places, Dec.ROUND_HALF_UP).toFixed(places);
}

/** A number followed by its unit, Chinese style: 369.07亿元, 54.22%. */
export function withUnit(num: string, unit: UnitInfo | string): string {
  const u = typeof unit === 'string' ? unit : unit.unit;
  return `${num}${u}`;
}

/** A value in target-unit terms (percent as fraction) back to display terms. */
export function display(d: Decimal, unit: UnitInfo, places: number): string {
  const v = unit.unit === '%' ? d.times(HUNDRED) : d;
  return withUnit(fixed(v, places), unit);
}

/** A figure as written, with its unit: "586.83万人", "≥95%". */
export function written(fv: FigureValue): string {
  const q = fv.q;
  const sym = { '': '', '>=': '≥', '>': '>', '<=': '≤', '<': '<', '~': '≈' }[q.qualifier];
  return `${sym}${q.literal}${fv.unit.unit}`;
}

