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
import { faceGlyphs } from '../src/io/font-glyphs.js';
import { obfuscateFont, trueTypeFont } from '../src/print/ttf.js';

interface FkFont {
  familyName: string;
  postscriptName: string;
  numGlyphs: number;
  unitsPerEm: number;
  'OS/2': { usWeightClass: number; fsType: unknown };
  glyphForCodePoint(cp: number): { id: number; advanceWidth: number; path: { commands: unknown[]; toSVG(): string } };
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

/** The glyph a format 4 (3,1) cmap subtable gives a code point, decoded by hand (Windows reads this one). */
function format4(font: Uint8Array, cp: number): number {
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const n = v.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < n; i++) if (String.fromCharCode(...font.subarray(12 + i * 16, 16 + i * 16)) === 'cmap') cmap = v.getUint32(12 + i * 16 + 8);
  const subtables = v.getUint16(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const e = cmap + 4 + i * 8;
    if (v.getUint16(e) !== 3 || v.getUint16(e + 2) !== 1) continue;
    const t = cmap + v.getUint32(e + 4);
    expect(v.getUint16(t)).toBe(4);
    const seg = v.getUint16(t + 6) / 2;
    const ends = t + 14;
    const starts = ends + seg * 2 + 2;
    const deltas = starts + seg * 2;
    const offsets = deltas + seg * 2;
    for (let s = 0; s < seg; s++) {
      if (v.getUint16(ends + s * 2) < cp) continue;
      if (v.getUint16(starts + s * 2) > cp) return 0;
      expect(v.getUint16(offsets + s * 2)).toBe(0);
      return (cp + v.getUint16(deltas + s * 2)) & 0xffff;
    }
  }
  return -1;
}

describe('the TrueType subsets a Word file embeds', () => {
  const text = '医疗保障局2023年工作总结：参保265.87万人，“三重保障”（一）é%';
  const cps = [...text].map((c) => c.codePointAt(0)!);

  it('hold the characters asked for, with the source glyphs and advance widths, readable through both cmaps', () => {
    const sources = new Map<string, FkFont>();
    for (const [family, bold] of [['Noto Serif SC', false], ['Noto Serif SC', true], ['Noto Sans SC', false], ['LXGW WenKai', false]] as const) {
      const face = faceGlyphs(family, bold, cps)!;
      expect(face.missing, family).toEqual([]);
      const bytes = trueTypeFont(face);
      const sub = fontkit.create(Buffer.from(bytes));
      expect(sub.familyName).toBe(family);
      expect(sub.postscriptName).toBe(`${family.replace(/ /g, '')}-${bold ? 'Bold' : 'Regular'}`);
      // .notdef and the characters (and any components): a subset, not the font
      expect(sub.numGlyphs).toBeLessThan(cps.length + 10);
      for (const cp of cps) {
        const ch = String.fromCodePoint(cp);
        const g = sub.glyphForCodePoint(cp);
        expect(g.id, `${family} ${ch}`).toBeGreaterThan(0);
        expect(format4(bytes, cp), `${family} ${ch} (format 4)`).toBe(g.id);
        // the same outline and width as in the face's own file (the one the PDF embeds); fontkit unpacks
        // a woff's whole glyf table for each glyph read, LXGW WenKai's is 20 MB: two of its characters
        if (family === 'LXGW WenKai' && !'医é'.includes(ch)) continue;
        const url = fontFaceCss([family]).split('@font-face').slice(1).filter((r) => r.includes(`font-weight: ${bold ? 700 : 400}`)).reverse()
          .find((r) => { const m = /unicode-range: ([^;]+);/.exec(r); return !m || m[1]!.split(',').some((p) => { const [a, b] = p.trim().slice(2).split('-'); return cp >= parseInt(a!, 16) && cp <= parseInt(b ?? a!, 16); }); })!;
        const file = fontFile(/url\(([^)]+)\)/.exec(url)![1]!)!;
        if (!sources.has(file)) sources.set(file, fontkit.create(readFileSync(file)));
        const src = sources.get(file)!.glyphForCodePoint(cp);
        expect(g.advanceWidth, `${family} ${ch}`).toBe(src.advanceWidth);
        expect(g.path.toSVG(), `${family} ${ch}`).toBe(src.path.toSVG());
      }
      expect(format4(bytes, 0x9f98), 'a character not in the subset (龘)').toBe(0);
    }
  });

  it('are sound sfnt files: table checksums and the head checksum adjustment add up', () => {
    const bytes = trueTypeFont(faceGlyphs('Noto Serif SC', false, cps)!);
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let sum = 0;
    for (let i = 0; i < bytes.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
    expect(sum).toBe(0xb1b0afba);
    // the same glyphs, the same bytes
    expect(Buffer.from(trueTypeFont(faceGlyphs('Noto Serif SC', false, [...cps].reverse())!)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('are obfuscated as ECMA-376 Part 1 §17.8.1 says: the first 32 bytes XORed with the key, last byte first', () => {
    const font = Uint8Array.from({ length: 40 }, (_, i) => i);
    const out = obfuscateFont(font, '{00112233-4455-6677-8899-AABBCCDDEEFF}');
    expect(out[0]).toBe(0x00 ^ 0xff);
    expect(out[1]).toBe(0x01 ^ 0xee);
    expect(out[15]).toBe(0x0f ^ 0x00);
    expect(out[16]).toBe(0x10 ^ 0xff);
    expect(out[31]).toBe(0x1f ^ 0x00);
    expect([...out.slice(32)]).toEqual([...font.slice(32)]);
    expect([...obfuscateFont(out, '00112233-4455-6677-8899-AABBCCDDEEFF')]).toEqual([...font]);
  });
});

describe('the fonts of the PDFs built from data/', () => {
  const out = mkdtempSync(join(tmpdir(), 'yearbook-fonts-'));
  let pdfs: string[] = [];
  beforeAll(async () => {
    const r = await build({ dir: 'data', out, templates: 'templates', draft: false, rounding: 'half-up', chapter: '医疗保障', concurrency: 2, env: { ...process.env, SOURCE_DATE_EPOCH: undefined } });
    pdfs = r.outputs.filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(7);
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
    const session = await startBrowser(findBrowser(process.env), process.env);
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
