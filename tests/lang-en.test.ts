/**
 * `--lang en` gives English everywhere (issue #7): the loader's, the rule parser's and the YAML
 * reader's messages go through the one catalogue, so no Chinese reaches an English message except
 * the user's own data (labels, region names, quoted text). The Chinese rendering of the same
 * findings is asserted exactly as it was before the messages moved into the catalogue.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFolder } from '../src/app/check.js';
import { render } from '../src/core/findings/messages.js';
import { ExprError, parseRule } from '../src/core/rules/expr.js';
import type { Finding } from '../src/core/model/types.js';

/** Broken in every way the loaders, the rule parser and the YAML reader report. */
const FOLDER_A: Record<string, string> = {
  'regions.yaml': `regions:
  - code: "150000"
    name: 内蒙古自治区
    children:
      - {code: "150100", name: 呼和浩特市}
      - {code: "150500", name: 通辽市}
      - {code: "150600", name: 通辽市}
      - 150700
`,
  'indicators.yaml': `indicators:
  insured.total:     {label: 基本医疗保险参保人数, unit: 万人}
  insured.employee:  {label: 职工基本医疗保险参保人数, unit: 万人}
  insured.resident:  {label: 城乡居民基本医疗保险参保人数, unit: 万人, exact: maybe}
  fund.income: 亿元
rules:
  - insured.total = insured.employee + insured.resident
  - a + = b
  - insured.total = (insured.employee
  - insured.total + insured.employee
  - insured.total = insured.employee = insured.resident
  - insured.total = 人数
  - prev(3) = insured.total
  - prev(insured.total = insured.employee
  - "insured.total ="
  - [insured.total]
  - {check: insured.total >= insured.employee, severity: fatal}
`,
  '2022/150000.yaml': `region: "150000"
year: 2022
source: {a: 1}
script: mixed
figures:
  - insured.total: 1
accept: 全部
entry:
  sections: 概况
plan:
  tasks: 无
`,
  '2022/150100.yaml': `region: "150100"
year: 2022
figures:
  insured:
    total: {value: [1]}
entry:
  sections:
    - title: 概况
      text: "全市参保人数(不含学生,较上年增长。"
    - title: {a: 1}
      text: "發(fā)布機(jī)構(gòu)等文件。"
plan:
  tasks:
    - no: "1"
      title: 任务
      lead: {a: 1}
`,
  '2022/ambiguous.yaml': 'region: 通辽市\nyear: 2022\n',
  '2022/region-list.yaml': 'region: [150000]\nyear: 2022\n',
  'bad-indent.yaml': `region: "150000"
year: 2023
figures:
  insured:
    total: 1
   employee: 2
`,
  'missing-char.yaml': 'region: "150000"\nyear: 2024\nsource: "unclosed\n',
  'bad-escape.yaml': 'region: "150000"\nyear: 2025\nsource: "a\\qb"\n',
  'bad-start.yaml': 'region: "150000"\nyear: 2027\nsource: @home\n',
  'compact.yaml': 'region: "150000"\nyear: 2028\nsource: a: b\n',
  /** An error code the catalogue has no wording for: the yaml package's English, in both languages. */
  'anchors.yaml': 'region: "150000"\nyear: 2029\nsource: &x &y text\n',
  /** Overflows the parser's stack: where and how often depends on the stack, the wording does not. */
  'deep.yaml': '['.repeat(20000) + '\n',
};

/** Broken at the top of each file. */
const FOLDER_B: Record<string, string> = {
  'regions.yaml': 'regions: 内蒙古自治区\n',
  'indicators.yaml': 'indicators: [a, b]\nrules: insured.total = 1\n',
  'list.yaml': '- region: "150000"\n  year: 2022\n',
};

/**
 * folder:file:line:column, the Chinese message (as printed before issue #7), the English one. The
 * wrong-shape messages for maps and lists say what to write since issue #8 (“应为映射” was jargon).
 */
