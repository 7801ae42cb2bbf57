/**
 * `yearbook diff` through the real command line (#12 items 2 and 4, FORMAT.md §11): a copy of data/
 * with one figure changed, one added, one removed, one changed in another region and a whole
 * document gone, listed exactly in text, json, github and markdown with the positions found by
 * searching the edited files; exit 0 / 1 / 2; the same folders as git revisions; two editions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/yearbook.js', import.meta.url));
const DATA = fileURLToPath(new URL('../data', import.meta.url));

function yearbook(args: string[], cwd: string): { status: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** 1-based line and column of the only occurrence of `needle` in `text` (plus `skip` characters into it). */
function pos(text: string, needle: string, skip = 0): [number, number] {
  const at = text.indexOf(needle);
  expect(at, needle).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(needle, at + 1), `${needle} occurs once`).toBe(-1);
  const before = text.slice(0, at + skip);
  const line = before.split('\n').length;
  return [line, before.length - before.lastIndexOf('\n')];
}

/** Replaces the only occurrence of `from`. */
function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text.split(from).length, `${file}: ${from}`).toBe(2);
  writeFileSync(file, text.replace(from, to));
}

let root: string;
let P: Record<string, [number, number]>;

const GONE = `region: "150100"\nyear: 2021\nfigures:\n  insured:\n    total: 301.60\n    employee: 104.20\n`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'yearbook-diff-'));
  cpSync(DATA, join(root, 'old'), { recursive: true });
  cpSync(DATA, join(root, 'new'), { recursive: true });
  // a document only OLD has
  writeFileSync(join(root, 'old/2021/150100.yaml'), GONE);
  const a = join(root, 'new/2022/150000.yaml');
  edit(a, '      expenditure: 369.07\n', '      expenditure: 369.29\n      balance: 700.10\n');
  edit(a, '    institutions: 1015\n', '');
  // written another way, the same figure: no change
  edit(a, '      income: 511.17\n', '      income: 511.17亿元\n');
  const b = join(root, 'new/2022/150500.yaml');
  edit(b, '      income: 39.26\n', '      income: {value: 39.62, growth: 4.1%}\n');
  const aText = readFileSync(a, 'utf8');
  const bText = readFileSync(b, 'utf8');
  // a removed figure of a document still in NEW points at that document's figures (the first line under `figures:`)
  const firstFigure = pos(aText, 'figures:\n  ', 'figures:\n  '.length);
  P = {
    changed: pos(aText, '      expenditure: 369.29', '      expenditure: '.length),
    added: pos(aText, 'balance: 700.10', 'balance: '.length),
    removed: firstFigure,
    other: pos(bText, '{value: 39.62'),
    goneTotal: pos(GONE, '301.60'),
    goneEmployee: pos(GONE, '104.20'),
  };
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const at = (k: string): string => `${P[k]![0]}:${P[k]![1]}`;

