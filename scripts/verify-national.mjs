#!/usr/bin/env node
// Independent check of a folder made by gen-national.mjs: re-reads the written YAML (yaml
// package, failsafe schema: every scalar stays the exact source text) and re-checks, with
// decimal.js intervals per FORMAT.md §6, every aggregate, every rule of the generated catalogue
// (hand-coded here, not parsed), every stated growth / increase / pp, and the ranges.
// It shares no code with the generator. Prints counts; exits 1 if any check fails.
//
//   node scripts/verify-national.mjs DIR [--max-print 20] [--show-touching 0]
//
// "touching" counts checks that pass only because closed intervals meet in a single point
// (exact figures, h = 0, excluded): gen-national --ties makes thousands of them.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import Decimal from 'decimal.js';

const dir = process.argv[2];
if (!dir) { console.error('usage: node scripts/verify-national.mjs DIR'); process.exit(2); }
const argOf = (name) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : null);
const maxPrint = argOf('--max-print') ?? 20;
const showTouching = argOf('--show-touching') ?? 0;   // print this many touching checks

const Dn = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_FLOOR });
const Up = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_CEIL });
const D = (x) => new Decimal(x);

const FACT = { 人: 0, 万人: 4, 亿人: 8, 人次: 0, 万人次: 4, 亿人次: 8, 元: 0, 万元: 4, 亿元: 8 };
const COUNT = new Set(['家', '个', '项', '例', '件', '次', '份', '种', '类']);

const catalogue = YAML.parse(readFileSync(join(dir, 'indicators.yaml'), 'utf8'), { schema: 'failsafe' });
const IND = catalogue.indicators;

/** An exact interval [lo, hi] (Decimals) for a written scalar in the catalogue unit of `path`. */
function interval(text, path) {
  const ind = IND[path];
  const m = /^(-?)(\d+)(?:\.(\d+))?(%)?(?:\s*(\S+))?$/.exec(String(text).trim());
  if (!m) throw new Error(`cannot read ${path}: ${text}`);
  const dec = m[3] ? m[3].length : 0;
  let v = D(`${m[1]}${m[2]}${m[3] ? '.' + m[3] : ''}`);
  let h = (ind.exact === 'true' || COUNT.has(ind.unit)) ? D(0) : D(5).times(D(10).pow(-dec - 1));
  const unit = m[5] ?? (m[4] ? '%' : ind.unit);
  if (unit !== ind.unit) {
    if (!(unit in FACT) || !(ind.unit in FACT)) throw new Error(`unit ${unit} for ${path}`);
    const f = D(10).pow(FACT[unit] - FACT[ind.unit]);
    v = v.times(f); h = h.times(f);
  }
  if (ind.unit === '%') { v = v.div(100); h = h.div(100); }   // ratios enter as fractions
  return [v.minus(h), v.plus(h)];
}
/** Interval of a stated change, in its own written terms (percent or the unit). */
function changeInterval(text) {
  const m = /^(-?\d+)(?:\.(\d+))?%?$/.exec(String(text).trim());
  if (!m) throw new Error(`cannot read change ${text}`);
  const dec = m[2] ? m[2].length : 0;
  const v = D(String(text).replace('%', ''));
  const h = D(5).times(D(10).pow(-dec - 1));
  return [v.minus(h), v.plus(h)];
}
const add = (a, b) => [a[0].plus(b[0]), a[1].plus(b[1])];
const sub = (a, b) => [a[0].minus(b[1]), a[1].minus(b[0])];
const mulK = (a, k) => [a[0].times(k), a[1].times(k)];            // k ≥ 0
const divPos = (a, b) => {                                         // b > 0
  if (b[0].lte(0)) throw new Error('division by an interval reaching 0');
  const lo = a[0].gte(0) ? Dn.div(a[0], b[1]) : Dn.div(a[0], b[0]);
  const hi = a[1].gte(0) ? Up.div(a[1], b[0]) : Up.div(a[1], b[1]);
  return [lo, hi];
};
const meets = (a, b) => {
  const ok = a[0].lte(b[1]) && b[0].lte(a[1]);
  const wide = !a[0].eq(a[1]) || !b[0].eq(b[1]);   // exact figures (h = 0) don't count as touching
  if (ok && wide && (a[0].eq(b[1]) || b[0].eq(a[1]))) touching++;
  return ok;
};
const le = (a, b) => { if (a[0].eq(b[1]) && !(a[0].eq(a[1]) && b[0].eq(b[1]))) touching++; return a[0].lte(b[1]); };   // some choice makes a ≤ b

