/**
 * What the command line says to its users (#8 items 12, 15, 16, 19): every command's own help with
 * an example in both languages; an output folder a build cannot write into, a missing templates
 * folder and a bad PUPPETEER_EXECUTABLE_PATH refused before a browser starts (exit 2, in Chinese;
 * /proc, a launch failure and Ctrl-C: tests/cli-build-refusals.test.ts, which runs the real build);
 * option values in the user's terms; spreadsheet read failures without the library's English; a
 * reader that closes the pipe early ends the command without a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import { checkOutputFolder } from '../src/io/out-folder.js';
import { REGIONS, removeFolder, writeFolder } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/yearbook.js', import.meta.url));
const DATA = fileURLToPath(new URL('../data', import.meta.url));
const COMMANDS = ['check', 'build', 'serve', 'import', 'import-text', 'init', 'schema', 'fix', 'diff'];

async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), colorOut: false, env };
  const status = await main(args, io);
  return { status, out, err };
}

/** The lines of a help text's examples: those after its 示例/Examples heading that run the command. */
function examples(help: string, heading: string, command: string): string[] {
  const at = help.indexOf(heading);
  if (at < 0) return [];
  return help
    .slice(at)
    .split('\n')
    .filter((l) => l.startsWith(`  yearbook ${command} `));
}

describe('help (#8 item 15)', () => {
  for (const command of COMMANDS) {
    for (const lang of ['zh', 'en'] as const) {
      it(`yearbook ${command} --help${lang === 'en' ? ' --lang en' : ''}: its own usage and an example, exit 0`, async () => {
        const r = await run([command, '--help', ...(lang === 'en' ? ['--lang', 'en'] : [])]);
        expect(r.status).toBe(0);
        expect(r.err).toBe('');
        // its own text, not the general one
        expect(r.out.split('\n')[0]).toMatch(new RegExp(`^yearbook ${command} `));
        const usage = r.out.indexOf(lang === 'en' ? 'Usage' : '用法');
        expect(usage, r.out).toBeGreaterThanOrEqual(0);
        expect(r.out.slice(usage)).toMatch(new RegExp(`^\\s+yearbook ${command}( |$)`, 'm'));
        expect(examples(r.out, lang === 'en' ? 'Examples' : '示例', command).length, r.out).toBeGreaterThan(0);
        if (lang === 'en') expect(r.out).not.toMatch(/[用示选]/);
      });
    }
  }

  it('yearbook --help lists every command, one line each, in both languages', async () => {
    for (const args of [['--help'], ['--help', '--lang', 'en'], ['help']]) {
      const r = await run(args);
      expect(r.status).toBe(0);
      for (const command of COMMANDS) expect(r.out.match(new RegExp(`^  ${command} .*\\S$`, 'gm')), `${args.join(' ')}: ${command}`).toHaveLength(1);
    }
    // the general help is not a command's
    expect((await run(['--help'])).out).not.toBe((await run(['check', '--help'])).out);
  });

  it('yearbook help COMMAND is COMMAND --help', async () => {
    const help = await run(['help', 'build']);
    expect(help.out).toMatch(/^yearbook build /);
    expect(help.out).toBe((await run(['build', '--help'])).out);
  });
});

describe('option values (#8 item 16)', () => {
  it('--max-warnings -1 says it needs a non-negative integer', async () => {
    const r = await run(['check', DATA, '--max-warnings', '-1']);
    expect(r.status).toBe(2);
    expect(r.err).toContain('--max-warnings 需要一个非负整数');
    expect(r.err).toContain('“-1”');
    expect(r.err).not.toContain('值有误');
    const en = await run(['check', DATA, '--max-warnings', '-1', '--lang', 'en']);
    expect(en.status).toBe(2);
    expect(en.err).toContain('--max-warnings needs a non-negative integer');
  });

  it('a missing value, a value where none is taken, a value starting with a dash', async () => {
    const missing = await run(['check', DATA, '--max-warnings']);
    expect(missing.status).toBe(2);
    expect(missing.err).toContain('选项“--max-warnings”后面缺少值：需要一个非负整数');
    expect(missing.err).not.toContain('<value>');
    const noValue = await run(['check', DATA, '--quiet=yes']);
    expect(noValue.err).toContain('选项“--quiet”不接受值');
    const dash = await run(['build', DATA, '--chapter', '-x']);
    expect(dash.status).toBe(2);
    expect(dash.err).toContain('--chapter=-x');
    for (const r of [missing, noValue, dash]) expect(r.err).toMatch(/yearbook (check|build) --help/);
  });

  it('serve names a bad option in Chinese, not parseArgs English', async () => {
    const r = await run(['serve', '--bogus']);
    expect(r.status).toBe(2);
    expect(r.err).toContain('未知选项“--bogus”');
    expect(r.err).not.toContain('Unknown option');
  });
});

