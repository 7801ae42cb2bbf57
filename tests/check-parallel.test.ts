// The parallel check (app/check-parallel.ts, YEARBOOK_THREADS) gives the serial report byte for
// byte, findings included, on a generated folder large enough to be split; and the lean exact
// intervals (model/scaled.ts) agree with the decimal.js ones on random figures.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { add, holds, mul, point, around } from '../src/core/model/interval.js';
import { leanAdd, leanHolds, leanMul, type Lean } from '../src/core/model/scaled.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'yearbook.js');

/** `yearbook check DIR --format json` on `threads` threads; with `profiles`, a CPU profile of every thread that ran goes there. */
function check(dir: string, threads: string, profiles?: string): { status: number | null; stdout: string; stderr: string } {
  const prof = profiles ? ['--cpu-prof', '--cpu-prof-dir', profiles] : [];
  const r = spawnSync(process.execPath, [...prof, BIN, 'check', dir, '--format', 'json'], {
    encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, YEARBOOK_THREADS: threads },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('parallel check', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'yb-par-'));
    const g = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-national.mjs'), dir, '--years', '1', '--seed', '7'], { encoding: 'utf8' });
    expect(g.status).toBe(0);
    // a finding on regions.yaml, which share 0 reports from the reading every share takes over
    const regions = join(dir, 'regions.yaml');
    writeFileSync(regions, readFileSync(regions, 'utf8').replace(/^(\s+)short: (.*)$/m, '$1short: $2\n$1colour: red'));
    // findings in every share: every 97th document gets a figure off by far more than its slack
    const years = readdirSync(dir).filter((y) => /^\d{4}$/.test(y)).sort();
    let n = 0;
    for (const y of years) {
      for (const f of readdirSync(join(dir, y)).sort()) {
        if (n++ % 97 !== 0) continue;
        const p = join(dir, y, f);
        const text = readFileSync(p, 'utf8').replace(/^(\s+employee: )(\d+)/m, (_, a: string, d: string) => `${a}${Number(d) + 37}`);
        writeFileSync(p, text);
      }
    }
    return () => rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('gives the serial report byte for byte, findings and counts included', () => {
    const serial = check(dir, '1');
    const profiles = mkdtempSync(join(tmpdir(), 'yb-par-prof-'));
    const parallel = check(dir, '2', profiles);
    // the work was shared: the main thread and one worker each left a profile
    expect(readdirSync(profiles).filter((f) => f.endsWith('.cpuprofile'))).toHaveLength(2);
    rmSync(profiles, { recursive: true, force: true });
    const three = check(dir, '3');
    expect(serial.stderr).toBe('');
    const report = JSON.parse(serial.stdout) as { summary: { documents: number; errors: number }; findings: unknown[] };
    expect(report.summary.documents).toBeGreaterThan(1000);
    expect(report.findings.length).toBeGreaterThan(20);
    expect(JSON.stringify(report.findings)).toContain('regions.yaml');
    expect(parallel.stdout).toBe(serial.stdout);
    expect(parallel.status).toBe(serial.status);
    expect(three.stdout).toBe(serial.stdout);
  }, 300_000);
});

// ---------------------------------------------------------------- lean against decimal.js
const lit = fc.tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 4 }));
const dec = ([m, d]: [number, number]): Decimal => new Decimal(m).div(new Decimal(10).pow(d));
const leanOf = ([m, d]: [number, number], slack: boolean): Lean =>
  slack ? { lo: 10 * m - 5, hi: 10 * m + 5, e: -d - 1, loOpen: false, hiOpen: false } : { lo: m, hi: m, e: -d, loOpen: false, hiOpen: false };
const decOf = (x: [number, number], slack: boolean) => (slack ? around(dec(x), new Decimal(5).div(new Decimal(10).pow(x[1] + 1))) : point(dec(x)));

describe('lean scaled intervals', () => {
  it('decide every relation as the decimal.js intervals do, for sums and products', () => {
    fc.assert(fc.property(lit, lit, lit, fc.boolean(), fc.boolean(), fc.constantFrom('=', '<', '<=', '>', '>=' as const), fc.boolean(),
      (a, b, c, sa, sb, rel, product) => {
        const L = product ? leanMul(leanOf(a, sa), leanOf(b, sb)) : leanAdd(leanOf(a, sa), leanOf(b, sb));
        const D = product ? mul(decOf(a, sa), decOf(b, sb)) : add(decOf(a, sa), decOf(b, sb));
        if (!L) return; // does not fit safe integers: the checks then ask decimal.js
        for (const other of [leanOf(c, true), leanOf(c, false)]) {
          const od = other.lo === other.hi ? decOf(c, false) : decOf(c, true);
          expect(leanHolds(rel, L, other)).toBe(holds(rel, D, od));
        }
      }), { numRuns: 3000 });
  });
});
