/**
 * Marks the figure labels in a chart's SVG for the preview: a <text> whose whole content is a
 * figure's written literal gets data-yb="path", as the text renderer marks the figures it prints
 * (render/text.ts) and the figure table its rows. Adds no style: the chart looks exactly as printed.
 * Pure.
 */
import type { Doc } from '../core/model/types.js';
import { escapeHtml } from './text.js';

/** Each literal a document's figures are written with → the paths that write it. */
function literals(docs: Doc[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const doc of docs) {
    for (const fig of doc.figures.values()) {
      for (const kind of ['value', 'before', 'after'] as const) {
        const lit = fig[kind]?.q.literal;
        if (!lit) continue;
        let s = out.get(lit);
        if (!s) out.set(lit, (s = new Set()));
        s.add(fig.path);
      }
    }
  }
  return out;
}

export function markChartSvg(svg: string, docs: Doc[]): string {
  const lits = literals(docs);
  if (lits.size === 0) return svg;
  return svg.replace(/<text\b([^>]*)>([^<]*)<\/text>/g, (all, attrs: string, content: string) => {
    const paths = lits.get(content.trim());
    return paths ? `<text data-yb="${escapeHtml([...paths].join(' '))}"${attrs}>${content}</text>` : all;
  });
}
