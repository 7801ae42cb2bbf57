/**
 * Reads a data folder from disk into Sources (src/core/parse/source.ts): walks it (sorted; hidden
 * folders and node_modules skipped; a symbolic link back up the tree walked once), reads every YAML
 * file's bytes with a size bound and records why a file or folder could not be read. Decodes and
 * parses nothing: that is the kernel's work.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { sep } from 'node:path';
import { msg, render, type Message } from '../core/findings/messages.js';
import { MAX_FILE_BYTES, type Source } from '../core/parse/source.js';

/** The folder itself cannot be read: nothing to check. */
export class FolderError extends Error {
  constructor(readonly problem: Message) {
    super(render(problem));
  }
}

const isYaml = (name: string): boolean => /\.ya?ml$/i.test(name);
const errCode = (e: unknown): string => (e as { code?: string }).code ?? String(e);

function joinDisplay(displayRoot: string, rel: string): string {
  if (displayRoot === '' || displayRoot === '.') return rel;
  return displayRoot.replace(/[\\/]+$/, '') + '/' + rel;
}

interface Entry {
  rel: string;
  abs: string;
  /** A folder named *.yaml, or a folder that cannot be listed. */
  problem?: Source['problem'];
}

/** The YAML files (and folder problems) below `dir`, in walk order. */
function walk(dir: string): Entry[] {
  const found: Entry[] = [];
  const seen = new Set<string>();
  // the path inside `dir` is built as it is walked (no path.relative for each of 33,000 files)
  const visit = (d: string, rel: string): void => {
    let real: string;
    try {
      real = realpathSync(d);
    } catch {
      real = d;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let dirents: Dirent[];
    try {
      dirents = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      found.push({ rel, abs: d, problem: { reason: 'unlistable', code: errCode(e) } });
      return;
    }
    const base = d.endsWith(sep) ? d : d + sep;
    for (const dirent of dirents) {
      const name = dirent.name;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const abs = base + name;
      const childRel = rel === '' ? name : rel + '/' + name;
      // the listing's own file type when it is a plain file or folder (no stat a file: a national folder has 33,000)
      let isDir = dirent.isDirectory();
      if (!isDir && !dirent.isFile()) {
        try {
          isDir = statSync(abs).isDirectory();
        } catch {
          // a dangling link: reported when read
          try {
            lstatSync(abs);
          } catch {
            continue;
          }
        }
      }
      if (isDir) {
        if (isYaml(name)) found.push({ rel: childRel, abs, problem: { reason: 'directory' } });
        visit(abs, childRel);
      } else if (isYaml(name)) found.push({ rel: childRel, abs });
    }
  };
  visit(dir, '');
  return found;
}

/** One file's bytes, or why they cannot be had; never more than MAX_FILE_BYTES. */
export function readBytes(abs: string): { bytes: Uint8Array } | { problem: NonNullable<Source['problem']> } {
  let fd: number | null = null;
  try {
    // one open and the size from it (no stat of the path first)
    fd = openSync(abs, 'r');
    const st = fstatSync(fd);
    if (st.isDirectory()) return { problem: { reason: 'unreadable', code: 'EISDIR' } };
    if (st.size > MAX_FILE_BYTES) return { problem: { reason: 'too-large', bytes: st.size } };
    const buf = readFileSync(fd);
    if (buf.length > MAX_FILE_BYTES) return { problem: { reason: 'too-large', bytes: buf.length } };
    return { bytes: buf };
  } catch (e) {
    return { problem: { reason: 'unreadable', code: errCode(e) } };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A buffer that readInto reuses from file to file (grown when a file is larger). */
export interface ReadBuffer {
  buf: Uint8Array;
}

export function readBuffer(): ReadBuffer {
  return { buf: new Uint8Array(64 * 1024) };
}

/**
 * One file's bytes read into `rb` (valid until the next call: copy what must outlive it), or
 * null when readBytes would not give bytes (unreadable, a folder, too large): then read it with
 * readEntry for the reason. One open, one read and one close for a file of a few kilobytes.
 */
export function readInto(abs: string, rb: ReadBuffer): Uint8Array | null {
  let fd: number | null = null;
  try {
    fd = openSync(abs, 'r');
    // no fstat: a short read of a regular file is its end; a full buffer is grown and read on
    let n = 0;
    for (;;) {
      if (n === rb.buf.length) {
        if (n > MAX_FILE_BYTES) return null;
        const grown = new Uint8Array(n * 2);
        grown.set(rb.buf);
        rb.buf = grown;
      }
      const k = readSync(fd, rb.buf, n, rb.buf.length - n, null);
      n += k;
      if (k === 0 || n < rb.buf.length) break;
    }
    if (n > MAX_FILE_BYTES) return null;
    return rb.buf.subarray(0, n);
  } catch {
    return null; // a folder (EISDIR), gone, not allowed: readEntry says why
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A file (or folder problem) of a data folder, listed and not yet read. */
export interface FolderEntry {
  rel: string;
  /** The path shown to the user (Source.file). */
  file: string;
  abs: string;
  problem?: Source['problem'];
}

/** The folder's YAML files (and folder problems) in walk order, unread. Throws FolderError when `dir` is no folder. */
export function listFolder(dir: string): FolderEntry[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new FolderError(msg('folder.missing', { dir }));
  }
  if (!st.isDirectory()) throw new FolderError(msg('folder.not-a-folder', { dir }));
  return walk(dir).map((e) => (e.problem ? { rel: e.rel, file: joinDisplay(dir, e.rel), abs: e.abs, problem: e.problem } : { rel: e.rel, file: joinDisplay(dir, e.rel), abs: e.abs }));
}

/**
 * The entry listFolder gives for `rel` (a path inside `dir` as listed), rebuilt from the path alone:
 * the threads of a parallel check are sent paths, not entries (a third of the copying).
 */
export function folderEntry(dir: string, rel: string, problem?: Source['problem']): FolderEntry {
  const base = dir.endsWith(sep) ? dir : dir + sep;
  const abs = rel === '' ? dir : base + (sep === '/' ? rel : rel.split('/').join(sep));
  return problem ? { rel, file: joinDisplay(dir, rel), abs, problem } : { rel, file: joinDisplay(dir, rel), abs };
}

/** A listed entry read into its Source (as readFolder reads it). */
export function readEntry(e: FolderEntry): Source {
  const base = { rel: e.rel, file: e.file };
  if (e.problem) return { ...base, problem: e.problem };
  return { ...base, ...readBytes(e.abs) };
}

/** The folder's Sources, paths shown as `dir` joined with the path inside it. Throws FolderError when `dir` is no folder. */
export function readFolder(dir: string): Source[] {
  return listFolder(dir).map(readEntry);
}

/** The YAML files a check of `dir` would read, as paths inside it (what counts as "has data"). */
export function yamlFilesIn(dir: string): string[] {
  return walk(dir).filter((e) => !e.problem).map((e) => e.rel);
}
