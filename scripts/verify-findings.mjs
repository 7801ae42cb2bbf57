#!/usr/bin/env node
// Findings-identical check for the checker's speed work: runs `yearbook check DIR --format json`
// on every data folder of the repository (data/, the data folders under tests/fixtures/) and the
// benchmark folders under .bench/ that exist, and compares the JSON byte for byte with a
// reference recorded before (default /tmp/check-ref). Changes nothing in the folders.
//
//   node scripts/verify-findings.mjs --record [--ref DIR] [--skip-bench]   record the reference
//   node scripts/verify-findings.mjs [--ref DIR] [--skip-bench]            compare; exit 1 on a difference

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const record = argv.includes('--record');
const skipBench = argv.includes('--skip-bench');
const ref = argv.includes('--ref') ? argv[argv.indexOf('--ref') + 1] : '/tmp/check-ref';
const extra = argv.includes('--env') ? argv[argv.indexOf('--env') + 1] : null;   // NAME=VALUE for the child

/** Every folder under `d` holding an indicators.yaml (a data folder), `d` included. */
function dataFolders(d) {
  const out = [];
  if (existsSync(join(d, 'indicators.yaml'))) out.push(d);
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...dataFolders(join(d, e.name)));
  }
  return out;
}

const folders = ['data', ...dataFolders(join(ROOT, 'tests', 'fixtures')).map((d) => relative(ROOT, d))];
if (!skipBench) {
  for (const b of ['.bench/national', '.bench/national-ties']) if (existsSync(join(ROOT, b, 'indicators.yaml'))) folders.push(b);
}

const env = { ...process.env };
if (extra) { const [k, ...v] = extra.split('='); env[k] = v.join('='); }
let bad = 0;
mkdirSync(ref, { recursive: true });
for (const f of folders) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'yearbook.js'), 'check', f, '--format', 'json'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, env });
  const secs = ((Date.now() - t0) / 1000).toFixed(2);
  const out = `exit ${r.status}\n${r.stdout}`;
  const file = join(ref, f.replace(/[/.]/g, '_') + '.json');
  if (record) {
    writeFileSync(file, out);
    console.log(`recorded ${f}  (exit ${r.status}, ${secs} s)`);
  } else if (!existsSync(file)) {
    console.log(`NO REFERENCE ${f}`); bad++;
  } else if (readFileSync(file, 'utf8') === out) {
    console.log(`same      ${f}  (${secs} s)`);
  } else {
    console.log(`DIFFERENT ${f}  (${secs} s)`); bad++;
    writeFileSync(file + '.new', out);
  }
  if (r.stderr.trim()) console.log(`  stderr: ${r.stderr.trim().split('\n').slice(0, 5).join('\n  ')}`);
}
process.exit(bad ? 1 : 0);
