/**
 * The worker thread that draws chart SVGs (chart-render.ts): vega-lite → vega → SVG with the chart
 * font's metrics, off the thread that drives Chromium. Reads the chart assets only; writes nothing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { chartAssets } from '../io/chart-assets.js';
import { renderSvg, useChartAssets, type ChartInput } from '../render/charts.js';

export interface ChartJob {
  id: number;
  input: ChartInput;
}
export type ChartDone = { id: number; svg: string } | { id: number; error: string };

useChartAssets(chartAssets((workerData as { templates: string }).templates));
// one chart at a time, in the order asked: vega's text measure is process-wide
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (job: ChartJob) => {
  queue = queue.then(async () => {
    let done: ChartDone;
    try {
      done = { id: job.id, svg: await renderSvg(job.input) };
    } catch (e) {
      done = { id: job.id, error: e instanceof Error ? e.message : String(e) };
    }
    parentPort!.postMessage(done);
  });
});
parentPort!.postMessage({ ready: true });
