/**
 * A Word document object as the bytes of a .docx: packed by the docx package, with core.xml's dates
 * and the zip's time stamps fixed and the embedded fonts' keys drawn from their bytes, so the same
 * input gives the same bytes. Writes no file.
 */
import { createHash } from 'node:crypto';
import { Packer, type Document } from 'docx';
import { stampZip } from './docx-zip.js';

function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** docProps/core.xml with fixed dates (the docx package writes the wall-clock time). */
function coreXml(meta: { title: string; author: string }, sec: number): string {
  const when = new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(meta.title)}</dc:title><dc:creator>${xmlEscape(meta.author)}</dc:creator><dc:language>zh-CN</dc:language><cp:lastModifiedBy>yearbook</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** A face the docx package embeds as word/fonts/fontN.odttf (N counts from 1 in this order). */
interface FontFile {
  name: string;
  data: Uint8Array;
  bold: boolean;
  italic: boolean;
  fontKey: string;
}

/** A GUID made from the font's name, face and bytes (the docx package draws a random one). */
function fontKey(f: FontFile): string {
  const h = createHash('sha256').update(`${f.name}\0${f.bold ? 'b' : 'r'}\0`).update(f.data).digest('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * word/fontTable.xml for the embedded faces (ECMA-376 Part 1 §17.8.3): each font with its character
 * set (GB 2312), family and its regular and bold subsets by relationship id and key.
 */
function fontTableXml(files: FontFile[]): string {
  const fonts = new Map<string, string[]>();
  files.forEach((f, i) => {
    const el = f.bold ? 'w:embedBold' : 'w:embedRegular';
    const list = fonts.get(f.name) ?? [];
    list.push(`<${el} r:id="rId${i + 1}" w:fontKey="{${f.fontKey}}" w:subsetted="1"/>`);
    fonts.set(f.name, list);
  });
  const body = [...fonts]
    .map(([name, embeds]) => `<w:font w:name="${xmlEscape(name)}"><w:charset w:val="86"/><w:family w:val="${/Sans/.test(name) ? 'swiss' : 'roman'}"/><w:pitch w:val="variable"/>${embeds.join('')}</w:font>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${body}</w:fonts>`
  );
}

/** The document as bytes: same input, same bytes. */
export async function packDocx(document: Document, meta: { title: string; author: string }, sec: number): Promise<Uint8Array> {
  const overrides = [{ path: 'docProps/core.xml', data: coreXml(meta, sec) }];
  // the docx package obfuscates each embedded face with the key on its file entry, drawn at random
  // when the document was made: fixed keys, and the font table that names them
  const files = document.FontTable.files as unknown as FontFile[];
  if (files.length > 0) {
    for (const f of files) f.fontKey = fontKey(f);
    overrides.push({ path: 'word/fontTable.xml', data: fontTableXml(files) });
  }
  const buf = await Packer.toBuffer(document, false, overrides);
  return stampZip(new Uint8Array(buf), sec);
}

