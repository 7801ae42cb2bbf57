/** Unit tests of exact figure reading and interval arithmetic (FORMAT.md §4–6). */
import { describe, expect, it } from 'vitest';
import { Dec } from '../src/core/model/decimal.js';
import { add, around, atLeast, atMost, div, holds, mul, point, sub } from '../src/core/model/interval.js';
import { isQuantityError, parseQuantity } from '../src/core/model/quantity.js';
import { parseRule, exprText, matchWildcard } from '../src/core/rules/expr.js';

const d = (s: string) => new Dec(s);
const iv = (v: string, h: string) => around(d(v), d(h));

describe('reading figures exactly', () => {
  it('keeps the written decimals and never goes through a binary float', () => {
    const q = parseQuantity('61.90');
    if (isQuantityError(q)) throw new Error('parse');
    expect(q.literal).toBe('61.90');
    expect(q.decimals).toBe(2);
    const big = parseQuantity('12345678901234567.89');
    if (isQuantityError(big)) throw new Error('parse');
    expect(big.number.toFixed(2)).toBe('12345678901234567.89');
  });

  it.each([
    ['≥95%', '>=', '95', '%'],
    ['>= 95 %', '>=', '95', '%'],
    ['95%以上', '>=', '95', '%'],
    ['250余家', '>', '250', '家'],
    ['近274万人次', '~', '274', '万人次'],
    ['约5万元', '~', '5', '万元'],
    ['<3', '<', '3', null],
    ['不足3个月', '<', '3', '个月'],
    ['-245.07 万元', '', '-245.07', '万元'],
    ['−7.17%', '', '-7.17', '%'],
    ['９５％', '', '95', '%'],
    ['2.22万家', '', '2.22', '万家'],
    ['26万余人次', '>', '26', '万人次'],
    ['15965名', '', '15965', '名'],
  ])('%s', (text, qualifier, literal, unit) => {
    const q = parseQuantity(text);
    if (isQuantityError(q)) throw new Error(JSON.stringify(q));
    expect([q.qualifier, q.literal, q.unit]).toEqual([qualifier, literal, unit]);
  });

  it('reports what it cannot read', () => {
    expect(parseQuantity('')).toEqual({ code: 'empty' });
    expect(parseQuantity('abc')).toMatchObject({ code: 'not-a-number' });
    expect(parseQuantity('3 公斤')).toEqual({ code: 'unknown-unit', unit: '公斤' });
  });
});

describe('interval arithmetic', () => {
  it('FORMAT.md §6: 238.02 + 131.27 does not meet 369.07', () => {
    const sum = add(iv('238.02', '0.005'), iv('131.27', '0.005'));
    expect(sum.lo.v!.toFixed()).toBe('369.28');
    expect(sum.hi.v!.toFixed()).toBe('369.3');
    expect(holds('=', iv('369.07', '0.005'), sum)).toBe(false);
  });

  it('FORMAT.md §6: 9724.48 − 9296.37 meets 428.10', () => {
    expect(holds('=', iv('428.10', '0.005'), sub(iv('9724.48', '0.005'), iv('9296.37', '0.005')))).toBe(true);
  });

  it('touching closed ends intersect, open ends do not', () => {
    expect(holds('=', point(d('5')), atLeast(d('5'), false))).toBe(true);
    expect(holds('=', point(d('5')), atLeast(d('5'), true))).toBe(false);
    expect(holds('<', point(d('5')), point(d('5')))).toBe(false);
    expect(holds('<=', point(d('5')), point(d('5')))).toBe(true);
    expect(holds('>=', atMost(d('4'), false), point(d('5')))).toBe(false);
    expect(holds('>=', iv('2.66', '0.005'), point(d('6')))).toBe(false);
  });

  it('division rounds outward and a divisor around zero decides nothing', () => {
    const q = div(point(d('1')), point(d('3')));
    expect(q.lo.v!.lt(q.hi.v!)).toBe(true);
    expect(q.lo.v!.times(3).lte(1)).toBe(true);
    expect(q.hi.v!.times(3).gte(1)).toBe(true);
    const w = div(point(d('1')), iv('0', '0.5'));
    expect(w.lo.v).toBeNull();
    expect(w.hi.v).toBeNull();
  });

  it('multiplies signed and unbounded intervals', () => {
    const m = mul(iv('-2', '1'), iv('3', '1'));
    expect([m.lo.v!.toFixed(), m.hi.v!.toFixed()]).toEqual(['-12', '-2']);
    const u = mul(atLeast(d('2'), false), point(d('-1')));
    expect(u.lo.v).toBeNull();
    expect(u.hi.v!.toFixed()).toBe('-2');
  });
});

describe('rule expressions', () => {
  it('parses precedence, prev() and wildcards', () => {
    const r = parseRule('fund.*.balance = prev(fund.*.balance) + fund.*.income - fund.*.expenditure');
    expect(r.relation).toBe('=');
    expect(exprText(r.right)).toBe('prev(fund.*.balance) + fund.*.income - fund.*.expenditure');
    expect(exprText(parseRule('a = (b + c) * 2 / d').right)).toBe('(b + c) * 2 / d');
    expect(parseRule('x.y >= 6').relation).toBe('>=');
    expect(parseRule('share = 50%').right).toMatchObject({ type: 'num' });
  });

  it('rejects malformed rules with a position', () => {
    expect(() => parseRule('a + = b')).toThrow(/不应出现“=”/);
    expect(() => parseRule('a + b')).toThrow(/关系符号/);
    expect(() => parseRule('a = b = c')).toThrow();
    expect(() => parseRule('a = (b')).toThrow(/缺少“\)”/);
  });

  it('binds every * in a path to the same segment', () => {
    expect(matchWildcard('fund.*.income', 'fund.basic.income')).toBe('basic');
    expect(matchWildcard('fund.*.income', 'fund.basic.balance')).toBeNull();
    expect(matchWildcard('*.x.*', 'a.x.a')).toBe('a');
    expect(matchWildcard('*.x.*', 'a.x.b')).toBeNull();
  });
});
