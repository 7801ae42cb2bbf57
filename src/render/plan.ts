/**
 * What a build produces from a dataset, in print order: an entry, summary or plan per document
 * (out/YEAR/CODE/KIND), then a chapter per year of every entry in region-tree order
 * (out/YEAR/chapter), each with the title and author its file carries. Shared by the PDF and
 * Word builds; renders no page.
 */
import { join } from 'node:path';
import { previousDoc, type Dataset } from '../io/folder.js';
import type { Doc } from '../core/model/types.js';
import type { RoundingMode } from './figure-text.js';
import { plainText } from './html.js';
import { textRenderer } from './text.js';

interface Common {
  /** Output path without extension. */
  base: string;
  year: number;
  title: string;
  author: string;
}

export type Output = (Common & { kind: 'entry' | 'summary' | 'plan'; doc: Doc }) | (Common & { kind: 'chapter'; docs: Doc[] });

/** Where a document's outputs go: out/YEAR/CODE, or out/YEAR/CODE-EDITION. */
export function docDir(out: string, doc: Doc): string {
  const code = doc.edition ? `${doc.regionCode}-${doc.edition.replace(/[\\/:*?"<>|\s]+/g, '_')}` : doc.regionCode!;
  return join(out, String(doc.year), code);
}

/** Region-tree order: the order entries are printed in. */
export function byRegionOrder(a: Doc, b: Doc): number {
  return (a.region?.order ?? 1e9) - (b.region?.order ?? 1e9) || (a.regionCode! < b.regionCode! ? -1 : 1);
}

/** A title as printed, in plain text (for the file's metadata). */
function renderedTitle(data: Dataset, doc: Doc, title: string, key: string, rounding: RoundingMode): string {
  return plainText(textRenderer(doc, { rounding, prev: previousDoc(data, doc) }).render(title, key));
}

export function plannedOutputs(data: Dataset, out: string, chapter: string, rounding: RoundingMode): Output[] {
  const docs = [...data.docs].sort((a, b) => a.year! - b.year! || byRegionOrder(a, b));
  const outputs: Output[] = [];
  for (const doc of docs) {
    const dir = docDir(out, doc);
    const name = doc.region?.name ?? doc.regionCode!;
    const year = doc.year!;
    if (doc.entry) {
      outputs.push({ kind: 'entry', doc, base: join(dir, 'entry'), year, title: `${name}${year}年${chapter}`, author: doc.entry.author ?? doc.entry.credit ?? name });
    }
    if (doc.summary) {
      const title = renderedTitle(data, doc, doc.summary.title, 'summary.title', rounding) || `${name}${year}年工作总结`;
      outputs.push({ kind: 'summary', doc, base: join(dir, 'summary'), year, title, author: doc.summary.author ?? doc.summary.issuer ?? name });
    }
    if (doc.plan) {
      const title = `${renderedTitle(data, doc, doc.plan.title, 'plan.title', rounding)}任务进展`;
      outputs.push({ kind: 'plan', doc, base: join(dir, 'plan'), year, title, author: doc.plan.issuer ?? name });
    }
  }
  for (const year of [...new Set(docs.filter((d) => d.entry).map((d) => d.year!))]) {
    const members = docs.filter((d) => d.entry && d.year === year);
    const first = members[0]!;
    outputs.push({
      kind: 'chapter',
      docs: members,
      base: join(out, String(year), 'chapter'),
      year,
      title: `${first.source ? first.source + ' ' : ''}${chapter}(${year}年)`,
      author: members.map((d) => d.entry!.author ?? d.entry!.credit).filter(Boolean).join('、') || chapter,
    });
  }
  return outputs;
}
