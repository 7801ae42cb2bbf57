/**
 * Chart SVGs for a build or the preview, drawn once: each ChartInput is keyed by the sha256 of the
 * input, the templates folder's chart templates and the tool itself (its code, templates, and the
 * versions of vega, vega-lite and the chart font); the SVG is taken from this process's memo, then
 * from the build's cache folder (OUT/.yearbook-cache/charts/, unless --force), and only then drawn —
 * in a worker thread (chart-worker.ts) so that vega never blocks the thread that drives Chromium,
 * or in this thread when no worker can run. Prints nothing; decides nothing about pages.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { chartAssets } from '../io/chart-assets.js';
import { readChartSvg, sha256, toolFingerprint, treeDigest, writeChartSvg } from '../io/cache-files.js';
import type { ChartInput } from '../render/charts.js';
import type { ChartRenderer } from '../render/plan.js';
import type { ChartDone, ChartJob } from './chart-worker.js';

export interface ChartCacheOptions {
  /** The output folder whose cache folder holds the SVGs (none: the memo only). */
  out?: string;
  /** Draw every chart again (--force): the cache folder is not read, only written. */
  force?: boolean;
  /** Draw in this thread, not in a worker. */
  inThread?: boolean;
}

/** A ChartRenderer that also says how its SVGs were had, and lets its worker go. */
export interface CachedChartRenderer extends ChartRenderer {
  readonly stats: { drawn: number; fromCache: number; fromMemo: number; inWorker: number };
  /** Stops the worker (a renderer used after this draws in this thread). */
  close(): Promise<void>;
}

let drawnInProcess = 0;
/** How many chart SVGs this process has drawn (vega run), in a worker or not: what a test of the cache counts. */
export const chartsDrawn = (): number => drawnInProcess;

const WORKER = new URL('./chart-worker.js', import.meta.url);
/** The memo keeps at most this many SVGs (a long preview session re-plans after every edit). */
const MEMO_MAX = 4000;

/** The charts module bound to a templates folder's chart templates, with the memo, the cache folder and the worker. */
export function cachedChartRenderer(templatesDir: string, opts: ChartCacheOptions = {}): Promise<CachedChartRenderer> {
  // the worker starts first, so that it loads vega while this thread reads and checks the folder
  const worker = opts.inThread ? null : startWorker(templatesDir);
  return (async () => {
    const c = await import('../render/charts.js');
    const assets = chartAssets(templatesDir);
    const salt = `${toolFingerprint()}\n${treeDigest(join(templatesDir, 'charts'))}\n`;
    const memo = new Map<string, Promise<string>>();
    const stats = { drawn: 0, fromCache: 0, fromMemo: 0, inWorker: 0 };
    const inThread = async (input: ChartInput): Promise<string> => {
      // the charts module holds one set of assets at a time: set ours before each (synchronous) use
      c.useChartAssets(assets);
      return c.renderSvg(input);
    };
    const draw = async (input: ChartInput): Promise<string> => {
      const w = await worker;
      let svg: string | null = null;
      if (w) {
        svg = await w.render(input);
        if (svg !== null) stats.inWorker++;
      }
      svg ??= await inThread(input);
      stats.drawn++;
      drawnInProcess++;
      return svg;
    };
    const get = (input: ChartInput): Promise<string> => {
      const key = sha256(salt + JSON.stringify(input));
      const had = memo.get(key);
      if (had) {
        stats.fromMemo++;
        return had;
      }
      const p = (async () => {
        const cached = opts.out && !opts.force ? readChartSvg(opts.out, key) : null;
        if (cached !== null) {
          stats.fromCache++;
          return cached;
        }
        const svg = await draw(input);
        if (opts.out) writeChartSvg(opts.out, key, svg);
        return svg;
      })();
      // a chart that could not be drawn is not remembered: the next ask draws it again (and meets the error itself)
      p.catch(() => memo.delete(key));
      if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value!);
      memo.set(key, p);
      return p;
    };
    return {
      stats,
      // a document's charts are asked for all at once: their drawing is queued before the first is awaited
      chartsFor: async (doc, data, size, withTitle) => {
        c.useChartAssets(assets);
        const inputs = c.chartsForDocument(doc, data, { size, title: withTitle });
        for (const input of inputs) get(input).catch(() => undefined);
        return inputs;
      },
      renderSvg: get,
      close: async () => (await worker)?.close(),
    };
  })();
}

interface ChartWorker {
  /** The SVG, or null when the worker could not draw it (it is gone): the caller draws it in its own thread. A drawing error rejects. */
  render(input: ChartInput): Promise<string | null>;
  close(): Promise<void>;
}

/** Starts the chart worker; null (draw in this thread) when there is none to start (run from the sources) or it fails to come up. */
function startWorker(templatesDir: string): Promise<ChartWorker | null> {
  if (!existsSync(fileURLToPath(WORKER))) return Promise.resolve(null);
  let w: Worker;
  try {
    w = new Worker(WORKER, { workerData: { templates: templatesDir } });
  } catch {
    return Promise.resolve(null);
  }
  const pending = new Map<number, { ok: (svg: string | null) => void; fail: (e: Error) => void }>();
  let next = 0;
  let gone = false;
  const lost = (): void => {
    gone = true;
    for (const p of pending.values()) p.ok(null);
    pending.clear();
  };
  return new Promise((resolve) => {
    w.on('error', () => {
      lost();
      resolve(null);
    });
    w.on('exit', () => {
      lost();
      resolve(null);
    });
    w.on('message', (m: ChartDone | { ready: true }) => {
      if ('ready' in m) {
        // an idle worker does not keep the process alive
        if (pending.size === 0) w.unref();
        resolve({
          render(input) {
            if (gone) return Promise.resolve(null);
            const id = next++;
            if (pending.size === 0) w.ref();
            return new Promise<string | null>((ok, fail) => {
              pending.set(id, { ok, fail });
              w.postMessage({ id, input } satisfies ChartJob);
            });
          },
          async close() {
            gone = true;
            await w.terminate();
          },
        });
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if ('svg' in m) p.ok(m.svg);
      else p.fail(new Error(m.error));
    });
  });
}
