/**
 * A Word document object as the bytes of a .docx: packed by the docx package, with core.xml's dates
 * and the zip's time stamps fixed, so the same input gives the same bytes. Writes no file.
 */
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

/** The document as bytes: same input, same bytes. */
export async function packDocx(document: Document, meta: { title: string; author: string }, sec: number): Promise<Uint8Array> {
  const buf = await Packer.toBuffer(document, false, [{ path: 'docProps/core.xml', data: coreXml(meta, sec) }]);
  return stampZip(new Uint8Array(buf), sec);
}

