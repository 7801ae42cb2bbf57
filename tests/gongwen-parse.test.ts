/** Reading the GB/T 9704 elements of FORMAT.md §8a: every field, `issued` as `date`, wrong types as schema findings in Chinese. */
import { afterEach, describe, expect, it } from 'vitest';
import { analyseFolder } from '../src/app/check.js';
import { render } from '../src/core/findings/messages.js';
import { REGIONS, removeFolder, writeFolder } from './helpers.js';

let dir = '';
afterEach(() => removeFolder(dir));

function load(doc: string) {
  dir = writeFolder({ 'regions.yaml': REGIONS, 'indicators.yaml': 'indicators: {}\n', '2023/150500.yaml': doc });
  const { data, report } = analyseFolder(dir);
  return { doc: data.docs[0]!, findings: report.findings.map((f) => ({ kind: f.kind, line: f.line, text: render(f.message, 'zh') })) };
}

describe('§8a elements', () => {
  it('reads every field of a summary, with the positions of its attachments', () => {
    const { doc, findings } = load(`region: "150500"
year: 2023
summary:
  issuer: 通辽市医疗保障局
  number: 通医保发〔2023〕12号
  header: false
  to: [各旗县区医疗保障局, 市直有关单位]
  title: 报告
  attachments:
    - title: 名单
      text: 甲
  signature: 通辽市医疗保障局办公室
  date: 2023-12-28
  note: 此件公开发布
  cc: 市财政局、市卫生健康委员会
  printed_by: 通辽市医疗保障局办公室
  printed_on: 2023-12-29
`);
    expect(findings).toEqual([]);
    const s = doc.summary!;
    expect(s).toMatchObject({ issuer: '通辽市医疗保障局', number: '通医保发〔2023〕12号', header: false, to: ['各旗县区医疗保障局', '市直有关单位'], signature: '通辽市医疗保障局办公室', date: '2023-12-28', note: '此件公开发布', cc: ['市财政局', '市卫生健康委员会'], printed_by: '通辽市医疗保障局办公室', printed_on: '2023-12-29' });
    expect(s.attachments).toEqual([{ title: '名单', text: '甲', key: 'summary.attachments[0]' }]);
    expect(doc.pos.get('summary.attachments[0]')).toBeGreaterThan(0);
  });

  it('reads a plan’s issued as its date, and tasks_at', () => {
    const { doc, findings } = load(`region: "150500"
year: 2023
plan:
  title: 方案
  issued: 2023-03-17
  tasks_at: 1
  sections:
    - title: 总体要求
    - title: 主要任务
`);
    expect(findings).toEqual([]);
    expect(doc.plan).toMatchObject({ date: '2023-03-17', issued: '2023-03-17', tasks_at: 1, to: [], attachments: [], number: null, header: null });
  });

  it('reports wrong types where they are written, and keeps reading', () => {
    const { doc, findings } = load(`region: "150500"
year: 2023
plan:
  title: 方案
  header: 是
  tasks_at: 5
  attachments: 名单
  printed_on: 12月29日
  sections:
    - title: 总体要求
`);
    expect(findings).toEqual([
      { kind: 'schema', line: 5, text: '“plan.header”应为true 或 false' },
      { kind: 'schema', line: 6, text: '“plan.tasks_at”应为数值' },
      { kind: 'schema', line: 7, text: '“plan.attachments”应写成以“- ”开头的多行列表（每项一行）' },
      { kind: 'schema', line: 8, text: expect.stringContaining('日期“12月29日”无效') },
    ]);
    expect(doc.plan).toMatchObject({ title: '方案', header: null, tasks_at: null, attachments: [], printed_on: null });
  });

  it('a summary without the elements reads as before', () => {
    const { doc, findings } = load(`region: "150500"
year: 2023
summary:
  title: 总结
  issuer: 通辽市医疗保障局
  sections:
    - title: 一
      text: 正文
`);
    expect(findings).toEqual([]);
    expect(doc.summary).toMatchObject({ number: null, header: null, to: [], attachments: [], signature: null, date: null, note: null, cc: [], printed_by: null, printed_on: null });
  });
});

describe('figure_table (a summary’s or plan’s figures as 表1, opt-in)', () => {
  it('is off unless set, on with true, and a schema finding at its line when neither true nor false', () => {
    expect(load('region: "150500"\nyear: 2023\nsummary:\n  title: 报告\n').doc.summary!.figureTable).toBe(false);
    expect(load('region: "150500"\nyear: 2023\nsummary:\n  title: 报告\n  figure_table: true\n').doc.summary!.figureTable).toBe(true);
    expect(load('region: "150500"\nyear: 2023\nplan:\n  title: 方案\n  figure_table: true\n').doc.plan!.figureTable).toBe(true);
    const bad = load('region: "150500"\nyear: 2023\nsummary:\n  title: 报告\n  figure_table: 是\n');
    expect(bad.doc.summary!.figureTable).toBe(false);
    expect(bad.findings).toEqual([{ kind: 'schema', line: 5, text: expect.stringContaining('summary.figure_table') }]);
  });
});
