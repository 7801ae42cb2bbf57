/**
 * A generated folder for the statistical tables (#10): a parent region with N children, each child a
 * document of figures only, the parent's figures their exact sums and an entry. Figures are written
 * with two decimals from integer hundredths, so every sum is exact. Deterministic; text only.
 */

export interface StatFixture {
  files: Record<string, string>;
  /** The children in region-tree order: code, name and insured.total/employee/resident as written. */
  children: { code: string; name: string; total: string; employee: string; resident: string }[];
  parent: { total: string; employee: string; resident: string };
}

const cents = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
const fundYaml = (f: number[]): string =>
  `  fund:\n    employee:\n      income: ${cents(f[0]!)}\n      expenditure: ${cents(f[1]!)}\n    resident:\n      income: ${cents(f[2]!)}\n      expenditure: ${cents(f[3]!)}\n`;

/** `n` children of 150000 (codes 151001…, names 第N市), 2022; `extra` is appended to indicators.yaml. */
export function statFolder(n: number, indicators: string, extra = ''): StatFixture {
  const children: StatFixture['children'] = [];
  let regions = 'regions:\n  - code: "150000"\n    name: 内蒙古自治区\n    short: 全区\n    children:\n';
  const files: Record<string, string> = {};
  let te = 0;
  let tr = 0;
  const funds = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const c = String(151001 + i);
    const name = `第${i + 1}市`;
    regions += `      - {code: "${c}", name: ${name}, short: 全市}\n`;
    // employee and resident in hundredths of 万人
    const e = 1000 + ((i * 7919) % 9000);
    const r = 3000 + ((i * 104729) % 20000);
    te += e;
    tr += r;
    children.push({ code: c, name, total: cents(e + r), employee: cents(e), resident: cents(r) });
    // fund income and expenditure, 亿元 in hundredths
    const fs = [e * 3, e * 2, r, Math.floor((r * 9) / 10)];
    fs.forEach((x, k) => (funds[k]! += x));
    files[`2022/${c}.yaml`] = `region: "${c}"\nyear: 2022\nsource: 示例数据\nfigures:\n  insured:\n    total: ${cents(e + r)}\n    employee: ${cents(e)}\n    resident: ${cents(r)}\n${fundYaml(fs)}`;
  }
  const parent = { total: cents(te + tr), employee: cents(te), resident: cents(tr) };
  files['regions.yaml'] = regions;
  files['indicators.yaml'] = indicators + extra;
  files['2022/150000.yaml'] = `region: "150000"
year: 2022
source: 《内蒙古年鉴》2023卷
figures:
  insured:
    total: ${parent.total}
    employee: ${parent.employee}
    resident: ${parent.resident}
${fundYaml(funds)}entry:
  author: 刘雪峰
  sections:
    - title: 概况
      text: "{{year}}年，全区基本医疗保险参保人数{{insured.total}}，其中职工{{insured.employee}}，城乡居民{{insured.resident}}。"
`;
  return { files, children, parent };
}
