/**
 * `build --shard i/n` (issue #11, part 6): the shards of the example data, built by the real command
 * line into folders of their own, together write exactly the files of one full build, byte for byte,
 * none of them twice; and a bad --shard is a usage error naming the form, with nothing written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/yearbook.js');
const tmp = mkdtempSync(join(tmpdir(), 'yearbook-shard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file of a build (not its cache), relative path → bytes. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.yearbook-cache') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function build(out: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, 'build', 'data', '--out', out, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('build --shard', () => {
  it('two shards together are one full build, byte for byte', () => {
    const full = files((build(join(tmp, 'full')), join(tmp, 'full')));
    expect([...full.keys()].filter((f) => f.endsWith('.pdf')).length).toBeGreaterThanOrEqual(7);
    const parts = [1, 2].map((i) => {
      const out = join(tmp, `shard-${i}`);
      expect(build(out, '--shard', `${i}/2`)).toMatch(new RegExp(`^第${i}/2份：已生成 \\d+ 个PDF`));
      return files(out);
    });
    // each shard prints something, and no file is in both
    for (const p of parts) expect([...p.keys()].some((f) => f.endsWith('.pdf'))).toBe(true);
    const both = [...parts[0]!.keys()].filter((f) => parts[1]!.has(f));
    expect(both).toEqual([]);
    const union = new Map([...parts[0]!, ...parts[1]!]);
    expect([...union.keys()].sort()).toEqual([...full.keys()].sort());
    for (const [f, bytes] of full) expect(union.get(f)!.equals(bytes), f).toBe(true);
  }, 600_000);

  it('refuses a --shard that is not i/n, writing nothing', () => {
    for (const bad of ['3/2', '0/1', 'half']) {
      const out = join(tmp, `bad-${bad.replace('/', '_')}`);
      const r = spawnSync(process.execPath, [BIN, 'build', 'data', '--out', out, '--shard', bad], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--shard 应为 i/n，1 ≤ i ≤ n ≤ 1000（如 --shard 2/4：四份中的第二份），而不是“${bad}”`);
      expect(existsSync(out)).toBe(false);
    }
  });
});
