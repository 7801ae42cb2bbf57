/** The text renderer: figures as written, marked for the preview on request; placeholders it cannot fill are errors, or visible in a draft. */
import { describe, expect, it } from 'vitest';
import { checkSources } from '../src/core/check.js';
import { plainText, textRenderer, TextError } from '../src/render/text.js';
import { REGIONS } from './helpers.js';
import { fontsContext } from '../src/render/page-common.js';
import { DEFAULT_FONTS } from '../src/render/fonts.js';

const { data } = checkSources([
  { rel: 'regions.yaml', text: REGIONS },
  { rel: 'indicators.yaml', text: 'indicators:\n  insured.total: {label: 参保人数, unit: 万人}\n  insured.employee: {label: 职工参保人数, unit: 万人}\n' },
  { rel: '2022/150000.yaml', text: 'region: "150000"\nyear: 2022\nfigures:\n  insured:\n    total: {value: 2169.94, growth: 1.2%}\n    employee: 586.83\n' },
]);
const doc = data.docs[0]!;
const text = (t: string) => ({ t, key: 'entry.sections[0].text' });

describe('text renderer', () => {
  it('prints figures as written, escaped, and marks them with their paths for the preview', () => {
    const plain = textRenderer(doc, { rounding: 'half-up', prev: undefined });
    // each figure with its unit in an unbreakable span (white-space: nowrap in base.css)
    expect(plain.render('参保{{insured.total}},<b>{{change insured.total}}</b>', 'x')).toBe('参保<span class="yb-nb">2169.94万人</span>,&lt;b&gt;增长<span class="yb-nb">1.2%</span>&lt;/b&gt;');
    const marked = textRenderer(doc, { rounding: 'half-up', prev: undefined, mark: true });
    expect(marked.render('参保{{insured.total}},职工{{round insured.employee 1}},{{change insured.total}}', 'x')).toBe(
      '参保<span class="yb-fig" data-yb="insured.total"><span class="yb-nb">2169.94万人</span></span>,职工<span class="yb-fig" data-yb="insured.employee"><span class="yb-nb">586.8万人</span></span>,<span class="yb-fig" data-yb="insured.total">增长<span class="yb-nb">1.2%</span></span>',
    );
  });

  it('keeps every number with its unit, also in literal text: 26万余人次, 95%以上, 0.6个百分点, -7.17%', () => {
    const r = textRenderer(doc, { rounding: 'half-up', prev: undefined });
    expect(r.render('就诊26万余人次,覆盖率95%以上,提高0.6个百分点,下降-7.17%,共12个盟市,2022年10月1日起,ISO9001认证', 'x')).toBe(
      '就诊<span class="yb-nb">26万余人次</span>,覆盖率<span class="yb-nb">95%以上</span>,提高<span class="yb-nb">0.6个百分点</span>,下降<span class="yb-nb">-7.17%</span>,共<span class="yb-nb">12个</span>盟市,<span class="yb-nb">2022年</span><span class="yb-nb">10月</span>1日起,ISO9001<span class="yb-nb">认证</span>',
    );
    expect(plainText(r.render('参保{{insured.total}}', 'x'))).toBe('参保2169.94万人');
  });

  it('holds the last two characters of each paragraph of prose together (no character alone on a last line), not in titles', () => {
    const r = textRenderer(doc, { rounding: 'half-up', prev: undefined });
    expect(r.render('防止规模性因病返贫。\n落实医疗救助“托底”', 'entry.sections[0].text')).toBe('防止规模性因病<span class="yb-nb">返贫。</span>\n落实医疗救助“<span class="yb-nb">托底”</span>');
    expect(r.render('医保经办服务', 'entry.sections[0].title')).toBe('医保经办服务');
  });

  it('a placeholder it cannot fill is a TextError at its place, or in a draft a red 〔缺：path〕 and the rest printed', () => {
    const { t } = text('合计{{insured.total}},其中{{insured.employe}},{{change insured.employee}}。');
    expect(() => textRenderer(doc, { rounding: 'half-up', prev: undefined }).render(t, 'x')).toThrow(TextError);
    const problems: TextError[] = [];
    const html = textRenderer(doc, { rounding: 'half-up', prev: undefined, onProblem: (p) => void problems.push(p) }).render(t, 'x');
    expect(html).toBe('合计<span class="yb-nb">2169.94万人</span>,其中<span class="yb-missing">〔缺：insured.employe〕</span>,<span class="yb-missing">〔change insured.employee〕</span>。');
    // the messages the check gives for the same text
    expect(problems.map((p) => p.message.replace(/^\S+\s+/, ''))).toEqual(['文本引用的“{{insured.employe}}”不是本文件的数字，是否应为“insured.employee”？', '“insured.employee”没有写明变化（growth、pp 或 increase），不能写成 {{change insured.employee}}']);
  });
});

describe('entry.figure_table', () => {
  const docWith = (v: string) =>
    checkSources([
      { rel: 'regions.yaml', text: REGIONS },
      { rel: 'indicators.yaml', text: 'indicators:\n  insured.total: {label: 参保人数, unit: 万人}\n' },
      { rel: '2022/150000.yaml', text: `region: "150000"\nyear: 2022\nfigures:\n  insured:\n    total: 2169.94\nentry:\n  figure_table: ${v}\n  sections:\n    - {title: 概况, text: "参保{{insured.total}}。"}\n` },
    ]);
  it('is a known field, read as a flag; anything but true or false is a schema finding', () => {
    expect(docWith('true').report.findings).toEqual([]);
    expect(docWith('true').data.docs[0]!.entry!.figureTable).toBe(true);
    expect(docWith('false').data.docs[0]!.entry!.figureTable).toBe(false);
    const bad = docWith('maybe').report.findings;
    expect(bad.map((f) => f.kind)).toEqual(['schema']);
  });
});

describe('the 小标宋 weight the page CSS gets (--weight-xiaobiaosong)', () => {
  it('is bold for the shipped substitute (its real Bold file) and normal for a real 小标宋 (one heavy face; bold would be faked)', () => {
    expect(fontsContext(DEFAULT_FONTS).xiaobiaosongWeight).toBe('700');
    expect(fontsContext({ ...DEFAULT_FONTS, xiaobiaosong: ['方正小标宋简体', 'Noto Serif SC'] }).xiaobiaosongWeight).toBe('normal');
  });
});