describe('what a build cannot use is refused before the browser starts (#8 items 12, 16)', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = writeFolder({ afile: 'not a folder\n', 'not-a-browser': 'plain text\n' });
  });
  afterAll(() => removeFolder(tmp));

  const refused = async (args: string[], env: Record<string, string | undefined> = {}): Promise<string> => {
    const r = await run(['build', DATA, ...args], env);
    expect(r.status, r.err).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).not.toContain('内部错误');
    expect(r.err).not.toMatch(/ENOTDIR:|at .*\.js:\d+/);
    return r.err;
  };

  it('--out naming a file, or a folder below a file', async () => {
    const file = join(tmp, 'afile');
    const err = await refused(['--out', file]);
    expect(err).toContain(`不能把输出写到“${file}”`);
    expect(err).toContain('是一个文件，不是目录');
    expect(err).toContain('--out');
    expect(await refused(['--out', join(file, 'sub')])).toContain(`“${file}”是一个文件`);
    expect(await refused(['--out', file, '--lang', 'en'])).toContain('is a file, not a folder');
  });

  it('the check of a usable folder leaves nothing behind', () => {
    const out = join(tmp, 'new', 'deeper');
    expect(checkOutputFolder(out)).toBeNull();
    expect(existsSync(join(tmp, 'new'))).toBe(false);
    const there = join(tmp, 'there');
    mkdirSync(there);
    expect(checkOutputFolder(there)).toBeNull();
    expect(readdirSync(there)).toEqual([]);
  });

  it('--templates naming a folder that does not exist: exit 2, naming it', async () => {
    const missing = join(tmp, 'no-templates');
    const err = await refused(['--templates', missing, '--out', join(tmp, 'out')]);
    expect(err).toContain(`模板目录“${missing}”不存在`);
  });

  it('PUPPETEER_EXECUTABLE_PATH naming nothing, a folder or a file that cannot run', async () => {
    const out = ['--out', join(tmp, 'out')];
    const missing = await refused(out, { PUPPETEER_EXECUTABLE_PATH: '/nonexist/chromium' });
    expect(missing).toContain('PUPPETEER_EXECUTABLE_PATH');
    expect(missing).toContain('“/nonexist/chromium”不存在');
    expect(await refused(out, { PUPPETEER_EXECUTABLE_PATH: tmp })).toContain('是一个目录');
    if (process.platform !== 'win32' && process.getuid?.() !== undefined) {
      expect(await refused(out, { PUPPETEER_EXECUTABLE_PATH: join(tmp, 'not-a-browser') })).toContain('不是可执行文件');
    }
    expect(await refused([...out, '--lang', 'en'], { PUPPETEER_EXECUTABLE_PATH: '/nonexist/chromium' })).toContain('PUPPETEER_EXECUTABLE_PATH names “/nonexist/chromium”');
  });

  it('serve refuses a missing --templates folder too', async () => {
    const r = await run(['serve', DATA, '--templates', join(tmp, 'no-templates'), '--port', '0']);
    expect(r.status).toBe(2);
    expect(r.err).toContain('模板目录');
  });
});

