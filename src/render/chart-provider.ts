/** What the build needs from the charts module; injected so the pipeline can run with or without charts. Types only. */
import type { Page } from 'puppeteer-core';
import type { Dataset } from '../io/folder.js';
import type { Doc } from '../core/model/types.js';

export interface ChartInputLike {
  id: string;
  title: string;
}

export interface ChartProvider {
  /** `column` for a two-column yearbook page, `page` for the A4 type area; `withTitle` draws the title in the chart. */
  chartsForDocument(doc: Doc, data: Dataset, size: 'column' | 'page', withTitle: boolean): ChartInputLike[];
  renderSvg(input: ChartInputLike): Promise<string>;
  svgToPng(svg: string, page: Page, scale?: number): Promise<Buffer>;
}
