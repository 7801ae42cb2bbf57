/** Reads one written figure ("≥95%", "586.83 万人", "250余家") exactly into a Quantity. No YAML, no positions, no I/O. */
import type { Decimal } from 'decimal.js';
import { Dec, decimalsOf } from './decimal.js';
import { UNITS_LONGEST_FIRST, unitInfo } from './units.js';

export type Qualifier = '' | '>=' | '>' | '<=' | '<' | '~';

export interface Quantity {
  /** The text as written in the file, trimmed. */
  text: string;
  qualifier: Qualifier;
  /** The number exactly as written (no unit conversion). */
  number: Decimal;
  /** The number's literal, normalised to ASCII ("61.90"). */
  literal: string;
  decimals: number;
  /** The unit written after the number, or null when the catalogue unit applies. */
  unit: string | null;
  /** The qualifier words as written before and after the number ('≥', '不低于', '以上', '余'), for printing. */
  prefix: string;
  suffix: string;
}

export type QuantityError =
  | { code: 'empty' }
  | { code: 'not-a-number'; text: string }
  | { code: 'unknown-unit'; unit: string };

const PREFIX: ReadonlyArray<[string, Qualifier]> = [
  ['>=', '>='], ['≥', '>='], ['≧', '>='], ['不低于', '>='], ['不少于', '>='],
  ['<=', '<='], ['≤', '<='], ['≦', '<='], ['不高于', '<='], ['不超过', '<='],
  ['>', '>'], ['超过', '>'], ['<', '<'], ['不足', '<'],
  ['≈', '~'], ['~', '~'], ['约', '~'], ['近', '~'],
];
const SUFFIX: ReadonlyArray<[string, Qualifier]> = [
  ['以上', '>='], ['以下', '<='], ['左右', '~'],
];

const NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)/;

/** Normalises full-width digits, signs and spaces so that "９５％" reads as "95%". */
export function normaliseFigureText(s: string): string {
  const t = /[\u2000-\u206f\u2212\u3000\uff00-\uffef]/.test(s) ? s.normalize('NFKC').replace(/[−–—]/g, '-') : s;
  return t.replace(/\s+/g, ' ').trim();
}

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
/** A number, at most one space, then no space, digit or sign: the unit (what parseQuantity's fast path takes). */
const NUMBER_UNIT = /^(-?\d+(?:\.\d+)?) ?([^\s\d.,+-]\S*)$/;
/** What normaliseFigureText would change (full-width forms, odd spaces): the general reading then. */
const WIDE_OR_SPACE = /[\u2000-\u206f\u2212\u3000\uff00-\uffef]/;
/** A unit part that carries a qualifier (余, 多, 万余, 以上…): the general reading then. */
const QUALIFYING_UNIT = /^[余多]|^[万亿][余多]|以上$|以下$|左右$/;

/**
 * A Quantity whose decimal is made when first asked for: the checks read most figures through
 * their lean scaled-integer intervals and never need it (a million decimals are a second of work
 * and of garbage collection). `number` is a getter: copy a Quantity with quantityWith, not a spread.
 */
class ReadQuantity implements Quantity {
  private n: Decimal | null = null;
  constructor(
    readonly text: string,
    readonly qualifier: Qualifier,
    readonly literal: string,
    readonly decimals: number,
    readonly unit: string | null,
    readonly prefix: string,
    readonly suffix: string,
  ) {}
  get number(): Decimal {
    return (this.n ??= new Dec(this.literal));
  }
  toJSON(): Quantity {
    return quantityWith(this, {});
  }
}

/** A plain copy of a Quantity with some fields replaced (a spread would lose a ReadQuantity's number). */
export function quantityWith(q: Quantity, patch: Partial<Quantity>): Quantity {
  return { text: q.text, qualifier: q.qualifier, number: q.number, literal: q.literal, decimals: q.decimals, unit: q.unit, prefix: q.prefix, suffix: q.suffix, ...patch };
}

