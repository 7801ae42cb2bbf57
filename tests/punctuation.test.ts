/**
 * GB/T 15834 in the `text` check: half-width , ; : ? ! ( ) touching Chinese text is found (not
 * between digits, in Latin text, in {{…}} placeholders, URLs or pinyin debris), and reported once
 * per text field at its first occurrence, with the count, in Chinese and English.
 */
import { describe, expect, it } from 'vitest';
import { halfWidthMarks } from '../src/core/checks/text.js';
import { checkSources } from '../src/core/check.js';
import { render } from '../src/core/findings/messages.js';
import { REGIONS } from './helpers.js';

const marks = (s: string): string => halfWidthMarks(s).map((m) => `${m.i}${m.ch}${m.to}`).join(' ');

describe('halfWidthMarks', () => {
  it('finds , ; : ? ! beside a Chinese character, on either side, spaces between allowed', () => {
    expect(marks('2022年,全区')).toBe('5,，');
    expect(marks('牵头单位:市医保局;配合单位:市财政局')).toBe('4:： 9;； 14:：');
    expect(marks('是否?是!')).toBe('2?？ 4!！');
    expect(marks('增长8.3%, 高于全国')).toBe('6,，');
    expect(marks('“新市民”,纳入')).toBe('5,，');
  });

  it('leaves digits, Latin text, URLs, placeholders and full-width marks alone', () => {
    for (const s of ['1,234', '3:1', 'e.g. DRG, DIP', 'Smith, J. (2020)', '见 https://www.nhsa.gov.cn/a?b=1,c 的通知', '{{round a.b 1}}', '已经全角：，；（一）', 'prev(x)']) expect(marks(s), s).toBe('');
  });

  it('treats a placeholder as Chinese text: it prints a figure with its unit', () => {
    expect(marks('{{a.cases}},{{a.amount}}')).toBe('11,，');
    expect(marks('{{year}}年,{{short}}')).toBe('9,，');
  });

  it('converts ( ) as a pair when it encloses or adjoins Chinese text, never a lone bracket', () => {
    expect(marks('(一)加强')).toBe('0(（ 2)）');
    expect(marks('按病种分值付费(DIP)和')).toBe('7(（ 11)）');
    expect(marks('(1)参保')).toBe('0(（ 2)）');
    expect(marks('观看警示片。 (刘雪峰')).toBe('');
    expect(marks('（见附件)')).toBe('4)）');
  });

  it('leaves the brackets of pinyin debris to the debris check', () => {
    expect(marks('發(fā)布,機(jī)構')).toBe('6,，');
  });
});

describe('the text check: one warning per text field', () => {
  const doc = `region: "150000"
year: 2022
entry:
  sections:
    - title: 概况,总体
      text: |
        2022年,全区参保(不含学生)人数稳定;基金运行平稳。
        {{year}}年,继续推进。
    - title: 好
      text: 全角标点，没有问题（一）。1,234 和 3:1 与 https://a.cn/x,y 也没有。
`;
  const report = checkSources([
    { rel: 'regions.yaml', text: REGIONS },
    { rel: 'indicators.yaml', text: 'indicators: {}\n' },
    { rel: '2022/150000.yaml', text: doc },
  ]).report;
  const found = report.findings.filter((f) => f.kind === 'text');

  it('reports the title and the text of the first section, nothing for the second', () => {
    expect(found.map((f) => `${f.path} ${f.line}:${f.column} ${f.severity}`)).toEqual(['entry.sections[0] 5:16 warning', 'entry.sections[0] 7:14 warning']);
  });

  it('says how many, shows the first and names yearbook fix, in Chinese and English', () => {
    const text = found[1]!;
    expect(render(text.message)).toBe('有5处半角标点紧挨汉字，如“2022年,全区参保(不含学…”中的“,”应为全角“，”（GB/T 15834）；运行 yearbook fix 可一次改正');
    expect(render(text.message, 'en')).toMatch(/^half-width punctuation touches Chinese text \(count: 5\), e\.g\. “,” in “2022年,全区参保\(不含学…” should be the full-width “，” \(GB\/T 15834\); yearbook fix corrects them all$/);
  });
});
