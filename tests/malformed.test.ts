/**
 * Malformed-input corpus for `yearbook check` (FORMAT.md §7, §9, §10). Every case builds a fresh data
 * folder in the system temp directory — a small valid base (regions, a catalogue with a rule, one
 * consistent region-year document) plus the broken file(s) — and runs the command line's `main(argv,
 * io)` in this process with an in-memory Io. It asserts the exit status, the finding in the JSON
 * report (kind, file as given joined with the path inside the folder, line, column, a message in the
 * user's language), that the other files are still checked, and that nothing looks like a crash.
 * Nothing may reach the real standard output or error around the Io.
 *
 * Most cases also add a "witness": a second, well-formed document whose sum is deliberately wrong.
 * Its equation finding must still be reported, which shows that one broken file does not stop the
 * others (and that the catalogue and its rule were read).
 *
 * A few runs are real child processes (`node bin/yearbook.js`, from dist/, compiled by
 * vitest.global-setup.ts): one case of each exit status, 1 and 2, for the absence of stack traces at
 * the process level, where a crash in the process wrapper (bin/yearbook.js, a module of dist/ that
 * fails to load) shows; and the one case whose outcome depends on the process's own call stack.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, symlinkSync, unlinkSync, writeFileSync, writeSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { gbk } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/yearbook.js');

// ---------------------------------------------------------------------------------------------
// The valid base folder

const REGIONS = `regions:
  - code: "150000"
    name: 内蒙古自治区
    children:
      - code: "150100"
        name: 呼和浩特市
      - code: "150500"
        name: 通辽市
`;

const INDICATORS = `indicators:
  insured.total:     {label: 基本医疗保险参保人数, unit: 万人}
  insured.employee:  {label: 职工基本医疗保险参保人数, unit: 万人}
  insured.resident:  {label: 城乡居民基本医疗保险参保人数, unit: 万人}
  fund.basic.income: {label: 基本医疗保险基金收入, unit: 亿元}
rules:
  - insured.total = insured.employee + insured.resident
`;

/** Consistent: 586.83 + 1583.11 = 2169.94. */
const VALID_DOC = `region: "150000"
year: 2022
source: 《内蒙古年鉴》2023卷
figures:
  insured:
    total: 2169.94
    employee: 586.83
    resident: 1583.11
  fund:
    basic:
      income: 511.17
`;

/** Well-formed but wrong: 100.00 + 150.00 ≠ 300.00, reported at the value of total (line 5, column 12). */
const WITNESS_REL = '2022/150100.yaml';
const WITNESS_DOC = `region: "150100"
year: 2022
figures:
  insured:
    total: 300.00
    employee: 100.00
    resident: 150.00
`;
const WITNESS_FINDING: Expected = { kind: 'equation', rel: WITNESS_REL, line: 5, column: 12, message: /基本医疗保险参保人数300\.00万人，分项之和为250\.00万人，相差50\.00万人/ };

// ---------------------------------------------------------------------------------------------
// Cases

interface Expected {
  kind: string;
  /** Path inside the data folder; the report must show it joined to DIR as given. */
  rel: string;
  line: number;
  column: number;
  message: RegExp;
  severity?: 'error' | 'warning';
}

interface Case {
  name: string;
  /** Files written into the base folder (relative path → text or bytes). */
  files?: Record<string, string | Uint8Array>;
  /** Extra file-system set-up (links, directories, deletions, generated files). */
  setup?: (dir: string) => void;
  /** Add the witness document (default true). */
  witness?: boolean;
  status: 0 | 1;
  /** Findings that must be in the report. */
  expect: Expected[];
  /** Default true: outside the witness, the report has exactly the expected findings. */
  exact?: boolean;
  /** When not exact: at most this many findings outside the witness. */
  maxFindings?: number;
  /** The report must count at least this many documents (default: 1, or 2 with the witness). */
  documents?: number;
  /** How DIR is written on the command line. */
  dirArg?: 'absolute' | 'relative' | 'trailing-slash';
  /** Also run `--format text` and check it. */
  text?: boolean;
  /** Upper bound on the run time of the check, in milliseconds. */
  maxMs?: number;
  /** More assertions on the parsed report. */
  more?: (report: JsonReport, dirShown: string) => void;
  /** Run as a child process (node bin/yearbook.js): the outcome depends on the real process's call stack. */
  childProcess?: true;
}

