/**
 * What the kernel reads: a Source is one file of a data folder as text, as bytes still to decode, or
 * as the reason it could not be read. Decodes UTF-8 (with or without BOM), UTF-16 with a BOM (what
 * Windows Notepad saves as "Unicode") and GB18030/GBK, refuses binary data. Pure: the io layer
 * fills Sources from disk, tests and import-text from memory.
 */

/** Files larger than this are refused: a region-year document is a few kilobytes. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Why a file of the folder could not be read (filled in by the io layer). */
export type SourceProblem =
  | { reason: 'too-large'; bytes: number }
  | { reason: 'unreadable'; code: string }
  /** A folder whose name ends in .yaml: its files are read, this is a warning. */
  | { reason: 'directory' }
  /** A folder that cannot be listed. */
  | { reason: 'unlistable'; code: string };

export interface Source {
  /** Path inside the data folder with forward slashes: `2022/150000.yaml`, `regions.yaml`. */
  rel: string;
  /** Path shown to the user (default: rel). */
  file?: string;
  /** The text, when already decoded. */
  text?: string;
  /** The raw bytes, decoded here. */
  bytes?: Uint8Array;
  problem?: SourceProblem;
}

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export type Decoded = { ok: true; text: string; encoding: Encoding } | { ok: false; reason: 'binary' };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });

/** Control characters no text file holds (tab, line feed and carriage return are fine). */
const CONTROL = /[\u0000-\u0008\u000e-\u001f]/;

/** An encoding's name as editors show it, for messages. */
export function encodingName(e: Encoding): string {
  return e === 'gb18030' ? 'GB18030/GBK' : e === 'utf-16le' ? 'UTF-16LE' : e === 'utf-16be' ? 'UTF-16BE' : 'UTF-8';
}

/**
 * Bytes → text: UTF-16 when the file starts with its byte-order mark (FF FE or FE FF: Notepad's
 * "Unicode"), else UTF-8, then the encoding Chinese Windows editors save in; binary data refused.
 * UTF-16 without a byte-order mark is not guessed: it is refused as binary (it has NUL bytes).
 */
export function decode(buf: Uint8Array): Decoded {
  const bom = buf.length >= 2 ? (buf[0]! << 8) | buf[1]! : 0;
  if (bom === 0xfffe || bom === 0xfeff) {
    const encoding = bom === 0xfffe ? 'utf-16le' : 'utf-16be';
    try {
      // the decoder drops the byte-order mark
      const text = (encoding === 'utf-16le' ? utf16le : utf16be).decode(buf);
      if (!CONTROL.test(text)) return { ok: true, text, encoding };
    } catch {
      // an odd number of bytes or a lone surrogate: not UTF-16 text
    }
    return { ok: false, reason: 'binary' };
  }
  if (buf.includes(0)) return { ok: false, reason: 'binary' };
  try {
    let text = utf8.decode(buf);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text, encoding: 'utf-8' };
  } catch {
    // not UTF-8: try GB18030
  }
  try {
    const text = gb18030.decode(buf);
    // Accept the guess only if the text is mostly printable and has CJK in it.
    if (/[\u4e00-\u9fff]/.test(text) && !CONTROL.test(text)) return { ok: true, text, encoding: 'gb18030' };
  } catch {
    // fall through
  }
  return { ok: false, reason: 'binary' };
}

/** A file size for messages: 5.0 MB, 12.3 KB. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}
