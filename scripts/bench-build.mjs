#!/usr/bin/env node
// `npm run bench` (second part): times `yearbook build` on the example data and on a generated
// chapter of a region with 12 cities, and reports how the wall time splits between Chromium's own
// printing (page.pdf, overlapping calls counted once) and everything else (loading, checking,
// charts, templates, fonts, writing), per PDF, with each stage's time (BuildResult.timings.stages).
// Target: everything else at most 20% of the wall time.
//
//   node scripts/bench-build.mjs [--runs N]
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, '.bench');
const runs = Math.max(1, Number(process.argv[process.argv.indexOf('--runs') + 1]) || 1);
const { build } = await import(join(ROOT, 'dist', 'app', 'build-pdf.js'));

/** A chapter of Inner Mongolia's 12 盟市 for 2022: an entry of five sections each, with figures. */
function generateChapter(dir) {
  rmSync(dir, { recursive: true, force: true });
  const cities = [
    ['150100', '呼和浩特市'], ['150200', '包头市'], ['150300', '乌海市'], ['150400', '赤峰市'], ['150500', '通辽市'], ['150600', '鄂尔多斯市'],
    ['150700', '呼伦贝尔市'], ['150800', '巴彦淖尔市'], ['150900', '乌兰察布市'], ['152200', '兴安盟'], ['152500', '锡林郭勒盟'], ['152900', '阿拉善盟'],
  ];
  mkdirSync(join(dir, '2022'), { recursive: true });
  writeFileSync(join(dir, 'regions.yaml'), `regions:\n  - code: "150000"\n    name: 内蒙古自治区\n    short: 全区\n    children:\n${cities.map(([c, n]) => `      - {code: "${c}", name: ${n}, short: ${n.endsWith('盟') ? '全盟' : '全市'}}`).join('\n')}\n`);
  writeFileSync(join(dir, 'indicators.yaml'), readFileSync(join(ROOT, 'data', 'indicators.yaml')));
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const PARAS = [
    '{{year}}年,{{short}}基本医疗保险参保人数{{insured.total}},其中职工医疗保险参保{{insured.employee}},居民医疗保险参保{{insured.resident}}。职工医疗保险基金总收入{{fund.employee.income}},总支出{{fund.employee.expenditure}},累计结存{{fund.employee.balance}};居民医疗保险基金总收入{{fund.resident.income}},总支出{{fund.resident.expenditure}},累计结存{{fund.resident.balance}}。落实城乡居民高血压、糖尿病门诊用药保障机制,统一实施职工医保普通门诊统筹制度。',
    '{{region}}推行以按病种付费为主,按人头、床日付费相结合的多元复合式医保支付方式,全面推开住院DRG/DIP付费改革,建立医保与医疗机构协商谈判机制,完善特殊病例评议规则,医疗机构全部实现实际付费,超额完成年度任务目标。',
    '{{region}}推动医疗保障系统优化营商环境举措落地,对行政权力和公共服务事项实行“一放三减”,建立五级经办服务体系,深化医保信息平台应用,全面推行网上办理,设立“代办帮办”专窗,推进跨省异地就医直接结算。',
    '{{region}}开展医保基金飞行检查和专项整治,聚焦肾透析、骨科和心血管耗材等重点领域,完善医保智能监管,制定智能审核规则库,启动智能监管审核系统,组织定点医药机构签订《维护医保基金安全承诺书》。',
    '{{region}}落实医疗救助政策,对特困人员、低保对象和返贫致贫人口实行分类资助参保,建立防范化解因病致贫返贫长效机制,健全高额医疗费用预警监测,医疗救助政策落实率达到百分之百。',
  ];
  const para = (i) => PARAS[i];
  for (const [code, name] of cities) {
    const emp = (20 + rnd() * 80).toFixed(2);
    const res = (50 + rnd() * 250).toFixed(2);
    const total = (Number(emp) * 100 + Number(res) * 100) / 100;
    const f = (x) => x.toFixed(2);
    const ei = 5 + rnd() * 30, ee = ei * (0.6 + rnd() * 0.3), ri = 3 + rnd() * 20, re = ri * (0.7 + rnd() * 0.25);
    writeFileSync(join(dir, '2022', `${code}.yaml`), `region: "${code}"\nyear: 2022\nsource: 《内蒙古年鉴》2023卷\nfigures:\n  insured:\n    total: ${total.toFixed(2)}\n    employee: ${emp}\n    resident: ${res}\n  fund:\n    employee:\n      income: ${f(ei)}\n      expenditure: ${f(ee)}\n      balance: ${f(ei * 3)}\n    resident:\n      income: ${f(ri)}\n      expenditure: ${f(re)}\n      balance: ${f(ri * 1.2)}\nentry:\n  author: ${name}医疗保障局\n  sections:\n${['概况', '医保支付方式改革', '医保经办服务', '医疗保障基金监管', '医疗救助'].map((t, i) => `    - title: ${t}\n      text: "${para(i)}"`).join('\n')}\n`);
  }
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Builds `dir` `runs` times and reports the run with the shortest wall time: its split, per PDF, and its stages. */
async function time(label, dir) {
  let best = null;
  for (let i = 0; i < runs; i++) {
    const out = join(BENCH, 'build-out', label.replace(/\W+/g, '-'));
    rmSync(out, { recursive: true, force: true });
    const r = await build({ dir, out, templates: join(ROOT, 'templates'), draft: false, rounding: 'half-up', chapter: '医疗保障', env: process.env });
    if (r.refused) throw new Error(`${label}: the check found errors`);
    if (!best || r.timings.totalMs < best.totalMs) best = { ...r.timings, pdfs: r.outputs.filter((f) => f.endsWith('.pdf')).length };
  }
  const other = best.totalMs - best.printMs;
  const share = (100 * other) / best.totalMs;
  console.log(`${label}:`);
  console.log(`  PDFs                 ${best.pdfs} (page.pdf calls ${best.prints}, measuring prints included; font files served ${best.fontFiles})`);
  console.log(`  wall                 ${s(best.totalMs)}  (${s(best.totalMs / best.pdfs)} per PDF)`);
  console.log(`  Chromium printing    ${s(best.printMs)}  (${s(best.printMs / best.pdfs)} per PDF)`);
  console.log(`  everything else      ${s(other)}  (${s(other / best.pdfs)} per PDF; of which the check ${s(best.checkMs)})`);
  console.log(`  everything else share ${share.toFixed(0)}%  target <= 20%: ${share <= 20 ? 'PASS' : 'MISS'}`);
  // each stage summed over the pages printing side by side: the sum may exceed the wall time
  for (const [name, ms] of Object.entries(best.stages).sort((a, b) => b[1] - a[1])) console.log(`    stage ${name.padEnd(40)} ${s(ms)}`);
}

console.log(`yearbook build — wall time split (best of ${runs}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${cpus().length} cores)`);
await time('example data (data/)', join(ROOT, 'data'));
const chapter = join(BENCH, 'chapter12');
generateChapter(chapter);
await time('12-city chapter', chapter);
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
