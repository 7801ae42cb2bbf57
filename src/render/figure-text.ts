/**
 * How a figure is printed in running text: as written, with its unit and its qualifier in words
 * (2169.94万人, 95%以上, 250余家, 约5万元), and the phrasings editors use for changes (增长3.2%,
 * 下降7.17%, 提高0.6个百分点, 由7.53天下降至6.99天). Rounding happens only here. Pure.
 */
import type { Decimal } from 'decimal.js';
import { Dec } from '../core/model/decimal.js';
import type { FigureStatus, FigureValue } from '../core/model/types.js';
import { quantityWith } from '../core/model/quantity.js';

export type RoundingMode = 'half-up' | 'half-even';

/** Symbols are printed as the words Chinese statistical text uses. */
const SYMBOL_WORDS: Record<string, { prefix?: string; suffix?: string }> = {
  '≥': { suffix: '以上' }, '>=': { suffix: '以上' }, '≧': { suffix: '以上' },
  '>': { prefix: '超过' }, '≤': { suffix: '以下' }, '<=': { suffix: '以下' }, '≦': { suffix: '以下' },
  '<': { prefix: '不足' }, '≈': { prefix: '约' }, '~': { prefix: '约' },
};

function withUnitAndSuffix(num: string, unit: string, suffix: string): string {
  // 余/多 sit between 万/亿 and the rest of the unit: 26万余人次, 250余家
  const more = suffix.startsWith('余') || suffix.startsWith('多') ? suffix[0]! : '';
  const rest = more ? suffix.slice(1) : suffix;
  if (more && /^[万亿]/.test(unit)) return `${num}${unit[0]}${more}${unit.slice(1)}${rest}`;
  return `${num}${more}${unit}${rest}`;
}

/** A figure's qualifier as the words printed before and after its number (≥ → 以上 after it). */
export function qualifierWords(q: FigureValue['q']): { prefix: string; suffix: string } {
  const words = SYMBOL_WORDS[q.prefix];
  return words ? { prefix: words.prefix ?? '', suffix: (words.suffix ?? '') + q.suffix } : { prefix: q.prefix, suffix: q.suffix };
}

/** The figure as written, with its unit: 2169.94万人, 95%以上, 不低于610元. */
export function figureText(fv: FigureValue, literal = fv.q.literal): string {
  const { prefix, suffix } = qualifierWords(fv.q);
  return prefix + withUnitAndSuffix(literal, fv.unit.unit, suffix);
}

/** Rounds for printing (四舍五入 by default; GB/T 8170 rounds an exact 5 to even). */
export function roundFor(d: Decimal, places: number, mode: RoundingMode): string {
  return new Dec(d).toDecimalPlaces(places, mode === 'half-even' ? Dec.ROUND_HALF_EVEN : Dec.ROUND_HALF_UP).toFixed(places);
}

/** The magnitude of a stated change or value, with its unit: 7.17%, 0.6个百分点. */
export function magnitudeText(fv: FigureValue, kind: 'growth' | 'increase' | 'pp' | 'value'): string {
  const lit = fv.q.literal.replace(/^-/, '');
  if (kind === 'pp') return `${lit}个百分点`;
  return figureText({ ...fv, q: quantityWith(fv.q, { prefix: '', suffix: '' }) }, lit);
}

/** 增长3.2% / 下降7.17% / 提高0.6个百分点 / 增加813万人, chosen by the sign. */
export function changeText(kind: 'growth' | 'increase' | 'pp', fv: FigureValue): string {
  const negative = fv.q.number.isNeg();
  const zero = fv.q.number.isZero();
  const verbs = { growth: ['增长', '下降'], increase: ['增加', '减少'], pp: ['提高', '下降'] }[kind];
  if (zero) return kind === 'pp' ? '持平' : '持平';
  return `${negative ? verbs[1] : verbs[0]}${magnitudeText(fv, kind)}`;
}

/** 由7.53天下降至6.99天(，降幅7.17%): the tool's own punctuation is full-width. */
export function fromToText(before: FigureValue, after: FigureValue, growth: FigureValue | null): string {
  const down = after.q.number.times(after.unit.factor).lt(before.q.number.times(before.unit.factor));
  const same = after.q.number.times(after.unit.factor).eq(before.q.number.times(before.unit.factor));
  const verb = same ? '保持' : down ? '下降至' : '增长至';
  let s = same ? `保持${figureText(after)}` : `由${figureText(before)}${verb}${figureText(after)}`;
  if (growth && !same) s += `，${down ? '降幅' : '增幅'}${magnitudeText(growth, 'growth')}`;
  return s;
}

/** What the status marks (FORMAT.md §8c) stand for, in the order a note names them. */
const STATUS_WORDS: ReadonlyArray<[FigureStatus, string]> = [['p', '初步数'], ['r', '修订数'], ['e', '估计数']];

/** The line that explains the status marks printed — 数字右上角p为初步数，r为修订数。 — or null when none was. */
export function statusWords(marks: Iterable<FigureStatus>): string | null {
  const set = new Set(marks);
  const used = STATUS_WORDS.filter(([m]) => set.has(m));
  return used.length === 0 ? null : `数字右上角${used.map(([m, w]) => `${m}为${w}`).join('，')}。`;
}