const BOMB_CLASSIC = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat('bcdefghi'.split('').map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`))
  .join('\n') + '\n';

/** Nine levels of maps inside `figures`: the loader walks unknown groups, so this one does get expanded. */
const BOMB_FIGURES =
  'region: "150500"\nyear: 2022\nfigures:\n' +
  '  a: &a {x: lol}\n' +
  'bcdefghi'
    .split('')
    .map((l, i) => `  ${l}: &${l} {${Array.from({ length: 9 }, (_, k) => `k${k + 1}: *${'abcdefghi'[i]}`).join(', ')}}\n`)
    .join('');

const CASES: Case[] = [
  // --- YAML syntax -----------------------------------------------------------------------------
  {
    name: 'YAML syntax error: unclosed flow map',
    files: { '2022/150500.yaml': 'region: "150500"\nyear: 2022\nfigures: {insured: {total: 1}\nsource: x\n' },
    status: 1,
    // the parser notices the missing `}` where the next block line starts
    expect: [{ kind: 'yaml', rel: '2022/150500.yaml', line: 4, column: 1, message: /YAML语法错误/ }],
    text: true,
    dirArg: 'relative',
  },
  {
    name: 'a tab used for indentation',
    files: { '2022/150500.yaml': 'region: "150500"\nyear: 2022\nfigures:\n\tinsured:\n\t\ttotal: 1\n' },
    status: 1,
    expect: [
      { kind: 'yaml', rel: '2022/150500.yaml', line: 4, column: 1, message: /制表符.*空格缩进/ },
      { kind: 'yaml', rel: '2022/150500.yaml', line: 5, column: 1, message: /制表符/ },
    ],
  },
  {
    name: 'duplicate key',
    files: { '2022/150500.yaml': 'region: "150500"\nyear: 2022\nfigures:\n  insured:\n    total: 1\n    total: 2\n' },
    status: 1,
    expect: [{ kind: 'yaml', rel: '2022/150500.yaml', line: 6, column: 5, message: /键“total”在同一层级重复出现/ }],
  },
  {
    name: 'deep nesting (20 000 open brackets) overflows the YAML parser',
    files: { '2022/150500.yaml': 'region: "150500"\nyear: 2022\nfigures: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n' },
    status: 1,
    expect: [{ kind: 'yaml', rel: '2022/150500.yaml', line: 3, column: 10, message: /嵌套层次过深/ }],
    maxMs: 10_000,
    // The yaml package reports the overflow once or twice (the same place, the same text) depending on
    // how deep the stack already is when it starts: once in the command line's own process, which is
    // what a user sees; at other depths (main() inside a vitest worker) twice, a duplicate finding.
    childProcess: true,
  },
  {
    name: 'multi-document file (--- twice)',
    files: { '2022/150500.yaml': '---\nregion: "150500"\nyear: 2022\n---\nregion: "150500"\nyear: 2023\n' },
    status: 1,
    expect: [{ kind: 'yaml', rel: '2022/150500.yaml', line: 4, column: 1, message: /只能包含一个YAML文档/ }],
  },

  // --- alias bombs -----------------------------------------------------------------------------
  {
    name: 'alias bomb, classic (9 levels of 9 aliases) as a document',
    files: { '2022/bomb.yaml': BOMB_CLASSIC },
    status: 1,
    // aliases are resolved when the file is read: the budget stops the expansion at once
    expect: [{ kind: 'yaml', rel: '2022/bomb.yaml', line: 1, column: 1, message: /别名炸弹/ }],
    exact: true,
    maxMs: 10_000,
  },
  {
    name: 'alias bomb inside figures (maps, expanded by the loader) stops at the alias budget',
    files: { '2022/bomb.yaml': BOMB_FIGURES },
    status: 1,
    expect: [{ kind: 'yaml', rel: '2022/bomb.yaml', line: 1, column: 1, message: /别名炸弹/ }],
    exact: false,
    maxMs: 20_000,
  },

  // --- size, bytes and encodings -----------------------------------------------------------------
  {
    name: 'a 50 MB file is refused by size, without being parsed',
    setup: (dir) => {
      // 1 MiB of 64-byte figure lines, written 50 times
      const line = Buffer.from('  insured_total: 123456.78 万人  # ');
      const line64 = Buffer.concat([line, Buffer.alloc(63 - line.length, 'x'), Buffer.from('\n')]);
      expect(line64.length).toBe(64);
      const chunk = Buffer.alloc(1024 * 1024).fill(line64);
      const fd = openSync(join(dir, '2022/huge.yaml'), 'w');
      try {
        writeSync(fd, 'region: "150500"\nyear: 2022\nfigures:\n');
        for (let i = 0; i < 50; i++) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
    },
    status: 1,
    expect: [{ kind: 'yaml', rel: '2022/huge.yaml', line: 1, column: 1, message: /文件过大（50\.0 MB），单个文件上限为5\.0 MB，已跳过/ }],
    maxMs: 5_000,
  },
  {
    name: 'binary file named x.yaml',
    setup: (dir) => {
      const b = Buffer.alloc(4096);
      for (let i = 0; i < b.length; i++) b[i] = (i * 7919 + 13) % 256; // every byte value, NULs included
      writeFileSync(join(dir, '2022/x.yaml'), b);
    },
    status: 1,
    expect: [{ kind: 'yaml', rel: '2022/x.yaml', line: 1, column: 1, message: /不是文本.*UTF-8/ }],
  },
  {
    name: 'GBK-encoded Chinese text: reported, then decoded and checked',
    files: {
      '2022/150500.yaml': gbk('region: 通辽市\nyear: 2022\nsource: 《内蒙古年鉴》2023卷\nfigures:\n  insured:\n    total: 300 万人\n    employee: 100\n    resident: 150\n'),
    },
    witness: false,
    status: 1,
    expect: [
      { kind: 'yaml', rel: '2022/150500.yaml', line: 1, column: 1, message: /不是UTF-8编码.*GB18030\/GBK.*另存为UTF-8/ },
      // the decoded content is checked: region found by its Chinese name, the wrong sum reported
      { kind: 'equation', rel: '2022/150500.yaml', line: 6, column: 12, message: /基本医疗保险参保人数300万人，分项之和为250万人，相差50万人/ },
    ],
    documents: 2,
    text: true,
  },
  {
    name: 'UTF-8 with BOM is fine',
    files: { '2022/150500.yaml': '\ufeffregion: "150500"\nyear: 2022\nfigures:\n  insured:\n    total: 250\n    employee: 100\n    resident: 150\n' },
    witness: false,
    status: 0,
    expect: [],
    documents: 2,
  },
  {
    name: 'UTF-8 with BOM: columns on the first line do not count the BOM',
    files: { '2022/150500.yaml': '\ufeffregion: "150600"\nyear: 2022\n' },
    status: 1,
    expect: [{ kind: 'schema', rel: '2022/150500.yaml', line: 1, column: 9, message: /regions\.yaml中没有地区“150600”/ }],
  },
  {
    name: 'CRLF line endings: fine, and line numbers stay right',
    files: {
      '2022/150500.yaml': 'region: "150500"\r\nyear: 2022\r\nfigures:\r\n  insured:\r\n    total: 250.00\r\n    employee: 100.00\r\n    resident: 150.00\r\n',
      '2021/150500.yaml': 'region: "150500"\r\nyear: 2021\r\nfigures:\r\n  insured:\r\n    total: 300.00\r\n    employee: 100.00\r\n    resident: 150.00\r\n',
    },
    witness: false,
    status: 1,
    // the clean CRLF file has no finding; the wrong one is located exactly like its LF twin
    expect: [{ kind: 'equation', rel: '2021/150500.yaml', line: 5, column: 12, message: /分项之和为250\.00万人/ }],
    documents: 3,
    text: true,
  },

  // --- wrong types -------------------------------------------------------------------------------
  {
    name: 'figure given as a list',
    files: { '2022/150500.yaml': 'region: "150500"\nyear: 2022\nfigures:\n  insured:\n    total: [1, 2]\n    employee: {value: [3]}\n' },
    status: 1,
    expect: [
      { kind: 'schema', rel: '2022/150500.yaml', line: 5, column: 12, message: /数字“insured\.total”应写成数值/ },
      { kind: 'schema', rel: '2022/150500.yaml', line: 6, column: 23, message: /“insured\.employee\.value”应为数值/ },
    ],
  },
  {
    name: 'year written as text 二〇二二',
    files: { '2022/150500.yaml': 'region: "150500"\nyear: 二〇二二\n' },
    status: 1,
    expect: [{ kind: 'schema', rel: '2022/150500.yaml', line: 2, column: 7, message: /年份“二〇二二”无效；应为四位数字年份/ }],
  },
  {
    name: 'region given as a map',
    files: { '2022/150500.yaml': 'region:\n  code: "150500"\nyear: 2022\n' },
    status: 1,
    // points at the map; the wording is that of a missing region
    expect: [{ kind: 'schema', rel: '2022/150500.yaml', line: 2, column: 3, message: /“region”/ }],
  },

  // --- schema --------------------------------------------------------------------------------------
  {
    name: 'unknown region code, with a suggestion',
    files: { '2022/150600.yaml': 'region: "150600"\nyear: 2022\n' },
    status: 1,
    expect: [{ kind: 'schema', rel: '2022/150600.yaml', line: 1, column: 9, message: /regions\.yaml中没有地区“150600”，是否应为“150\d00”/ }],
    dirArg: 'trailing-slash',
  },
  {
    name: 'missing year',
    files: { '2022/150500.yaml': 'region: "150500"\nfigures:\n  insured:\n    total: 1\n' },
    status: 1,
    expect: [{ kind: 'schema', rel: '2022/150500.yaml', line: 1, column: 1, message: /缺少必填字段“year”/ }],
  },
  {
    name: 'missing region',
    files: { '2022/150500.yaml': 'year: 2022\nfigures:\n  insured:\n    total: 1\n' },
    status: 1,
    expect: [{ kind: 'schema', rel: '2022/150500.yaml', line: 1, column: 1, message: /缺少必填字段“region”/ }],
  },
  {
    name: 'empty file',
    files: { '2022/150500.yaml': '' },
    status: 1,
    expect: [{ kind: 'schema', rel: '2022/150500.yaml', line: 1, column: 1, message: /文件为空/ }],
  },
  {
    name: 'file with only a comment',
    files: { '2022/150500.yaml': '# 通辽市2022年数据,待补\n' },
    status: 1,
    expect: [{ kind: 'schema', rel: '2022/150500.yaml', line: 1, column: 1, message: /文件为空；地区年度文件至少需要region和year/ }],
  },
  {
    name: 'unknown top-level field, with "did you mean"',
    files: { '2022/150500.yaml': 'region: "150500"\nyear: 2022\nsoruce: 《通辽年鉴》2023卷\n' },
    status: 1,
    expect: [{ kind: 'schema', rel: '2022/150500.yaml', line: 3, column: 1, message: /未知字段“soruce”，是否应为“source”/ }],
  },
  {
    name: 'figure path typo insured.totl',
    files: { '2022/150500.yaml': 'region: "150500"\nyear: 2022\nfigures:\n  insured:\n    totl: 300\n' },
    status: 1,
    expect: [{ kind: 'schema', rel: '2022/150500.yaml', line: 5, column: 5, message: /指标目录中没有“insured\.totl”，是否应为“insured\.total”/ }],
  },

  // --- units ---------------------------------------------------------------------------------------
  {
    name: 'unit of the wrong family (亿元 for a 万人 indicator)',
    files: { '2022/150500.yaml': 'region: "150500"\nyear: 2022\nfigures:\n  insured:\n    total: 3 亿元\n' },
    status: 1,
    expect: [{ kind: 'unit', rel: '2022/150500.yaml', line: 5, column: 12, message: /基本医疗保险参保人数的单位应为“万人”一类，此处写作“亿元”/ }],
  },
  {
    name: 'unknown unit',
    files: { '2022/150500.yaml': 'region: "150500"\nyear: 2022\nfigures:\n  insured:\n    total: 300 万户\n' },
    status: 1,
    expect: [{ kind: 'unit', rel: '2022/150500.yaml', line: 5, column: 12, message: /“万户”不是支持的单位/ }],
  },

  // --- the folder itself -------------------------------------------------------------------------
  {
    name: 'a directory named x.yaml: a warning, and the files inside are checked',
    setup: (dir) => {
      mkdirSync(join(dir, '2022/x.yaml'));
      writeFileSync(join(dir, '2022/x.yaml/150500.yaml'), 'region: "150500"\nyear: 2022\nfigures:\n  insured:\n    total: 250\n    employee: 100\n    resident: 150\n');
    },
    witness: false,
    status: 0,
    expect: [{ kind: 'yaml', rel: '2022/x.yaml', line: 1, column: 1, message: /“x\.yaml”是目录而不是文件，已检查其中的文件/, severity: 'warning' }],
    documents: 2,
    text: true,
  },
  {
    name: 'unreadable file (dangling symlink x.yaml -> missing)',
    setup: (dir) => symlinkSync('missing', join(dir, '2022/x.yaml')),
    status: 1,
    expect: [{ kind: 'yaml', rel: '2022/x.yaml', line: 1, column: 1, message: /无法读取文件/ }],
    text: true,
  },
  {
    name: 'regions.yaml missing',
    setup: (dir) => unlinkSync(join(dir, 'regions.yaml')),
    files: { '2022/150600.yaml': 'region: "150600"\nyear: 2022\n' },
    status: 1,
    // regions cannot be checked, so the unknown code 150600 is not reported; the rules still run
    expect: [{ kind: 'schema', rel: 'regions.yaml', line: 1, column: 1, message: /数据目录中缺少regions\.yaml；无法核对地区/ }],
    documents: 3,
  },
  {
    name: 'regions.yaml broken (syntax error)',
    files: { 'regions.yaml': 'regions:\n  - code: "150000"\n    name: [内蒙古自治区\n' },
    status: 1,
    expect: [{ kind: 'yaml', rel: 'regions.yaml', line: 4, column: 1, message: /YAML语法错误/ }],
    exact: false,
    maxFindings: 3,
  },
  {
    name: 'indicators.yaml missing',
    setup: (dir) => unlinkSync(join(dir, 'indicators.yaml')),
    witness: false,
    status: 1,
    expect: [{ kind: 'schema', rel: 'indicators.yaml', line: 1, column: 1, message: /数据目录中缺少indicators\.yaml；无法核对指标和规则/ }],
    documents: 1,
  },
  {
    name: 'indicators.yaml with a broken rule expression (a + = b); the other rule still applies',
    setup: (dir) => appendFileSync(join(dir, 'indicators.yaml'), '  - insured.total + = insured.employee\n  - check: a + = b\n    severity: warning\n'),
    status: 1,
    expect: [
      { kind: 'schema', rel: 'indicators.yaml', line: 8, column: 5, message: /规则“insured\.total \+ = insured\.employee”无法解析/ },
      { kind: 'schema', rel: 'indicators.yaml', line: 9, column: 12, message: /规则“a \+ = b”无法解析/ },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Running the command line

interface JsonFinding {
  kind: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
  path: string | null;
}

interface JsonReport {
  version: number;
  summary: { documents: number; figures: number; checks: number; errors: number; warnings: number; accepted: number };
  findings: JsonFinding[];
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

type Runner = (args: string[]) => Promise<Run>;

/** `main(argv, io)` in this process, its output collected by the Io; anything written around the Io fails the test. */
const inProcess: Runner = async (args) => {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (s) => void (stdout += s), err: (s) => void (stderr += s), colorOut: false, env: { NO_COLOR: '1' } };
  const stray = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write'), ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m))];
  const t0 = performance.now();
  let status: number;
  let strayCalls: unknown[][];
  try {
    status = await main(args, io);
  } finally {
    strayCalls = stray.flatMap((spy) => spy.mock.calls); // before mockRestore, which clears them
    for (const spy of stray) spy.mockRestore();
  }
  const ms = performance.now() - t0;
  expect(strayCalls, 'output outside the Io').toEqual([]);
  return { status, stdout, stderr, ms };
};

/** The real command line as a child process: `node bin/yearbook.js ARGS`, from dist/. */
const childProcess: Runner = async (args) => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.YEARBOOK_DEBUG;
  const t0 = performance.now();
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], { cwd: process.cwd(), encoding: 'utf8', env, maxBuffer: 512 * 1024 * 1024, timeout: 55_000 });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms };
};

const STACK = /\n\s+at .+\(.*:\d+:\d+\)/;
/** Stack frames without parentheses: `    at file:///…/x.js:1:2`, `    at node:internal/…`. */
const STACK_BARE = /\n\s+at (?:file:|node:|\/)\S*:\d+:\d+/;

