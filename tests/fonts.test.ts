/**
 * The fonts of the PDFs: the @font-face rules point at files whose name tables say the family and
 * weight the rule declares; every PDF built from data/ embeds only those faces (NotoSerifSC-Bold, not
 * NotoSerifSCExtraLight-Bold; LXGW WenKai Regular, not Light), as TrueType, never Type 3 (which is
 * what Chromium's synthetic bold prints, shown here), never a system font.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app/build-pdf.js';
import { findBrowser, startBrowser } from '../src/print/browser.js';
import { fontFaceCss, fontFile } from '../src/io/fonts.js';

interface FkFont {
  familyName: string;
  postscriptName: string;
  'OS/2': { usWeightClass: number };
}
const fontkit = (await import('fontkit' as string)) as { create(b: Buffer): FkFont };

/** pdffonts rows: name without the subset tag, type, embedded. */
function pdffonts(pdf: string): { name: string; type: string; emb: string }[] {
  const r = spawnSync('pdffonts', [pdf], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      return { name: cols[0]!.replace(/^[A-Z]{6}\+/, ''), type: cols.slice(1, -6).join(' '), emb: cols.at(-5)! };
    });
}

const FACES = ['NotoSerifSC-Regular', 'NotoSerifSC-Bold', 'NotoSansSC-Regular', 'NotoSansSC-Bold', 'LXGWWenKai-Regular', 'LXGWWenKai-Bold'];

describe('the @font-face rules of the bundled families', () => {
  const css = fontFaceCss(['Noto Serif SC', 'Noto Sans SC', 'LXGW WenKai']);
  const rules = css.split('@font-face').slice(1);

  it('name files whose own family and weight are the ones declared', () => {
    expect(rules.length).toBeGreaterThan(200);
    const checked = new Set<string>();
    for (const rule of rules) {
      const family = /font-family: '([^']+)'/.exec(rule)![1]!;
      const weight = Number(/font-weight: (\d+)/.exec(rule)![1]);
      const url = /url\(([^)]+)\) format\('woff'\)/.exec(rule)![1]!;
      const file = fontFile(url);
      expect(file, url).not.toBeNull();
      // every LXGW rule, and the first pieces of each Noto face (all pieces come from one build)
      const key = `${family}/${weight}`;
      if (family !== 'LXGW WenKai' && [...checked].filter((k) => k.startsWith(key)).length >= 3) continue;
      checked.add(`${key}/${url}`);
      const font = fontkit.create(readFileSync(file!));
      expect(font.familyName, url).toBe(family);
      expect(font['OS/2'].usWeightClass, url).toBe(weight);
      expect(font.postscriptName, url).toBe(`${family.replace(/ /g, '')}-${weight === 700 ? 'Bold' : 'Regular'}`);
    }
    expect(checked.size).toBeGreaterThanOrEqual(14);
  });

  it('declare a regular (400) and a bold (700) face of each family, nothing lighter', () => {
    for (const family of ['Noto Serif SC', 'Noto Sans SC', 'LXGW WenKai']) {
      const weights = new Set(rules.filter((r) => r.includes(`'${family}'`)).map((r) => Number(/font-weight: (\d+)/.exec(r)![1])));
      expect([...weights].sort(), family).toEqual([400, 700]);
    }
  });
});

describe('the fonts of the PDFs built from data/', () => {
  const out = mkdtempSync(join(tmpdir(), 'yearbook-fonts-'));
  let pdfs: string[] = [];
  beforeAll(async () => {
    const r = await build({ dir: 'data', out, templates: 'templates', draft: false, rounding: 'half-up', chapter: '医疗保障', concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });
    pdfs = r.outputs.filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(6);
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('embed only the shipped faces, by their right names, as TrueType', () => {
    for (const pdf of pdfs) {
      const fonts = pdffonts(pdf);
      expect(fonts.length, pdf).toBeGreaterThan(0);
      for (const f of fonts) {
        expect(FACES, `${pdf}: ${f.name}`).toContain(f.name);
        expect(f.type, `${pdf}: ${f.name}`).toBe('CID TrueType');
        expect(f.emb, `${pdf}: ${f.name}`).toBe('yes');
      }
      expect(fonts.map((f) => f.name).join(' '), pdf).not.toMatch(/Light|Thin|Liberation|DejaVu/);
    }
  });

  it('set the (一) headings in LXGW WenKai Regular and the 小标宋 title in Noto Serif SC Bold', () => {
    // 2022/530581 has (一) headings (楷体); every summary and the plan has a title (小标宋, bold)
    const names = (p: string): string[] => pdffonts(pdfs.find((f) => f.includes(p))!).map((f) => f.name);
    expect(names(join('530581', 'summary.pdf'))).toContain('LXGWWenKai-Regular');
    for (const p of [join('530581', 'summary.pdf'), join('150500', 'summary.pdf'), join('150200', 'plan.pdf')]) expect(names(p), p).toContain('NotoSerifSC-Bold');
  });
});

describe('synthetic bold', () => {
  it('prints as Type 3 glyphs, so PDFs without Type 3 fonts have every bold from a real bold file', async () => {
    const session = await startBrowser(findBrowser(process.env));
    const dirs: string[] = [];
    try {
      const page = await session.newPage({ blocked: [] });
      const all = fontFaceCss(['Noto Serif SC']);
      const regularOnly = all.split('@font-face').slice(1).filter((r) => r.includes('font-weight: 400')).map((r) => '@font-face' + r).join('\n');
      const pdfOf = async (css: string): Promise<string> => {
        await page.setContent(`<html><head><style>${css}</style></head><body style="font-family:'Noto Serif SC';font-size:22pt;font-weight:700">通辽市医疗保障局2023年工作总结</body></html>`);
        await page.evaluate(() => document.fonts.ready);
        const dir = mkdtempSync(join(tmpdir(), 'yearbook-bold-'));
        dirs.push(dir);
        const file = join(dir, 'x.pdf');
        writeFileSync(file, await page.pdf({ format: 'A4' }));
        return file;
      };
      const fake = pdffonts(await pdfOf(regularOnly));
      expect(fake.length).toBeGreaterThan(0);
      expect(fake.every((f) => f.type === 'Type 3')).toBe(true);
      const real = pdffonts(await pdfOf(all));
      expect(real.map((f) => `${f.name} ${f.type}`)).toEqual(real.map(() => 'NotoSerifSC-Bold CID TrueType'));
    } finally {
      await session.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });
});
