/** The kernel's figure diff (src/core/diff/figures.ts): which figures changed between two datasets or two editions, as written, at their positions. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseSources } from '../src/core/parse/dataset.js';
import type { Source } from '../src/core/parse/source.js';
import { diffDatasets, diffEditions } from '../src/core/diff/figures.js';

const base: Source[] = ['regions.yaml', 'indicators.yaml'].map((rel) => ({ rel, text: readFileSync(`data/${rel}`, 'utf8') }));
const doc = (rel: string, text: string): Source => ({ rel, text });
const load = (...docs: Source[]) => parseSources([...base, ...docs], { dir: 'd' });

const A = `region: "150100"\nyear: 2022\nfigures:\n  insured:\n    total: 316.02\n    employee: 108.49\n  fund:\n    basic:\n      income: {value: 85.37, growth: 5.1%}\n`;

it('lists a changed, an added and a removed figure, as written, with their positions in NEW', () => {
  const B = `region: "150100"\nyear: 2022\nfigures:\n  insured:\n    total: 316.20\n    resident: 207.53\n  fund:\n    basic:\n      income: {value: 85.37, growth: 5.1%}\n`;
  const changes = diffDatasets(load(doc('2022/150100.yaml', A)), load(doc('2022/150100.yaml', B)));
  expect(changes.map((c) => [c.path, c.old, c.new, c.file, c.line, c.column])).toEqual([
    ['insured.total', '316.02', '316.20', '2022/150100.yaml', 5, 12],
    ['insured.resident', null, '207.53', '2022/150100.yaml', 6, 15],
    ['insured.employee', '108.49', null, '2022/150100.yaml', 4, 3],
  ]);
});

it('the same figure written with its catalogue unit, or in another layout, is no change; a stated growth that changed is', () => {
  const B = `region: "150100"\nyear: 2022\nfigures:\n  insured: {total: 316.02万人, employee: 108.49}\n  fund:\n    basic:\n      income: {value: 85.37, growth: 5.2%}\n`;
  const changes = diffDatasets(load(doc('2022/150100.yaml', A)), load(doc('2022/150100.yaml', B)));
  expect(changes.map((c) => [c.path, c.old, c.new])).toEqual([['fund.basic.income', '85.37', '85.37']]);
});

it('a whole document added or removed lists each of its figures; editions are matched by edition', () => {
  const K = A.replace('year: 2022', 'year: 2022\nedition: 快报');
  const Y = A.replace('year: 2022', 'year: 2022\nedition: 年报').replace('316.02', '316.5');
  const gone = diffDatasets(load(doc('2022/150100.yaml', A)), load());
  expect(gone.map((c) => [c.path, c.old, c.new, c.inOld])).toEqual([
    ['insured.total', '316.02', null, true], ['insured.employee', '108.49', null, true], ['fund.basic.income', '85.37', null, true],
  ]);
  const both = load(doc('2022/150100-k.yaml', K), doc('2022/150100.yaml', Y));
  expect(diffEditions(both, '快报', '年报').map((c) => [c.path, c.old, c.new, c.edition, c.file, c.line])).toEqual([['insured.total', '316.02', '316.5', '年报', '2022/150100.yaml', 6]]);
  expect(diffDatasets(both, both)).toEqual([]);
});
