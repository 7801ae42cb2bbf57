/**
 * Fixture-driven tests for every finding kind: each YAML file under tests/fixtures/kinds carries its
 * expected findings as `# expect: kind@column[:severity]` comments on the line they belong to. A
 * file without markers must produce no finding at all. What each finding says — its message id and
 * the arguments the message is filled with — is listed below, per file, in MESSAGES.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFolder } from '../src/app/check.js';
import { FINDING_KINDS } from '../src/core/model/types.js';
import { msg, type Message } from '../src/core/findings/messages.js';

const DIR = 'tests/fixtures/kinds';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : n.endsWith('.yaml') ? [p] : [];
  });
}

/** What a finding says: [line, column, kind, message]. */
type Said = [line: number, column: number, kind: string, message: Message];

/** Every finding of every fixture, by file (relative to DIR), with its message id and arguments. */
const MESSAGES: Record<string, Said[]> = {
  'accept-yaml.yaml': [
    [5, 5, 'accept', msg('accept.yaml')],
  ],
  'accept.yaml': [
    [7, 20, 'equation', msg('rule.sum', { label: '基金支出', actual: '369.07亿元', expected: '369.29亿元', diff: '0.22亿元' })],
    [16, 5, 'accept', msg('accept.unused', { kind: 'aggregate', path: 'insured.total' })],
  ],
  'aggregate/150200.yaml': [
    [6, 12, 'aggregate', msg('aggregate.sum', { region: '包头市', label: '基本医疗保险参保人数', actual: '250.00万人', expected: '249.10万人', diff: '0.90万人', count: 2 })],
  ],
  'change-pp.yaml': [
    [7, 29, 'schema', msg('change.pp-not-percent', { label: '基本医疗保险参保人数', unit: '万人' })],
  ],
  'change.yaml': [
    [9, 39, 'change', msg('change.growth-prev', { label: '基金收入', before: '471.98亿元', after: '511.17亿元', prevYear: 2022, computed: '8.3%', stated: '9.3%' })],
    [12, 41, 'change', msg('change.increase-prev', { label: '累计结存', before: '95.0亿元', after: '100.0亿元', prevYear: 2022, computed: '5亿元', stated: '2亿元' })],
    [14, 34, 'change', msg('change.pp-prev', { label: '基本医疗保险参保率', before: '95.5%', after: '96.5%', prevYear: 2022, computed: '1.0', stated: '0.5' })],
  ],
  'duplicate-document-b.yaml': [
    [1, 9, 'duplicate-document', msg('duplicate-document', { other: `${DIR}/duplicate-document-a.yaml`, region: '呼和浩特市', year: 2020, edition: msg('edition.suffix', { edition: 'dup' }) })],
  ],
  'duplicate-section.yaml': [
    [10, 7, 'duplicate-section', msg('duplicate-section.same', { title: '概况', otherTitle: '概况', line: 6 })],
    [11, 18, 'text', msg('text.half-width', { count: 3, char: ',', full: '，', context: '2019年, 全区基本医疗保…' })],
    [12, 7, 'duplicate-section', msg('duplicate-section.near', { title: '医保支付方式改革（续）', otherTitle: '医保支付方式改革', line: 8, similarity: '97%' })],
  ],
  'duplicate-task.yaml': [
    [10, 12, 'duplicate-task', msg('duplicate-task', { no: '2', line: 9 })],
  ],
  'equation.yaml': [
    [8, 20, 'equation', msg('rule.sum', { label: '基金支出', actual: '369.07亿元', expected: '369.29亿元', diff: '0.22亿元' })],
  ],
  'inequality.yaml': [
    [9, 23, 'inequality', msg('rule.custom', { message: '基金可支付月数低于6个月', detail: msg('rule.inequality', { label: '基金可支付月数', actual: '2.66个月', rule: 'fund.resident.payable_months >= 6', expected: '6个月' }) })],
  ],
  'overdue-month.yaml': [
    [10, 39, 'overdue', msg('overdue', { no: '2', title: '推进检验检查结果互认', due: '2023-05', asOf: '2023-06', status: msg('status.none') })],
  ],
  'overdue.yaml': [
    [9, 39, 'overdue', msg('overdue', { no: '2', title: '改革参保职工个人账户', due: '2023-01', asOf: '2023-03-17', status: msg('status.none') })],
    [12, 40, 'overdue', msg('overdue', { no: '5', title: '扩大职工互助保障覆盖面', due: '2023-02', asOf: '2023-03-17', status: msg('status.in-progress') })],
    [13, 37, 'overdue', msg('overdue', { no: '6', title: '检验检查结果互认', due: '2023-03-16', asOf: '2023-03-17', status: msg('status.none') })],
  ],
  'range.yaml': [
    [6, 15, 'range', msg('range.above', { label: '基本医疗保险参保率', value: '101.2%', bound: '100.0%' })],
    [8, 12, 'range', msg('range.above', { label: '住院费用实际报销比例', value: '96%', bound: '95%' })],
    [10, 16, 'range', msg('range.below', { label: '检查定点医药机构', value: '-3家', bound: '0家' })],
  ],
  'reference.yaml': [
    [13, 50, 'reference', msg('reference.unknown', { name: 'insured.employe', hint: msg('hint.none') })],
    [15, 21, 'reference', msg('reference.no-prev', { name: 'prev(fund.basic.balance)', year: 2018 })],
    [17, 108, 'reference', msg('reference.unknown', { name: 'reform.stay_days.pp', hint: msg('hint.did-you-mean', { s: 'reform.stay_days' }) })],
  ],
  'schema-region.yaml': [
    [1, 9, 'schema', msg('schema.unknown-region', { region: '159999', hint: msg('hint.none') })],
  ],
  'schema-year-bad.yaml': [
    [2, 7, 'schema', msg('schema.bad-year', { text: '二〇一七' })],
  ],
  'schema-year.yaml': [
    [1, 1, 'schema', msg('schema.missing-field', { field: 'year' })],
  ],
  'schema.yaml': [
    [4, 1, 'schema', msg('schema.unknown-field', { field: 'sourse', hint: msg('hint.did-you-mean', { s: 'source' }) })],
    [7, 5, 'schema', msg('schema.unknown-path', { path: 'insured.totl', hint: msg('hint.did-you-mean', { s: 'insured.total' }) })],
    [8, 15, 'schema', msg('schema.figure-shape', { path: 'insured.employee' })],
    [9, 15, 'unit', msg('unit.unknown', { unit: 'abc' })],
  ],
  'text.yaml': [
    [8, 36, 'text', msg('text.unclosed', { char: '(', close: ')', context: '…构观看警示片。 (刘雪峰' })],
    [10, 38, 'text', msg('text.half-width', { count: 2, char: '(', full: '（', context: '…“两优”专项行动(见附件)。' })],
    [12, 14, 'text', msg('text.pinyin', { snippet: msg('text.pinyin-more', { snippet: '發(fā)', count: 3, others: 2 }), hint: msg('hint.pinyin') })],
    [12, 14, 'text', msg('text.traditional', { count: 3, chars: '發機構' })],
    [14, 14, 'text', msg('text.traditional', { count: 2, chars: '醫療' })],
    [16, 23, 'text', msg('text.unopened', { char: '】', open: '【', context: '…年检查2400家】' })],
  ],
  'unit-qualified.yaml': [
    [7, 12, 'equation', msg('rule.sum', { label: '生育保险报销金额', actual: '<960元', expected: '—', diff: '—' })],
  ],
  'unit.yaml': [
    [7, 14, 'unit', msg('unit.slip', { label: '生育医疗费用', written: '180.83元', suggested: '万元', rule: 'maternity.total = maternity.medical + maternity.allowance' })],
    [10, 12, 'unit', msg('unit.family', { label: '基本医疗保险参保人数', unit: '万人次', expected: '万人' })],
    [11, 15, 'unit', msg('unit.unknown', { unit: '公斤' })],
  ],
  'yaml-duplicate.yaml': [
    [7, 5, 'yaml', msg('yaml.duplicate-key', { key: 'total' })],
  ],
  'yaml-syntax.yaml': [
    [5, 1, 'yaml', msg('yaml.syntax', { detail: msg('yaml.detail.bad-indent') })],
  ],
  'yaml-tab.yaml': [
    [5, 1, 'yaml', msg('yaml.tab')],
  ],
};

