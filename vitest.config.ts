import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The test files that start Chromium: `npm run test:browser`. Every other file under tests/ is in the
 * "unit" project (`npm run test:unit`: no browser, seconds), so each file is in exactly one project
 * and `npm test` runs them all once. A file is a browser test when it imports what starts Chromium
 * (puppeteer-core, src/print/browser, the PDF and Word builds) or runs `bin/yearbook.js build`, or
 * says it runs a build some other way (a line `// vitest project: browser`, as tests/ci-recipe.test.ts,
 * whose CI scripts call `yearbook build`); `npx vitest list --project browser` shows which they are.
 */
const STARTS_CHROMIUM = [
  /^import (?!type )[^;]*?from '(?:puppeteer-core|\.\.\/src\/print\/browser\.js|\.\.\/src\/app\/build-(?:pdf|docx)\.js)'/m,
  /\[\s*(?:BIN|'bin\/yearbook\.js')\s*,\s*'build'/,
  /^\/\/ vitest project: browser$/m,
];
const TESTS = fileURLToPath(new URL('tests', import.meta.url));
const BROWSER = readdirSync(TESTS)
  .filter((name) => name.endsWith('.test.ts') && STARTS_CHROMIUM.some((re) => re.test(readFileSync(join(TESTS, name), 'utf8'))))
  .map((name) => `tests/${name}`);

/** Compiles dist/ first: tests spawn bin/yearbook.js, which runs dist/. */
const globalSetup = ['./vitest.global-setup.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // one report of every project's tests: .ci/run reads numPassedTests/numFailedTests from it
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...BROWSER],
          globalSetup,
          // One worker per core (vitest's default leaves one free: a single worker on two cores), and the
          // files of a worker share its loaded modules instead of loading src/ again for each file (a
          // third of this project's CPU time). So: no vi.mock, no process-wide state left behind here.
          maxWorkers: '100%',
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        // after the unit tests (fast failures first); vitest's default workers (one here: each file starts a Chromium)
        test: { name: 'browser', include: BROWSER, globalSetup, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
