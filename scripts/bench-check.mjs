#!/usr/bin/env node
// `npm run bench`: times `yearbook check` on a national-scale generated folder.
//
//   node scripts/bench-check.mjs [--regen] [--runs N (default 5)] [--years 10] [--seed 1] [--ties]
//   (`npm run bench -- --runs 3` would reach only the last script of `npm run bench`: call this one)
//
// --ties benchmarks the adversarial variant (gen-national --ties) in .bench/national-ties.
// 1. Generates .bench/national with scripts/gen-national.mjs when it is missing or when the
//    generator (its source or its arguments) changed since it was made (.bench/national.stamp).
// 2. Runs `node bin/yearbook.js check .bench/national --format json` as a child process, stdout to
//    .bench/report.json, stderr to .bench/check.stderr, wrapped in GNU `/usr/bin/time -f %M`
//    when that exists for the peak RSS; meanwhile it samples /proc every 50 ms for the peak RSS
//    summed over the child's whole process tree (catches checkers that fork workers, which
//    GNU time's per-process maximum would not add up).
// 3. Prints files, figures, checks, wall time (the median of --runs N, each run listed), CPU time
//    (user + sys of the child and its threads, from GNU time), figures/s, peak memory,
//    findings and a PASS/MISS line against the target of issue #11: 1,000,000 figures in ≤ 3 s
//    and ≤ 1 GiB (the median run's time; the largest peak of all runs). The machine's load
//    average before the runs is printed too: timings on a shared machine are noisy.
//    The check uses its default threads (the cores, at most 8); YEARBOOK_THREADS=1 in the
//    environment benchmarks the serial check.
//
// Exit status: 0 whenever the check ran (a measurement, whatever the target says or how many
// findings); 1 if the check crashed (killed, exit status other than 0/1, or no JSON report);
// 2 if the benchmark could not start (checker not built, generator failed).

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync, readdirSync, statSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, '.bench');
const GEN = join(ROOT, 'scripts', 'gen-national.mjs');
const CLI = join(ROOT, 'bin', 'yearbook.js');
const TARGET = { figures: 1_000_000, seconds: 3, bytes: 1024 ** 3 };

// ---------------------------------------------------------------- options
const opts = { regen: false, runs: 5, years: '10', seed: '1', ties: false };
{
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--regen') opts.regen = true;
    else if (a[i] === '--runs') opts.runs = Math.max(1, Number(a[++i]) || 1);
    else if (a[i] === '--years') opts.years = a[++i];
    else if (a[i] === '--seed') opts.seed = a[++i];
    else if (a[i] === '--ties') opts.ties = true;
    else { console.error(`bench-check: unknown argument ${a[i]}`); process.exit(2); }
  }
}

const DATA = join(BENCH, opts.ties ? 'national-ties' : 'national');
const STAMP = DATA + '.stamp';

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const mib = (bytes) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const log = (s = '') => process.stdout.write(s + '\n');

// ---------------------------------------------------------------- 1. data
mkdirSync(BENCH, { recursive: true });
const genArgs = ['--years', opts.years, '--seed', opts.seed, ...(opts.ties ? ['--ties'] : [])];
const stamp = createHash('sha256')
  .update(readFileSync(GEN))
  .update('\0' + genArgs.join(' '))
  .digest('hex');
const have = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : null;
if (opts.regen || have !== stamp || !existsSync(join(DATA, 'indicators.yaml'))) {
  log(`generating ${relative(ROOT, DATA)} (${have === null ? 'missing' : opts.regen ? '--regen' : 'generator or its options changed'}) …`);
  const t = process.hrtime.bigint();
  const g = spawnSync(process.execPath, [GEN, DATA, ...genArgs], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (g.status !== 0) { console.error('bench-check: generator failed'); process.exit(2); }
  writeFileSync(STAMP, stamp + '\n');
  spawnSync('sync', [], { stdio: 'ignore' });   // let the writeback finish before the timed run
  log(`  ${g.stdout.trim()}`);
  log(`  generated in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s`);
} else {
  log(`using ${relative(ROOT, DATA)} (up to date with scripts/gen-national.mjs)`);
}

let diskFiles = 0, diskBytes = 0;
(function count(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) count(p);
    else if (/\.ya?ml$/.test(e.name)) { diskFiles++; diskBytes += statSync(p).size; }
  }
})(DATA);

if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.error('bench-check: the checker is not built (dist/cli/main.js missing): run `npm run build` first');
  process.exit(2);
}

// ---------------------------------------------------------------- 2. run
const GNU_TIME = (() => {
  if (!existsSync('/usr/bin/time')) return null;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/.test(r.stderr.trim().split('\n').pop()) ? '/usr/bin/time' : null;
})();

