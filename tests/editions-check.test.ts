/** FORMAT.md §8c: two editions (快报, 年报) of one region and year are two documents that never compare with each other in checks. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { checkSources } from '../src/core/check.js';
import type { Source } from '../src/core/parse/source.js';

const base: Source[] = ['regions.yaml', 'indicators.yaml'].map((rel) => ({ rel, text: readFileSync(`data/${rel}`, 'utf8') }));
const doc = (edition: string, total: string, employee: string) =>
  `region: "150500"\nyear: 2023\nedition: ${edition}\nfigures:\n  insured:\n    total: ${total}\n    employee: ${employee}\n    resident: 222.52\n`;

it('a 快报 and a 年报 of one region and year with different figures: no duplicate, no comparison between them', () => {
  const { report } = checkSources([...base, { rel: '2023/150500-kb.yaml', text: doc('快报', '265.87', '43.35') }, { rel: '2023/150500.yaml', text: doc('年报', '266.07', '43.55') }]);
  expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  expect(report.summary.documents).toBe(2);
});

it('each edition is still checked on its own: a wrong total in the 年报 is found there, with its edition', () => {
  const { report } = checkSources([...base, { rel: '2023/150500-kb.yaml', text: doc('快报', '265.87', '43.35') }, { rel: '2023/150500.yaml', text: doc('年报', '266.87', '43.55') }]);
  const errors = report.findings.filter((f) => f.severity === 'error');
  expect(errors.map((f) => [f.kind, f.file, f.line, f.edition, f.path])).toEqual([['equation', '2023/150500.yaml', 6, '年报', 'insured.total']]);
});

it('the same edition twice is a duplicated document', () => {
  const { report } = checkSources([...base, { rel: '2023/a.yaml', text: doc('快报', '265.87', '43.35') }, { rel: '2023/b.yaml', text: doc('快报', '265.87', '43.35') }]);
  expect(report.findings.map((f) => f.kind)).toContain('duplicate-document');
});
