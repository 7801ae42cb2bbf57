/**
 * The layer contract of docs/architecture.md as dependency-cruiser rules: `npm run lint:layers`
 * (and so `npm test`) fails on an import a layer may not make. Change docs/architecture.md in the
 * same commit as this file.
 */
const NODE = { dependencyTypes: ['core'] };
/** Packages the kernel may use: exact decimals, YAML, edit distance, character conversion. */
const KERNEL_PACKAGES = '^node_modules/(yaml|decimal\\.js|fastest-levenshtein|opencc-js)/';
const APPLICATIONS = '^src/(serve|import|import-text|init|schema|fix)/';

module.exports = {
  forbidden: [
    {
      name: 'core-is-self-contained',
      comment: 'core (model, parse, rules, checks, findings) imports nothing of the other layers',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'core-no-node',
      comment: 'core does no I/O: no node:* module (Sources come in as text or bytes)',
      severity: 'error',
      from: { path: '^src/core/' },
      to: NODE,
    },
    {
      name: 'core-only-kernel-packages',
      comment: 'core uses no puppeteer, handlebars, vega, docx …: only the packages in KERNEL_PACKAGES',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: KERNEL_PACKAGES },
    },
    {
      name: 'report-is-pure',
      comment: 'reporters are (Report, lang) → string: core and each other only, no node:*',
      severity: 'error',
      from: { path: '^src/report/' },
      to: { path: '^src/', pathNot: '^src/(core|report)/' },
    },
    {
      name: 'report-no-node',
      severity: 'error',
      from: { path: '^src/report/' },
      to: NODE,
    },
    {
      name: 'render-no-fs',
      comment: 'render is pure: no file system, no processes, no network',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|http|https|net|os|process|worker_threads)$' },
    },
    {
      name: 'render-no-browser',
      comment: 'render never drives a browser',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^node_modules/(puppeteer|puppeteer-core)/' },
    },
    {
      name: 'render-only-core',
      comment: 'render uses core and itself; nothing of io, print, app, cli or the applications',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/', pathNot: '^src/(core|render)/' },
    },
    {
      name: 'io-only-core',
      comment: 'io reads and writes files; it knows the kernel\'s types and nothing above',
      severity: 'error',
      from: { path: '^src/io/' },
      to: { path: '^src/', pathNot: '^src/(core|io)/' },
    },
    {
      name: 'io-no-browser',
      severity: 'error',
      from: { path: '^src/io/' },
      to: { path: '^node_modules/(puppeteer|puppeteer-core|handlebars|vega|vega-lite|docx)/' },
    },
    {
      name: 'print-below-app',
      comment: 'print takes pages and bytes; it uses core, io and itself, never render, app or cli',
      severity: 'error',
      from: { path: '^src/print/' },
      to: { path: '^src/', pathNot: '^src/(core|io|print)/' },
    },
    {
      name: 'app-below-cli',
      comment: 'the pipelines never reach up into the command line or the applications',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(cli|serve|import|import-text|init|schema|fix)/' },
    },
    {
      name: 'applications-below-cli',
      comment: 'serve, import, import-text, init, schema and fix stand on app, core, io, render and report, never on cli or print',
      severity: 'error',
      from: { path: APPLICATIONS },
      to: { path: '^src/(cli|print)/' },
    },
    {
      name: 'no-circular',
      comment: 'no module depends on itself through others',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // TypeScript 7 has no JavaScript API for dependency-cruiser: swc parses the sources
    parser: 'swc',
    // resolve node_modules where it is linked from (tests cruise copies with a linked node_modules)
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    // type-only imports count too: a layer may not even name what it may not use
    moduleSystems: ['es6'],
  },
};
