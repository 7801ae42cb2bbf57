/**
 * The preview's folder watcher (src/serve/watch.ts): one callback per burst of changes, sub-folders
 * created after the start followed, hidden folders and node_modules ignored.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchFolder, type Watcher } from '../src/serve/watch.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

function watched(): { dir: string; calls: () => number; watcher: Watcher } {
  const dir = mkdtempSync(join(tmpdir(), 'yearbook-watch-'));
  mkdirSync(join(dir, '2022'));
  let n = 0;
  const watcher = watchFolder(dir, () => n++, 100);
  cleanup.push(() => {
    watcher.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, calls: () => n, watcher };
}

describe('watchFolder', () => {
  it('calls back once for a burst of saves', async () => {
    const { dir, calls } = watched();
    await sleep(50);
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, '2022', `${i}.yaml`), `year: 2022\n`);
    await sleep(600);
    expect(calls()).toBe(1);
    writeFileSync(join(dir, '2022', '0.yaml'), 'year: 2023\n');
    await sleep(600);
    expect(calls()).toBe(2);
  });

  it('follows sub-folders created later and ignores hidden folders and node_modules', async () => {
    const { dir, calls } = watched();
    await sleep(50);
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'index'), 'x');
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', 'a.yaml'), 'x');
    await sleep(600);
    expect(calls()).toBe(0);
    mkdirSync(join(dir, '2023', 'deep'), { recursive: true });
    await sleep(600);
    const before = calls();
    writeFileSync(join(dir, '2023', 'deep', '150500.yaml'), 'year: 2023\n');
    await sleep(600);
    expect(calls()).toBe(before + 1);
  });

  it('calls nothing after close', async () => {
    const { dir, calls, watcher } = watched();
    await sleep(50);
    writeFileSync(join(dir, '2022', 'a.yaml'), 'x');
    watcher.close();
    await sleep(400);
    expect(calls()).toBe(0);
  });
});
