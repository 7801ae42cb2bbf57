/**
 * The folder the build-cache tests rebuild: data/'s 2022 documents of 内蒙古 (the 全区 entry and its 12
 * 盟市, whose figures add up to the 全区's), each 盟市 given an entry of its own, so 2022's chapter has
 * 13 entries. Writes only into the folder it is given.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CITY_CODES = ['150100', '150200', '150300', '150400', '150500', '150600', '150700', '150800', '150900', '152200', '152500', '152900'];

/** A 盟市's entry: two sections naming its own figures. */
export function cityEntry(code: string): string {
  return `entry:
  author: ${code}医疗保障局
  sections:
    - title: 概况
      text: "{{year}}年，{{region}}基本医疗保险参保人数{{insured.total}}，其中职工医疗保险参保{{insured.employee}}，居民医疗保险参保{{insured.resident}}。职工医疗保险基金总收入{{fund.employee.income}}，总支出{{fund.employee.expenditure}}，累计结存{{fund.employee.balance}}。"
    - title: 医疗保障基金监管
      text: "{{year}}年，{{region}}处理违法违规定点医药机构{{supervision.punished}}，开展打击欺诈骗保专项整治行动，聚焦定点医疗机构、定点零售药店和参保人员。"
`;
}

/** Writes the folder (regions, catalogue, 2022's 13 documents with entries) into `dir`. */
export function writeChapterFolder(root: string, dir: string): void {
  mkdirSync(join(dir, '2022'), { recursive: true });
  cpSync(join(root, 'data/regions.yaml'), join(dir, 'regions.yaml'));
  cpSync(join(root, 'data/indicators.yaml'), join(dir, 'indicators.yaml'));
  cpSync(join(root, 'data/2022/150000.yaml'), join(dir, '2022/150000.yaml'));
  for (const code of CITY_CODES) {
    const text = readFileSync(join(root, 'data/2022', `${code}.yaml`), 'utf8');
    if (/^entry:/m.test(text)) throw new Error(`data/2022/${code}.yaml has an entry already`);
    writeFileSync(join(dir, '2022', `${code}.yaml`), `${text.trimEnd()}\n${cityEntry(code)}`);
  }
}
