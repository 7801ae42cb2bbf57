/**
 * Mistakes editors make (issue #8, items 17 and 18), each named once where it is, in words an editor
 * understands: a full-width colon after a key, an indented first key, a map or list of the wrong
 * shape, a file Notepad saved as "Unicode" (UTF-16), a unit-slip guess on a zero figure, and
 * full-width digits in a figure. Checked in memory through checkSources.
 */
import { describe, expect, it } from 'vitest';
import { checkSources } from '../src/core/check.js';
import { msg, render, type Message } from '../src/core/findings/messages.js';
import type { Finding } from '../src/core/model/types.js';
import { decode } from '../src/core/parse/source.js';
import { offsetMapper, repairMistakes } from '../src/core/parse/yaml-mistakes.js';

const REGIONS = `regions:
  - code: "150000"
    name: 内蒙古自治区
`;
const INDICATORS = `indicators:
  insured.total:    {label: 基本医疗保险参保人数, unit: 万人}
  insured.employee: {label: 职工基本医疗保险参保人数, unit: 万人}
  insured.resident: {label: 城乡居民基本医疗保险参保人数, unit: 万人}
  coverage:         {label: 基本医疗保险参保率, unit: "%"}
  balance:          {label: 基金当期结余, unit: 亿元}
rules:
  - insured.total = insured.employee + insured.resident
`;
const REL = '2022/150000.yaml';

/** A document whose figures are `total`, `employee`, `resident` on lines 5–7 (values at column 12, 15, 15). */
function doc(total: string, employee = '20.00', resident = '15.80'): string {
  return `region: "150000"\nyear: 2022\nfigures:\n  insured:\n    total: ${total}\n    employee: ${employee}\n    resident: ${resident}\n`;
}

function check(source: { text?: string; bytes?: Uint8Array }): Finding[] {
  return checkSources([{ rel: 'regions.yaml', text: REGIONS }, { rel: 'indicators.yaml', text: INDICATORS }, { rel: REL, ...source }]).report.findings;
}

/** What a finding says and where: [file:line:column, kind, message]. */
function said(fs: Finding[]): [string, string, Message][] {
  return fs.map((f) => [`${f.file}:${f.line}:${f.column}`, f.kind, f.message]);
}

const colon = (key: string, fix: string): Message => msg('yaml.full-width-colon', { key, fix });
/** Characters as one list (a、b、c), as messages join them. */
const joined = (...xs: string[]): Message | string => xs.slice(1).reduce<Message | string>((head, tail) => msg('list.join', { head, tail }), xs[0]!);

describe('17a: a full-width colon after a key', () => {
  it('is named, with the fix, at the colon, whether a space follows it or not; the file is still checked', () => {
    for (const line of ['    total： 35.80', '    total：35.80']) {
      const text = doc('35.80').replace('    total: 35.80', line);
      expect(said(check({ text }))).toEqual([[`${REL}:5:10`, 'yaml', colon('total', 'total: 35.80')]]);
      const f = check({ text })[0]!;
      expect(f.severity).toBe('error');
      expect(render(f.message)).toBe('“total”后的冒号“：”是全角冒号，YAML只认半角冒号；请把“：”改为半角“:”，并在其后加一个空格，写作“total: 35.80”');
      expect(render(f.message, 'en')).toBe('the colon after “total” is a full-width “：”, and YAML knows only the ASCII colon: replace “：” with “:” followed by a space, as in “total: 35.80”');
    }
  });

  it('reads the file as meant: a wrong sum is still reported, at its column in the text as written', () => {
    // `total：300.00`: the value starts at column 11 (no space after the colon)
    const text = doc('300.00').replace('total: 300.00', 'total：300.00');
    expect(said(check({ text }))).toEqual([
      [`${REL}:5:10`, 'yaml', colon('total', 'total: 300.00')],
      [`${REL}:5:11`, 'equation', msg('rule.sum', { label: '基本医疗保险参保人数', actual: '300.00万人', expected: '35.80万人', diff: '264.20万人' })],
    ]);
  });

  it('is found on the top-level keys, on a last key, and inside a one-line {…}', () => {
    const text = `region："150000"\nyear: 2022\nfigures:\n  insured:\n    total: {value：35.80, note: 截至：11月末}\n    employee: 20.00\n    resident：15.80\n`;
    expect(said(check({ text }))).toEqual([
      [`${REL}:1:7`, 'yaml', colon('region', 'region: "150000"')],
      [`${REL}:5:18`, 'yaml', colon('value', 'value: 35.80')],
      [`${REL}:7:13`, 'yaml', colon('resident', 'resident: 15.80')],
    ]);
  });

  it('is not looked for in text: a block scalar, a value after “key:”, a list of names', () => {
    const text = `${doc('35.80')}entry:\n  author: 组长：刘雪峰\n  sections:\n    - title: 概况\n      text: |\n        drg：按病组付费\n        组长：刘雪峰\n    - title: 附件\n      text: 会议指出：全年目标完成\n`;
    expect(said(check({ text }))).toEqual([]);
  });
});

