/**
 * `yearbook build --watch` (issue #11, part 4), the real command line and Chromium: the first build, then
 * a save rebuilds what changed (the new text in the rewritten PDF, the other page left alone); a broken
 * save is reported and the watch goes on; Ctrl-C ends it with status 0 and no Chromium left. The build
 * runs with a temporary folder of its own (TMPDIR: Chromium's profile is made there), so its browser's
 * processes are told apart from those of builds other tests run meanwhile.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/yearbook.js');

const made: string[] = [];
const temp = (name: string): string => {
  const d = mkdtempSync(join(tmpdir(), `yearbook-watch-${name}-`));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** The processes whose command line mentions `text` (Chromium's has its profile folder, --user-data-dir). */
const processesWith = (text: string): string => spawnSync('pgrep', ['-a', '-f', text], { encoding: 'utf8' }).stdout.trim();

const pdftext = (file: string): string => spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');

it('rebuilds on save what changed, goes on after a broken save, and ends on Ctrl-C with no browser left', async () => {
  const dir = temp('data');
  const out = temp('out');
  const tmp = temp('tmp');
  for (const f of ['regions.yaml', 'indicators.yaml', '2021/330225.yaml', '2021/530581.yaml', '2022/530581.yaml']) cpSync(join(ROOT, 'data', f), join(dir, f));
  const env = { ...process.env, TMPDIR: tmp, SOURCE_DATE_EPOCH: '1700000000' };
  delete env['YEARBOOK_TRACE'];
  const child = spawn(process.execPath, [BIN, 'build', dir, '--out', out, '--watch'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  /** Waits until the output has `n` lines that start with `prefix`; returns the last of them. */
  const line = async (prefix: string, n: number, ms: number): Promise<string> => {
    const end = Date.now() + ms;
    for (;;) {
      const lines = stdout.split('\n').filter((l) => l.startsWith(prefix));
      if (lines.length >= n) return lines[n - 1]!;
      if (Date.now() > end || child.exitCode !== null) throw new Error(`no line “${prefix}” (#${n}) in:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  try {
    const first = await line('首次构建：', 1, 180_000);
    expect(first).toContain('2021/330225/summary.pdf');
    expect(first).toContain('2022/530581/summary.pdf');
    await line('正在监视 ', 1, 10_000);
    const other = join(out, '2021/330225/summary.pdf');
    const otherMtime = statSync(other).mtimeMs;

    // a save: the summary whose text changed is made again, the other left alone
    const file = join(dir, '2022/530581.yaml');
    const text = readFileSync(file, 'utf8');
    const edited = text.replace('开展城乡居民医疗保险征收工作。', '开展城乡居民医疗保险征收工作，监视模式已重新生成。');
    expect(edited).not.toBe(text);
    writeFileSync(file, edited);
    const rebuilt = await line('已重新构建：', 1, 180_000);
    expect(rebuilt).toMatch(/重新生成 1 个PDF（共 2 个）：2022\/530581\/summary\.pdf/);
    expect(rebuilt).toMatch(/（[\d.]+ 秒）$/);
    expect(pdftext(join(out, '2022/530581/summary.pdf'))).toContain('监视模式已重新生成');
    expect(statSync(other).mtimeMs).toBe(otherMtime);

    // a broken save: said, nothing written, the watch goes on
    writeFileSync(file, `${edited}\n  : [\n`);
    expect(await line('未重新生成：', 1, 120_000)).toMatch(/数据有\d+处错误/);
    writeFileSync(file, text);
    const back = await line('已重新构建：', 2, 180_000);
    expect(back).toContain('2022/530581/summary.pdf');
    expect(pdftext(join(out, '2022/530581/summary.pdf'))).not.toContain('监视模式已重新生成');
    expect(processesWith(tmp), 'the browser is kept open between rebuilds').not.toBe('');
  } finally {
    child.kill('SIGINT');
  }
  const end = await exited;
  expect(end, stderr).toEqual({ code: 0, signal: null });
  expect(stdout).toContain('已停止监视');
  expect(processesWith(tmp), 'Chromium processes left running').toBe('');
  expect(readdirSync(tmp).filter((n) => n.startsWith('yearbook-chromium-'))).toEqual([]);
}, 600_000);
