/**
 * Chart PNGs for editors who paste charts into Word: the SVG drawn by a page of the build's own
 * browser, with the chart font's subsets inlined. Prints nothing else; knows nothing of documents.
 */
import type { Page } from 'puppeteer-core';
import { CHART_FONT_FAMILY, fontFaceCss, normaliseWeight } from '../io/font-metrics.js';
import { FONT_ORIGIN } from '../io/fonts.js';

/** The text drawn in an SVG (tags stripped, entities decoded) and the font weights it uses. */
export function svgText(svg: string): { text: string; weights: number[] } {
  const parts: string[] = [];
  for (const m of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) parts.push(m[1]!.replace(/<[^>]+>/g, ''));
  const text = parts
    .join(' ')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
  const weights = new Set<number>([400]);
  for (const m of svg.matchAll(/font-weight="([^"]+)"/g)) weights.add(normaliseWeight(m[1]));
  return { text, weights: [...weights].sort((a, b) => a - b) };
}

/**
 * A PNG of the SVG for editors who paste charts into Word, drawn by the given puppeteer page (the build's own browser).
 * The chart font's subsets travel inside the page as data: URLs, or, on a page of the build's browser session
 * (`served`: it serves the font origin), are requested from it: the page's memory cache then keeps each subset
 * decoded from one chart to the next. The page's viewport is left at the chart's size (set again only when it differs).
 */
export async function svgToPng(svg: string, page: Page, scale = 3, fonts: 'inline' | 'served' = 'inline'): Promise<Buffer> {
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('svgToPng: the SVG has no width and height');
  const width = Math.ceil(Number(m[1]));
  const height = Math.ceil(Number(m[2]));
  const { text, weights } = svgText(svg);
  // only the subsets this chart's text needs
  const css = fontFaceCss(text, weights, fonts === 'served' ? { origin: FONT_ORIGIN } : 'data');
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><style>' +
    css +
    'html,body{margin:0;padding:0;background:#fff}svg{display:block}</style></head><body>' +
    svg +
    '</body></html>';
  const previous = page.viewport();
  if (previous?.width !== width || previous.height !== height || previous.deviceScaleFactor !== scale) await page.setViewport({ width, height, deviceScaleFactor: scale });
  await page.setContent(html, { waitUntil: 'load' });
  const missing = await page.evaluate(
    async (family: string, sample: string, ws: number[]) => {
      await Promise.all(ws.map((w) => document.fonts.load(`${w} 16px "${family}"`, sample)));
      await document.fonts.ready;
      return ws.filter((w) => !document.fonts.check(`${w} 16px "${family}"`, sample));
    },
    CHART_FONT_FAMILY,
    text,
    weights,
  );
  // drawn in a fallback font the labels would no longer fit the layout vega made
  if (missing.length > 0) throw new Error(`svgToPng: ${CHART_FONT_FAMILY} ${missing.join(', ')} did not load`);
  const shot = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height }, omitBackground: false });
  return Buffer.from(shot);
}
