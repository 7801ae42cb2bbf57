/** The preview re-renders only the views a save affects: the document, its next year, its region. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Preview } from '../src/app/preview.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

it('a save re-renders the affected views and serves the rest from the cache', async () => {
  dir = mkdtempSync(join(tmpdir(), 'yearbook-cache-'));
  cpSync('tests/fixtures/build', dir, { recursive: true });
  const preview = new Preview({ dir, templates: 'templates', charts: false });
  const entry = { kind: 'entry' as const, file: '2023/150500.yaml' };
  // the tasks' titles print in the plan's progress table
  const plan = { kind: 'progress' as const, file: '2023/150200.yaml' };
  await preview.render(entry);
  await preview.render(plan);
  expect(preview.renders).toBe(2);

  // unrelated: the Baotou plan changes, the Tongliao entry does not
  edit(join(dir, '2023/150200.yaml'), '扩大基本医疗保险覆盖面', '扩大医疗保险覆盖面');
  preview.reload();
  await preview.render(entry);
  expect(preview.renders).toBe(2);
  expect(await preview.render(plan)).toContain('扩大医疗保险覆盖面');
  expect(preview.renders).toBe(3);

  // the year before feeds prev(): the 2023 entry is re-rendered with the new value
  edit(join(dir, '2022/150500.yaml'), 'balance: 55.31', 'balance: 55.32');
  preview.reload();
  expect(await preview.render(entry)).toMatch(/上年末(<[^>]+>)*55\.32亿元/);
  expect(preview.renders).toBe(4);
  await preview.render(plan);
  expect(preview.renders).toBe(4);
});
