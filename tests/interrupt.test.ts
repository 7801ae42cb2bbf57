/**
 * An interrupted build (Ctrl-C) closes Chromium, removes its profile and leaves the previous outputs
 * whole. The build runs with a temporary folder of its own (TMPDIR: Chromium's profile is made in
 * os.tmpdir()), so what it leaves behind is told apart from the profiles of builds that other tests
 * run at the same time; it is interrupted as soon as it reports (YEARBOOK_TRACE) that printing began.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/yearbook.js', import.meta.url));

const profiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith('yearbook-chromium-'));

/** The processes whose command line mentions `text` (Chromium's has its profile folder, --user-data-dir). */
function processesWith(text: string): string {
  return spawnSync('pgrep', ['-a', '-f', text], { encoding: 'utf8' }).stdout.trim();
}

/** Resolves at the first `[trace]` line on the child's standard error: a page has been loaded into Chromium. */
function firstTrace(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const onData = (chunk: Buffer): void => {
      stderr += chunk.toString('utf8');
      const line = stderr.split('\n').find((l) => l.startsWith('[trace] '));
      if (line === undefined) return;
      child.stderr!.off('data', onData);
      child.stderr!.resume(); // keep draining: a full pipe would block the child
      resolve(line);
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the build ended (${code ?? signal}) before printing began:\n${stderr}`)));
  });
}

it('Ctrl-C during a build closes the browser and keeps the previous PDFs intact', async () => {
  const out = mkdtempSync(join(tmpdir(), 'yearbook-int-'));
  const tmp = mkdtempSync(join(tmpdir(), 'yearbook-int-tmp-'));
  const env = { ...process.env, TMPDIR: tmp, YEARBOOK_TRACE: '1' };
  try {
    const first = spawnSync(process.execPath, [BIN, 'build', 'data', '--out', out], { encoding: 'utf8', env });
    expect(first.status, first.stderr).toBe(0);
    expect(profiles(tmp)).toEqual([]);

    // --force: else the build cache (nothing changed) would leave every page as it is and print none
    const child = spawn(process.execPath, [BIN, 'build', 'data', '--out', out, '--force'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(await firstTrace(child)).toMatch(/^\[trace\] [\d.]+s setContent \d+ms$/);
    // printing: the browser is up, with its profile in the child's own temporary folder
    expect(profiles(tmp)).toHaveLength(1);
    expect(processesWith(tmp)).not.toBe('');
    child.kill('SIGINT');
    expect(await exited).toBe(130);

    expect(profiles(tmp)).toEqual([]);
    expect(processesWith(tmp), 'Chromium processes left running').toBe('');
    const files = readdirSync(out, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const pdf of files.filter((f) => f.endsWith('.pdf'))) {
      const info = spawnSync('pdfinfo', [join(out, pdf)], { encoding: 'utf8' });
      expect(info.status, `${pdf}: ${info.stderr}`).toBe(0);
    }
    expect(files.filter((f) => f.endsWith('.pdf')).length).toBe(7);
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}, 120_000);
