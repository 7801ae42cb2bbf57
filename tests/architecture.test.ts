/**
 * The layer contract (docs/architecture.md) holds for src/, and the checker really catches a
 * violation: each planted in a temporary copy of the sources fails scripts/lint-layers.mjs with
 * the rule's name and the file.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve('.');
const lint = (root: string) => spawnSync(process.execPath, [join(ROOT, 'scripts/lint-layers.mjs'), root], { encoding: 'utf8' });
const copies: string[] = [];

/** A copy of the project's sources with lines added to files. */
function plant(lines: [file: string, line: string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'yearbook-layers-'));
  copies.push(dir);
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) cpSync(join(ROOT, f), join(dir, f));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [file, line] of lines) appendFileSync(join(dir, file), `\n${line}\n`);
  return dir;
}

afterAll(() => {
  for (const d of copies) rmSync(d, { recursive: true, force: true });
});

describe('layers', () => {
  it('src/ keeps the contract', () => {
    const r = lint(ROOT);
    expect(r.stdout + r.stderr).toContain('no dependency violations found');
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  const PLANTED: [file: string, line: string, rule: string][] = [
    ['src/core/model/units.ts', "import { readFileSync } from 'node:fs';\nexport const leak = readFileSync;", 'core-no-node'],
    ['src/core/checks/range.ts', "export { build } from '../../app/build-pdf.js';", 'core-is-self-contained'],
    ['src/core/check.ts', "import Handlebars from 'handlebars';\nexport const hb = Handlebars;", 'core-only-kernel-packages'],
    ['src/render/html.ts', "import type { Browser } from 'puppeteer-core';\nexport type B = Browser;", 'render-no-browser'],
    ['src/render/text.ts', "export { writeAtomic } from '../io/atomic.js';", 'render-only-core'],
    ['src/render/plan.ts', "import { statSync } from 'node:fs';\nexport const s = statSync;", 'render-no-fs'],
    ['src/print/png.ts', "export { pageHtml } from '../render/html.js';", 'print-below-app'],
    ['src/report/json.ts', "export { readFolder } from '../io/folder.js';", 'report-is-pure'],
    ['src/app/check.ts', "export { main } from '../cli/main.js';", 'app-below-cli'],
    ['src/print/browser.ts', 'export const quit = (): never => process.exit(3);', 'only-cli-uses-process'],
    // a mention in a comment or a string is not a use
    ['src/render/charts.ts', "// process.exit is the command line's\nexport const note = 'console.log';", ''],
  ];

  it('catches every planted violation, each with its rule and file, and nothing else', () => {
    const r = lint(plant(PLANTED.map(([f, l]) => [f, l])));
    const out = r.stdout + r.stderr;
    expect(r.status).toBe(1);
    // (the planted upward imports also close cycles: no-circular reports those too)
    const reported = [...out.matchAll(/error ([\w-]+): (src\/[\w/.-]+)/g)].filter((m) => m[1] !== 'no-circular').map((m) => `${m[1]} ${m[2]}`);
    expect(out).toContain('no-circular');
    const expected = PLANTED.filter(([, , rule]) => rule !== '').map(([file, , rule]) => `${rule} ${file}`);
    expect([...new Set(reported)].sort()).toEqual(expected.sort());
  }, 60_000);
});