describe('17b: an indented first key', () => {
  it('gives one finding at the first line, not sixteen, and the file is still checked at the right places', () => {
    const text = '  ' + doc('300.00');
    expect(said(check({ text }))).toEqual([
      [`${REL}:1:1`, 'yaml', msg('yaml.indented-first-key', { key: 'region', count: 2, line: 2, next: 'year', fix: msg('yaml.indent-fix-first', { key: 'region', count: 2 }) })],
      [`${REL}:5:12`, 'equation', msg('rule.sum', { label: '基本医疗保险参保人数', actual: '300.00万人', expected: '35.80万人', diff: '264.20万人' })],
    ]);
    expect(render(check({ text })[0]!.message)).toBe('第一个键“region”前有2个空格，而第2行的“year”从行首写起；顶层的键都应从行首写起，请删除“region”前的2个空格');
  });

  it('says which lines to fix when several leading lines are indented', () => {
    const text = doc('35.80').replace('region: "150000"\nyear: 2022\n', '  region: "150000"\n  year: 2022\n');
    expect(said(check({ text }))).toEqual([
      [`${REL}:1:1`, 'yaml', msg('yaml.indented-first-key', { key: 'region', count: 2, line: 3, next: 'figures', fix: msg('yaml.indent-fix-lines', { from: 1, to: 2, count: 2 }) })],
    ]);
  });

  it('still reports a real syntax error elsewhere in the file, at its own line', () => {
    const text = '  ' + doc('35.80', '20.00', '[15.80');
    const got = said(check({ text }));
    expect(got[0]).toEqual([`${REL}:1:1`, 'yaml', msg('yaml.indented-first-key', { key: 'region', count: 2, line: 2, next: 'year', fix: msg('yaml.indent-fix-first', { key: 'region', count: 2 }) })]);
    expect(got.length).toBeGreaterThan(1);
    expect(got.slice(1).every(([where, kind]) => kind === 'yaml' && Number(where.split(':')[1]) >= 7)).toBe(true);
  });

  it('maps offsets of the repaired text back to the text as written', () => {
    const text = '  a: 1\nb：2\n';
    const r = repairMistakes(text);
    expect(r.text).toBe('a: 1\nb: 2\n');
    const back = offsetMapper(r.edits);
    // a → 2, 1 → 5, b → 7, ':' → 8, the inserted space → 9, 2 → 9
    expect([0, 3, 5, 6, 7, 8, 9].map(back)).toEqual([2, 5, 7, 8, 9, 9, 10]);
  });
});

describe('17c: a map or list of the wrong shape says what to write', () => {
  it('figures written as a list', () => {
    const text = 'region: "150000"\nyear: 2022\nfigures:\n  - insured.total: 1\n';
    const fs = check({ text });
    expect(said(fs)).toEqual([[`${REL}:4:3`, 'schema', msg('schema.write-as', { field: 'figures', expected: msg('type.map') })]]);
    expect(render(fs[0]!.message)).toBe('“figures”应写成“键: 值”的多行形式（每项一行，下一层缩进两个空格）');
    expect(render(fs[0]!.message, 'en')).toBe('“figures” should be written as lines of “key: value” (one per line, the level below indented by two spaces)');
  });

  it('accept written as text', () => {
    const text = doc('35.80') + 'accept: 全部\n';
    const fs = check({ text });
    expect(said(fs)).toEqual([[`${REL}:8:9`, 'schema', msg('schema.write-as', { field: 'accept', expected: msg('type.list') })]]);
    expect(render(fs[0]!.message)).toBe('“accept”应写成以“- ”开头的多行列表（每项一行）');
  });
});