describe.runIf(process.platform === 'linux')('other commands writing under /proc (#8 item 12)', () => {
  // run as processes: before the fix they spun in mkdirSync's recursive walk, deaf to SIGTERM
  const yearbook = (args: string[]): { status: number | null; signal: string | null; stderr: string } =>
    spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' }) as { status: number | null; signal: string | null; stderr: string };

  it('schema --out /proc/x/FILE: refused at once, exit 2', () => {
    const r = yearbook(['schema', DATA, '--out', '/proc/yearbook-x/schema.json']);
    expect(r.signal, 'still running after 20 s').toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('不能把文件写到“/proc/yearbook-x/schema.json”');
    expect(r.stderr).toContain('无法新建目录“/proc/yearbook-x”');
  });

  it('import-text --out /proc/x/FILE: refused at once, exit 2', () => {
    const seed = fileURLToPath(new URL('./fixtures/seeds/000_72ad55d0602a6819.txt', import.meta.url));
    const r = yearbook(['import-text', seed, '--region', '150500', '--year', '2023', '--into', DATA, '--out', '/proc/yearbook-x/a.yaml']);
    expect(r.signal, 'still running after 20 s').toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('不能把文件写到“/proc/yearbook-x/a.yaml”');
  });
});

describe('spreadsheets that cannot be read (#8 item 16)', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = writeFolder({
      'data/regions.yaml': REGIONS,
      'data/indicators.yaml': 'indicators:\n  insured.total: {label: 基本医疗保险参保人数, unit: 万人}\n',
      'text.xlsx': '地区,insured.total\n150000,1\n',
      'dir.xlsx/x': '',
      'quote.csv': '地区,insured.total\n"150000,1\n',
    });
  });
  afterAll(() => removeFolder(tmp));

  const importErr = async (file: string): Promise<string> => {
    const r = await run(['import', file, '--into', join(tmp, 'data'), '--dry-run']);
    expect(r.status).toBe(2);
    // none of exceljs's, jszip's or Node's English
    for (const english of ['File not found', "Can't find", 'zip', 'http', 'ENOENT', 'EISDIR', 'Quote Not Closed']) expect(r.err).not.toContain(english);
    return r.err;
  };

  it('a file that is not a workbook, though named .xlsx', async () => {
    const err = await importErr(join(tmp, 'text.xlsx'));
    expect(err).toContain('不是有效的 Excel 文件');
    expect(err).toContain('另存为');
  });

  it('a file that does not exist, .xlsx or .csv', async () => {
    for (const name of ['nofile.xlsx', 'nofile.csv']) {
      const file = join(tmp, name);
      expect(await importErr(file)).toContain(`找不到文件“${file}”`);
    }
  });

  it('a folder named .xlsx; a CSV with a quote never closed', async () => {
    expect(await importErr(join(tmp, 'dir.xlsx'))).toContain('是一个目录，不是文件');
    expect(await importErr(join(tmp, 'quote.csv'))).toContain('没有结束的引号');
  });
});

describe('a reader that closes the pipe early (#8 item 19)', () => {
  let big = '';
  beforeAll(() => {
    // a few thousand findings: far more text than a pipe holds, so the writer meets the closed pipe
    const figures = Array.from({ length: 3000 }, (_, i) => `  unknown_${i}: ${i}`).join('\n');
    big = writeFolder({
      'regions.yaml': REGIONS,
      'indicators.yaml': 'indicators:\n  insured.total: {label: 基本医疗保险参保人数, unit: 万人}\n',
      '2022/150000.yaml': `region: "150000"\nyear: 2022\nfigures:\n${figures}\n`,
    });
  });
  afterAll(() => removeFolder(big));

  /** Runs the built command and closes its standard output after the first chunk (as `| head -1` does), or before it reads anything (`| true`). */
  function closedEarly(args: string[], at: 'first chunk' | 'start' = 'first chunk'): Promise<{ code: number | null; signal: string | null; stderr: string; chunk: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let chunk = '';
      child.stderr.on('data', (c: Buffer) => void (stderr += c.toString('utf8')));
      if (at === 'start') child.stdout.destroy();
      else {
        child.stdout.once('data', (c: Buffer) => {
          chunk = c.toString('utf8');
          child.stdout.destroy();
        });
      }
      child.on('close', (code, signal) => resolve({ code, signal, stderr, chunk }));
    });
  }

  it('check: no stack trace, the exit status of the check', async () => {
    const r = await closedEarly(['check', big]);
    expect(r.chunk.length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1); // the check's own status: the folder has errors
  });

  it('schema --out -: no stack trace, exit 0', async () => {
    for (const at of ['first chunk', 'start'] as const) {
      const r = await closedEarly(['schema', DATA, '--out', '-'], at);
      expect(r.stderr, at).toBe('');
      expect(r.code, at).toBe(0);
    }
  });
});
