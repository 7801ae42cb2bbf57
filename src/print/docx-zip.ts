/**
 * Makes a .docx written by the `docx` package reproducible. Its zip writer (fflate) stamps every
 * entry with the wall-clock time (local time, DOS format); this rewrites those stamps in place, in
 * the local file headers and the central directory, with a fixed date. Nothing else changes: the
 * stamps are outside the compressed data and the CRCs. No I/O.
 */

/** The DOS date and time (UTC) of `sec` seconds since the epoch; 1980-01-01 at the earliest. */
export function dosDateTime(sec: number): number {
  const d = new Date(Math.max(sec, 315532800) * 1000);
  const y = Math.min(d.getUTCFullYear() - 1980, 127);
  return ((y << 25) | ((d.getUTCMonth() + 1) << 21) | (d.getUTCDate() << 16) | (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1)) >>> 0;
}

export class ZipLayoutError extends Error {}

/** Sets the modification time of every entry of a zip archive to `sec` (seconds since the epoch). */
export function stampZip(zip: Uint8Array, sec: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const stamp = dosDateTime(sec);
  // the end of central directory record: the last PK\5\6 (no zip comment is written by docx)
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipLayoutError('docx: no end of central directory record');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  for (let n = 0; n < count; n++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new ZipLayoutError(`docx: bad central directory entry at ${p}`);
    // central directory: time and date at +12; the local header's offset at +42
    view.setUint32(p + 12, stamp, true);
    const local = view.getUint32(p + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new ZipLayoutError(`docx: bad local header at ${local}`);
    view.setUint32(local + 10, stamp, true);
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return out;
}
