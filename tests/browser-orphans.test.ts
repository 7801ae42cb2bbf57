/**
 * No orphaned browsers (issue #8, item 11): Ctrl-C at any moment of Chromium's start-up, a second
 * Ctrl-C while the browsers close, and a build killed with SIGKILL (then the next build) leave no
 * Chromium process and no profile behind. Each build is the real command line with a temporary
 * folder of its own (TMPDIR: the profile and Chromium's singleton socket are made there), so what it
 * leaves is told apart from what other tests' builds do at the same time, and Chromium's processes are
 * found by that folder in their command lines.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/yearbook.js');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What Chromium leaves in its temporary folder: the profile, and the folder of its singleton socket. */
const leftovers = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith('yearbook-chromium-') || n.startsWith('org.chromium.'));

/** The processes whose command line mentions `text` (Chromium's name the profile, in TMPDIR), as "pid command". */
function processesWith(text: string): string[] {
  return spawnSync('pgrep', ['-a', '-f', text], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

/** Polls `done` every 20 ms for at most `ms`; true when it became true. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (done()) return true;
  return done();
}

interface Build {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the build has reported (YEARBOOK_TRACE) that a page went into Chromium. */
  printing(): boolean;
  stderr(): string;
}
function startBuild(dir: string, out: string, tmp: string): Build {
  const child = spawn(process.execPath, [BIN, 'build', dir, '--out', out], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp, YEARBOOK_TRACE: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, exited, printing: () => stderr.includes('[trace] '), stderr: () => stderr };
}

/** Kills, by id, whatever of this test's builds is still running (so a failing test leaves nothing either). */
function killLeft(tmp: string): void {
  for (const line of processesWith(tmp)) {
    try {
      process.kill(Number(line.split(' ')[0]), 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

it('Ctrl-C at any moment of Chromium’s start-up leaves no Chromium process and no profile', async () => {
  let caughtStarting = 0;
  for (const delay of [0, 300, 600, 900, 1200, 1500]) {
    const tmp = mkdtempSync(join(tmpdir(), 'yearbook-orph-tmp-'));
    const out = mkdtempSync(join(tmpdir(), 'yearbook-orph-out-'));
    try {
      const build = startBuild('data', out, tmp);
      // the profile is made as the browser starts: the moments are counted from then
      expect(await until(() => leftovers(tmp).length > 0, 20_000), 'the build made no profile').toBe(true);
      await sleep(delay);
      const running = processesWith(tmp).length;
      if (running > 0 && !build.printing()) caughtStarting++;
      build.child.kill('SIGINT');
      const { code, signal } = await build.exited;
      expect({ delay, code, signal }, build.stderr()).toEqual({ delay, code: 130, signal: null });
      // killed processes take a moment to leave the process table
      await until(() => processesWith(tmp).length === 0, 3000);
      expect(processesWith(tmp), `${delay} ms after the profile: Chromium left running`).toEqual([]);
      expect(leftovers(tmp), `${delay} ms after the profile: left in TMPDIR`).toEqual([]);
      expect(build.stderr()).not.toMatch(/内部错误/);
    } finally {
      killLeft(tmp);
      rmSync(tmp, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }
  // at least one Ctrl-C came while Chromium was up but no page had gone into it yet
  expect(caughtStarting).toBeGreaterThan(0);
}, 60_000);

it('a second Ctrl-C while the browsers close exits at once, leaving nothing', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'yearbook-orph-tmp-'));
  const out = mkdtempSync(join(tmpdir(), 'yearbook-orph-out-'));
  try {
    const build = startBuild('data', out, tmp);
    expect(await until(() => build.printing(), 30_000), build.stderr()).toBe(true);
    build.child.kill('SIGINT');
    await sleep(30);
    build.child.kill('SIGINT');
    const { code, signal } = await build.exited;
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    await until(() => processesWith(tmp).length === 0, 3000);
    expect(processesWith(tmp)).toEqual([]);
    expect(leftovers(tmp)).toEqual([]);
  } finally {
    killLeft(tmp);
    rmSync(tmp, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}, 60_000);

it('a build killed with SIGKILL, in start-up or while printing: the next build removes what it left', async () => {
  for (const when of ['start-up', 'printing'] as const) {
    const tmp = mkdtempSync(join(tmpdir(), 'yearbook-orph-tmp-'));
    const out = mkdtempSync(join(tmpdir(), 'yearbook-orph-out-'));
    try {
      const build = startBuild('tests/fixtures/build', out, tmp);
      if (when === 'start-up') {
        // Chromium's processes are up, no page has gone into it yet
        expect(await until(() => processesWith(tmp).length >= 3 || build.printing(), 20_000)).toBe(true);
      } else {
        expect(await until(() => build.printing(), 30_000), build.stderr()).toBe(true);
        // Chromium's singleton socket folder is made inside the profile (its TMPDIR), never beside it
        expect(readdirSync(tmp).filter((n) => n.startsWith('org.chromium.')), 'socket folder in TMPDIR').toEqual([]);
      }
      build.child.kill('SIGKILL');
      expect((await build.exited).signal).toBe('SIGKILL');
      // the profile outlives a process killed this way: nothing can remove it as it dies
      expect(leftovers(tmp).some((n) => n.startsWith('yearbook-chromium-')), when).toBe(true);

      // at once, while a Chromium killed in its start-up may still be running
      const next = spawnSync(process.execPath, [BIN, 'build', 'tests/fixtures/build', '--out', out], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8', timeout: 60_000 });
      expect(next.status, next.stderr).toBe(0);
      await until(() => processesWith(tmp).length === 0, 3000);
      expect(processesWith(tmp), `${when}: Chromium left running`).toEqual([]);
      expect(leftovers(tmp), `${when}: left in TMPDIR`).toEqual([]);
    } finally {
      killLeft(tmp);
      rmSync(tmp, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }
}, 60_000);
