/**
 * The CI recipe of README.md (#12 item 5), run locally: a test repository in a temporary folder (a
 * copy of data/, the workflow in .github/workflows/, a base branch and a pull request's branch that
 * changes a figure, cloned as CI clones it), then every `run:` step of docs/ci/github-workflow.yml and
 * the `script:` of docs/ci/gitlab-ci.yml executed with bash as the runners execute them. The test
 * repository is what a user's is: this project (its files as git lists them) with the data folder in
 * it, so the steps' `npx yearbook` runs the project's own command (npx links it into its cache and
 * compiles it with the `prepare` script, as on a runner; the test removes those cache entries). Not run: `uses:` steps (checkout,
 * upload — the test makes the clone and looks at the files to upload itself) and the install step /
 * the before_script (scripts/setup.sh: apt-get and npm ci, the network), whose result — node_modules/
 * — the test links in from this checkout. No network: the "remote" is the
 * local base repository.
 */
// vitest project: browser
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKFLOW = fileURLToPath(new URL('../docs/ci/github-workflow.yml', import.meta.url));
const GITLAB = fileURLToPath(new URL('../docs/ci/gitlab-ci.yml', import.meta.url));
const README = fileURLToPath(new URL('../README.md', import.meta.url));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

let root: string;
let base: string;
const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...gitEnv } });
  expect(r.status, `git ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** Runs a script as the runners do: bash, no profile, -e and pipefail (npm offline: nothing is fetched). */
function bash(script: string, cwd: string, env: Record<string, string>): { status: number; out: string; err: string } {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, encoding: 'utf8', env: { ...process.env, ...gitEnv, NO_COLOR: '1', npm_config_offline: 'true', ...env } });
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** 1-based line and column of the only occurrence of `needle` (at `skip` characters into it). */
function pos(text: string, needle: string, skip = 0): [number, number] {
  const at = text.indexOf(needle);
  expect(at, needle).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(needle, at + 1)).toBe(-1);
  const before = text.slice(0, at + skip);
  return [before.split('\n').length, before.length - before.lastIndexOf('\n')];
}

/** A clone of the base repository on the pull request's branch, as CI checks it out (origin = the base repository). */
function checkout(name: string, branch: string): string {
  const dir = join(root, name);
  git(root, 'clone', '-q', base, dir);
  git(dir, 'checkout', '-q', branch);
  // what the install step leaves: the npm packages (git ignores them)
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

let changedAt: [number, number];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'yearbook-ci-'));
  // the test repository: the project with its data/, the workflow, the GitLab job; main, and a branch changing one figure
  base = join(root, 'origin');
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0');
  for (const f of files) if (f !== '' && existsSync(join(ROOT, f)) && !f.startsWith('.github/')) cpSync(join(ROOT, f), join(base, f), { recursive: true });
  mkdirSync(join(base, '.github/workflows'), { recursive: true });
  cpSync(WORKFLOW, join(base, '.github/workflows/yearbook.yml'));
  cpSync(GITLAB, join(base, '.gitlab-ci.yml'));
  git(base, 'init', '-q', '-b', 'main');
  git(base, 'add', '.');
  git(base, 'commit', '-qm', 'the published figures');
  git(base, 'checkout', '-q', '-b', 'revise');
  const file = join(base, 'data/2022/150000.yaml');
  const text = readFileSync(file, 'utf8').replace('      expenditure: 369.07\n', '      expenditure: 369.29\n');
  writeFileSync(file, text);
  changedAt = pos(text, '      expenditure: 369.29', '      expenditure: '.length);
  git(base, 'commit', '-qam', 'revise the fund expenditure');
  git(base, 'checkout', '-q', 'main');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  // npx's cache entries for the test's clones (each a link to a folder now gone)
  const npx = join(homedir(), '.npm/_npx');
  for (const entry of existsSync(npx) ? readdirSync(npx) : []) {
    try {
      if (readFileSync(join(npx, entry, 'package.json'), 'utf8').includes(root)) rmSync(join(npx, entry), { recursive: true, force: true });
    } catch {
      // not an entry of npx's, or not readable: left alone
    }
  }
});

describe('GitHub Actions workflow', () => {
  const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as { on: Record<string, unknown>; defaults: { run: { shell: string } }; jobs: Record<string, { steps: Step[] }> };
  const steps = workflow.jobs.yearbook!.steps;

  it('is the file the README shows, and its steps are the ones the test runs or knows to skip', () => {
    expect(readFileSync(README, 'utf8')).toContain(readFileSync(WORKFLOW, 'utf8').trim());
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
    expect(workflow.defaults.run.shell).toBe('bash');
    expect(steps.map((s) => s.name ?? s.uses)).toEqual(['actions/checkout@v4', 'Install', 'Figures changed', 'Check', 'Build', 'actions/upload-artifact@v4']);
    expect(steps[0]!.with).toEqual({ 'fetch-depth': 0 });
    // no expression the test would have to evaluate
    for (const s of steps) expect(s.run ?? '').not.toContain('${{');
  });

  it('on a pull request: the changed figure annotated on its line and tabled in the job summary, the check annotated, the PDFs built', () => {
    const work = checkout('gh', 'revise');
    const summary = join(root, 'gh-summary.md');
    writeFileSync(summary, '');
    const env = { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'revise', GITHUB_WORKSPACE: work, GITHUB_STEP_SUMMARY: summary };
    const ran: Record<string, { status: number; out: string; err: string }> = {};
    for (const s of steps) {
      if (s.uses || s.name === 'Install') continue;
      ran[s.name!] = bash(s.run!, work, env);
    }
    const diff = ran['Figures changed']!;
    expect(diff.status, diff.err).toBe(0);
    expect(diff.out).toBe(`::warning file=data/2022/150000.yaml,line=${changedAt[0]},col=${changedAt[1]},title=yearbook diff：数字修改::内蒙古自治区2022年基本医疗保险基金总支出（fund.basic.expenditure）：原数 369.07亿元 → 现数 369.29亿元\n`);
    const table = readFileSync(summary, 'utf8');
    expect(table).toContain('共1处：修改1处，新增0处，删除0处');
    expect(table).toContain(`| 内蒙古自治区 | 2022 | 基本医疗保险基金总支出 \`fund.basic.expenditure\` | 369.07亿元 | 369.29亿元 | \`data/2022/150000.yaml:${changedAt[0]}\` |`);
    const check = ran.Check!;
    expect(check.status, check.err).toBe(0);
    // the example data's warnings, as annotations; the changed figure now meets its equation, so its accept entry is stale
    expect(check.out).toMatch(/^::warning file=data\/2022\/150000\.yaml,line=\d+,col=\d+,title=yearbook [a-z-]+::/m);
    expect(check.out.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
    const build = ran.Build!;
    expect(build.status, build.err).toBe(0);
    // what the upload step takes: out/ without the cache
    const pdf = readFileSync(join(work, 'out/2022/150000/entry.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(existsSync(join(work, 'out/.yearbook-cache'))).toBe(true);
    expect(steps[5]!.with).toEqual({ name: 'yearbook-pdf', path: 'out/\n!out/.yearbook-cache/\n' });
  }, 240_000);

  it('the diff step: a push (no base branch) compares nothing; a base branch that is not there fails the step (exit 2)', () => {
    const work = checkout('gh2', 'revise');
    const diffStep = steps.find((s) => s.name === 'Figures changed')!.run!;
    const summary = join(root, 'gh2-summary.md');
    writeFileSync(summary, '');
    const push = bash(diffStep, work, { GITHUB_EVENT_NAME: 'push', GITHUB_STEP_SUMMARY: summary, GITHUB_BASE_REF: '' });
    expect([push.status, push.out]).toEqual([0, 'not a pull request: nothing to compare\n']);
    const gone = bash(diffStep, work, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_STEP_SUMMARY: summary, GITHUB_BASE_REF: 'release' });
    expect(gone.status).toBe(1);
    expect(gone.err).toContain('yearbook diff：git 仓库中没有版本“origin/release”');
    // a pull request that changes no figure: exit 0, the summary says so
    const same = checkout('gh3', 'main');
    const ok = bash(diffStep, same, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_STEP_SUMMARY: summary, GITHUB_BASE_REF: 'main' });
    expect([ok.status, ok.out]).toEqual([0, '']);
    expect(readFileSync(summary, 'utf8')).toBe('### yearbook diff：数字变化\n\n没有数字变化\n\n');
  }, 120_000);
});

