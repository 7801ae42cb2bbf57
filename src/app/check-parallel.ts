/**
 * `yearbook check` on several cores: the folder's documents split into shares by region subtree,
 * each share checked by the kernel in a worker thread (one share in the main thread), the shares'
 * reports merged. Prints nothing, never exits, reads no environment.
 *
 *   io/readFolder(dir) → Source[] → partition by region (read from each file's `region:` line)
 *     → share i: own files + the files its checks look at (sub-regions) → check-share.ts in a thread
 *     → reports merged: findings sorted (compareFindings; a file is in one share only), summaries added
 *
 * The merged report is the serial one, byte for byte: every check of a document looks only at the
 * document, the same region's other years and its sub-regions, and the share holds all of them.
 * The partition is only a guess until the kernel has read the files: when a document's region is
 * not the one its `region:` line suggested (a name, a quoted or odd form), or when a folder is
 * small, the serial check runs instead.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readFolder } from '../io/folder.js';
import { checkSources, type Report } from '../core/check.js';
import { parseSources } from '../core/parse/dataset.js';
import { compareFindings } from '../core/findings/finding.js';
import type { Source } from '../core/parse/source.js';
import type { RegionTree } from '../core/model/types.js';
import { checkShare, pack, type ShareInput, type ShareOutput } from './check-share.js';

/** Below this many files the serial check is faster than starting threads. */
export const PARALLEL_MIN_FILES = 1000;

export interface ParallelOptions {
  /** Threads to use, the main thread included (default: the cores, at most 8); 1 = serial. */
  threads?: number;
  /** Files from which on threads are used (default PARALLEL_MIN_FILES). */
  minFiles?: number;
}

const WORKER = new URL('./check-worker.js', import.meta.url);

/** Reads and checks a data folder on several threads; the report is the serial checkFolder's. Throws FolderError as checkFolder. */
export async function checkFolderParallel(dir: string, opts: ParallelOptions = {}): Promise<Report> {
  let sources: Source[] | null = readFolder(dir);
  const threads = Math.max(1, Math.min(opts.threads ?? Math.min(availableParallelism(), 8), 64));
  // the serial check reads the folder again when the Sources were let go of (after a partition that did not hold)
  const serial = (): Report => checkSources(sources ?? readFolder(dir), { dir }).report;
  if (threads < 2 || sources.length < (opts.minFiles ?? PARALLEL_MIN_FILES) || !existsSync(fileURLToPath(WORKER))) return serial();
  const plan: (ShareInput | null)[] | null = partition(sources, dir, threads);
  if (!plan) return serial();
  // the workers first (each takes a copy of its files' bytes), then share 0 in this thread while they run;
  // the other shares' Sources are let go of here, so that their bytes are not held twice
  const running = plan.slice(1).map((share) => runWorker(share!));
  for (const r of running) r.catch(() => undefined); // handled below, after share 0
  const share0 = plan[0]!;
  plan.length = 0;
  sources = null;
  const first = checkShare(share0);
  let outs: ShareOutput[];
  try {
    outs = [first, ...(await Promise.all(running))];
  } catch {
    return serial(); // a worker could not run (no threads here): the same report, on one core
  }
  if (!outs.every((o) => o.partitionHeld)) return serial();
  return merge(outs.map((o) => o.report));
}

function runWorker(input: ShareInput): Promise<ShareOutput> {
  return new Promise((resolve, reject) => {
    const packed = pack(input);
    const w = new Worker(WORKER, { workerData: packed, transferList: [packed.bytes.buffer as ArrayBuffer] });
    w.once('message', (m: ShareOutput) => resolve(m));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`check worker exited with code ${code}`));
    });
  });
}