function expectNoCrash(r: Run): void {
  for (const s of [r.stdout, r.stderr]) {
    // only the head and the tail: a flood of findings is long, and a crash prints at either end
    const probe = s.length > 200_000 ? s.slice(0, 100_000) + '\n' + s.slice(-100_000) : s;
    expect(probe).not.toMatch(STACK);
    expect(probe).not.toMatch(STACK_BARE);
    expect(probe).not.toMatch(/TypeError|RangeError|ReferenceError|SyntaxError: Unexpected/);
    expect(probe).not.toMatch(/内部错误/);
  }
}

const temps: string[] = [];

function makeFolder(c: Case): string {
  const dir = mkdtempSync(join(tmpdir(), 'yearbook-malformed-'));
  temps.push(dir);
  mkdirSync(join(dir, '2022'));
  writeFileSync(join(dir, 'regions.yaml'), REGIONS);
  writeFileSync(join(dir, 'indicators.yaml'), INDICATORS);
  writeFileSync(join(dir, '2022/150000.yaml'), VALID_DOC);
  if (c.witness !== false) writeFileSync(join(dir, WITNESS_REL), WITNESS_DOC);
  for (const [rel, content] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  c.setup?.(dir);
  return dir;
}

function dirArgOf(dir: string, how: Case['dirArg']): string {
  if (how === 'relative') return relative(process.cwd(), dir); // as main() and the child resolve it
  if (how === 'trailing-slash') return dir + '/';
  return dir;
}

/** DIR as given joined with the path inside DIR (FORMAT.md §10). */
function shown(dirArg: string, rel: string): string {
  return dirArg.replace(/\/+$/, '') + '/' + rel;
}

function findMatch(findings: JsonFinding[], e: Expected, dirArg: string): JsonFinding | undefined {
  const file = shown(dirArg, e.rel);
  return findings.find((f) => f.kind === e.kind && f.file === file && f.line === e.line && f.column === e.column && e.message.test(f.message));
}

function describeFindings(findings: JsonFinding[]): string {
  return findings
    .slice(0, 30)
    .map((f) => `${f.kind} ${f.severity} ${f.file}:${f.line}:${f.column} ${f.message}`)
    .join('\n');
}

beforeAll(() => {
  // the hand-made encoder agrees with the known GBK bytes of 内蒙古
  expect([...gbk('内蒙古')]).toEqual([0xc4, 0xda, 0xc3, 0xc9, 0xb9, 0xc5]);
});

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** Runs one corpus case with `run` and checks its report (JSON, and text when the case asks). */
async function checkCase(c: Case, run: Runner): Promise<void> {
  const dir = makeFolder(c);
  try {
    const dirArg = dirArgOf(dir, c.dirArg);
    const r = await run(['check', dirArg, '--format', 'json']);
    expectNoCrash(r);
    if (c.maxMs !== undefined) expect(r.ms, 'run time (ms)').toBeLessThan(c.maxMs);
    expect(r.stderr).toBe('');
    expect(r.status, `exit status; stderr: ${r.stderr}`).toBe(c.status);

    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.version).toBe(1);
    const { findings, summary } = report;

    const expected = c.witness === false ? c.expect : [...c.expect, WITNESS_FINDING];
    for (const e of expected) {
      const f = findMatch(findings, e, dirArg);
      expect(f, `expected ${e.kind} at ${shown(dirArg, e.rel)}:${e.line}:${e.column} matching ${e.message}; got:\n${describeFindings(findings)}`).toBeDefined();
      expect(f!.severity).toBe(e.severity ?? 'error');
    }
    const others = findings.filter((f) => f.file !== shown(dirArg, WITNESS_REL));
    if (c.exact !== false) {
      expect(others.length, `findings besides the witness:\n${describeFindings(others)}`).toBe(c.expect.length);
    } else if (c.maxFindings !== undefined) {
      expect(others.length, `findings besides the witness:\n${describeFindings(others)}`).toBeLessThanOrEqual(c.maxFindings);
    }

    // the valid base document (and the witness) were still read and checked
    expect(summary.documents).toBeGreaterThanOrEqual(c.documents ?? (c.witness === false ? 1 : 2));
    expect(summary.figures).toBeGreaterThanOrEqual(4); // the four figures of the valid base document
    expect(summary.errors).toBe(findings.filter((f) => f.severity === 'error').length);
    expect(summary.warnings).toBe(findings.filter((f) => f.severity === 'warning').length);
    expect(findings.some((f) => f.file === shown(dirArg, '2022/150000.yaml'))).toBe(false);

    if (c.text) {
      const t = await run(['check', dirArg]);
      expectNoCrash(t);
      expect(t.status).toBe(c.status);
      expect(t.stdout).not.toContain('\r');
      for (const e of expected) {
        const line = t.stdout.split('\n').find((l) => l.startsWith(`${shown(dirArg, e.rel)}:${e.line}:${e.column}  `) && l.endsWith(`[${e.kind}]`) && e.message.test(l));
        expect(line, `text report line for ${e.kind} at ${e.rel}:${e.line}:${e.column}:\n${t.stdout.slice(0, 3000)}`).toBeDefined();
      }
      const last = t.stdout.trimEnd().split('\n').at(-1) ?? '';
      expect(last).toMatch(c.status === 1 ? /^✖ \d+个错误/ : /^[⚠✔] /);
      expect(last).toMatch(new RegExp(`检查了${summary.documents}个文件`));
    }
    c.more?.(report, dirArg);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('malformed input: a finding, never a crash (FORMAT.md §7, §9, §10)', () => {
  it('has a corpus of at least 24 malformed inputs', () => {
    expect(CASES.length + CLI_CASES.length).toBeGreaterThanOrEqual(24);
  });

  for (const c of CASES) it(c.childProcess ? `${c.name} (node bin/yearbook.js)` : c.name, () => checkCase(c, c.childProcess ? childProcess : inProcess));
});

// ---------------------------------------------------------------------------------------------
// The check cannot run: exit 2, a clear message on standard error, no report on standard output

interface CliCase {
  name: string;
  args: (dir: string) => string[];
  stderr: RegExp[];
}

const CLI_CASES: CliCase[] = [
  { name: 'DIR does not exist', args: (d) => ['check', join(d, 'no-such-folder'), '--format', 'json'], stderr: [/数据目录“.*no-such-folder”不存在/] },
  { name: 'DIR is a file', args: (d) => ['check', join(d, 'regions.yaml'), '--format', 'json'], stderr: [/“.*regions\.yaml”不是目录/] },
  { name: 'an unknown option', args: (d) => ['check', d, '--format', 'json', '--frobnicate'], stderr: [/--frobnicate/, /yearbook --help/] },
  { name: '--format xml', args: (d) => ['check', d, '--format', 'xml'], stderr: [/不支持的格式“xml”/, /json/] },
  { name: '--format without a value', args: (d) => ['check', d, '--format'], stderr: [/--format/, /yearbook --help/] },
  { name: 'two folders', args: (d) => ['check', d, d, '--format', 'json'], stderr: [/只能指定一个数据目录/] },
];

async function checkCliCase(c: CliCase, dir: string, run: Runner): Promise<void> {
  const r = await run(c.args(dir));
  expectNoCrash(r);
  expect(r.status, `stderr: ${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  for (const re of c.stderr) expect(r.stderr).toMatch(re);
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
}

describe('the check cannot run: exit 2 (FORMAT.md §9)', () => {
  let dir = '';
  beforeAll(() => {
    dir = makeFolder({ name: 'base', status: 1, expect: [] });
  });

  for (const c of CLI_CASES) it(c.name, () => checkCliCase(c, dir, inProcess));
});

// ---------------------------------------------------------------------------------------------
// The same through the real process: what main() returns becomes the exit status, and nothing
// between the process and main() (bin/yearbook.js, loading dist/) prints a stack trace

/** A case with findings in both report formats, read from a non-UTF-8 file: exit 1. */
const PROCESS_CASE = 'GBK-encoded Chinese text: reported, then decoded and checked';
/** A check that cannot run: exit 2. */
const PROCESS_CLI_CASE = 'DIR does not exist';

describe('as a child process (node bin/yearbook.js)', () => {
  let dir = '';
  beforeAll(() => {
    dir = makeFolder({ name: 'base', status: 1, expect: [] });
  });

  it(`${PROCESS_CASE}: exit 1`, () => checkCase(CASES.find((c) => c.name === PROCESS_CASE)!, childProcess));

  it(`${PROCESS_CLI_CASE}: exit 2`, () => checkCliCase(CLI_CASES.find((c) => c.name === PROCESS_CLI_CASE)!, dir, childProcess));

  it('prints the same report as main() in this process', async () => {
    const args = ['check', dir, '--format', 'json'];
    const [child, here] = [await childProcess(args), await inProcess(args)];
    expect(child.status).toBe(1);
    expect({ ...child, ms: 0 }).toEqual({ ...here, ms: 0 });
  });
});
