/**
 * What the kernel reads: a Source is one file of a data folder as text, as bytes still to decode, or
 * as the reason it could not be read. Decodes UTF-8 (with or without BOM) and GB18030/GBK, refuses
 * binary data. Pure: the io layer fills Sources from disk, tests and import-text from memory.
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

export type Decoded = { ok: true; text: string; encoding: 'utf-8' | 'gb18030' } | { ok: false; reason: 'binary' };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030', { fatal: true });

/** Bytes → text: UTF-8 first, then the encoding Chinese Windows editors save in; binary data refused. */
export function decode(buf: Uint8Array): Decoded {
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
    if (/[\u4e00-\u9fff]/.test(text) && !/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { ok: true, text, encoding: 'gb18030' };
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
