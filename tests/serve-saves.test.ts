/**
 * `yearbook serve` sees every kind of save (issue #8, items 13 and 14): in place, a temporary file
 * renamed over (vim, Python's os.replace, `yearbook import`), delete and re-create, `sed -i`, again
 * and again on the same file; and a data folder deleted and restored while serving comes back.
 * Each step waits (bounded) until the server's Preview reflects what was saved.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAtomic } from '../src/io/atomic.js';
import { startServer, type RunningServer } from '../src/serve/server.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `cond` holds, polling every 20 ms, for at most `ms`; fails naming `what`. */
async function until(what: string, cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`等待超时:${what}`);
    await sleep(20);
  }
}

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end();
  });
}

const REL = '2023/150500.yaml';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function serve(): Promise<{ root: string; dir: string; server: RunningServer }> {
  const root = mkdtempSync(join(tmpdir(), 'yearbook-saves-'));
  const dir = join(root, 'data');
  cpSync('tests/fixtures/build', dir, { recursive: true });
  cleanup.push(() => rmSync(root, { recursive: true, force: true }));
  const server = await startServer({ dir, templates: 'templates', port: 0, host: '127.0.0.1', charts: false, debounceMs: 50 });
  cleanup.push(() => server.close());
  return { root, dir, server };
}

describe('yearbook serve: every kind of save refreshes the preview', () => {
  it('in place, rename over, delete + create, sed -i, atomic writes — one after another on the same file', async () => {
    const { dir, server } = await serve();
    const file = join(dir, REL);
    const original = readFileSync(file, 'utf8');
    expect(original).toContain('    total: 265.87\n');
    // save n: a marker line, and every other save breaks insured.total = employee + resident
    const content = (n: number): string => `# save ${n}\n` + original.replace('    total: 265.87\n', `    total: ${n % 2 === 1 ? '266.87' : '265.87'}\n`);
    const p = server.preview;
    const errorsOf = (): number => p.findingsOf(REL).filter((f) => f.severity === 'error').length;

    const saves: [string, (n: number) => void][] = [
      ['write in place', (n) => writeFileSync(file, content(n))],
      ['hidden temp file renamed over', (n) => {
        const tmp = join(dir, '2023', '.150500.yaml.swx');
        writeFileSync(tmp, content(n));
        renameSync(tmp, file);
      }],
      ['write in place after a rename', (n) => writeFileSync(file, content(n))],
      ['temp file renamed over (os.replace)', (n) => {
        const tmp = join(dir, '2023', 'tmpk3j9x2a1');
        writeFileSync(tmp, content(n));
        renameSync(tmp, file);
      }],
      ['a second rename over the same file', (n) => {
        const tmp = join(dir, '2023', 'tmpq8w7e6r5');
        writeFileSync(tmp, content(n));
        renameSync(tmp, file);
      }],
      ['vim: original renamed to a backup, new file written', (n) => {
        renameSync(file, file + '~');
        writeFileSync(file, content(n));
        unlinkSync(file + '~');
      }],
      ['delete, then create', (n) => {
        unlinkSync(file);
        writeFileSync(file, content(n));
      }],
      ['write in place after delete + create', (n) => writeFileSync(file, content(n))],
      ['sed -i', (n) => execFileSync('sed', ['-i', '-e', `1s/.*/# save ${n}/`, '-e', `s/^    total: .*/    total: ${n % 2 === 1 ? '266.87' : '265.87'}/`, file])],
      ['sed -i again', (n) => execFileSync('sed', ['-i', '-e', `1s/.*/# save ${n}/`, '-e', `s/^    total: .*/    total: ${n % 2 === 1 ? '266.87' : '265.87'}/`, file])],
      ['atomic write (as yearbook import writes)', (n) => writeAtomic(file, content(n))],
      ['a second atomic write', (n) => writeAtomic(file, content(n))],
      ['write in place at the end', (n) => writeFileSync(file, content(n))],
    ];
    writeFileSync(file, content(0));
    server.reload();
    expect(errorsOf()).toBe(0);
    for (const [i, [what, save]] of saves.entries()) {
      const n = i + 1;
      save(n);
      expect(readFileSync(file, 'utf8')).toBe(content(n));
      await until(`第${n}次保存(${what})之后预览应显示新内容`, () => p.docByFile(REL)?.text.startsWith(`# save ${n}\n`) === true);
      expect(errorsOf(), what).toBe(n % 2);
    }
    // what the browser gets agrees
    const view = JSON.parse(await get(server.port, `/api/view?file=${encodeURIComponent(REL)}&kind=entry`)) as { summary: { errors: number }; findings: unknown[] };
    expect(view.summary.errors).toBe(saves.length % 2);
    expect(await get(server.port, '/')).toContain(`${saves.length % 2}个错误`);
  });

  it('a file in a sub-folder renamed over, then edited in place, is seen each time', async () => {
    const { dir, server } = await serve();
    mkdirSync(join(dir, '2024', 'extra'), { recursive: true });
    const file = join(dir, '2024', 'extra', '150500.yaml');
    const doc = (n: number): string => `# v${n}\nregion: "150500"\nyear: 2024\nfigures:\n  insured:\n    total: ${n}\n`;
    const p = server.preview;
    const seen = (n: number): boolean => p.docByFile('2024/extra/150500.yaml')?.text.startsWith(`# v${n}\n`) === true;
    for (let n = 1; n <= 4; n++) {
      if (n % 2 === 0) writeFileSync(file, doc(n));
      else writeAtomic(file, doc(n));
      await until(`2024/extra/150500.yaml 第${n}次保存`, () => seen(n));
    }
  });
});

