/**
 * `build --shard i/n` (issue #11, part 6), the split itself: every page of the plan in exactly one
 * shard, the same split whatever order the plan comes in, loads within one page of each other, and
 * `i/n` read strictly. The builds of the shards, byte for byte against a full build: shard-build.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { analyseFolder } from '../src/app/check.js';
import { renderPlan, type Page } from '../src/render/plan.js';
import { assignShards, pageWeight, parseShard, shardPages } from '../src/render/shards.js';

const plan = renderPlan(analyseFolder('data').data, { chapter: '医疗保障', rounding: 'half-up', charts: null });

/** A deterministic shuffle (so the test is the same on every run). */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('shards of the example data', () => {
  it('has pages of every kind to share out', () => {
    expect(new Set(plan.map((p) => p.kind))).toEqual(new Set(['entry', 'summary', 'plan', 'progress', 'chapter']));
  });

  for (const n of [1, 2, 3, 4, 7, 20]) {
    it(`puts every page in exactly one of ${n} shards, in plan order`, () => {
      const seen: string[] = [];
      for (let i = 1; i <= n; i++) {
        const mine = shardPages(plan, { index: i, count: n });
        // plan order kept within a shard
        expect(mine.map((p) => plan.indexOf(p))).toEqual([...mine.map((p) => plan.indexOf(p))].sort((a, b) => a - b));
        seen.push(...mine.map((p) => p.path));
      }
      expect(seen.sort()).toEqual(plan.map((p) => p.path).sort());
    });
  }

  it('splits the same way whatever order the pages are planned in', () => {
    for (const n of [2, 4]) {
      const ref = assignShards(plan, n);
      for (const seed of [1, 2, 3]) expect(assignShards(shuffled(plan, seed), n)).toEqual(ref);
    }
  });

  it('keeps the shards within one page of each other', () => {
    for (const n of [2, 3, 4]) {
      const load = new Array<number>(n).fill(0);
      for (const [path, i] of assignShards(plan, n)) load[i - 1]! += pageWeight(plan.find((p) => p.path === path)!);
      const heaviest = Math.max(...plan.map(pageWeight));
      expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(heaviest);
    }
  });

  it('weighs a chapter as all of its entries', () => {
    const chapter = plan.find((p) => p.kind === 'chapter')!;
    const entries = plan.filter((p) => p.kind === 'entry' && chapter.docs.includes(p.docs[0]!));
    expect(entries.length).toBe(chapter.docs.length);
    expect(pageWeight(chapter)).toBe(entries.reduce((s, p: Page) => s + pageWeight(p), 0));
  });
});

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('1/2')).toEqual({ index: 1, count: 2 });
    expect(parseShard(' 4 / 4 ')).toEqual({ index: 4, count: 4 });
  });
  it('refuses anything else', () => {
    for (const bad of ['0/2', '3/2', '1', '1/0', '-1/2', '1/2/3', 'a/b', '1.5/2', '', '1/1001']) expect(parseShard(bad), bad).toBeNull();
  });
});
