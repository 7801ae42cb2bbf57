/** SARIF 2.1.0 for code scanning: one rule per finding kind, accepted findings as in-source suppressions. Pure. */
import type { Report } from '../core/check.js';
import { FINDING_KINDS } from '../core/model/types.js';
import { render, type Lang } from '../core/findings/messages.js';

const KIND_DESCRIPTIONS: Record<string, string> = {
  yaml: '文件不是有效的YAML或不是UTF-8文本',
  schema: '未知字段、指标路径或地区；缺少region或year；类型错误',
  unit: '单位不受支持、不属同一类，或疑为单位笔误',
  equation: '等式规则不成立',
  inequality: '不等式规则不成立',
  change: '所述增长、增减量或百分点与数字不符',
  aggregate: '上级地区数字与下级地区之和不符',
  range: '数字超出指标的取值范围',
  'duplicate-document': '同一地区、年份、版本有多个文件',
  'duplicate-section': '同一文件中有重复的章节',
  'duplicate-task': '任务序号重复',
  reference: '文本引用了不存在的数字',
  overdue: '任务超过完成时限但未完成',
  accept: 'accept条目没有对应的问题',
  text: '文字中括号或引号不配对、转换残留、繁体字或紧挨汉字的半角标点',
};

export function formatSarif(report: Report, lang: Lang = 'zh', version = '0.0.0'): string {
  const rules = FINDING_KINDS.map((k) => ({ id: k, name: k, shortDescription: { text: KIND_DESCRIPTIONS[k] ?? k } }));
  const results = report.findings.map((f) => ({
    ruleId: f.kind,
    ruleIndex: FINDING_KINDS.indexOf(f.kind),
    level: f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note',
    message: { text: render(f.message, lang) },
    locations: [{ physicalLocation: { artifactLocation: { uri: f.file.split('\\').join('/') }, region: { startLine: f.line, startColumn: f.column } } }],
    ...(f.accepted ? { suppressions: [{ kind: 'inSource', justification: f.accepted }] } : {}),
    properties: { path: f.path, figures: f.figures, region: f.region, year: f.year, rule: f.rule, expected: f.expected, actual: f.actual },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'yearbook', version, rules } }, columnKind: 'utf16CodeUnits', results }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
