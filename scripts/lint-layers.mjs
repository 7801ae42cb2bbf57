#!/usr/bin/env node
/**
 * The layer contract of docs/architecture.md, checked: dependency-cruiser's import rules
 * (.dependency-cruiser.cjs), then what imports cannot show — only src/cli/ may touch `process`
 * or `console` (exit codes, streams, signals, the environment). Usage: node scripts/lint-layers.mjs [ROOT]
 * Exits 1 and names every violation.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.argv[2] ?? join(fileURLToPath(new URL('.', import.meta.url)), '..');
const bin = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
let failed = false;

const cruise = spawnSync(process.execPath, [bin, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: root, encoding: 'utf8' });
process.stdout.write(cruise.stdout);
process.stderr.write(cruise.stderr);
if (cruise.status !== 0) failed = true;

/** `process.` or `console.` in code (comments and strings stripped crudely: enough for our sources). */
const GLOBAL = /(?<![\w.$])(process|console)\s*\./;
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
for (const file of walk(join(root, 'src'))) {
  const rel = relative(root, file).split('\\').join('/');
  if (rel.startsWith('src/cli/')) continue;
  const lines = readFileSync(file, 'utf8').split('\n');
  let inComment = false;
  lines.forEach((line, i) => {
    let code = line;
    if (inComment) {
      const end = code.indexOf('*/');
      if (end < 0) return;
      code = code.slice(end + 2);
      inComment = false;
    }
    code = code.replace(/\/\*.*?\*\//g, '');
    const open = code.indexOf('/*');
    if (open >= 0) {
      inComment = true;
      code = code.slice(0, open);
    }
    code = code.replace(/\/\/.*$/, '').replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
    const m = GLOBAL.exec(code);
    if (m) {
      failed = true;
      console.error(`error only-cli-uses-process: ${rel}:${i + 1} uses ${m[1]} (only src/cli/ may; pass what you need in, e.g. env or a callback)`);
    }
  });
}
if (failed) process.exit(1);
console.log('layers: no violations');
