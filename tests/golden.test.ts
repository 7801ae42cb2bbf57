/**
 * Golden HTML: the documents of tests/fixtures/build rendered through the templates (no browser)
 * and compared with tests/golden/*.html. Style sheets are left out of the comparison (a CSS edit
 * must not churn every golden; the CSS is tested through the printed PDFs). After an intended change: UPDATE_GOLDEN=1 npx vitest run tests/golden.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFolder } from '../src/app/check.js';
import { checkDataset } from '../src/core/check.js';
import { entryHtml } from '../src/render/entry-html.js';
import { planHtml, progressHtml, summaryHtml } from '../src/render/summary-html.js';
import type { PageOptions } from '../src/render/html.js';
import { loadTemplateSet } from '../src/app/prepare.js';

const data = loadFolder('tests/fixtures/build');
const set = loadTemplateSet('templates');
const templates = set.templates;
const opts: PageOptions = { fonts: set.fonts, fontFaces: set.fontFaces, rounding: 'half-up', draft: null, chapter: '医疗保障' };
const doc = (code: string, year: number) => data.docs.find((d) => d.regionCode === code && d.year === year)!;

/** The HTML without its style sheets (the bundled @font-face rules and templates/css). */
function comparable(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/g, '<style>…</style>');
}

function golden(name: string, html: string): void {
  const file = `tests/golden/${name}.html`;
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, comparable(html));
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 once and review it`).toBe(true);
  expect(comparable(html)).toBe(readFileSync(file, 'utf8'));
}

describe('golden HTML', () => {
  it('the fixture folder is clean', () => {
    expect(checkDataset(data).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('entry', () => golden('entry', entryHtml(templates, data, [{ doc: doc('150500', 2023), charts: [], tableNo: 1 }], opts, null)));

  it('chapter with a table of contents', () =>
    golden('chapter', entryHtml(templates, data, [{ doc: doc('150500', 2023), charts: [], tableNo: 1 }], opts, [{ name: '通辽市', level: 'top', page: '2' }])));

  it('summary', () => golden('summary', summaryHtml(templates, data, doc('150500', 2023), [], opts)));

  it('plan', () => golden('plan', planHtml(templates, data, doc('150200', 2023), [], opts)));

  it('progress table', () => golden('progress', progressHtml(templates, data, doc('150200', 2023), opts)));

  it('a summary with every GB/T 9704 element', () => {
    const gw = loadFolder('tests/fixtures/gongwen');
    golden('summary-gongwen', summaryHtml(templates, gw, gw.docs[0]!, [], opts));
  });

  it('draft stamp', () => golden('summary-draft', summaryHtml(templates, data, doc('150500', 2023), [], { ...opts, draft: '草稿 · 2处数据不一致' })));
});