/** RSS in bytes of pid and all its descendants (from /proc), and the descendants' pids. */
function treeRss(rootPid) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(after[1]));
    } catch { /* process gone */ }
  }
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) if (!inTree.has(pid) && inTree.has(ppid)) { inTree.add(pid); grew = true; }
  }
  let rss = 0, hwm = 0;
  for (const pid of inTree) {
    try {
      const s = readFileSync(`/proc/${pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(s); if (m) rss += Number(m[1]) * 1024;
      const h = /VmHWM:\s+(\d+) kB/.exec(s); if (h) hwm = Math.max(hwm, Number(h[1]) * 1024);
    } catch { /* gone */ }
  }
  return { rss, hwm, procs: inTree.size };
}

function runOnce(i, data = DATA, env = {}) {
  return new Promise((resolve) => {
    const report = join(BENCH, 'report.json');
    const errFile = join(BENCH, 'check.stderr');
    const timeFile = join(BENCH, 'time.txt');
    const out = openSync(report, 'w');
    const err = openSync(errFile, 'w');
    const checkArgs = [CLI, 'check', relative(ROOT, data), '--format', 'json'];
    const [cmd, args] = GNU_TIME
      ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, process.execPath, ...checkArgs]]
      : [process.execPath, checkArgs];
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', out, err], env: { ...process.env, ...env } });
    let treePeak = 0, hwmPeak = 0, maxProcs = 0;
    const sample = () => {
      const s = treeRss(child.pid);
      treePeak = Math.max(treePeak, s.rss); hwmPeak = Math.max(hwmPeak, s.hwm);
      maxProcs = Math.max(maxProcs, s.procs - (GNU_TIME ? 1 : 0));
    };
    const timer = setInterval(sample, 50);
    child.on('exit', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(timer);
      closeSync(out); closeSync(err);
      let gnuPeak = null;
      let cpu = null;
      if (GNU_TIME && existsSync(timeFile)) {
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
        const [kb, user, sys] = lines[lines.length - 1].split(' ').map(Number);
        if (Number.isFinite(kb)) gnuPeak = kb * 1024;
        if (Number.isFinite(user) && Number.isFinite(sys)) cpu = { user, sys };
        // GNU time reports a non-zero exit as "Command exited with non-zero status N" first
      }
      resolve({ run: i, code, signal, seconds, cpu, gnuPeak, treePeak, hwmPeak, maxProcs, report, errFile });
    });
  });
}

const load = (() => { try { return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '); } catch { return '?'; } })();
const runs = [];
for (let i = 1; i <= opts.runs; i++) {
  log(`running: node bin/yearbook.js check ${relative(ROOT, DATA)} --format json${opts.runs > 1 ? `  (run ${i}/${opts.runs})` : ''}`);
  const r = await runOnce(i);
  // With GNU time in between, a crash of node shows as time's exit status (same number) or 128+sig.
  const crashed = r.signal !== null || (r.code !== 0 && r.code !== 1);
  let json = null;
  try { json = JSON.parse(readFileSync(r.report, 'utf8')); } catch { /* no report */ }
  if (crashed || !json || !json.summary) {
    const tail = readFileSync(r.errFile, 'utf8').split('\n').slice(-30).join('\n');
    log(`CHECK CRASHED: exit ${r.code ?? '-'}${r.signal ? ` signal ${r.signal}` : ''} after ${r.seconds.toFixed(2)} s, ` +
      `peak memory ${mib(Math.max(r.gnuPeak ?? 0, r.treePeak, r.hwmPeak))}` +
      `${json ? '' : ' (no JSON report on stdout)'}`);
    log('--- stderr (last lines) ---');
    log(tail);
    process.exit(1);
  }
  r.json = json;
  runs.push(r);
  if (opts.runs > 1) log(`  ${r.seconds.toFixed(2)} s${r.cpu ? `, CPU ${(r.cpu.user + r.cpu.sys).toFixed(2)} s` : ''}, peak ${mib(Math.max(r.gnuPeak ?? 0, r.treePeak, r.hwmPeak))}`);
}

// ---------------------------------------------------------------- 3. report
// the median run (of an even number, the slower middle one); peak memory: the largest of all runs
const best = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
const { summary, findings = [] } = best.json;
const peakOf = (r) => Math.max(r.gnuPeak ?? 0, r.treePeak, r.hwmPeak);
const peak = Math.max(...runs.map(peakOf));
const figures = Number(summary.figures ?? 0);

log('');
log('yearbook check — national benchmark');
log(`  data            ${relative(ROOT, DATA)}: ${fmtInt(diskFiles)} YAML files, ${(diskBytes / 1e6).toFixed(1)} MB` +
  ` (gen-national ${genArgs.join(' ')})`);
log(`  documents       ${fmtInt(summary.documents ?? NaN)}   (report summary)`);
log(`  figures         ${fmtInt(figures)}`);
log(`  checks          ${fmtInt(summary.checks ?? NaN)}`);
log(`  machine         ${cpus().length} cores, load average before the runs ${load}`);
// for bench-shard.mjs: the check each runner of a sharded national build pays
writeFileSync(join(BENCH, 'check-seconds.txt'), `${best.seconds.toFixed(2)}\n`);
log(`  wall time       ${best.seconds.toFixed(2)} s${runs.length > 1 ? `  (median of ${runs.length}: ${runs.map((r) => r.seconds.toFixed(2)).join(', ')})` : ''}`);
log(`  CPU time        ${best.cpu ? `${(best.cpu.user + best.cpu.sys).toFixed(2)} s (user ${best.cpu.user.toFixed(2)} s, sys ${best.cpu.sys.toFixed(2)} s)` : 'unavailable (no GNU time)'}`);
log(`  figures/second  ${fmtInt(figures / best.seconds)}`);
log(`  peak memory     ${mib(peak)}${runs.length > 1 ? ' (largest of the runs; median run:' : ' ('} ` +
  [best.gnuPeak !== null ? `GNU time max RSS ${mib(best.gnuPeak)}` : 'GNU time unavailable',
    `sampled process-tree RSS ${mib(best.treePeak)}`,
    `VmHWM ${mib(best.hwmPeak)}`,
    `${best.maxProcs} process${best.maxProcs === 1 ? '' : 'es'}`].join(', ') + ')');
log(`  exit status     ${best.code}`);
log(`  findings        ${fmtInt(findings.length)}  (errors ${summary.errors ?? '?'}, warnings ${summary.warnings ?? '?'}, accepted ${summary.accepted ?? '?'})` +
  (findings.length ? '  — expected 0: the generated data is correctly rounded' : ''));
if (findings.length) {
  const byKind = {};
  for (const f of findings) byKind[`${f.kind}/${f.severity}`] = (byKind[`${f.kind}/${f.severity}`] ?? 0) + 1;
  log(`    by kind: ${Object.entries(byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const f of findings.slice(0, 8)) {
    log(`    ${f.severity} ${f.kind} ${f.file}:${f.line ?? '?'} ${f.path ?? ''}${f.rule ? ` [${f.rule}]` : ''}`);
    log(`      ${f.message ?? ''}${f.expected !== undefined ? `  expected ${f.expected}` : ''}${f.actual !== undefined ? ` actual ${f.actual}` : ''}`);
  }
  if (findings.length > 8) log(`    … ${findings.length - 8} more in ${relative(ROOT, best.report)}`);
}
// ---------------------------------------------------------------- 4. the other lanes
// The fast lane (core/fast) answers only for a folder it proves has no finding. For the record: the
// same folder with it turned off, and with one wrong figure, which it declines for that thread's
// share (the full check then reads that share again and reports).
const ERR = join(BENCH, 'national-one-error');
const errStamp = stamp + '\n' + 'one-error v1';
if (!opts.ties && (!existsSync(ERR + '.stamp') || readFileSync(ERR + '.stamp', 'utf8') !== errStamp)) {
  spawnSync('rm', ['-rf', ERR]);
  // hard links: 33,000 files without copying them; the one changed file is written anew, not through its link
  if (spawnSync('cp', ['-al', DATA, ERR]).status === 0) {
    const f = join(ERR, '2020', '110101.yaml');
    const text = readFileSync(f, 'utf8').replace(/^(\s+employee: )(\d+)/m, (_, a, d) => `${a}${Number(d) + 37}`);
    spawnSync('rm', ['-f', f]);
    writeFileSync(f, text);
    writeFileSync(ERR + '.stamp', errStamp);
  }
}
const extra = [['the full check only (YEARBOOK_FAST=0)', DATA, { YEARBOOK_FAST: '0' }]];
if (!opts.ties && existsSync(ERR + '.stamp')) extra.push([`one wrong figure (${relative(ROOT, ERR)}, 2020/110101.yaml)`, ERR, {}]);
for (const [what, data, env] of extra) {
  const r = await runOnce(0, data, env);
  let json = null;
  try { json = JSON.parse(readFileSync(r.report, 'utf8')); } catch { /* none */ }
  log(`  ${what}: ${r.seconds.toFixed(2)} s${r.cpu ? `, CPU ${(r.cpu.user + r.cpu.sys).toFixed(2)} s` : ''}, peak ${mib(peakOf(r))}, ` +
    (json?.summary ? `${fmtInt(json.summary.errors)} errors, ${fmtInt(json.summary.warnings)} warnings` : `no report (exit ${r.code})`));
}

const okFig = figures >= TARGET.figures;
const okTime = best.seconds <= TARGET.seconds;
const okMem = peak <= TARGET.bytes;
const verdict = okFig && okTime && okMem ? 'PASS' : 'MISS';
log(`${verdict}  target: ≥ ${fmtInt(TARGET.figures)} figures in ≤ ${TARGET.seconds} s and ≤ 1 GiB — ` +
  `${fmtInt(figures)} figures ${okFig ? '✓' : '✗'}, ${best.seconds.toFixed(2)} s ${okTime ? '✓' : '✗'}, ` +
  `${mib(peak)} ${okMem ? '✓' : '✗'}  (${fmtInt(figures / best.seconds)} figures/s)`);
process.exit(0);
