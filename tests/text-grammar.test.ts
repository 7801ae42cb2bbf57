/**
 * One grammar decides what text may contain: every placeholder the renderer refuses is a `reference`
 * finding of the check at the same line and column, and a draft prints it visibly; what the check
 * accepts, the renderer prints.
 */
import { describe, expect, it } from 'vitest';
import { checkSources } from '../src/core/check.js';
import { render } from '../src/core/findings/messages.js';
import { previousDoc } from '../src/core/parse/dataset.js';
import { plainText, textRenderer, TextError } from '../src/render/text.js';
import { REGIONS } from './helpers.js';

const INDICATORS = 'indicators:\n  insured.total: {label: 参保人数, unit: 万人}\n  insured.employee: {label: 职工参保人数, unit: 万人}\n';

function folder(text: string) {
  const yaml = `region: "150000"\nyear: 2022\nfigures:\n  insured:\n    total: {before: 2100.5, after: 2169.94, growth: 3.3%}\n    employee: 586.83\nentry:\n  sections:\n    - title: 概况\n      text: ${JSON.stringify(text)}\n`;
  return checkSources([
    { rel: 'regions.yaml', text: REGIONS },
    { rel: 'indicators.yaml', text: INDICATORS },
    { rel: '2022/150000.yaml', text: yaml },
  ]);
}

/** The reference findings of a text, and what the renderer says of it (the first refusal, and a draft's problems). */
function both(text: string) {
  const { data, report } = folder(text);
  const doc = data.docs[0]!;
  const findings = report.findings.filter((f) => f.kind === 'reference');
  const key = 'entry.sections[0].text';
  let refused: TextError | null = null;
  try {
    textRenderer(doc, { rounding: 'half-up', prev: previousDoc(data, doc) }).render(text, key);
  } catch (e) {
    refused = e as TextError;
  }
  const problems: TextError[] = [];
  const draft = textRenderer(doc, { rounding: 'half-up', prev: previousDoc(data, doc), onProblem: (p) => void problems.push(p) }).render(text, key);
  return { findings, refused, problems, draft };
}

describe('text grammar: check and build agree', () => {
  it.each([
    ['{{{insured.total}}}', '只能用两层花括号'],
    ['{{insured.total.}}', '数字路径只能由'],
    ['{{insured.total x=1}}', '“名称=值”'],
    ['{{../insured.total}}', 'this、../'],
    ['{{round insured.total}}', 'round 需要数字路径和0至10位小数位数'],
    ['{{change insured.employee}}', '没有写明变化'],
    ['{{fromto insured.employee}}', '需要 before 和 after'],
    ['{{log "hi"}}', '只能使用 value、change'],
    ['{{this}}', 'this、../'],
    ['{{> head}}', '块、注释或局部模板'],
    ['{{#if insured.total}}x{{/if}}', '块、注释或局部模板'],
    ['{{insured}}', '不是本文件的数字'],
    ['{{insured.employe}}', '不是本文件的数字'],
    ['{{prev(insured.total)}}', '上一年'],
    ['{{}}', '花括号中是空的'],
  ])('%s: a reference finding, refused by the renderer at the same place, printed visibly in a draft', (placeholder, words) => {
    const text = `全区参保${placeholder}。`;
    const { findings, refused, problems, draft } = both(text);
    expect(findings.length, JSON.stringify(findings.map((f) => render(f.message)))).toBeGreaterThanOrEqual(1);
    expect(render(findings[0]!.message)).toContain(words);
    expect(refused).toBeInstanceOf(TextError);
    expect([refused!.line, refused!.column]).toEqual([findings[0]!.line, findings[0]!.column]);
    expect(refused!.message).toContain(render(findings[0]!.message));
    expect(problems.length).toBe(findings.length);
    expect(draft).toMatch(/<span class="yb-missing">〔[^〕]+〕<\/span>/);
    expect(draft.startsWith('全区参保')).toBe(true);
  });

  it('what the check accepts, the renderer prints', () => {
    const text = '{{region}}{{year}}年参保{{insured.total}},{{change insured.total}},{{fromto insured.total}},职工{{round insured.employee 1}}({{unit insured.employee}}),增幅{{abs insured.total.growth}},此前{{insured.total.before}}。';
    const { findings, refused, problems, draft } = both(text);
    expect(findings).toEqual([]);
    expect(refused).toBeNull();
    expect(problems).toEqual([]);
    expect(plainText(draft)).toBe('内蒙古自治区2022年参保2169.94万人,增长3.3%,由2100.5万人增长至2169.94万人，增幅3.3%,职工586.8万人(万人),增幅3.3%,此前2100.5万人。');
    // each figure with its unit unbreakable (render/text.ts)
    expect(draft).toContain('参保<span class="yb-nb">2169.94万人</span>');
  });

  it('points at the name inside the braces, as the check does', () => {
    const { findings } = both('参保{{ insured.employe }}');
    // line 11 of the document, the text's column + 2 for 参保 + 2 for {{ + 1 for the space
    const { refused } = both('参保{{ insured.employe }}');
    expect([refused!.line, refused!.column]).toEqual([findings[0]!.line, findings[0]!.column]);
    expect(findings[0]!.sourceLine!.slice(findings[0]!.column - 1).startsWith('insured.employe')).toBe(true);
  });
});
