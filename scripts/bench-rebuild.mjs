#!/usr/bin/env node
// `npm run bench` (fourth part): the build cache on the 12-city chapter of bench-build.mjs
// (.bench/chapter12, copied to .bench/rebuild-data so the original stays as generated).
//
//   node scripts/bench-rebuild.mjs
//
// A first build into an empty folder; a rebuild with nothing changed; then one city's text edited
// and a rebuild: its wall time against the first build's (target: at most half) and which PDFs it
// rewrote (target: that city's entry and the chapter, nothing else).
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, '.bench');
const SRC = join(BENCH, 'chapter12');
const DIR = join(BENCH, 'rebuild-data');
const OUT = join(BENCH, 'rebuild-out');
if (!existsSync(join(SRC, 'regions.yaml'))) {
  console.error('bench-rebuild: .bench/chapter12 is missing: run node scripts/bench-build.mjs first (npm run bench does)');
  process.exit(2);
}
const { build } = await import(join(ROOT, 'dist', 'app', 'build-pdf.js'));
rmSync(DIR, { recursive: true, force: true });
rmSync(OUT, { recursive: true, force: true });
cpSync(SRC, DIR, { recursive: true });
const settings = { dir: DIR, out: OUT, templates: join(ROOT, 'templates'), draft: false, rounding: 'half-up', chapter: '医疗保障', env: process.env };
const pdfs = (list) => (list ?? []).filter((f) => f.endsWith('.pdf')).map((f) => relative(OUT, f));
async function run() {
  const r = await build(settings);
  if (r.refused) throw new Error('the check found errors');
  return r;
}

console.log(`yearbook build — rebuilds with the cache (${relative(ROOT, SRC)})`);
const first = await run();
console.log(`  first build            wall ${(first.timings.totalMs / 1000).toFixed(2)} s, ${pdfs(first.outputs).length} PDFs written`);
const same = await run();
console.log(`  nothing changed        wall ${(same.timings.totalMs / 1000).toFixed(2)} s, ${pdfs(same.written).length} PDFs rewritten`);
const file = join(DIR, '2022', '150200.yaml');
const text = readFileSync(file, 'utf8');
const edited = text.replace('推行以按病种付费为主', '全面推行以按病种付费为主');
if (edited === text) throw new Error('bench-rebuild: the text to edit is not in 150200.yaml');
writeFileSync(file, edited);
const again = await run();
const rewritten = pdfs(again.written);
const ratio = again.timings.totalMs / first.timings.totalMs;
console.log(`  one entry edited       wall ${(again.timings.totalMs / 1000).toFixed(2)} s (${(100 * ratio).toFixed(0)}% of the first build) ${ratio <= 0.5 ? 'PASS' : 'MISS'} (≤ 50%); rewrote ${rewritten.join(', ') || 'nothing'}`);
const want = ['2022/150200/entry.pdf', '2022/chapter.pdf'];
if (rewritten.sort().join() !== want.sort().join()) {
  console.log(`  MISS: expected exactly ${want.join(', ')} to be rewritten`);
  process.exitCode = 1;
}
