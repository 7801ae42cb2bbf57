/** What a file's bytes are (Word, PDF, an image, a spreadsheet, UTF-8 text, …), by magic bytes and content, never by its name; pure, reads nothing itself. */

export type FileKind =
  | 'empty'
  | 'text'
  | 'utf16'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'odf'
  | 'zip'
  | 'doc'
  | 'pdf'
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'bmp'
  | 'tiff'
  | 'rtf'
  | 'binary'
  | 'not-utf8';

/** The names users know, for messages: 这是{name}文件 / this is a {en} file. */
export const KIND_NAMES: Record<FileKind, { zh: string; en: string }> = {
  empty: { zh: '空', en: 'empty' },
  text: { zh: '文字', en: 'text' },
  utf16: { zh: 'UTF-16 编码的文字', en: 'UTF-16 text' },
  docx: { zh: 'Word（.docx）', en: 'Word (.docx)' },
  xlsx: { zh: 'Excel（.xlsx）', en: 'Excel (.xlsx)' },
  pptx: { zh: 'PowerPoint（.pptx）', en: 'PowerPoint (.pptx)' },
  odf: { zh: 'OpenDocument（WPS/LibreOffice 的 .odt/.ods）', en: 'OpenDocument (.odt/.ods)' },
  zip: { zh: 'ZIP 压缩', en: 'ZIP archive' },
  doc: { zh: '旧版 Word/Excel（.doc/.xls，OLE2）', en: 'old Word/Excel (.doc/.xls, OLE2)' },
  pdf: { zh: 'PDF', en: 'PDF' },
  png: { zh: 'PNG 图片', en: 'PNG image' },
  jpeg: { zh: 'JPEG 图片', en: 'JPEG image' },
  gif: { zh: 'GIF 图片', en: 'GIF image' },
  webp: { zh: 'WebP 图片', en: 'WebP image' },
  bmp: { zh: 'BMP 图片', en: 'BMP image' },
  tiff: { zh: 'TIFF 图片', en: 'TIFF image' },
  rtf: { zh: 'RTF 富文本', en: 'RTF' },
  binary: { zh: '二进制（不是文字）', en: 'binary (not text)' },
  'not-utf8': { zh: '非 UTF-8 编码的文字（可能是 GBK）', en: 'text not in UTF-8 (perhaps GBK)' },
};

const starts = (b: Uint8Array, sig: number[], at = 0): boolean => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Whether the zip's bytes name an entry (the names stand uncompressed in the local and central headers). */
function zipHas(b: Uint8Array, name: string): boolean {
  const needle = ascii(name);
  outer: for (let i = 0; i + needle.length <= b.length; i++) {
    for (let j = 0; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The kind of a file from its bytes. */
export function fileKind(b: Uint8Array): FileKind {
  if (b.length === 0) return 'empty';
  if (starts(b, [0x50, 0x4b, 0x03, 0x04]) || starts(b, [0x50, 0x4b, 0x05, 0x06])) {
    if (zipHas(b, 'word/document.xml')) return 'docx';
    if (zipHas(b, 'xl/workbook.xml')) return 'xlsx';
    if (zipHas(b, 'ppt/presentation.xml')) return 'pptx';
    if (zipHas(b, 'application/vnd.oasis.opendocument')) return 'odf';
    // a damaged Word file may still name its parts in a content-types list
    if (zipHas(b, '[Content_Types].xml') && zipHas(b, 'wordprocessingml')) return 'docx';
    return 'zip';
  }
  if (starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'doc';
  if (starts(b, ascii('%PDF'))) return 'pdf';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (starts(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(b, ascii('GIF8'))) return 'gif';
  if (starts(b, ascii('RIFF')) && starts(b, ascii('WEBP'), 8)) return 'webp';
  if (starts(b, ascii('BM')) && b.length > 14 && b[6] === 0 && b[7] === 0) return 'bmp';
  if (starts(b, [0x49, 0x49, 0x2a, 0x00]) || starts(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (starts(b, ascii('{\\rtf'))) return 'rtf';
  // Windows Notepad's “Unicode”: UTF-16 with its byte order mark
  if (starts(b, [0xff, 0xfe]) || starts(b, [0xfe, 0xff])) return decodeText(b).trim() === '' ? 'empty' : 'utf16';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    // many control bytes: binary; else text in another encoding
    return controlShare(b) > 0.02 ? 'binary' : 'not-utf8';
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return 'empty';
  // NUL or other C0 controls (not tab, line ends, form feed) are not in a text someone pasted
  const controls = body.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (body.includes('\u0000') || controls > body.length * 0.01) return 'binary';
  return 'text';
}

function controlShare(b: Uint8Array): number {
  let n = 0;
  const m = Math.min(b.length, 65536);
  for (let i = 0; i < m; i++) {
    const x = b[i]!;
    if (x === 0 || (x < 0x20 && x !== 0x09 && x !== 0x0a && x !== 0x0d && x !== 0x0c)) n++;
  }
  return n / m;
}

/** The text of a file fileKind calls `text` or `utf16` (UTF-8 or UTF-16 by its byte order mark), without the mark. */
export function decodeText(b: Uint8Array): string {
  const enc = starts(b, [0xff, 0xfe]) ? 'utf-16le' : starts(b, [0xfe, 0xff]) ? 'utf-16be' : 'utf-8';
  return new TextDecoder(enc).decode(b).replace(/^\uFEFF/, '');
}