/** Full-width digits ０–９ and the full-width point ．, as an IME or a paste from Word types them. */
const FULL_WIDTH_NUMBER = /[\uff10-\uff19\uff0e]/g;

/**
 * The full-width digits and points of a figure as written ("３５．８０万人"): each character once, in
 * order, where the first is, and the text with them as ASCII ("35.80万人"); null when it has none.
 * parseQuantity reads them as the digits they are (exactly: the decimal is built from the text).
 */
export function fullWidthNumber(text: string): { chars: string[]; index: number; fixed: string } | null {
  const index = text.search(FULL_WIDTH_NUMBER);
  if (index < 0) return null;
  const chars = [...new Set(text.match(FULL_WIDTH_NUMBER))];
  const fixed = text.replace(FULL_WIDTH_NUMBER, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
  return { chars, index, fixed };
}

export function parseQuantity(raw: string): Quantity | QuantityError {
  const text = raw.trim();
  if (PLAIN_NUMBER.test(text)) {
    // the common case: a bare number in the catalogue unit
    return new ReadQuantity(text, '', text, decimalsOf(text), null, '', '');
  }
  // the next most common: a number, at most one space, a known unit ("193734.6 万元", "0.49%");
  // taken only where the general reading below gives the same Quantity (no qualifier words, nothing to normalise)
  const nu = NUMBER_UNIT.exec(text);
  if (nu && !WIDE_OR_SPACE.test(text)) {
    const unit = nu[2]!;
    if (unitInfo(unit) && !QUALIFYING_UNIT.test(unit)) {
      const literal = nu[1]!;
      return new ReadQuantity(text, '', literal, decimalsOf(literal), unit, '', '');
    }
  }
  return readGeneral(text);
}

/** parseQuantity without its fast paths, on trimmed text (exported for the test that the fast paths agree with it). */
export function readGeneral(text: string): Quantity | QuantityError {
  let s = normaliseFigureText(text);
  if (s === '') return { code: 'empty' };
  let qualifier: Qualifier = '';
  let prefix = '';
  let suffix = '';
  for (const [p, q] of PREFIX) {
    if (s.startsWith(p)) {
      qualifier = q;
      prefix = p;
      s = s.slice(p.length).trim();
      break;
    }
  }
  const m = NUMBER.exec(s);
  if (!m) return { code: 'not-a-number', text };
  let literal = m[0].replace(/^\+/, '');
  if (literal.startsWith('.')) literal = '0' + literal;
  if (literal.startsWith('-.')) literal = '-0' + literal.slice(1);
  s = s.slice(m[0].length).trim();
  let more = '';
  if (s.startsWith('余') || s.startsWith('多')) {
    if (qualifier === '') qualifier = '>';
    more = s[0]!;
    s = s.slice(1).trim();
  } else if (/^[万亿][余多]/.test(s)) {
    // 26万余人次: more than 26万人次
    if (qualifier === '') qualifier = '>';
    more = s[1]!;
    s = s[0] + s.slice(2).trim();
  }
  for (const [suf, q] of SUFFIX) {
    if (s.endsWith(suf)) {
      if (qualifier === '') qualifier = q;
      suffix = suf;
      s = s.slice(0, -suf.length).trim();
      break;
    }
  }
  if (more) suffix = more + suffix;
  let unit: string | null = null;
  if (s !== '') {
    if (!unitInfo(s)) {
      // A number followed by something that is no unit at all ("12abc") is not a figure.
      const known = UNITS_LONGEST_FIRST.find((u) => s.startsWith(u));
      if (!known && /^[\d.,]/.test(s)) return { code: 'not-a-number', text };
      return { code: 'unknown-unit', unit: s };
    }
    unit = s;
  }
  return new ReadQuantity(text, qualifier, literal, decimalsOf(literal), unit, prefix, suffix);
}

export function isQuantityError(q: Quantity | QuantityError): q is QuantityError {
  return 'code' in q;
}

