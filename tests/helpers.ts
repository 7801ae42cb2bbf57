/** Test helpers: temporary data folders written from a map of file names to text. */
import type { Io } from '../src/cli/io.js';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function writeFolder(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'yearbook-test-'));
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const REGIONS = `regions:
  - code: "150000"
    name: 内蒙古自治区
    children:
      - {code: "150100", name: 呼和浩特市}
      - {code: "150200", name: 包头市}
      - {code: "150300", name: 乌海市}
      - {code: "150400", name: 赤峰市}
      - {code: "150500", name: 通辽市}
      - {code: "150600", name: 鄂尔多斯市}
`;

/** A command line Io in memory: what a command printed to stdout and stderr. */
export function memIo(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), colorOut: false, env: {}, stdout: () => out, stderr: () => err };
}

let gbkTable: Map<string, [number, number]> | null = null;
/**
 * Text as GBK bytes (GB18030's two-byte codes) without an encoder package: the platform's decoder
 * inverted over the double-byte range, as Chinese Windows editors save a file.
 */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [a, b]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const pair = gbkTable.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      out.push(...pair);
    }
  }
  return Buffer.from(out);
}
