/**
 * A build that fails before printing (a templates folder without entry.hbs) while the browser is still
 * opening its pages leaves nothing that keeps the process alive: `build()` throws, and a program that
 * called it exits at once. (Closing the browser under pages being opened used to leave puppeteer's
 * 30-second wait for their targets running: the command took half a minute to end.)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { build } from '../src/app/build-pdf.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

it('a build refused by its templates throws, and the program that ran it ends without waiting for anything', () => {
  // (imported so that vitest counts this file among the browser tests: the program it runs starts Chromium)
  void build;
  const tmp = mkdtempSync(join(tmpdir(), 'yearbook-exit-'));
  try {
    cpSync(join(ROOT, 'templates'), join(tmp, 'templates'), { recursive: true });
    rmSync(join(tmp, 'templates/entry.hbs'));
    const script = `
      import { build } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/app/build-pdf.js')).href)};
      try {
        await build({ dir: 'data', out: ${JSON.stringify(join(tmp, 'out'))}, templates: ${JSON.stringify(join(tmp, 'templates'))}, draft: false, rounding: 'half-up', chapter: '医疗保障', env: process.env });
        console.log('built');
      } catch (e) {
        console.log('threw ' + e.constructor.name);
      }
      // the timers still holding the event loop once build() has returned (Chromium's process and pipes may take a moment to end)
      console.log('timers ' + process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length);`;
    // the limit only ends a hung program; a build that ends as it should exits within seconds
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 25_000 });
    expect(r.signal, 'the program was still running after 25 s').toBeNull();
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['threw TemplateFilesError', 'timers 0']);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 60_000);