const REGION_LINE = /^region:[ \t]*(['"]?)(\d+)\1[ \t]*(?:#.*)?\r?$/gm;

/** The region code a document's top-level `region:` line names, or null when there is not exactly one plain one. */
function regionLine(s: Source): string | null {
  if (!s.bytes) return null;
  // the line is ASCII: latin1 reads it out of UTF-8 unchanged, and fast
  const text = Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength).toString('latin1');
  let code: string | null = null;
  let n = 0;
  for (const m of text.matchAll(REGION_LINE)) {
    code = m[2]!;
    if (++n > 1) return null;
  }
  return code;
}

/**
 * The shares: regions.yaml, indicators.yaml and anything not a plain document belong to share 0
 * and are read by every share; each region subtree (below the regions of the first levels, which
 * go to share 0) to the lightest share; a share also reads the documents of the sub-regions of its
 * regions that are in other shares. Null when the folder does not look partitionable.
 */
function partition(sources: Source[], dir: string, threads: number): ShareInput[] | null {
  const special = sources.filter((s) => /^(regions|indicators)\.ya?ml$/.test(s.rel));
  if (special.length !== 2) return null;
  // the region tree only (the catalogue is not needed to partition), read once for every share
  const regionsSource = special.find((s) => s.rel.startsWith('regions.'))!;
  const pre = parseSources([regionsSource], { dir });
  const tree = pre.regions;
  if (tree.byCode.size === 0) return null;
  const shown = regionsSource.file ?? regionsSource.rel;
  const preloaded = { rel: regionsSource.rel, tree, findings: pre.findings.filter((f) => f.file === shown) };
  const regions: Record<string, string> = {};
  const byRegion = new Map<string, Source[]>();
  const loose: Source[] = [];
  for (const s of sources) {
    if (special.includes(s)) continue;
    const code = s.problem ? null : regionLine(s);
    if (code === null) {
      loose.push(s);
      continue;
    }
    regions[s.rel] = code;
    let list = byRegion.get(code);
    if (!list) byRegion.set(code, (list = []));
    list.push(s);
  }
  // a document that names no region plainly could be of any region: then no partition is safe
  if (loose.some((s) => !s.problem)) return null;

  const group = assignGroups(tree, byRegion, threads);
  const shares = Array.from({ length: threads }, () => ({ own: [] as Source[], context: new Set<Source>() }));
  for (const s of [...special, ...loose]) shares[0]!.own.push(s);
  for (const [code, list] of byRegion) {
    const g = group.get(code) ?? 0;
    shares[g]!.own.push(...list);
    for (const child of tree.byCode.get(code)?.children ?? []) {
      if ((group.get(child) ?? 0) === g) continue;
      for (const c of byRegion.get(child) ?? []) shares[g]!.context.add(c);
    }
  }
  return shares
    .filter((sh, i) => i === 0 || sh.own.length > 0)
    .map((sh, i) => {
      const all = new Set<Source>([...sh.own, ...sh.context, ...(i === 0 ? [] : special)]);
      return { dir, sources: [...all], owned: sh.own.map((s) => s.rel), regions, tree: preloaded };
    });
}

/** Region code → share: whole subtrees of a level with enough of them, the heaviest first to the lightest share. */
function assignGroups(tree: RegionTree, byRegion: Map<string, Source[]>, threads: number): Map<string, number> {
  const weight = (code: string): number => {
    let w = byRegion.get(code)?.length ?? 0;
    for (const c of tree.byCode.get(code)?.children ?? []) w += weight(c);
    return w;
  };
  // the first level with at least four subtrees a thread (or the deepest there is)
  let level = tree.roots.slice();
  const upper: string[] = [];
  while (level.length < 4 * threads) {
    const next = level.flatMap((c) => tree.byCode.get(c)?.children ?? []);
    if (next.length === 0) break;
    upper.push(...level);
    level = next;
  }
  const group = new Map<string, number>();
  for (const c of upper) group.set(c, 0);
  const load = new Array<number>(threads).fill(0);
  // share 0 also checks the upper regions and the loose files: count them
  for (const c of upper) load[0]! += byRegion.get(c)?.length ?? 0;
  const subtrees = level.map((c) => ({ c, w: weight(c) })).sort((a, b) => b.w - a.w || (a.c < b.c ? -1 : 1));
  for (const { c, w } of subtrees) {
    let g = 0;
    for (let i = 1; i < threads; i++) if (load[i]! < load[g]!) g = i;
    load[g]! += w;
    const mark = (code: string): void => {
      group.set(code, g);
      for (const k of tree.byCode.get(code)?.children ?? []) mark(k);
    };
    mark(c);
  }
  return group;
}

/** The shares' reports as one: findings in report order, counts added. */
function merge(reports: Report[]): Report {
  const findings = reports.flatMap((r) => r.findings).sort(compareFindings);
  const sum = (k: keyof Report['summary']): number => reports.reduce((n, r) => n + r.summary[k], 0);
  return {
    version: 1,
    summary: { documents: sum('documents'), figures: sum('figures'), checks: sum('checks'), errors: sum('errors'), warnings: sum('warnings'), accepted: sum('accepted') },
    findings,
  };
}
