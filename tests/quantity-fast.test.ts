/**
 * Differential test of parseQuantity's fast paths: on every text they take, the Quantity (or the
 * error) must be the one the general reading (readGeneral) gives — same literal, decimals, unit,
 * qualifier and qualifier words — on generated figure texts near the fast paths' edges.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseQuantity, quantityWith, readGeneral, isQuantityError } from '../src/core/model/quantity.js';
import { UNITS_LONGEST_FIRST } from '../src/core/model/units.js';

const plain = (q: ReturnType<typeof parseQuantity>): unknown => (isQuantityError(q) ? q : { ...quantityWith(q, {}), number: q.number.toString() });

const number = fc.tuple(fc.constantFrom('', '-', '+', '.'), fc.stringMatching(/^\d{1,6}$/), fc.constantFrom('', '.', '.5', '.25', '.0', '..1', ',3')).map(([s, i, f]) => s + i + f);
const unit = fc.oneof(
  fc.constantFrom(...UNITS_LONGEST_FIRST),
  fc.constantFrom('余', '多', '万余人', '亿多元', '以上', '万元以上', '人左右', '％', '万　元', 'abc', '%)', '-', '.5', '万元 ', ' 万元', '万 元', '\u2212'),
  fc.string({ maxLength: 3 }),
);
const gap = fc.constantFrom('', ' ', '  ', '\t', '\u3000');

describe('parseQuantity fast paths', () => {
  it('read every number-and-unit text exactly as the general reading does', () => {
    fc.assert(
      fc.property(number, gap, unit, (n, g, u) => {
        const text = (n + g + u).trim();
        expect(plain(parseQuantity(text))).toEqual(plain(readGeneral(text)));
      }),
      { numRuns: 5000 },
    );
  });

  it('take the texts of the national benchmark', () => {
    for (const text of ['40.66', '193734.6 万元', '0.49%', '-2.8%', '93.88%', '117', '1900.0', '25028.2万元']) {
      const q = parseQuantity(text);
      expect(plain(q)).toEqual(plain(readGeneral(text)));
      expect(isQuantityError(q)).toBe(false);
    }
  });
});
