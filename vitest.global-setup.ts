/**
 * Vitest global setup: compiles src/ into dist/ once before the tests run, so that the tests which
 * spawn the real command line (`node bin/yearbook.js …`, which runs dist/cli/main.js) never test
 * stale code — also under `npx vitest run tests/x.test.ts`, which skips npm's "pretest". Type errors
 * are printed but do not stop the run (tsc still writes dist/; `npm test`'s pretest and `npm run
 * build` are the type gate); a compile that writes nothing fails the run. In watch mode it compiles
 * again before every rerun.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** The project's own TypeScript compiler, as `npm run build` runs it (its `bin`, which `exports` does not list). */
const require = createRequire(import.meta.url);
const TSC = join(dirname(require.resolve('typescript/package.json')), (require('typescript/package.json') as { bin: { tsc: string } }).bin.tsc);

/** Both projects name this file; vitest loads it once per project, in the same process. */
const state = globalThis as { __yearbookDistCompiled?: boolean };

function compile(root: string): void {
  const r = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
  if (r.error) throw r.error;
  // tsc's exit status: 0 compiled; 2 errors, but the files were written; anything else: nothing written
  if (r.status === 2) process.stderr.write(`tsc -p tsconfig.json: type errors (dist/ was written anyway):\n${r.stdout}${r.stderr}`);
  else if (r.status !== 0) throw new Error(`tsc -p tsconfig.json failed (status ${r.status}); dist/ may be stale:\n${r.stdout}${r.stderr}`);
}

export default function setup(project: TestProject): void {
  if (state.__yearbookDistCompiled) return;
  state.__yearbookDistCompiled = true;
  const root = project.config.root;
  compile(root);
  project.onTestsRerun(() => compile(root));
}
