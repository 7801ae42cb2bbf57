/**
 * A generated yearbook chapter of the 12 盟市 of 内蒙古 (2022): entries of different lengths, with
 * fund figures (a chart each), before/after figures for some, full-width punctuation. Deterministic;
 * builds only the files' text (the tests write and build them). No I/O here but reading the catalogue.
 */
import { readFileSync } from 'node:fs';

export const CITIES: [string, string][] = [
  ['150100', '呼和浩特市'],
  ['150200', '包头市'],
  ['150300', '乌海市'],
  ['150400', '赤峰市'],
  ['150500', '通辽市'],
  ['150600', '鄂尔多斯市'],
  ['150700', '呼伦贝尔市'],
  ['150800', '巴彦淖尔市'],
  ['150900', '乌兰察布市'],
  ['152200', '兴安盟'],
  ['152500', '锡林郭勒盟'],
  ['152900', '阿拉善盟'],
];

const SENTENCES = [
  '推进医保经办服务标准化建设，在旗县区医保经办大厅统一设置综合柜员制窗口，实现“一窗受理、一站式服务、一柜台办结”。',
  '开展打击欺诈骗保专项整治行动，聚焦定点医疗机构、定点零售药店和参保人员，综合运用现场检查、智能监控和大数据筛查等方式。',
  '深化药品和医用耗材集中带量采购，落实国家和自治区集采中选结果，群众用药负担明显减轻。',
  '落实医疗救助托底保障，困难群众参保资助和待遇保障政策全面落实，防止规模性因病返贫。',
  '推动定点医药机构纳入医保信息平台管理，医保电子凭证和移动支付在定点医疗机构普遍使用。',
  '完善门诊慢特病管理服务，简化认定程序，将认定权限下放至具备条件的定点医疗机构。',
  '加强医保基金运行分析，按月监测基金收支，基金运行总体平稳，收支结构持续优化。',
];

/** A city's document: figures, and an entry whose sections grow with the city's index. */
function cityDoc(code: string, i: number, figureTable: boolean): string {
  const employee = (20 + i * 7.31).toFixed(2);
  const resident = (90 + i * 23.17).toFixed(2);
  const total = (Number(employee) + Number(resident)).toFixed(2);
  const f = (x: number): string => x.toFixed(2);
  const sections: { title: string; text: string }[] = [];
  sections.push({
    title: '概况',
    text: `{{year}}年，{{short}}基本医疗保险参保人数{{insured.total}}，其中职工基本医疗保险参保{{insured.employee}}，城乡居民基本医疗保险参保{{insured.resident}}。职工基本医疗保险基金收入{{fund.employee.income}}，支出{{fund.employee.expenditure}}，累计结存{{fund.employee.balance}}；城乡居民基本医疗保险基金收入{{fund.resident.income}}，支出{{fund.resident.expenditure}}，累计结存{{fund.resident.balance}}。${SENTENCES.slice(0, 1 + (i % 4)).join('')}`,
  });
  sections.push({
    title: '支付方式改革',
    text: `{{year}}年，{{short}}{{payment.institutions}}定点医疗机构实行按病种分值付费，占开展住院服务医疗机构总数的{{payment.share}}。${i % 3 === 0 ? '改革后，患者平均住院天数由{{reform.stay_days.before}}下降至{{reform.stay_days.after}}，降幅{{abs reform.stay_days.growth}}。' : ''}${SENTENCES.slice(2, 3 + (i % 3)).join('')}`,
  });
  if (i % 2 === 0) sections.push({ title: '医保经办服务', text: SENTENCES.slice(3 + (i % 3)).join('') + SENTENCES.slice(0, 2).join('') });
  sections.push({
    title: '医疗保障基金监管',
    text: `{{year}}年，{{short}}检查定点医药机构{{supervision.inspected}}，处理{{supervision.punished}}，追回医保基金{{supervision.recovered}}。${SENTENCES.slice(1, 2 + (i % 5)).join('')}`,
  });
  const yamlText = (s: string): string => s.replace(/\n/g, ' ');
  const reform = i % 3 === 0 ? `  reform:\n    stay_days: {before: ${(9.1 - i * 0.1).toFixed(2)}, after: ${(8.4 - i * 0.1).toFixed(2)}, growth: ${(((8.4 - i * 0.1) / (9.1 - i * 0.1) - 1) * 100).toFixed(2)}%}\n` : '';
  return `region: "${code}"
year: 2022
source: 《内蒙古年鉴》2023卷
figures:
  insured:
    total: ${total}
    employee: ${employee}
    resident: ${resident}
  fund:
    employee:
      income: ${f(30 + i * 3.3)}
      expenditure: ${f(24 + i * 2.9)}
      balance: ${f(50 + i * 5.1)}
    resident:
      income: ${f(15 + i * 2.2)}
      expenditure: ${f(12 + i * 2.1)}
      balance: ${f(14 + i * 1.7)}
  payment:
    institutions: ${100 + i * 13}
    share: ${f(80 + i * 1.3)}%
  supervision:
    inspected: ${1200 + i * 111}
    punished: ${300 + i * 17}
    recovered: ${f(1500.5 + i * 133.7)}
${reform}entry:
${figureTable ? '  figure_table: true\n' : ''}  author: 作者${'甲乙丙丁戊己庚辛壬癸子丑'[i]}
  sections:
${sections.map((s) => `    - title: ${s.title}\n      text: "${yamlText(s.text).replace(/"/g, '\\"')}"\n`).join('')}`;
}

/** The folder's files: regions, the project's catalogue, and one 2022 document per city. */
export function chapterFiles(opts: { figureTable?: boolean; indicators?: string } = {}): Record<string, string> {
  let regions = 'regions:\n  - code: "150000"\n    name: 内蒙古自治区\n    short: 全区\n    children:\n';
  for (const [code, name] of CITIES) regions += `      - {code: "${code}", name: ${name}, short: 全市}\n`;
  const files: Record<string, string> = {
    'regions.yaml': regions,
    'indicators.yaml': opts.indicators ?? readFileSync('data/indicators.yaml', 'utf8'),
  };
  CITIES.forEach(([code], i) => (files[`2022/${code}.yaml`] = cityDoc(code, i, opts.figureTable === true && i < 2)));
  return files;
}
