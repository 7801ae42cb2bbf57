/**
 * `build --shard i/n`: which of the render plan's pages the i-th of n builds prints. Every shard reads
 * and checks the whole folder and computes the same split, so n shards together print each page exactly
 * once: pages are weighed by their documents' source text (a chapter by all of its entries: laid out
 * in one document, it costs about what they cost apart, measured by `npm run bench`), and dealt heaviest first to the lightest shard so far (ties: the
 * lower shard, the earlier path). Pure: prints nothing and reads nothing but the plan.
 */
import type { Page } from './plan.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n ≤ 1000); null when it is not that. */
export function parseShard(text: string): Shard | null {
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count && count <= 1000 ? { index, count } : null;
}

/** A page's estimated cost: a fixed share per document printed and its source text. */
export function pageWeight(page: Page): number {
  return page.docs.reduce((sum, d) => sum + 2000 + d.text.length, 0);
}

/** The shard (1-based) each page goes to, by path. */
export function assignShards(plan: readonly Page[], count: number): Map<string, number> {
  const pages = plan.map((p) => ({ path: p.path, weight: pageWeight(p) }));
  pages.sort((a, b) => b.weight - a.weight || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const load = new Array<number>(count).fill(0);
  const out = new Map<string, number>();
  for (const p of pages) {
    let best = 0;
    for (let i = 1; i < count; i++) if (load[i]! < load[best]!) best = i;
    load[best]! += p.weight;
    out.set(p.path, best + 1);
  }
  return out;
}

/** The pages of one shard, in plan order (the whole plan when there is no shard). */
export function shardPages<P extends Page>(plan: readonly P[], shard: Shard | null | undefined): P[] {
  if (!shard || shard.count === 1) return [...plan];
  const of = assignShards(plan, shard.count);
  return plan.filter((p) => of.get(p.path) === shard.index);
}