// ---------------------------------------------------------------- load
const regionsDoc = YAML.parse(readFileSync(join(dir, 'regions.yaml'), 'utf8'), { schema: 'failsafe' });
const children = new Map();
(function walk(list) {
  for (const r of list) {
    if (r.children) { children.set(r.code, r.children.map((c) => c.code)); walk(r.children); }
  }
})(regionsDoc.regions);

const docs = new Map();   // `${year}/${code}` → flat {path: raw}
let nDocs = 0, nFigures = 0;
for (const y of readdirSync(dir, { withFileTypes: true })) {
  if (!y.isDirectory()) continue;
  for (const f of readdirSync(join(dir, y.name))) {
    const d = YAML.parse(readFileSync(join(dir, y.name, f), 'utf8'), { schema: 'failsafe' });
    const flat = {};
    (function flatten(o, pre) {
      for (const [k, v] of Object.entries(o)) {
        const p = pre ? `${pre}.${k}` : k;
        if (IND[p]) { flat[p] = v; nFigures++; } else flatten(v, p);
      }
    })(d.figures, '');
    docs.set(`${d.year}/${d.region}`, { flat, file: join(y.name, f) });
    nDocs++;
  }
}

// ---------------------------------------------------------------- checks
let checks = 0, failures = 0, touching = 0;   // touching: closed intervals meeting in one point
const fail = (what, doc, detail) => {
  failures++;
  if (failures <= maxPrint) console.log(`FAIL ${what} ${doc.file}: ${detail}`);
};
const fmt = (i) => `[${i[0].toFixed()}, ${i[1].toFixed()}]`;
let shown = 0;
const touchNote = (before, name, doc, l, r) => {
  if (touching > before && shown < showTouching) { shown++; console.log(`touch ${name} ${doc.file}: ${fmt(l)} vs ${fmt(r)}`); }
};
const valueOf = (raw) => (typeof raw === 'object' ? (raw.value ?? raw.after) : raw);