describe('yearbook serve: the data folder deleted and restored', () => {
  it('shows the folder-missing state, then the findings again once the folder is back', async () => {
    const { root, dir, server } = await serve();
    const p = server.preview;
    // one error, so the findings that come back are recognisable
    const broken = readFileSync(join(dir, REL), 'utf8').replace('    total: 265.87\n', '    total: 266.87\n');
    writeFileSync(join(dir, REL), broken);
    await until('保存后出现1个错误', () => p.report.summary.errors === 1);
    const backup = join(root, 'backup');
    cpSync(dir, backup, { recursive: true });

    rmSync(dir, { recursive: true, force: true });
    await until('删除数据目录后预览应显示目录不存在', () => p.fatal !== null);
    expect(p.report.summary.errors).toBe(0);
    expect(await get(server.port, '/')).toContain('class="fatal"');

    // restored in two steps: the folder first, its files later (as a slow copy or a checkout does)
    mkdirSync(dir);
    await until('数据目录恢复后预览应重新读取', () => p.fatal === null);
    cpSync(backup, dir, { recursive: true });
    await until('数据目录恢复后核对结果应回来', () => p.report.summary.errors === 1 && p.docByFile(REL) !== undefined);
    expect(p.findingsOf(REL).some((f) => f.kind === 'equation')).toBe(true);
    expect(await get(server.port, '/')).toContain('1个错误');

    // and the restored folder is watched again: a fix is seen
    writeFileSync(join(dir, REL), broken.replace('    total: 266.87\n', '    total: 265.87\n'));
    await until('恢复后的修改应被看到', () => p.report.summary.errors === 0);

    // moved away and back (same folder, same inode)
    const v = p.version;
    renameSync(dir, join(root, 'moved'));
    await until('移走数据目录后预览应显示目录不存在', () => p.fatal !== null && p.version > v);
    renameSync(join(root, 'moved'), dir);
    await until('移回数据目录后预览应重新读取', () => p.fatal === null && p.docByFile(REL) !== undefined);
    writeFileSync(join(dir, REL), broken);
    await until('移回后的修改应被看到', () => p.report.summary.errors === 1);
  });
});
