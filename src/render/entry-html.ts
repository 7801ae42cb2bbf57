/** The yearbook entry and chapter pages (entry.hbs): one region's entries, or many with contents. Pure. */
import type { Dataset } from '../core/parse/dataset.js';
import type { Doc, FigureStatus } from '../core/model/types.js';
import type { Chart } from './plan.js';
import { markChartSvg } from './mark.js';
import { figureTable, tableId } from './figure-table.js';
import { statTables, type StatTable } from './stat-tables.js';
import { plainText, statusNote } from './text.js';
import { errataTable } from './errata.js';
import { ERRATA_TITLE } from './plan.js';
import { common, paragraphs, rendererFor, TemplateError, type PageOptions, type Templates, type TocLine } from './page-common.js';

export interface EntryInput {
  doc: Doc;
  charts: Chart[];
  /** Number the first printed table gets (the figure table is printed only with `entry.figure_table: true`). */
  tableNo: number;
}

/**
 * One region's entries (`toc` null), or a chapter of many regions: the chapter's title (on a part-title
 * page of its own with `opts.chapterPage`) and its table of contents before the regions, or without
 * them (`toc` 'none': the body alone, which the PDF build prints to find the pages). In a chapter the
 * headings are chapter (h1) → region (h2) → entry (level 3), in an entry region (h1) → entry (level 2):
 * the PDF's bookmarks follow them. A region heading is the name alone, its year printed under it.
 */
export function entryHtml(t: Templates, data: Dataset, inputs: EntryInput[], opts: PageOptions, toc: TocLine[] | 'none' | null): string {
  const isChapter = toc !== null;
  const first = inputs[0]!.doc;
  const volume = first.source ?? '';
  // tables are numbered as printed: from the first input's number, counting only entries that print one
  let nextTable = inputs[0]!.tableNo;
  const appendix: StatTable[] = [];
  const regions = inputs.map(({ doc, charts }) => {
    // figures with a status (§8c) print their mark in the prose, explained in a note under the entry
    const marks = new Set<FigureStatus>();
    const r = rendererFor(data, doc, { ...opts, onStatusMark: (m) => void marks.add(m) });
    const entry = doc.entry!;
    const sections = entry.sections.map((s) => ({ title: r.render(s.title, `${s.key}.title`), paragraphs: paragraphs(s.text, `${s.key}.text`, r) }));
    // the figure table (表n) is opt-in: `entry.figure_table: true`
    const table = entry.figureTable ? figureTable(doc, nextTable, opts.mark, opts.tableBreaks?.[tableId(nextTable)]) : null;
    if (table) nextTable++;
    // a chapter's statistical tables of this region (its children side by side, its years), numbered on
    const stat = opts.statTables ? statTables(data, doc, { firstNo: nextTable, chapter: opts.chapter, mark: opts.mark, findings: opts.findings, breaks: opts.tableBreaks }) : [];
    nextTable += stat.length;
    if (opts.statTables === 'appendix') appendix.push(...stat);
    return {
      id: `r${doc.regionCode}`,
      name: doc.region?.name ?? doc.regionCode,
      yearLabel: `${doc.year}年`,
      sections,
      credit: entry.author ?? entry.credit,
      statusNote: statusNote(marks),
      charts: opts.mark ? charts.map((c) => ({ ...c, svg: markChartSvg(c.svg, [doc]) })) : charts,
      tables: table ? [table] : [],
      // the statistical tables of §8b printed after this region's entries (chapter, tables after the overview)
      statTables: opts.statTables === 'after' ? stat : [],
    };
  });
  // build --errata: the chapter ends with its 勘误表, its table numbered after the others
  const errata = isChapter && opts.errata ? errataTable(data, inputs.map((i) => i.doc), opts.errata, first.year!, nextTable, opts.tableBreaks) : null;
  const title = isChapter ? `${volume ? volume + ' ' : ''}${opts.chapter}(${first.year}年)` : `${first.region?.name ?? first.regionCode}${first.year}年${opts.chapter}`;
  // as Chinese yearbooks do: the volume on even (left) pages, the chapter on odd (right) pages
  const oddHead = opts.chapter || volume;
  const evenHead = volume && volume !== oddHead ? volume : plainText(title);
  const html: string = t.entry({ ...common(t, opts, title, inputs.map((i) => i.doc.entry!.author ?? i.doc.entry!.credit ?? '').filter(Boolean).join('、'), 'entry'), oddHead, evenHead, regions,
    chapterTitle: isChapter && toc !== 'none' && opts.chapter ? opts.chapter : '',
    chapterPage: opts.chapterPage === true,
    toc: Array.isArray(toc) ? toc : null,
    regionTag: isChapter ? 'h2' : 'h1',
    entryLevel: isChapter ? 3 : 2,
    appendixTables: appendix,
    errata,
    errataTitle: ERRATA_TITLE,
  });
  // a templates copy older than --errata has no place for the table: said, not left out unseen
  if (errata && !html.includes('data-yb-errata')) throw new TemplateError(`${t.dir}/entry.hbs  模板错误：没有勘误表（errata）的位置；请从程序自带的 templates/entry.hbs 复制“勘误表”一段`);
  return html;
}
