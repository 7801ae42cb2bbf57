/**
 * Reads one input file into text: bounds its size, recognises UTF-8 (with or without BOM), decodes
 * GB18030/GBK with a finding, refuses binary data. Does file I/O only; knows nothing of YAML.
 */
import { readFileSync, statSync } from 'node:fs';

/** Files larger than this are refused: a region-year document is a few kilobytes. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type ReadResult =
  | { ok: true; text: string; encoding: 'utf-8' | 'gb18030' }
  | { ok: false; reason: 'too-large'; bytes: number }
  | { ok: false; reason: 'binary' }
  | { ok: false; reason: 'unreadable'; detail: string }
  | { ok: false; reason: 'directory' };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030', { fatal: true });

export function readSource(absPath: string): ReadResult {
  let size: number;
  try {
    const st = statSync(absPath);
    if (st.isDirectory()) return { ok: false, reason: 'directory' };
    size = st.size;
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: errCode(e) };
  }
  if (size > MAX_FILE_BYTES) return { ok: false, reason: 'too-large', bytes: size };
  let buf: Buffer;
  try {
    buf = readFileSync(absPath);
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: errCode(e) };
  }
  if (buf.length > MAX_FILE_BYTES) return { ok: false, reason: 'too-large', bytes: buf.length };
  return decode(buf);
}

export function decode(buf: Uint8Array): ReadResult {
  if (buf.includes(0)) return { ok: false, reason: 'binary' };
  try {
    let text = utf8.decode(buf);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text, encoding: 'utf-8' };
  } catch {
    // not UTF-8: try the encoding Chinese Windows editors save in
  }
  try {
    const text = gb18030.decode(buf);
    // Accept the guess only if the text is mostly printable and has CJK in it.
    if (/[\u4e00-\u9fff]/.test(text) && !/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
      return { ok: true, text, encoding: 'gb18030' };
    }
  } catch {
    // fall through
  }
  return { ok: false, reason: 'binary' };
}

function errCode(e: unknown): string {
  const code = (e as { code?: string }).code;
  return code ?? String(e);
}
