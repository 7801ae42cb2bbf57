/**
 * A 13-entry chapter folder for the paged preview: a copy of data/ (2022: the 全区 entry and the 12
 * 盟市 with figures only) where each 盟市 gets an entry that prints its own figures, so the 2022 chapter
 * holds 13 entries, the 分地区 tables and their charts, with no new finding. Writes only into `dir`.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SENTENCES = [
  '推进医保经办服务标准化建设，在旗县区医保经办大厅统一设置综合柜员制窗口，实现“一窗受理、一站式服务、一柜台办结”。',
  '开展打击欺诈骗保专项整治行动，聚焦定点医疗机构、定点零售药店和参保人员，综合运用现场检查、智能监控和大数据筛查等方式。',
  '深化药品和医用耗材集中带量采购，落实国家和自治区集采中选结果，群众用药负担明显减轻。',
  '落实医疗救助托底保障，困难群众参保资助和待遇保障政策全面落实，防止规模性因病返贫。',
];

/** The entry a 盟市 gets (its i-th in region order): sections of different lengths. */
function cityEntry(i: number): string {
  const more = (n: number): string => SENTENCES.slice(0, 1 + ((i + n) % SENTENCES.length)).join('');
  return `entry:
  author: 作者${'甲乙丙丁戊己庚辛壬癸子丑'[i]}
  sections:
    - title: 概况
      text: "{{year}}年，{{short}}基本医疗保险参保人数{{insured.total}}，其中职工基本医疗保险参保{{insured.employee}}，城乡居民基本医疗保险参保{{insured.resident}}。职工基本医疗保险基金收入{{fund.employee.income}}，支出{{fund.employee.expenditure}}，累计结存{{fund.employee.balance}}。${more(0)}"
    - title: 医疗保障基金监管
      text: "{{year}}年，{{short}}检查定点医药机构{{supervision.inspected}}，处理{{supervision.punished}}，追回医保基金{{supervision.recovered}}。${more(2)}"
`;
}

/** Copies data/ into `dir` and gives the 12 盟市 of 2022 their entries; returns the 盟市 files (inside `dir`). */
export function pagedChapterFolder(dir: string): string[] {
  cpSync('data', dir, { recursive: true });
  const cities = readdirSync(join(dir, '2022'))
    .filter((n) => /^15\d{2}00\.yaml$/.test(n) && n !== '150000.yaml')
    .sort();
  cities.forEach((name, i) => {
    const file = join(dir, '2022', name);
    const text = readFileSync(file, 'utf8');
    if (/^entry:/m.test(text)) throw new Error(`${name} already has an entry`);
    writeFileSync(file, text.replace(/\n*$/, '\n') + cityEntry(i));
  });
  return cities.map((n) => `2022/${n}`);
}