for (const [key, doc] of docs) {
  const [year, code] = key.split('/');
  const F = doc.flat;
  const I = (p) => interval(valueOf(F[p]), p);
  const prevDoc = docs.get(`${Number(year) - 1}/${code}`);
  const P = prevDoc && ((p) => interval(valueOf(prevDoc.flat[p]), p));

  const eq = (name, l, r) => { checks++; const t = touching; if (!meets(l, r)) fail(name, doc, `${fmt(l)} vs ${fmt(r)}`); touchNote(t, name, doc, l, r); };
  const ineq = (name, l, r) => { checks++; if (!le(l, r)) fail(name, doc, `${fmt(l)} not ≤ ${fmt(r)}`); };

  // rules
  eq('insured.total', I('insured.total'), add(I('insured.employee'), I('insured.resident')));
  eq('insured.employee', I('insured.employee'), add(I('insured.employee_active'), I('insured.employee_retired')));
  for (const m of ['income', 'expenditure', 'balance']) {
    eq(`fund.basic.${m}`, I(`fund.basic.${m}`), add(I(`fund.employee.${m}`), I(`fund.resident.${m}`)));
  }
  if (P) {
    for (const s of ['basic', 'employee', 'resident', 'assistance']) {
      eq(`rollforward ${s}`, I(`fund.${s}.balance`),
        sub(add(P(`fund.${s}.balance`), I(`fund.${s}.income`)), I(`fund.${s}.expenditure`)));
    }
    ineq('assistance-solvent', I('fund.assistance.expenditure'), add(P('fund.assistance.balance'), I('fund.assistance.income')));
  }
  eq('coverage-ratio', I('insured.coverage'), divPos(I('insured.total'), I('population.resident')));
  eq('institutions', I('institutions.designated'), add(I('institutions.hospitals'), I('institutions.pharmacies')));
  ineq('payment<=hospitals', I('payment.institutions'), I('institutions.hospitals'));
  ineq('insured<=population', I('insured.total'), I('population.resident'));
  ineq('savings', I('drugs.savings'), mulK(I('fund.basic.expenditure'), D('0.5')));

  // ranges
  for (const [p, raw] of Object.entries(F)) {
    const ind = IND[p];
    const iv = interval(valueOf(raw), p);
    const min = ind.min !== undefined ? D(ind.min) : (ind.unit === '%' || COUNT.has(ind.unit) ? D(0) : null);
    const max = ind.max !== undefined ? D(ind.max) : (ind.unit === '%' ? D(1) : null);
    if (min !== null) { checks++; if (iv[1].lt(min)) fail(`range ${p}`, doc, fmt(iv)); }
    if (max !== null) { checks++; if (iv[0].gt(max)) fail(`range ${p}`, doc, fmt(iv)); }
  }

  // stated changes
  for (const [p, raw] of Object.entries(F)) {
    if (typeof raw !== 'object') continue;
    if (raw.before !== undefined && raw.growth !== undefined) {
      checks++;
      const g = mulK(sub(divPos(interval(raw.after, p), interval(raw.before, p)), [D(1), D(1)]), 100);
      if (!meets(g, changeInterval(raw.growth))) fail(`growth ${p}`, doc, `${fmt(g)} vs ${raw.growth}`);
      continue;
    }
    if (!P || prevDoc.flat[p] === undefined) continue;
    const cur = I(p), prv = P(p);
    if (raw.growth !== undefined) {
      checks++;
      const g = mulK(sub(divPos(cur, prv), [D(1), D(1)]), 100);
      if (!meets(g, changeInterval(raw.growth))) fail(`growth ${p}`, doc, `${fmt(g)} vs ${raw.growth}`);
    }
    if (raw.increase !== undefined) {
      checks++;
      const inc = sub(cur, prv);   // in the catalogue unit
      if (!meets(inc, changeInterval(raw.increase))) fail(`increase ${p}`, doc, `${fmt(inc)} vs ${raw.increase}`);
    }
    if (raw.pp !== undefined) {
      checks++;
      const pp = mulK(sub(cur, prv), 100);
      if (!meets(pp, changeInterval(raw.pp))) fail(`pp ${p}`, doc, `${fmt(pp)} vs ${raw.pp}`);
    }
  }

  // aggregates
  const kids = children.get(code);
  if (kids) {
    const kdocs = kids.map((k) => docs.get(`${year}/${k}`));
    if (kdocs.some((k) => !k)) { fail('aggregate', doc, 'a child document is missing'); continue; }
    for (const [p, ind] of Object.entries(IND)) {
      if (ind.aggregate !== 'sum' || F[p] === undefined) continue;
      let s = [D(0), D(0)];
      for (const k of kdocs) s = add(s, interval(valueOf(k.flat[p]), p));
      checks++;
      const t = touching;
      if (!meets(I(p), s)) fail(`aggregate ${p}`, doc, `${fmt(I(p))} vs children ${fmt(s)}`);
      touchNote(t, `aggregate ${p}`, doc, I(p), s);
    }
  }
}

console.log(JSON.stringify({ documents: nDocs, figures: nFigures, checks, touching, failures }));
process.exit(failures ? 1 : 0);
