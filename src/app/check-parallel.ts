/**
 * `yearbook check` on several cores: the folder's documents split into shares by region subtree,
 * each share checked by the kernel in a worker thread (one share in the main thread), the shares'
 * reports merged. Prints nothing, never exits, reads no environment.
 *
 *   io/listFolder(dir) → entries (unread) → partition by region (guessed from a file's name, `150500.yaml`,
 *     else read from its `region:` line) → share i: own files + the files its checks look at (sub-regions)
 *     → check-share.ts in a thread, which reads its files itself → reports merged: findings sorted
 *     (compareFindings; a file is in one share only), summaries added
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
import { listFolder, readEntry, type FolderEntry } from '../io/folder.js';
import type { Report } from '../core/check.js';
import { parseSources } from '../core/parse/dataset.js';
import { compareFindings } from '../core/findings/finding.js';
import type { Source } from '../core/parse/source.js';
import type { RegionTree } from '../core/model/types.js';
import { checkShare, type ShareInput, type ShareOutput } from './check-share.js';
import { checkEntries } from './check-fast.js';

/** Below this many files the serial check is faster than starting threads. */
export const PARALLEL_MIN_FILES = 1000;

export interface ParallelOptions {
  /** Threads to use, the main thread included (default: the cores, at most 8); 1 = serial. */
  threads?: number;
  /** Files from which on threads are used (default PARALLEL_MIN_FILES). */
  minFiles?: number;
  /** Try the fast lane first (check-fast.ts; default true). */
  fast?: boolean;
}

const WORKER = new URL('./check-worker.js', import.meta.url);

/** Reads and checks a data folder on several threads; the report is the serial checkFolder's. Throws FolderError as checkFolder. */
export async function checkFolderParallel(dir: string, opts: ParallelOptions = {}): Promise<Report> {
  const entries = listFolder(dir);
  const threads = Math.max(1, Math.min(opts.threads ?? Math.min(availableParallelism(), 8), 64));
  const fast = opts.fast ?? true;
  const serial = async (): Promise<Report> => (await checkEntries(entries, { dir, fast })).report;
  if (threads < 2 || entries.length < (opts.minFiles ?? PARALLEL_MIN_FILES) || !existsSync(fileURLToPath(WORKER))) return serial();
  // the threads start (loading their modules) while this one reads the region tree and partitions
  const workers = Array.from({ length: threads - 1 }, () => startWorker());
  const plan = partition(entries, dir, threads, fast);
  if (!plan) {
    for (const w of workers) w.stop();
    return serial();
  }
  const running = plan.slice(1).map((share, i) => workers[i]!.run(share));
  for (const w of workers.slice(plan.length - 1)) w.stop();
  for (const r of running) r.catch(() => undefined); // handled below, after share 0
  const first = await checkShare(plan[0]!);
  let outs: ShareOutput[];
  try {
    outs = [first, ...(await Promise.all(running))];
  } catch {
    return serial(); // a worker could not run (no threads here): the same report, on one core
  }
  if (!outs.every((o) => o.partitionHeld)) return serial();
  return merge(outs.map((o) => o.report));
}

interface Started {
  run(share: ShareInput): Promise<ShareOutput>;
  stop(): void;
}

/** A worker thread, started now and given its share later (it reads the share's files itself). */
function startWorker(): Started {
  let w: Worker | null = null;
  let failed: unknown = null;
  try {
    w = new Worker(WORKER);
  } catch (e) {
    failed = e;
  }
  const done = new Promise<ShareOutput>((resolve, reject) => {
    if (!w) return reject(failed);
    w.once('message', (m: ShareOutput) => resolve(m));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`check worker exited with code ${code}`));
    });
  });
  done.catch(() => undefined);
  return {
    run(share) {
      w?.postMessage(share);
      return done;
    },
    stop() {
      void w?.terminate();
    },
  };
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

/** `2023/150500.yaml` → `150500`: a file named by a region code (a guess, checked when the share has read it); else null. */
function codeName(rel: string): string | null {
  const dot = rel.lastIndexOf('.');
  const ext = rel.slice(dot + 1).toLowerCase();
  if (dot < 0 || (ext !== 'yaml' && ext !== 'yml')) return null;
  const start = rel.lastIndexOf('/', dot) + 1;
  if (start === dot) return null;
  for (let i = start; i < dot; i++) {
    const c = rel.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return rel.slice(start, dot);
}

/**
 * The shares: regions.yaml, indicators.yaml and anything not a plain document belong to share 0
 * and are read by every share; each region subtree (below the regions of the first levels, which
 * go to share 0) to the lightest share; a share also reads the documents of the sub-regions of its
 * regions that are in other shares. A document's region is guessed from its file name when that
 * is a code of the region tree, else read from its `region:` line; every share checks the guess
 * (ShareOutput.partitionHeld). Null when the folder does not look partitionable.
 */
function partition(entries: FolderEntry[], dir: string, threads: number, fast: boolean): ShareInput[] | null {
  const special = entries.filter((s) => !s.problem && /^(regions|indicators)\.ya?ml$/.test(s.rel));
  if (special.length !== 2) return null;
  // the region tree only (the catalogue is not needed to partition), read once for every share
  const regionsEntry = special.find((s) => s.rel.startsWith('regions.'))!;
  const regionsSource = readEntry(regionsEntry);
  const pre = parseSources([regionsSource], { dir });
  const tree = pre.regions;
  if (tree.byCode.size === 0) return null;
  const shown = regionsSource.file ?? regionsSource.rel;
  const preloaded = { rel: regionsSource.rel, tree, findings: pre.findings.filter((f) => f.file === shown) };
  // entries by index: the region each is assumed to be of, and the entries of each region
  const codes: (string | null)[] = new Array(entries.length).fill(null);
  const byRegion = new Map<string, number[]>();
  const loose: number[] = [];
  const specials: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e === special[0] || e === special[1]) {
      specials.push(i);
      continue;
    }
    let code: string | null = null;
    if (!e.problem) {
      const named = codeName(e.rel);
      code = named !== null && tree.byCode.has(named) ? named : regionLine(readEntry(e));
    }
    if (code === null) {
      loose.push(i);
      continue;
    }
    codes[i] = code;
    let list = byRegion.get(code);
    if (!list) byRegion.set(code, (list = []));
    list.push(i);
  }
  // a document that names no region plainly could be of any region: then no partition is safe
  if (loose.some((i) => !entries[i]!.problem && readEntry(entries[i]!).problem === undefined)) return null;

  const group = assignGroups(tree, byRegion, threads);
  const shares = Array.from({ length: threads }, () => ({ own: [] as number[], context: new Set<number>() }));
  shares[0]!.own.push(...specials, ...loose);
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
      const all = [...new Set<number>([...sh.own, ...sh.context, ...(i === 0 ? [] : specials)])];
      const problems: ShareInput['problems'] = {};
      all.forEach((x, k) => {
        const p = entries[x]!.problem;
        if (p) problems[k] = p;
      });
      // paths and this share's assumed regions only: each share's input is copied to its thread
      return { dir, rels: all.map((x) => entries[x]!.rel), owned: sh.own.length, problems, regions: all.map((x) => codes[x] ?? ''), tree: preloaded, fast };
    });
}

/** Region code → share: whole subtrees of a level with enough of them, the heaviest first to the lightest share. */
function assignGroups(tree: RegionTree, byRegion: Map<string, number[]>, threads: number): Map<string, number> {
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
