/**
 * Reads a data folder from disk into Sources (src/core/parse/source.ts): walks it (sorted; hidden
 * folders and node_modules skipped; a symbolic link back up the tree walked once), reads every YAML
 * file's bytes with a size bound and records why a file or folder could not be read. Decodes and
 * parses nothing: that is the kernel's work.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
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
  const relOf = (abs: string): string => relative(dir, abs).split(sep).join('/');
  const visit = (d: string): void => {
    let real: string;
    try {
      real = realpathSync(d);
    } catch {
      real = d;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      found.push({ rel: relOf(d), abs: d, problem: { reason: 'unlistable', code: errCode(e) } });
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const abs = join(d, name);
      let isDir = false;
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
      if (isDir) {
        if (isYaml(name)) found.push({ rel: relOf(abs), abs, problem: { reason: 'directory' } });
        visit(abs);
      } else if (isYaml(name)) found.push({ rel: relOf(abs), abs });
    }
  };
  visit(dir);
  return found;
}

/** One file's bytes, or why they cannot be had; never more than MAX_FILE_BYTES. */
export function readBytes(abs: string): { bytes: Uint8Array } | { problem: NonNullable<Source['problem']> } {
  try {
    const st = statSync(abs);
    if (st.isDirectory()) return { problem: { reason: 'unreadable', code: 'EISDIR' } };
    if (st.size > MAX_FILE_BYTES) return { problem: { reason: 'too-large', bytes: st.size } };
    const buf = readFileSync(abs);
    if (buf.length > MAX_FILE_BYTES) return { problem: { reason: 'too-large', bytes: buf.length } };
    return { bytes: buf };
  } catch (e) {
    return { problem: { reason: 'unreadable', code: errCode(e) } };
  }
}

/** The folder's Sources, paths shown as `dir` joined with the path inside it. Throws FolderError when `dir` is no folder. */
export function readFolder(dir: string): Source[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new FolderError(msg('folder.missing', { dir }));
  }
  if (!st.isDirectory()) throw new FolderError(msg('folder.not-a-folder', { dir }));
  return walk(dir).map((e) => {
    const base = { rel: e.rel, file: joinDisplay(dir, e.rel) };
    if (e.problem) return { ...base, problem: e.problem };
    return { ...base, ...readBytes(e.abs) };
  });
}

/** The YAML files a check of `dir` would read, as paths inside it (what counts as "has data"). */
export function yamlFilesIn(dir: string): string[] {
  return walk(dir).filter((e) => !e.problem).map((e) => e.rel);
}