/** Said in a stable order: by place, then kind, then message. */
function ordered(list: Said[]): Said[] {
  const key = ([line, column, kind, message]: Said): string => `${String(line).padStart(6)}:${String(column).padStart(6)} ${kind} ${JSON.stringify(message)}`;
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

interface Expected {
  file: string;
  line: number;
  column: number;
  kind: string;
  severity: string;
}

function markers(file: string): Expected[] {
  const out: Expected[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    const m = /# expect: (.*)$/.exec(text);
    if (!m) return;
    for (const part of m[1]!.split(',')) {
      const mm = /^\s*([a-z-]+)@(\d+)(?::(\w+))?\s*$/.exec(part);
      if (!mm) throw new Error(`bad marker in ${file}:${i + 1}: ${part}`);
      out.push({ file, line: i + 1, column: Number(mm[2]), kind: mm[1]!, severity: mm[3] ?? '' });
    }
  });
  return out;
}

const report = checkFolder(DIR);
const files = yamlFiles(DIR).sort();

describe('finding kinds (fixtures with # expect markers)', () => {
  for (const file of files) {
    it(relative(DIR, file), () => {
      const expected = markers(file);
      const actual = report.findings.filter((f) => f.file === file);
      const key = (e: { line: number; column: number; kind: string }): string => `${e.line}:${e.column} ${e.kind}`;
      expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
      for (const e of expected) {
        if (!e.severity) continue;
        const f = actual.find((a) => a.line === e.line && a.column === e.column && a.kind === e.kind)!;
        expect(f.severity).toBe(e.severity);
      }
      // and what each one says
      const said = actual.map((f): Said => [f.line, f.column, f.kind, f.message]);
      expect(ordered(said)).toEqual(ordered(MESSAGES[relative(DIR, file)] ?? []));
    });
  }

  it('lists messages only for fixtures that exist', () => {
    expect(Object.keys(MESSAGES).filter((rel) => !files.includes(join(DIR, rel)))).toEqual([]);
  });

  it('covers every finding kind with at least one expected finding', () => {
    const kinds = new Set(files.flatMap((f) => markers(f).map((m) => m.kind)));
    expect([...FINDING_KINDS].filter((k) => !kinds.has(k))).toEqual([]);
  });

  it('default severities follow FORMAT.md §7 unless a rule or accept says otherwise', () => {
    for (const f of report.findings) {
      if (['overdue', 'accept', 'text'].includes(f.kind)) expect(f.severity).toBe('warning');
      if (['yaml', 'schema', 'change', 'aggregate', 'range', 'duplicate-document', 'duplicate-task', 'reference'].includes(f.kind)) expect(f.severity).not.toBe('warning');
    }
  });
});
