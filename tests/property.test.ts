/**
 * Property-based tests of the interval rule (FORMAT.md §6): figures rounded from consistent true
 * values never produce a finding, however many parts and decimals; moving one figure further than
 * the rounding allows always does.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { checkFolder } from '../src/app/check.js';
import { REGIONS, removeFolder, writeFolder } from './helpers.js';

const D = Decimal.clone({ precision: 60 });
const round = (v: Decimal, d: number): Decimal => v.toDecimalPlaces(d, D.ROUND_HALF_UP);
const h = (d: number): Decimal => new D(5).times(new D(10).pow(-(d + 1)));
const ulp = (d: number): Decimal => new D(10).pow(-d);

/** A true value with four decimals, 0 … 100000. */
const trueValue = fc.integer({ min: 0, max: 1_000_000_000 }).map((n) => new D(n).div(10_000));
const places = fc.integer({ min: 0, max: 3 });

function run(files: Record<string, string>) {
  const dir = writeFolder({ 'regions.yaml': REGIONS, ...files });
  try {
    return checkFolder(dir).findings;
  } finally {
    removeFolder(dir);
  }
}

function sumCase(parts: Decimal[], decs: number[], totalDec: number, shift: { index: number; sign: 1 | -1 } | null) {
  const names = parts.map((_, i) => `p${i}`);
  const total = parts.reduce((a, b) => a.plus(b), new D(0));
  const written = parts.map((p, i) => round(p, decs[i]!));
  let writtenTotal = round(total, totalDec);
  if (shift) {
    // beyond every rounding slack in the rule, by one unit in the shifted figure's last place
    const slack = decs.reduce((a, d) => a.plus(h(d)), h(totalDec)).times(2);
    const idx = shift.index % (parts.length + 1);
    const d = idx === parts.length ? totalDec : decs[idx]!;
    const delta = round(slack.plus(ulp(d)), d).plus(ulp(d)).times(shift.sign);
    if (idx === parts.length) writtenTotal = writtenTotal.plus(delta);
    else written[idx] = written[idx]!.plus(delta);
  }
  const fmt = (v: Decimal, d: number): string => v.toFixed(d);
  const indicators = `indicators:\n  fund.total: {label: 合计, unit: 万元}\n${names.map((n) => `  fund.${n}: {label: 分项${n}, unit: 万元}`).join('\n')}\nrules:\n  - fund.total = ${names.map((n) => `fund.${n}`).join(' + ')}\n`;
  const doc = `region: "150000"\nyear: 2022\nfigures:\n  fund:\n    total: ${fmt(writtenTotal, totalDec)}\n${names.map((n, i) => `    ${n}: ${fmt(written[i]!, decs[i]!)}`).join('\n')}\n`;
  return run({ 'indicators.yaml': indicators, '2022/150000.yaml': doc });
}