describe('GitLab CI job', () => {
  const ci = parse(readFileSync(GITLAB, 'utf8')) as { yearbook: { before_script: string[]; script: string[]; artifacts: Record<string, unknown>; variables: Record<string, unknown> } };
  const job = ci.yearbook;

  it('is the file the README shows', () => {
    expect(readFileSync(README, 'utf8')).toContain(readFileSync(GITLAB, 'utf8').trim());
    expect(job.before_script).toEqual(['bash scripts/setup.sh']);
    expect(job.variables).toEqual({ GIT_DEPTH: 0 });
  });

  it('in a merge request: the changed figure in the log and in yearbook-diff.md, the JUnit report, the PDFs', () => {
    const work = checkout('gl', 'revise');
    // the runner runs the script lines in one bash with -e and pipefail (before_script: its result linked in)
    const r = bash(job.script.join('\n'), work, { CI: 'true', GITLAB_CI: 'true', CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_PROJECT_DIR: work });
    expect(r.status, r.err).toBe(0);
    const lines = r.out.split('\n').map((l) => l.replace(/ {2,}/g, '  ').trimEnd());
    // the diff's report first, then the check's
    expect(lines.slice(0, 4)).toEqual([
      '内蒙古自治区（150000）2022年',
      `  基本医疗保险基金总支出（fund.basic.expenditure）  369.07亿元 → 369.29亿元  data/2022/150000.yaml:${changedAt.join(':')}`,
      '',
      '共1处：修改1处，新增0处，删除0处',
    ]);
    expect(readFileSync(join(work, 'yearbook-diff.md'), 'utf8')).toContain(`| 内蒙古自治区 | 2022 | 基本医疗保险基金总支出 \`fund.basic.expenditure\` | 369.07亿元 | 369.29亿元 | \`data/2022/150000.yaml:${changedAt[0]}\` |`);
    const junit = readFileSync(join(work, 'yearbook-check.xml'), 'utf8');
    expect(junit).toMatch(/^<\?xml/);
    expect(junit).toContain('<testsuite');
    expect(r.out).toMatch(/0个错误，\d+个警告/);
    expect(readFileSync(join(work, 'out/2022/150000/entry.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(job.artifacts).toEqual({ when: 'always', paths: ['out/', 'yearbook-diff.md'], exclude: ['out/.yearbook-cache/**/*'], reports: { junit: 'yearbook-check.xml' } });
  }, 240_000);
});
