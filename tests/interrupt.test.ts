/** An interrupted build (Ctrl-C) closes Chromium, removes its profile and leaves the previous outputs whole. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

function profiles(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('yearbook-chromium-'));
}

it('Ctrl-C during a build closes the browser and keeps the previous PDFs intact', async () => {
  const out = mkdtempSync(join(tmpdir(), 'yearbook-int-'));
  try {
    const first = spawnSync(process.execPath, ['bin/yearbook.js', 'build', 'data', '--out', out], { encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    const before = profiles();
    const child = spawn(process.execPath, ['bin/yearbook.js', 'build', 'data', '--out', out], { stdio: 'ignore' });
    // interrupt once the browser is up and pages are being printed
    await new Promise((r) => setTimeout(r, 3000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(profiles()).toEqual(before);
    const chromium = spawnSync('pgrep', ['-f', 'yearbook-chromium-'], { encoding: 'utf8' });
    expect(chromium.stdout.trim()).toBe('');
    const files = readdirSync(out, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const pdf of files.filter((f) => f.endsWith('.pdf'))) {
      const info = spawnSync('pdfinfo', [join(out, pdf)], { encoding: 'utf8' });
      expect(info.status, `${pdf}: ${info.stderr}`).toBe(0);
    }
    expect(files.filter((f) => f.endsWith('.pdf')).length).toBe(6);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
