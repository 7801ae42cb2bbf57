/** The work summary and plan pages (summary.hbs), 公文 in the GB/T 9704 layout. Pure. */
import type { Dataset } from '../core/parse/dataset.js';
import type { Doc, Section } from '../core/model/types.js';
import type { Chart } from './plan.js';
import { markChartSvg } from './mark.js';
import { figureTable } from './figure-table.js';
import { headingNumber } from './numbers.js';
import { taskRows } from './tasks.js';
import type { TextRenderer } from './text.js';
import { common, paragraphs, rendererFor, type PageOptions, type Templates } from './page-common.js';

interface SectionView {
  tag: string;
  cls: string;
  number: string;
  title: string;
  paragraphs: string[];
  sections: SectionView[];
}

function sectionViews(sections: Section[], depth: number, r: TextRenderer): SectionView[] {
  return sections.map((s, i) => ({
    tag: ['h2', 'h3', 'h4', 'h5'][Math.min(depth, 3)]!,
    cls: `h${Math.min(depth, 3) + 1}`,
    number: headingNumber(depth, i + 1),
    title: r.render(s.title, `${s.key}.title`),
    paragraphs: paragraphs(s.text, `${s.key}.text`, r),
    sections: sectionViews(s.sections, depth + 1, r),
  }));
}

export function summaryHtml(t: Templates, data: Dataset, doc: Doc, charts: Chart[], opts: PageOptions): string {
  const s = doc.summary!;
  const r = rendererFor(data, doc, opts);
  const table = figureTable(doc, 1, opts.mark);
  const heading = r.render(s.title, 'summary.title') || `${doc.region?.name ?? doc.regionCode}${doc.year}年工作总结`;
  return t.summary({
    ...common(t, opts, heading, s.author ?? s.issuer ?? doc.region?.name ?? '', 'summary'),
    heading,
    meta: [s.issuer, s.date].filter(Boolean).join(' '),
    intro: paragraphs(s.intro, 'summary.intro', r),
    sections: sectionViews(s.sections, 0, r),
    author: s.author,
    charts: opts.mark ? charts.map((c) => ({ ...c, svg: markChartSvg(c.svg, [doc]) })) : charts,
    tables: table ? [table] : [],
    tasks: null,
  });
}

export function planHtml(t: Templates, data: Dataset, doc: Doc, charts: Chart[], opts: PageOptions): string {
  const p = doc.plan!;
  const r = rendererFor(data, doc, opts);
  const { rows, counts: countText } = taskRows(p, r);
  const table = figureTable(doc, 1, opts.mark);
  const heading = r.render(p.title, 'plan.title') || `${doc.region?.name ?? doc.regionCode}实施方案`;
  return t.summary({
    ...common(t, opts, `${heading}任务进展`, p.issuer ?? doc.region?.name ?? '', 'summary'),
    heading: `${heading}任务进展`,
    meta: [p.issuer, p.as_of ? `截至${p.as_of}` : null].filter(Boolean).join(' '),
    intro: paragraphs(p.intro, 'plan.intro', r),
    sections: sectionViews(p.sections, 0, r),
    author: null,
    charts,
    tables: table ? [table] : [],
    tasks: { caption: `表${table ? 2 : 1} 任务进展`, rows, counts: countText },
  });
}