describe('17d: a file saved as UTF-16 (Notepad’s “Unicode”)', () => {
  const text = doc('300.00').replace(/\n/g, '\r\n'); // Notepad writes CRLF
  const utf16 = (big: boolean): Uint8Array => {
    const out = new Uint8Array(2 + text.length * 2);
    out.set(big ? [0xfe, 0xff] : [0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[2 + 2 * i + (big ? 1 : 0)] = c & 0xff;
      out[2 + 2 * i + (big ? 0 : 1)] = c >> 8;
    }
    return out;
  };

  for (const [name, big] of [['UTF-16LE', false], ['UTF-16BE', true]] as const) {
    it(`${name}: named, decoded and checked`, () => {
      const fs = check({ bytes: utf16(big) });
      expect(said(fs)).toEqual([
        [`${REL}:1:1`, 'yaml', msg('yaml.encoding', { encoding: name })],
        [`${REL}:5:12`, 'equation', msg('rule.sum', { label: '基本医疗保险参保人数', actual: '300.00万人', expected: '35.80万人', diff: '264.20万人' })],
      ]);
      expect(render(fs[0]!.message)).toBe(`文件不是UTF-8编码（检测为${name}），已按${name}读取并检查；请在编辑器中另存为UTF-8`);
    });
  }

  it('decode() drops the byte-order mark; odd bytes after one are binary', () => {
    expect(decode(utf16(false))).toEqual({ ok: true, text, encoding: 'utf-16le' });
    expect(decode(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]))).toEqual({ ok: false, reason: 'binary' });
    expect(decode(new Uint8Array([0xff, 0xfe, 0x01, 0x00]))).toEqual({ ok: false, reason: 'binary' });
  });
});

describe('18: no unit slip on a zero figure', () => {
  it('0 or −0 as the total: the plain equation finding, not “若单位为亿人则…成立”', () => {
    for (const zero of ['0', '-0', '−0']) {
      expect(said(check({ text: doc(zero) }))).toEqual([
        [`${REL}:5:12`, 'equation', msg('rule.sum', { label: '基本医疗保险参保人数', actual: `${zero === '0' ? '0' : '-0'}万人`, expected: '36万人', diff: '36万人' })],
      ]);
    }
  });

  it('0 as a part', () => {
    expect(said(check({ text: doc('35.80', '0') }))).toEqual([
      [`${REL}:5:12`, 'equation', msg('rule.sum', { label: '基本医疗保险参保人数', actual: '35.80万人', expected: '15.80万人', diff: '20.00万人' })],
    ]);
  });

  it('a slip on a figure that is not zero is still guessed', () => {
    expect(said(check({ text: doc('35.80', '20.00 人') })).map(([where, kind]) => [where, kind])).toEqual([[`${REL}:6:15`, 'unit']]);
  });
});

describe('18: full-width digits in a figure', () => {
  it('are read exactly as the digits they are, with a text warning naming them and the fix, at the first of them', () => {
    const fs = check({ text: doc('３５．８３') });
    expect(said(fs)).toEqual([
      [`${REL}:5:12`, 'equation', msg('rule.sum', { label: '基本医疗保险参保人数', actual: '35.83万人', expected: '35.80万人', diff: '0.03万人' })],
      [`${REL}:5:12`, 'text', msg('text.full-width-number', { label: '基本医疗保险参保人数', text: '３５．８３', chars: joined('３', '５', '．', '８'), fixed: '35.83' })],
    ]);
    expect(fs[1]!.severity).toBe('warning');
    expect(fs[1]!.path).toBe('insured.total');
    expect(render(fs[1]!.message)).toBe('基本医疗保险参保人数写作“３５．８３”，其中“３、５、．、８”是全角字符，已按“35.83”读取；请改用半角数字和小数点，写作“35.83”');
  });

  it('the decimal is built from the text: 35.80 keeps both places, and a quoted figure with a unit points past the quote', () => {
    const data = checkSources([{ rel: 'regions.yaml', text: REGIONS }, { rel: 'indicators.yaml', text: INDICATORS }, { rel: REL, text: doc('"３５．８０万人"', '2０.00') }]);
    const total = data.data.docs[0]!.figures.get('insured.total')!.value!.q;
    expect([total.literal, total.decimals, total.number.toString()]).toEqual(['35.80', 2, '35.8']);
    expect(said(data.report.findings)).toEqual([
      [`${REL}:5:13`, 'text', msg('text.full-width-number', { label: '基本医疗保险参保人数', text: '３５．８０万人', chars: joined('３', '５', '．', '８', '０'), fixed: '35.80万人' })],
      [`${REL}:6:16`, 'text', msg('text.full-width-number', { label: '职工基本医疗保险参保人数', text: '2０.00', chars: '０', fixed: '20.00' })],
    ]);
  });

  it('the warning can be accepted, by kind text and the figure’s path', () => {
    const text = doc('３５．８０') + 'accept:\n  - kind: text\n    path: insured.total\n    reason: 原文如此\n';
    const fs = check({ text });
    expect(fs.map((f) => [f.kind, f.severity, f.accepted])).toEqual([['text', 'info', '原文如此']]);
  });

  it('full-width ％ and the minus sign − are read silently, as before', () => {
    const text = doc('35.80').replace('figures:\n', 'figures:\n  coverage: 95.5％\n  balance: −245.07\n');
    expect(said(check({ text }))).toEqual([]);
  });
});
