/** The unit table of FORMAT.md §5: families and exact factors. Pure data and lookups; no parsing of figures. */
import { Dec } from './decimal.js';
import type { Decimal } from 'decimal.js';

export type UnitFamily = 'persons' | 'person-times' | 'money' | 'count' | 'days' | 'months' | 'ratio';

export interface UnitInfo {
  unit: string;
  family: UnitFamily;
  /** For counts the family is the base unit itself (家 and 个 never convert into each other). */
  base: string;
  factor: Decimal;
  /** A count written in its base unit is exact by nature (h = 0). */
  exactByNature: boolean;
}

const E4 = new Dec('1e4');
const E8 = new Dec('1e8');
export const ONE = new Dec(1);

const table = new Map<string, UnitInfo>();
function add(unit: string, family: UnitFamily, base: string, factor: Decimal, exactByNature = false): void {
  table.set(unit, { unit, family, base, factor, exactByNature });
}

add('人', 'persons', '人', ONE);
add('名', 'persons', '人', ONE);
add('万名', 'persons', '人', E4);
add('万人', 'persons', '人', E4);
add('亿人', 'persons', '人', E8);
add('人次', 'person-times', '人次', ONE);
add('万人次', 'person-times', '人次', E4);
add('亿人次', 'person-times', '人次', E8);
add('元', 'money', '元', ONE);
add('万元', 'money', '元', E4);
add('亿元', 'money', '元', E8);
for (const c of ['家', '个', '项', '例', '件', '次', '份', '种', '类', '人份', '张', '条']) {
  add(c, 'count', c, ONE, true);
  // Extension: 2.22万家 is a rounded count, converted exactly to 家 but not exact itself.
  add('万' + c, 'count', c, E4);
  add('亿' + c, 'count', c, E8);
}
add('天', 'days', '天', ONE);
add('个月', 'months', '个月', ONE);
add('月', 'months', '个月', ONE);
add('年', 'months', '个月', new Dec(12));
add('%', 'ratio', '%', ONE);

export function unitInfo(unit: string): UnitInfo | undefined {
  return table.get(unit);
}

/** All units, longest first, for scanning a figure's text. */
export const UNITS_LONGEST_FIRST: readonly string[] = [...table.keys()].sort((a, b) => b.length - a.length);

/** Same family and, for counts, the same thing counted. */
export function compatible(a: UnitInfo, b: UnitInfo): boolean {
  return a.family === b.family && a.base === b.base;
}

const CONVERSIONS = new Map<string, Decimal>();

/** Exact factor that converts a number written in `from` into `to` (cached per pair). */
export function conversion(from: UnitInfo, to: UnitInfo): Decimal {
  if (from === to) return ONE;
  const key = `${from.unit}>${to.unit}`;
  let f = CONVERSIONS.get(key);
  if (!f) CONVERSIONS.set(key, (f = from.factor.div(to.factor)));
  return f;
}

/** The unit of the same family whose factor is `factor` times that of `u` (元 ×10⁴ → 万元), if any. */
export function scaledUnit(u: UnitInfo, factor: Decimal): UnitInfo | undefined {
  const want = u.factor.times(factor);
  for (const info of table.values()) {
    if (compatible(info, u) && info.factor.eq(want) && info.unit !== '月' && !info.unit.endsWith('名')) return info;
  }
  return undefined;
}
