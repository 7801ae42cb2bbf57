/**
 * The Word files as a user without Chinese system fonts meets them: every .docx built from data/
 * converted by LibreOffice (soffice --headless, a fresh profile for each file, one at a time) and
 * the result read with pdffonts, pdftotext and pdfinfo: the embedded fonts draw the text (no
 * fallback), figures stay whole on their line, and the page count is within one of the PDF's.
 * Needs `soffice` (scripts/setup.sh installs Debian's libreoffice-writer-nogui).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocx } from '../src/app/build-docx.js';
import { build } from '../src/app/build-pdf.js';

const SOFFICE = ['soffice', 'libreoffice'].find((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
const settings = { templates: 'templates', draft: false, rounding: 'half-up' as const, chapter: '医疗保障', env: { ...process.env, SOURCE_DATE_EPOCH: undefined } };

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180_000 });
  expect(r.status, `${cmd} ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}
const pages = (pdf: string): number => Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))![1]);
/** pdffonts rows: name without the subset tag, type, embedded. */
function fonts(pdf: string): { name: string; type: string; emb: string }[] {
  return run('pdffonts', [pdf])
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (one or two words), encoding, emb, sub, uni, object, id
      return { name: cols[0]!.replace(/^[A-Z]{6}\+/, ''), type: cols.slice(1, -6).join(' '), emb: cols.at(-5)! };
    });
}
/** The figures of a document's text (w:t of its parts): numbers with a decimal point or a per cent. */
async function figures(docx: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(docx));
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n');
  return [...new Set([...text.matchAll(/\d+\.\d+|\d+%/g)].map((m) => m[0]))];
}

describe('the Word files opened in LibreOffice', () => {
  const out = mkdtempSync(join(tmpdir(), 'yearbook-lo-'));
  const converted = new Map<string, string>();
  let docxFiles: string[] = [];
  beforeAll(async () => {
    expect(SOFFICE, 'no soffice or libreoffice on PATH: bash scripts/setup.sh installs libreoffice-writer-nogui').toBeDefined();
    const pdf = await build({ ...settings, dir: 'data', out, concurrency: 2 });
    expect(pdf.refused).toBe(false);
    docxFiles = (await buildDocx({ ...settings, dir: 'data', out })).outputs;
    // six documents and the plan's progress report
    expect(docxFiles).toHaveLength(7);
    // one soffice at a time, each with a profile of its own: LibreOffice keeps the embedded fonts of
    // a session's first document under their names, and would set a second one's text in them
    for (const [i, f] of docxFiles.entries()) {
      const dir = mkdtempSync(join(tmpdir(), 'yearbook-lo-conv-'));
      const profile = join(dir, 'profile');
      const src = join(dir, `doc${i}.docx`);
      copyFileSync(f, src);
      run(SOFFICE!, [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, src]);
      const pdfOut = join(dir, `doc${i}.pdf`);
      expect(existsSync(pdfOut), f).toBe(true);
      converted.set(f, pdfOut);
    }
  }, 600_000);
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    for (const pdf of converted.values()) rmSync(join(pdf, '..'), { recursive: true, force: true });
  });

  it('draws the text in the fonts the .docx embeds: Noto Serif SC and the rest, no fallback, no Type 3', () => {
    for (const [docx, pdf] of converted) {
      const list = fonts(pdf);
      const names = list.map((f) => f.name);
      expect(names, docx).toEqual(expect.arrayContaining(['NotoSerifSC-Regular', 'NotoSansSC-Regular']));
      for (const f of list) {
        expect(f.name, `${docx}: ${f.name}`).toMatch(/^(NotoSerifSC|NotoSansSC|LXGWWenKai)-(Regular|Bold)$/);
        expect(f.emb, `${docx}: ${f.name}`).toBe('yes');
        expect(f.type, `${docx}: ${f.name}`).not.toMatch(/Type 3/);
      }
    }
  });

  it('keeps every figure of the document whole on one line', async () => {
    let total = 0;
    for (const [docx, pdf] of converted) {
      // LibreOffice spaces Chinese from Latin and justifies: compare lines with the spaces taken out
      const lines = run('pdftotext', ['-enc', 'UTF-8', pdf, '-']).split('\n').map((l) => l.replace(/\s+/g, ''));
      const all = lines.join('\n');
      const want = await figures(docx);
      // every document prints figures but the progress report (task names, units and dates only)
      if (!docx.endsWith('progress.docx')) expect(want.length, docx).toBeGreaterThan(0);
      total += want.length;
      for (const fig of want) expect(all, `${docx}: ${fig}`).toContain(fig);
      // no line ends in a decimal point or starts with the % of the line before
      for (const [i, l] of lines.entries()) {
        expect(/\d\.$/.test(l) && /^\d/.test(lines[i + 1] ?? ''), `${docx}: “${l}” / “${lines[i + 1]}”`).toBe(false);
        expect(/^%/.test(l) && /\d$/.test(lines[i - 1] ?? ''), `${docx}: “${lines[i - 1]}” / “${l}”`).toBe(false);
      }
    }
    expect(total).toBeGreaterThan(100);
    const summary = [...converted].find(([d]) => d.endsWith(join('2023', '150500', 'summary.docx')))!;
    const text = run('pdftotext', ['-enc', 'UTF-8', summary[1], '-']).split('\n').map((l) => l.replace(/\s+/g, ''));
    expect(text.some((l) => l.includes('265.87万人'))).toBe(true);
  });

  it('prints within one page of the PDF of the same document', () => {
    for (const [docx, pdf] of converted) {
      const chromium = docx.replace(/\.docx$/, '.pdf');
      const [lo, ch] = [pages(pdf), pages(chromium)];
      expect(Math.abs(lo - ch), `${basename(docx)}: LibreOffice ${lo} pages, Chromium ${ch}`).toBeLessThanOrEqual(1);
    }
  });
});