describe('two folders', () => {
  it('json: exactly the changed, added and removed figures, as written, with their positions (§11)', () => {
    const r = yearbook(['diff', 'old', 'new', '--format', 'json'], root);
    expect(r.status).toBe(1);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out) as { version: number; summary: unknown; changes: Record<string, unknown>[]; unread: unknown[] };
    expect(j.version).toBe(1);
    const rows = j.changes.map((c) => [c.region, c.year, c.edition, c.path, c.old, c.new, c.file, c.line, c.column]);
    expect(rows).toEqual([
      ['150000', 2022, null, 'fund.basic.expenditure', '369.07', '369.29', 'new/2022/150000.yaml', ...P.changed!],
      ['150000', 2022, null, 'fund.basic.balance', null, '700.10', 'new/2022/150000.yaml', ...P.added!],
      ['150000', 2022, null, 'payment.institutions', '1015', null, 'new/2022/150000.yaml', ...P.removed!],
      ['150500', 2022, null, 'fund.basic.income', '39.26', '39.62', 'new/2022/150500.yaml', ...P.other!],
      ['150100', 2021, null, 'insured.total', '301.60', null, 'old/2021/150100.yaml', ...P.goneTotal!],
      ['150100', 2021, null, 'insured.employee', '104.20', null, 'old/2021/150100.yaml', ...P.goneEmployee!],
    ]);
    expect(j.changes.map((c) => [c.kind, c.inOld])).toEqual([['changed', false], ['added', false], ['removed', false], ['changed', false], ['removed', true], ['removed', true]]);
    expect(j.changes[3]!.stated).toEqual({ growth: { old: null, new: '4.1%' } });
    expect(j.summary).toEqual({ changes: 6, changed: 2, added: 1, removed: 3 });
    expect(j.unread).toEqual([]);
  });

  it('text: grouped by region (tree order) and year, labels from the catalogue, 原数 → 现数, a closing count', () => {
    const r = yearbook(['diff', 'old', 'new'], root);
    expect(r.status).toBe(1);
    const lines = r.out.split('\n').map((l) => l.replace(/ {2,}/g, '  ').trimEnd());
    expect(lines).toEqual([
      '内蒙古自治区（150000）2022年',
      `  基本医疗保险基金总支出（fund.basic.expenditure）  369.07亿元 → 369.29亿元  new/2022/150000.yaml:${at('changed')}`,
      `  基本医疗保险基金累计结存（fund.basic.balance）  新增 700.10亿元  new/2022/150000.yaml:${at('added')}`,
      `  实行DRG/DIP实际付费的医疗机构（payment.institutions）  删除 1015家  new/2022/150000.yaml:${at('removed')}`,
      '',
      '呼和浩特市（150100）2021年',
      `  基本医疗保险参保人数（insured.total）  删除 301.60万人  old/2021/150100.yaml:${at('goneTotal')}（该文档已不在新版中）`,
      `  职工基本医疗保险参保人数（insured.employee）  删除 104.20万人  old/2021/150100.yaml:${at('goneEmployee')}（该文档已不在新版中）`,
      '',
      '通辽市（150500）2022年',
      `  基本医疗保险基金总收入（fund.basic.income）  39.26亿元 → 39.62亿元（增长4.1%）  new/2022/150500.yaml:${at('other')}`,
      '',
      '共6处：修改2处，新增1处，删除3处',
      '',
    ]);
  });

  it('github: one annotation per change on its line in NEW, 原数 → 现数; a figure of a vanished document without a line', () => {
    const r = yearbook(['diff', 'old', 'new', '--format', 'github'], root);
    expect(r.status).toBe(1);
    expect(r.out.trimEnd().split('\n')).toEqual([
      `::warning file=new/2022/150000.yaml,line=${P.changed![0]},col=${P.changed![1]},title=yearbook diff：数字修改::内蒙古自治区2022年基本医疗保险基金总支出（fund.basic.expenditure）：原数 369.07亿元 → 现数 369.29亿元`,
      `::notice file=new/2022/150000.yaml,line=${P.added![0]},col=${P.added![1]},title=yearbook diff：新增数字::内蒙古自治区2022年基本医疗保险基金累计结存（fund.basic.balance）：新增，现数 700.10亿元`,
      `::warning file=new/2022/150000.yaml,line=${P.removed![0]},col=${P.removed![1]},title=yearbook diff：删除数字::内蒙古自治区2022年实行DRG/DIP实际付费的医疗机构（payment.institutions）：删除，原数 1015家`,
      `::warning file=new/2022/150500.yaml,line=${P.other![0]},col=${P.other![1]},title=yearbook diff：数字修改::通辽市2022年基本医疗保险基金总收入（fund.basic.income）：原数 39.26亿元 → 现数 39.62亿元（增长4.1%25）`,
      `::warning title=yearbook diff：删除数字::呼和浩特市2021年基本医疗保险参保人数（insured.total）：删除，原数 301.60万人（old/2021/150100.yaml，该文档已不在新版中）`,
      `::warning title=yearbook diff：删除数字::呼和浩特市2021年职工基本医疗保险参保人数（insured.employee）：删除，原数 104.20万人（old/2021/150100.yaml，该文档已不在新版中）`,
    ]);
  });

  it('markdown: a table of every change for a job summary', () => {
    const r = yearbook(['diff', 'old', 'new', '--format', 'markdown'], root);
    expect(r.status).toBe(1);
    const rows = r.out.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toEqual([
      '| 地区 | 年份 | 指标 | 原数 | 现数 | 位置 |',
      '| --- | --- | --- | --- | --- | --- |',
      `| 内蒙古自治区 | 2022 | 基本医疗保险基金总支出 \`fund.basic.expenditure\` | 369.07亿元 | 369.29亿元 | \`new/2022/150000.yaml:${P.changed![0]}\` |`,
      `| 内蒙古自治区 | 2022 | 基本医疗保险基金累计结存 \`fund.basic.balance\` | （新增） | 700.10亿元 | \`new/2022/150000.yaml:${P.added![0]}\` |`,
      `| 内蒙古自治区 | 2022 | 实行DRG/DIP实际付费的医疗机构 \`payment.institutions\` | 1015家 | （删除） | \`new/2022/150000.yaml:${P.removed![0]}\` |`,
      `| 呼和浩特市 | 2021 | 基本医疗保险参保人数 \`insured.total\` | 301.60万人 | （删除） | \`old/2021/150100.yaml:${P.goneTotal![0]}\` |`,
      `| 呼和浩特市 | 2021 | 职工基本医疗保险参保人数 \`insured.employee\` | 104.20万人 | （删除） | \`old/2021/150100.yaml:${P.goneEmployee![0]}\` |`,
      `| 通辽市 | 2022 | 基本医疗保险基金总收入 \`fund.basic.income\` | 39.26亿元 | 39.62亿元（增长4.1%） | \`new/2022/150500.yaml:${P.other![0]}\` |`,
    ]);
    expect(r.out).toContain('共6处：修改2处，新增1处，删除3处');
  });

  it('English with --lang en', () => {
    const r = yearbook(['diff', 'old', 'new', '--lang', 'en'], root);
    expect(r.status).toBe(1);
    expect(r.out).toContain('内蒙古自治区 (150000), 2022\n');
    expect(r.out).toMatch(/基本医疗保险基金总支出 \(fund\.basic\.expenditure\) +369\.07亿元 → 369\.29亿元/);
    expect(r.out).toContain('6 figures differ: 2 changed, 1 added, 3 removed');
  });

  it('exit 0 and nothing listed for identical folders; exit 2 for a missing folder or a bad format', () => {
    const same = yearbook(['diff', 'old', 'old'], root);
    expect([same.status, same.out]).toEqual([0, '没有数字变化\n']);
    const sameJson = JSON.parse(yearbook(['diff', 'new', 'new', '--format', 'json'], root).out) as { changes: unknown[] };
    expect(sameJson.changes).toEqual([]);
    expect(yearbook(['diff', 'new', 'new', '--format', 'github'], root).out).toBe('');
    const missing = yearbook(['diff', 'old', 'nope'], root);
    expect([missing.status, missing.out, missing.err]).toEqual([2, '', 'yearbook diff：数据目录“nope”不存在\n']);
    const fmt = yearbook(['diff', 'old', 'new', '--format', 'xml'], root);
    expect([fmt.status, fmt.err]).toEqual([2, 'yearbook diff：不支持的格式“xml”；可用：text、json、github、markdown\n']);
    const one = yearbook(['diff', 'old'], root);
    expect(one.status).toBe(2);
    expect(one.err).toContain('请写出两个数据目录');
  });

  it('a broken file on one side: named, its document left out on both sides, the other figures compared, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yearbook-diff-broken-'));
    try {
      cpSync(DATA, join(dir, 'a'), { recursive: true });
      cpSync(DATA, join(dir, 'b'), { recursive: true });
      writeFileSync(join(dir, 'b/2022/150200.yaml'), 'region: "150200"\nyear: 2022\nfigures: [unclosed\n');
      const r = yearbook(['diff', 'a', 'b', '--format', 'json'], dir);
      expect(r.status).toBe(1);
      const j = JSON.parse(r.out) as { changes: unknown[]; unread: { file: string; side: string; message: string; same: boolean }[] };
      expect(j.changes).toEqual([]);
      expect(j.unread.map((u) => [u.file, u.side, u.same])).toEqual([['b/2022/150200.yaml', 'new', false]]);
      expect(j.unread[0]!.message).toMatch(/YAML/);
      expect(r.err).toMatch(/^yearbook diff：未比较（新版）：b\/2022\/150200\.yaml:\d+:\d+：/);
      const text = yearbook(['diff', 'a', 'b'], dir);
      expect(text.out).toMatch(/未比较（新版）：b\/2022\/150200\.yaml:\d+:\d+：/);
      expect(text.out.trimEnd().split('\n').pop()).toBe('没有数字变化；1个文档未比较');
      // the same broken text on both sides is no difference
      writeFileSync(join(dir, 'a/2022/150200.yaml'), 'region: "150200"\nyear: 2022\nfigures: [unclosed\n');
      expect(yearbook(['diff', 'a', 'b'], dir).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('git revisions (REV:PATH)', () => {
  let repo: string;
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', GIT_CONFIG_NOSYSTEM: '1' };
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'yearbook-diff-git-'));
    cpSync(join(root, 'old'), join(repo, 'data'), { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'base');
    rmSync(join(repo, 'data'), { recursive: true });
    cpSync(join(root, 'new'), join(repo, 'data'), { recursive: true });
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  const rows = (out: string): unknown[][] => (JSON.parse(out) as { changes: Record<string, unknown>[] }).changes.map((c) => [c.path, c.old, c.new, c.file, c.line, c.column]);
  const expected = (newPrefix: string, oldPrefix: string): unknown[][] => [
    ['fund.basic.expenditure', '369.07', '369.29', `${newPrefix}2022/150000.yaml`, ...P.changed!],
    ['fund.basic.balance', null, '700.10', `${newPrefix}2022/150000.yaml`, ...P.added!],
    ['payment.institutions', '1015', null, `${newPrefix}2022/150000.yaml`, ...P.removed!],
    ['fund.basic.income', '39.26', '39.62', `${newPrefix}2022/150500.yaml`, ...P.other!],
    ['insured.total', '301.60', null, `${oldPrefix}2021/150100.yaml`, ...P.goneTotal!],
    ['insured.employee', '104.20', null, `${oldPrefix}2021/150100.yaml`, ...P.goneEmployee!],
  ];

  it('HEAD:data against the work tree, and HEAD alone meaning the same folder in the work tree', () => {
    const r = yearbook(['diff', 'HEAD:data', 'data', '--format', 'json'], repo);
    expect(r.status, r.err).toBe(1);
    expect(rows(r.out)).toEqual(expected('data/', 'HEAD:data/'));
    const short = yearbook(['diff', 'main:data', '--format', 'json'], repo);
    expect(rows(short.out)).toEqual(expected('data/', 'main:data/'));
  });

  it('HEAD~1:data against HEAD:data after a commit; github annotations name the work-tree path', () => {
    git('add', '-A');
    git('commit', '-qm', 'edit');
    const r = yearbook(['diff', 'HEAD~1:data', 'HEAD:data', '--format', 'json'], repo);
    expect(r.status, r.err).toBe(1);
    expect(rows(r.out)).toEqual(expected('HEAD:data/', 'HEAD~1:data/'));
    const gh = yearbook(['diff', 'HEAD~1:data', 'HEAD:data', '--format', 'github'], repo);
    expect(gh.out.split('\n')[0]).toBe(`::warning file=data/2022/150000.yaml,line=${P.changed![0]},col=${P.changed![1]},title=yearbook diff：数字修改::内蒙古自治区2022年基本医疗保险基金总支出（fund.basic.expenditure）：原数 369.07亿元 → 现数 369.29亿元`);
    expect(yearbook(['diff', 'HEAD:data', 'data'], repo)).toMatchObject({ status: 0, out: '没有数字变化\n' });
    // from a subfolder: ./ is relative to it, as in git
    expect(yearbook(['diff', 'HEAD~1:./', '.', '--format', 'json'], join(repo, 'data')).status).toBe(1);
    expect(rows(yearbook(['diff', 'HEAD~1:./', '.', '--format', 'json'], join(repo, 'data')).out)[0]).toEqual(['fund.basic.expenditure', '369.07', '369.29', '2022/150000.yaml', ...P.changed!]);
  });

  it('a bad revision, a missing path, a file, no repository: exit 2 with a message saying what to write', () => {
    const bad = yearbook(['diff', 'nosuch:data', 'data'], repo);
    expect([bad.status, bad.err]).toEqual([2, 'yearbook diff：git 仓库中没有版本“nosuch”（nosuch:data）；请写分支名、标签或提交号，如 main:data、origin/main:data、HEAD~1:data\n']);
    const path = yearbook(['diff', 'HEAD:dat', 'data'], repo);
    expect([path.status, path.err]).toEqual([2, 'yearbook diff：版本 HEAD 中没有目录“dat”（HEAD:dat）；路径从仓库根目录算起，相对当前目录请写成 HEAD:./dat\n']);
    const file = yearbook(['diff', 'HEAD:data/regions.yaml', 'data'], repo);
    expect([file.status, file.err]).toEqual([2, 'yearbook diff：版本 HEAD 中的“data/regions.yaml”是文件，不是目录（HEAD:data/regions.yaml）\n']);
    const outside = mkdtempSync(join(tmpdir(), 'yearbook-diff-norepo-'));
    try {
      const r = yearbook(['diff', 'HEAD:data', 'data'], outside);
      expect([r.status, r.err]).toEqual([2, 'yearbook diff：没有名为“HEAD:data”的目录；按“版本:目录”理解时，当前目录又不在 git 仓库中\n']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('editions (--editions)', () => {
  let dir: string;
  const K = `region: "150100"\nyear: 2022\nedition: 快报\nfigures:\n  insured:\n    total: {value: 316.02, status: p}\n    employee: 108.49\n  fund:\n    basic:\n      income: 85.37\n`;
  const Y = `region: "150100"\nyear: 2022\nedition: 年报\nfigures:\n  insured:\n    total: {value: 316.20, status: r}\n    employee: 108.49\n    resident: 207.71\n  fund:\n    basic:\n      income: 85.37\n`;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'yearbook-diff-ed-'));
    for (const f of ['regions.yaml', 'indicators.yaml']) cpSync(join(DATA, f), join(dir, 'data', f));
    writeFileSync(join(dir, 'data/150100-2022-kb.yaml'), K);
    writeFileSync(join(dir, 'data/150100-2022-nb.yaml'), Y);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists what the later edition revised, at its positions in the later edition', () => {
    const r = yearbook(['diff', '--editions', '快报', '年报', '--format', 'json'], dir);
    expect(r.status, r.err).toBe(1);
    const j = JSON.parse(r.out) as { editions: unknown; changes: Record<string, unknown>[] };
    expect(j.editions).toEqual({ earlier: '快报', later: '年报' });
    expect(j.changes.map((c) => [c.region, c.year, c.edition, c.path, c.old, c.new, c.status, c.file, c.line, c.column])).toEqual([
      ['150100', 2022, '年报', 'insured.total', '316.02', '316.20', 'r', 'data/150100-2022-nb.yaml', ...pos(Y, '{value: 316.20')],
      ['150100', 2022, '年报', 'insured.resident', null, '207.71', null, 'data/150100-2022-nb.yaml', ...pos(Y, '207.71')],
    ]);
    const text = yearbook(['diff', '--editions', '快报', '年报', 'data'], dir);
    expect(text.out.split('\n').map((l) => l.replace(/ {2,}/g, '  ').trimEnd())).toEqual([
      '呼和浩特市（150100）2022年（快报 → 年报）',
      `  基本医疗保险参保人数（insured.total）  316.02万人 → 316.20万人  data/150100-2022-nb.yaml:${pos(Y, '{value: 316.20').join(':')}`,
      `  城乡居民基本医疗保险参保人数（insured.resident）  新增 207.71万人  data/150100-2022-nb.yaml:${pos(Y, '207.71').join(':')}`,
      '',
      '共2处：修改1处，新增1处，删除0处（年报对快报的修订）',
      '',
    ]);
    // the two editions never compare in a check (FORMAT.md §4): no duplicate document is reported
    const check = yearbook(['check', 'data', '--format', 'json'], dir);
    const kinds = (JSON.parse(check.out) as { findings: { kind: string }[] }).findings.map((f) => f.kind);
    expect(kinds).not.toContain('duplicate-document');
  });

  it('an edition no document names: exit 2 listing the editions the folder has', () => {
    const r = yearbook(['diff', '--editions', '快报', '公报', 'data'], dir);
    expect([r.status, r.err]).toEqual([2, 'yearbook diff：没有版本（edition）为“公报”的文档；“data”中的版本有：快报、年报\n']);
    const same = yearbook(['diff', '--editions', '年报', '年报'], dir);
    expect(same.status).toBe(2);
    expect(same.err).toContain('请写两个不同的版本');
  });
});
