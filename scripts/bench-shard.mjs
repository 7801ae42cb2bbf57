#!/usr/bin/env node
// `npm run bench` (third part): `yearbook build --shard i/n` on the 12-city chapter of bench-build.mjs
// (.bench/chapter12: 13 entries and their chapter), and what that says of a national build.
//
//   node scripts/bench-shard.mjs
//
// 1. A full build, then every shard of n = 2 and n = 4, each into a fresh folder: per shard its
//    PDFs, its share of the plan's weight (src/render/shards.ts) and its wall time; the balance is
//    the slowest shard over the mean (1.00 is perfect), and the n = 2 and n = 4 shards together must
//    be the full build's files, byte for byte.
// 2. A least-squares fit of wall time against a shard's weight over all these builds: the fixed cost
//    of a runner (check, browser start) and the cost per unit of weight, hence per entry.
// 3. The projected wall time of a national build, ≈ 3,300 region documents with an entry each and
//    their chapter, on 1, 4 and 16 runners: each runner pays the fixed cost (plus the check of the
//    national folder, as bench-check.mjs last measured it, or --check-seconds) and its share of the
//    pages dealt as --shard deals them. A year's chapter is one page of the plan, printed on one
//    runner: it bounds the wall time however many runners there are.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, '.bench');
const NATIONAL_DOCS = 3300;
const DIR = join(BENCH, 'chapter12');
const arg = (name, dflt) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
// the national check as bench-check.mjs last measured it (else --check-seconds, else 3 s, the target)
const measuredCheck = existsSync(join(BENCH, 'check-seconds.txt')) ? Number(readFileSync(join(BENCH, 'check-seconds.txt'), 'utf8')) : NaN;
const checkSeconds = arg('--check-seconds', Number.isFinite(measuredCheck) ? measuredCheck : 3);

if (!existsSync(join(DIR, 'regions.yaml'))) {
  console.error('bench-shard: .bench/chapter12 is missing: run node scripts/bench-build.mjs first (npm run bench does)');
  process.exit(2);
}
const { build } = await import(join(ROOT, 'dist', 'app', 'build-pdf.js'));
const { analyseFolder } = await import(join(ROOT, 'dist', 'app', 'check.js'));
const { renderPlan } = await import(join(ROOT, 'dist', 'render', 'plan.js'));
const { assignShards, pageWeight } = await import(join(ROOT, 'dist', 'render', 'shards.js'));

const settings = { templates: join(ROOT, 'templates'), draft: false, rounding: 'half-up', chapter: '医疗保障', env: process.env };
const files = (dir) => {
  const out = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.yearbook-cache') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
};
async function run(label, shard) {
  const out = join(BENCH, 'shard-out', label);
  rmSync(out, { recursive: true, force: true });
  const r = await build({ ...settings, dir: DIR, out, ...(shard ? { shard } : {}) });
  if (r.refused) throw new Error('the check found errors');
  return { out, seconds: r.timings.totalMs / 1000, pdfs: r.outputs.filter((f) => f.endsWith('.pdf')).length };
}

const plan = renderPlan((await analyseFolder(DIR)).data, { chapter: '医疗保障', rounding: 'half-up', charts: null });
const weightOf = new Map(plan.map((p) => [p.path, pageWeight(p)]));
const totalWeight = [...weightOf.values()].reduce((a, b) => a + b, 0);
const samples = [];

console.log(`yearbook build --shard — ${relative(ROOT, DIR)}: ${plan.length} PDFs (${plan.filter((p) => p.kind === 'entry').length} entries and their chapter)`);
const full = await run('full', null);
samples.push([totalWeight, full.seconds]);
console.log(`  full build             ${String(full.pdfs).padStart(3)} PDFs  wall ${full.seconds.toFixed(2)} s`);
const fullFiles = files(full.out);
for (const n of [2, 4]) {
  const of = assignShards(plan, n);
  const union = new Map();
  const walls = [];
  for (let i = 1; i <= n; i++) {
    const r = await run(`${i}of${n}`, { index: i, count: n });
    const w = plan.filter((p) => of.get(p.path) === i).reduce((s, p) => s + weightOf.get(p.path), 0);
    samples.push([w, r.seconds]);
    walls.push(r.seconds);
    for (const [f, b] of files(r.out)) union.set(f, b);
    console.log(`  shard ${i}/${n}              ${String(r.pdfs).padStart(3)} PDFs  weight ${((100 * w) / totalWeight).toFixed(0).padStart(3)}%  wall ${r.seconds.toFixed(2)} s`);
  }
  const same = union.size === fullFiles.size && [...fullFiles].every(([f, b]) => union.get(f)?.equals(b));
  const mean = walls.reduce((a, b) => a + b, 0) / n;
  console.log(`  n = ${n}: balance (slowest / mean) ${(Math.max(...walls) / mean).toFixed(2)}, slowest shard ${Math.max(...walls).toFixed(2)} s vs full ${full.seconds.toFixed(2)} s; shards together = full build byte for byte: ${same ? 'yes' : 'NO'}`);
  if (!same) process.exitCode = 1;
}

// wall = fixed + perWeight × weight, least squares over every build above
const m = samples.length;
const sx = samples.reduce((s, [x]) => s + x, 0), sy = samples.reduce((s, [, y]) => s + y, 0);
const sxx = samples.reduce((s, [x]) => s + x * x, 0), sxy = samples.reduce((s, [x, y]) => s + x * y, 0);
const perWeight = Math.max(0, (m * sxy - sx * sy) / (m * sxx - sx * sx));
const fixed = Math.max(0, (sy - perWeight * sx) / m);
const entries = plan.filter((p) => p.kind === 'entry');
const entryWeight = entries.reduce((s, p) => s + weightOf.get(p.path), 0) / entries.length;
const chapterPerEntry = plan.filter((p) => p.kind === 'chapter').reduce((s, p) => s + weightOf.get(p.path), 0) / entries.length;
console.log(`  fit: a runner's fixed cost ${fixed.toFixed(2)} s (check, browser start), then ${(perWeight * entryWeight).toFixed(2)} s per entry PDF and ${(perWeight * chapterPerEntry).toFixed(2)} s per entry in the chapter`);

// a national build: NATIONAL_DOCS entries like these, one chapter of them all, dealt as --shard deals
const nationalEntry = perWeight * entryWeight, nationalChapter = perWeight * chapterPerEntry * NATIONAL_DOCS;
console.log(`projected national build (${NATIONAL_DOCS.toLocaleString('en-US')} region documents with an entry each and their chapter; check of the national folder ${checkSeconds} s per runner, as bench-check measured it):`);
for (const n of [1, 4, 16]) {
  // the chapter first (the heaviest page), then the entries to the least loaded runner
  const load = new Array(n).fill(0);
  load[0] += nationalChapter;
  let rest = NATIONAL_DOCS;
  while (rest-- > 0) {
    let best = 0;
    for (let i = 1; i < n; i++) if (load[i] < load[best]) best = i;
    load[best] += nationalEntry;
  }
  const wall = fixed + checkSeconds + Math.max(...load);
  const fmt = (s) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${(s / 60).toFixed(1)} min`);
  console.log(`  ${String(n).padStart(2)} runner${n > 1 ? 's' : ' '}  ${fmt(wall).padStart(8)}${n > 1 && load[0] >= Math.max(...load) ? `  (bound by the chapter: ${fmt(nationalChapter)} on one runner)` : ''}`);
}