const EXPECTED: [string, string, string][] = [
  ["A:2022/150000.yaml:3:9", "“source”应为文字", "“source” should be text"],
  ["A:2022/150000.yaml:4:9", "“script”应为simplified 或 traditional", "“script” should be simplified or traditional"],
  ["A:2022/150000.yaml:6:3", "“figures”应写成“键: 值”的多行形式（每项一行，下一层缩进两个空格）", "“figures” should be written as lines of “key: value” (one per line, the level below indented by two spaces)"],
  ["A:2022/150000.yaml:7:9", "“accept”应写成以“- ”开头的多行列表（每项一行）", "“accept” should be written as a list of lines, each starting with “- ”"],
  ["A:2022/150000.yaml:9:13", "“entry.sections”应写成以“- ”开头的多行列表（每项一行）", "“entry.sections” should be written as a list of lines, each starting with “- ”"],
  ["A:2022/150000.yaml:11:10", "“plan.tasks”应写成以“- ”开头的多行列表（每项一行）", "“plan.tasks” should be written as a list of lines, each starting with “- ”"],
  ["A:2022/150100.yaml:5:20", "“insured.total.value”应为数值", "“insured.total.value” should be a number"],
  ["A:2022/150100.yaml:9:20", "“(”没有配对的“)”：全市参保人数(不含学生,较上年…", "“(” is never closed by “)”: 全市参保人数(不含学生,较上年…"],
  ["A:2022/150100.yaml:9:25", "有1处半角标点紧挨汉字，如“…保人数(不含学生,较上年增长。”中的“,”应为全角“，”（GB/T 15834）；运行 yearbook fix 可一次改正", "half-width punctuation touches Chinese text (count: 1), e.g. “,” in “…保人数(不含学生,较上年增长。” should be the full-width “，” (GB/T 15834); yearbook fix corrects them all"],
  ["A:2022/150100.yaml:10:14", "“entry.sections[1].title”应为文字", "“entry.sections[1].title” should be text"],
  ["A:2022/150100.yaml:11:14", "疑为繁简转换残留的拼音注音“發(fā)等3处”，应删除", "“發(fā) and 2 more” looks like pinyin debris from a bad character conversion; remove it"],
  ["A:2022/150100.yaml:11:14", "简体文档中含有3个繁体字（如“發機構”）；请转换为简体，或在文件中写明 script: traditional", "a simplified-Chinese document has 3 traditional characters (e.g. “發機構”); convert them, or set script: traditional"],
  ["A:2022/150100.yaml:16:13", "“plan.tasks[0].lead”应写成以“- ”开头的多行列表（每项一行），或用“、”分隔的一行文字", "“plan.tasks[0].lead” should be written as a list of lines, each starting with “- ”, or one line of names separated by “、”"],
  ["A:2022/ambiguous.yaml:1:9", "地区名称“通辽市”对应多个代码（150500、150600），请改用代码", "the region name “通辽市” matches several codes (150500, 150600); write the code instead"],
  ["A:2022/region-list.yaml:1:9", "“region”应为地区代码或名称", "“region” should be a region code or name"],
  ["A:anchors.yaml:3:12", "YAML语法错误：A node can have at most one anchor", "YAML syntax error: A node can have at most one anchor"],
  ["A:bad-escape.yaml:3:11", "YAML语法错误：双引号文字中的转义序列无效（反斜杠后的字符）", "YAML syntax error: an invalid escape sequence in double-quoted text (the character after the backslash)"],
  ["A:bad-indent.yaml:6:1", "YAML语法错误：缩进不一致；同一层级的键应左对齐", "YAML syntax error: the indentation is inconsistent; keys at the same level must line up"],
  ["A:bad-start.yaml:3:9", "YAML语法错误：值不能以此字符开头；请给该值加引号", "YAML syntax error: a value cannot start with this character; put the value in quotes"],
  ["A:compact.yaml:3:9", "YAML语法错误：键的写法有误（可能缺少冒号后的空格）", "YAML syntax error: a key is written wrongly (perhaps the space after the colon is missing)"],
  ["A:indicators.yaml:4:63", "“exact”应为true 或 false", "“exact” should be true or false"],
  ["A:indicators.yaml:5:16", "“fund.income”应写成“label: 名称”和“unit: 单位”两行（或写在一行：{label: 名称, unit: 单位}）", "“fund.income” should be written as two lines “label: …” and “unit: …” (or on one line: {label: …, unit: …})"],
  ["A:indicators.yaml:8:5", "规则“a + = b”无法解析：此处不应出现“=”", "the rule “a + = b” cannot be parsed: “=” is not expected here"],
  ["A:indicators.yaml:9:5", "规则“insured.total = (insured.employee”无法解析：缺少“)”", "the rule “insured.total = (insured.employee” cannot be parsed: “)” is missing"],
  ["A:indicators.yaml:10:5", "规则“insured.total + insured.employee”无法解析：规则需要一个关系符号：= < <= > >=", "the rule “insured.total + insured.employee” cannot be parsed: a rule needs a relation: = < <= > >="],
  ["A:indicators.yaml:11:5", "规则“insured.total = insured.employee = insured.resident”无法解析：规则末尾多出“=”（一条规则只能有一个关系符号）", "the rule “insured.total = insured.employee = insured.resident” cannot be parsed: “=” is left over at the end (a rule has one relation only)"],
  ["A:indicators.yaml:12:5", "规则“insured.total = 人数”无法解析：无法识别的字符“人”", "the rule “insured.total = 人数” cannot be parsed: the character “人” is not recognised"],
  ["A:indicators.yaml:13:5", "规则“prev(3) = insured.total”无法解析：prev() 中应写指标路径", "the rule “prev(3) = insured.total” cannot be parsed: prev() must contain an indicator path"],
  ["A:indicators.yaml:14:5", "规则“prev(insured.total = insured.employee”无法解析：prev( 后缺少“)”", "the rule “prev(insured.total = insured.employee” cannot be parsed: “)” is missing after prev("],
  ["A:indicators.yaml:15:5", "规则“insured.total =”无法解析：表达式不完整", "the rule “insured.total =” cannot be parsed: the expression is incomplete"],
  ["A:indicators.yaml:16:5", "“rule”应写成一条表达式（如 a = b + c），或写出“check: 表达式”等项", "“rule” should be written as an expression (such as a = b + c), or lines with “check: expression”"],
  ["A:indicators.yaml:17:58", "“severity”应为error 或 warning", "“severity” should be error or warning"],
  ["A:missing-char.yaml:4:1", "YAML语法错误：缺少配对的符号（如 ] } 或引号）", "YAML syntax error: a closing mark is missing (such as ], } or a quote)"],
  ["A:regions.yaml:8:9", "“region”应写成“code: 代码”和“name: 名称”两行（或写在一行：{code: \"150000\", name: 名称}）", "“region” should be written as two lines “code: …” and “name: …” (or on one line: {code: \"150000\", name: …})"],
  ["B:indicators.yaml:1:13", "“indicators”应写成“键: 值”的多行形式（每项一行，下一层缩进两个空格）", "“indicators” should be written as lines of “key: value” (one per line, the level below indented by two spaces)"],
  ["B:indicators.yaml:2:8", "“rules”应写成以“- ”开头的多行列表（每项一行）", "“rules” should be written as a list of lines, each starting with “- ”"],
  ["B:list.yaml:1:1", "整个文件应写成“键: 值”的多行形式（region、year、figures等各占一行，从行首写起，不以“- ”开头）", "the file should be lines of “key: value” (region, year, figures … each on a line of its own, from the start of the line, not starting with “- ”)"],
  ["B:regions.yaml:1:10", "“regions”应写成以“- ”开头的多行列表（每项一行）", "“regions” should be written as a list of lines, each starting with “- ”"],
];