describe('interval rule: sums', () => {
  const arb = fc
    .array(fc.tuple(trueValue, places), { minLength: 2, maxLength: 8 })
    .chain((ps) => fc.tuple(fc.constant(ps), places, fc.nat(), fc.constantFrom<1 | -1>(1, -1)));

  it('correctly rounded parts and totals never produce a finding', () => {
    fc.assert(
      fc.property(arb, ([ps, totalDec]) => {
        const findings = sumCase(ps.map((p) => p[0]), ps.map((p) => p[1]), totalDec, null);
        expect(findings).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it('one figure moved beyond the rounding slack always produces an equation (or unit) finding', () => {
    fc.assert(
      fc.property(arb, ([ps, totalDec, index, sign]) => {
        // keep moved figures non-negative: shift up when it could go below zero
        const findings = sumCase(ps.map((p) => p[0]), ps.map((p) => p[1]), totalDec, { index, sign: sign });
        const hits = findings.filter((f) => f.kind === 'equation' || f.kind === 'unit' || f.kind === 'range');
        expect(hits.length).toBe(1);
      }),
      { numRuns: 80 },
    );
  });
});

describe('interval rule: stated growth', () => {
  const arb = fc.tuple(
    fc.integer({ min: 1_000, max: 100_000_000 }),
    fc.integer({ min: 1_000, max: 100_000_000 }),
    places,
    places,
    fc.integer({ min: 0, max: 2 }),
    fc.constantFrom<1 | -1>(1, -1),
  );

  function growthCase(bN: number, aN: number, d: number, dg: number, shiftSign: 0 | 1 | -1) {
    const b = new D(bN).div(1000);
    const a = new D(aN).div(1000);
    const wb = round(b, d);
    const wa = round(a, d);
    const g = a.div(b).minus(1).times(100);
    let wg = round(g, dg);
    if (shiftSign !== 0) {
      // beyond what any values inside the written intervals allow
      const lo = wa.minus(h(d)).div(wb.plus(h(d)));
      const hi = wa.plus(h(d)).div(wb.minus(h(d)));
      const width = hi.minus(lo).times(100);
      wg = wg.plus(round(width.plus(h(dg).times(2)), dg).plus(ulp(dg)).times(shiftSign));
    }
    const indicators = `indicators:\n  reform.stay_days: {label: 平均住院天数, unit: 天}\n`;
    const doc = `region: "150000"\nyear: 2022\nfigures:\n  reform:\n    stay_days: {before: ${wb.toFixed(d)}, after: ${wa.toFixed(d)}, growth: ${wg.toFixed(dg)}%}\n`;
    return run({ 'indicators.yaml': indicators, '2022/150000.yaml': doc });
  }

  it('a correctly rounded growth never produces a finding', () => {
    fc.assert(
      fc.property(arb, ([bN, aN, d, dg]) => {
        // figures rounded to 0 decimals can round to 0: keep before ≥ 1 after rounding
        fc.pre(round(new D(bN).div(1000), d).gt(h(d).times(2)));
        expect(growthCase(bN, aN, d, dg, 0)).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it('a growth moved beyond the rounding slack always produces a change finding', () => {
    fc.assert(
      fc.property(arb, ([bN, aN, d, dg, , sign]) => {
        fc.pre(round(new D(bN).div(1000), d).gt(h(d).times(2)));
        const findings = growthCase(bN, aN, d, dg, sign);
        expect(findings.map((f) => f.kind)).toEqual(['change']);
      }),
      { numRuns: 80 },
    );
  });
});

describe('interval rule: aggregates over sub-regions', () => {
  const CHILDREN = ['150100', '150200', '150300', '150400', '150500', '150600'];
  const arb = fc.tuple(fc.array(fc.tuple(trueValue, places), { minLength: 6, maxLength: 6 }), places, fc.constantFrom<0 | 1 | -1>(1, -1));

  function aggCase(kids: [Decimal, number][], pd: number, shift: 0 | 1 | -1) {
    const total = kids.reduce((a, k) => a.plus(k[0]), new D(0));
    let wt = round(total, pd);
    if (shift !== 0) {
      const slack = kids.reduce((a, k) => a.plus(h(k[1])), h(pd)).times(2);
      wt = wt.plus(round(slack.plus(ulp(pd)), pd).plus(ulp(pd)).times(shift));
    }
    const files: Record<string, string> = {
      'indicators.yaml': 'indicators:\n  insured.total: {label: 参保人数, unit: 万人, aggregate: sum}\n',
      '2022/150000.yaml': `region: "150000"\nyear: 2022\nfigures:\n  insured:\n    total: ${wt.toFixed(pd)}\n`,
    };
    CHILDREN.forEach((c, i) => {
      files[`2022/${c}.yaml`] = `region: "${c}"\nyear: 2022\nfigures:\n  insured:\n    total: ${round(kids[i]![0], kids[i]![1]).toFixed(kids[i]![1])}\n`;
    });
    return run(files);
  }

  it('a parent rounded from the true sum of its children never produces a finding', () => {
    fc.assert(
      fc.property(arb, ([kids, pd]) => {
        expect(aggCase(kids, pd, 0)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('a parent moved beyond the rounding slack always produces an aggregate finding', () => {
    fc.assert(
      fc.property(arb, ([kids, pd, s]) => {
        expect(aggCase(kids, pd, s).map((f) => f.kind)).toEqual(['aggregate']);
      }),
      { numRuns: 40 },
    );
  });
});
