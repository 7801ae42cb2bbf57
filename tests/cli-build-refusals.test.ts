/**
 * The real `yearbook build` where #8 items 12 and 16 met it: an output folder under /proc (which
 * spun at 95 % CPU, deaf to SIGINT and SIGTERM) refused at once; an executable that is not a browser
 * named in one Chinese line, not puppeteer's TROUBLESHOOTING text; and what fails inside the build
 * after Ctrl-C not reported as an internal error. Each build runs with a temporary folder of its
 * own (TMPDIR: Chromium's profile), so builds of other tests cannot disturb it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/yearbook.js', import.meta.url));

let tmp = '';
let env: Record<string, string | undefined> = {};
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'yearbook-refusals-'));
  env = { ...process.env, TMPDIR: tmp, YEARBOOK_DEBUG: undefined };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `yearbook build data ARGS`, killed outright (SIGTERM was ignored while it spun) after `ms`. */
function build(args: string[], extraEnv: Record<string, string> = {}, ms = 30_000): ReturnType<typeof spawnSync> & { stderr: string; stdout: string } {
  return spawnSync(process.execPath, [BIN, 'build', 'data', ...args], { encoding: 'utf8', env: { ...env, ...extraEnv }, timeout: ms, killSignal: 'SIGKILL' }) as ReturnType<typeof spawnSync> & { stderr: string; stdout: string };
}

describe.runIf(process.platform === 'linux')('an output folder under /proc or /sys (#8 item 12)', () => {
  for (const [out, says] of [
    ['/proc/yearbook-x', '无法新建目录“/proc/yearbook-x”'],
    ['/proc/self', '无法在目录“/proc/self”中写入文件'],
    ['/sys/yearbook-x', '无法新建目录“/sys/yearbook-x”'],
  ] as const) {
    it(`--out ${out}: refused at once, exit 2`, () => {
      const started = Date.now();
      const r = build(['--out', out], {}, 20_000);
      expect(r.signal, 'still running after 20 s').toBeNull();
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`不能把输出写到“${out}”`);
      expect(r.stderr).toContain(says);
      expect(r.stderr).toContain('--out');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  }
});

describe.runIf(process.platform !== 'win32')('an executable that is not a browser (#8 item 16)', () => {
  it('PUPPETEER_EXECUTABLE_PATH naming one: one line naming it and the variable, exit 2', () => {
    const script = join(tmp, 'not-a-browser.sh');
    writeFileSync(script, '#!/bin/sh\necho "this is not chromium"\n');
    chmodSync(script, 0o755);
    for (const exe of ['/bin/true', script]) {
      const r = build(['--out', join(tmp, 'out')], { PUPPETEER_EXECUTABLE_PATH: exe });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`无法启动浏览器“${exe}”`);
      expect(r.stderr).toContain('PUPPETEER_EXECUTABLE_PATH');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      for (const internal of ['TROUBLESHOOTING', 'pptr.dev', 'Protocol error', 'Failed to launch', '内部错误', 'this is not chromium', 'Warning']) expect(r.stderr).not.toContain(internal);
    }
  });
});

/** Resolves at the first `[trace]` line on the child's standard error: a page is in Chromium. */
function firstTrace(child: ReturnType<typeof spawn>, stderr: { text: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      stderr.text += chunk.toString('utf8');
      if (stderr.text.includes('[trace] ')) {
        child.stderr!.off('data', onData);
        child.stderr!.on('data', (c: Buffer) => void (stderr.text += c.toString('utf8')));
        resolve();
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the build ended (${code ?? signal}) before printing began:\n${stderr.text}`)));
  });
}

describe('Ctrl-C during a build (#8 item 16)', () => {
  // the browser closes under pages at different stages of their printing: a few moments after printing began
  for (const delay of [0, 150, 400]) {
    it(`SIGINT ${delay} ms after printing began: exit 130, no internal error`, async () => {
      const out = mkdtempSync(join(tmp, 'out-'));
      const child = spawn(process.execPath, [BIN, 'build', 'data', '--out', out], { env: { ...env, YEARBOOK_TRACE: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
      const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      const stderr = { text: '' };
      await firstTrace(child, stderr);
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      const said = stderr.text
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('[trace] '))
        .join('\n');
      expect(said).not.toContain('内部错误');
      expect(said).not.toContain('Protocol error');
    }, 120_000);
  }
});