const dirs: string[] = [];
function writeFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'yearbook-lang-en-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Seen {
  key: string;
  rel: string;
  finding: Finding;
}
function check(name: string, files: Record<string, string>): Seen[] {
  const dir = writeFolder(files);
  return checkFolder(dir).findings.map((f) => {
    const rel = f.file.slice(dir.length + 1).split('\\').join('/');
    return { key: `${name}:${rel}:${f.line}:${f.column}`, rel, finding: f };
  });
}
const seen = [...check('A', FOLDER_A), ...check('B', FOLDER_B)];
const exact = seen.filter((s) => s.rel !== 'deep.yaml');

const CJK = /[\u3400-\u9fff]/;
/** The English message without the user's data: quoted text, and the quoted context of a text finding. */
function withoutData(f: Finding): string {
  let s = render(f.message, 'en').replace(/“[^”]*”/g, '“”');
  if (f.kind === 'text') s = s.replace(/: .*$/, '');
  return s;
}

describe('--lang en: loader, rule-parse and YAML messages in English', () => {
  it('gives every finding its English message', () => {
    expect(exact.map((s) => [s.key, render(s.finding.message, 'en')])).toEqual(EXPECTED.map(([k, , en]) => [k, en]));
  });

  it('keeps the Chinese messages exactly as they were', () => {
    expect(exact.map((s) => [s.key, render(s.finding.message, 'zh')])).toEqual(EXPECTED.map(([k, zh]) => [k, zh]));
    expect(exact.map((s) => [s.key, render(s.finding.message)])).toEqual(EXPECTED.map(([k, zh]) => [k, zh]));
  });

  it('puts no Chinese into an English message except the user’s data', () => {
    expect(seen.length).toBeGreaterThan(EXPECTED.length);
    for (const s of seen) expect(withoutData(s.finding), `${s.key}: ${render(s.finding.message, 'en')}`).not.toMatch(CJK);
  });

  it('reports nesting too deep for the parser in either language', () => {
    const deep = seen.filter((s) => s.rel === 'deep.yaml');
    expect(new Set(deep.map((s) => render(s.finding.message, 'en')))).toContain('YAML syntax error: nested too deeply');
    expect(new Set(deep.map((s) => render(s.finding.message, 'zh')))).toContain('YAML语法错误：嵌套层次过深');
  });

  it('ExprError carries a catalogue message; .message stays its Chinese text', () => {
    let err: unknown;
    try {
      parseRule('a + = b');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExprError);
    const e = err as ExprError;
    expect(e.detail.id).toBe('expr.unexpected');
    expect(render(e.detail, 'en')).toBe('“=” is not expected here');
    expect(e.message).toBe('此处不应出现“=”');
    expect(e.index).toBe(4);
  });
});
