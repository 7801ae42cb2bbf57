/**
 * The chart assets of a templates folder: its vega-lite templates (templates/charts/NAME.vl.json,
 * each read once; the bundled one when the folder has none of that name) and the metrics of the
 * bundled chart font. Reads files; lays out nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHART_FONT_FAMILY, textWidth, wrapText } from './font-metrics.js';

/** The templates that ship with the tool. */
export const BUNDLED_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

export class ChartTemplateError extends Error {}

/** The shape render/charts.ts takes as ChartAssets (written out here: io does not import render). */
export interface ChartFiles {
  template(name: string): unknown;
  metrics: { family: string; textWidth: typeof textWidth; wrapText: typeof wrapText };
}

export function chartAssets(templatesDir: string = BUNDLED_TEMPLATES): ChartFiles {
  const cache = new Map<string, unknown>();
  return {
    template(name) {
      let t = cache.get(name);
      if (t !== undefined) return t;
      const own = join(templatesDir, 'charts', `${name}.vl.json`);
      const file = existsSync(own) ? own : join(BUNDLED_TEMPLATES, 'charts', `${name}.vl.json`);
      try {
        t = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new ChartTemplateError(`${file}：图表模板不是有效的JSON（${(e as Error).message.split('\n')[0]}）`);
      }
      cache.set(name, t);
      return t;
    },
    metrics: { family: CHART_FONT_FAMILY, textWidth, wrapText },
  };
}
