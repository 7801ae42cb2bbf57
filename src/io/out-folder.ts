/** Whether a build can write into its output folder, tried for real and undone; one level at a time, never a recursive mkdir (on /proc that never returns), no process. */
import { mkdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Why a folder cannot take a build's files; `code` is the operating system's (EACCES, EROFS, ENOENT …). */
export type OutFolderProblem =
  /** `path` (the folder itself or a folder above it) is a file. */
  | { kind: 'not-a-folder'; path: string }
  /** The folder `path` (the folder itself or one above it) does not exist and cannot be made. */
  | { kind: 'cannot-create'; path: string; code: string }
  /** The folder exists (or was made) but takes no file. */
  | { kind: 'not-writable'; path: string; code: string };

const codeOf = (e: unknown): string => (e as { code?: string }).code ?? String(e);

/**
 * Makes the missing levels of `out` one by one, writes and removes a temporary file in it, then
 * removes the levels it made: the folder is left as it was found. Returns null when a build can
 * write there, else the first problem met. Every step is one system call, so it cannot spin.
 */
export function checkOutputFolder(out: string): OutFolderProblem | null {
  const target = resolve(out);
  // the nearest level that exists, and the levels below it still to make (top first)
  const missing: string[] = [];
  for (let at = target; ; ) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (e) {
      const code = codeOf(e);
      const up = dirname(at);
      // ENOTDIR: a level above is a file, which the next round finds
      if ((code === 'ENOENT' || code === 'ENOTDIR') && up !== at) {
        missing.unshift(at);
        at = up;
        continue;
      }
      return { kind: 'cannot-create', path: at, code };
    }
    if (!isDir) return { kind: 'not-a-folder', path: at };
    break;
  }
  const made: string[] = [];
  const undo = (): void => {
    for (const dir of made.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // something else wrote into it meanwhile: leave it
      }
    }
  };
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (e) {
      undo();
      return { kind: 'cannot-create', path: dir, code: codeOf(e) };
    }
    made.push(dir);
  }
  const probe = join(target, `.yearbook-write-test-${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(probe, 'yearbook', { flag: 'wx' });
  } catch (e) {
    undo();
    return { kind: 'not-writable', path: target, code: codeOf(e) };
  }
  try {
    unlinkSync(probe);
  } catch (e) {
    undo();
    return { kind: 'not-writable', path: target, code: codeOf(e) };
  }
  undo();
  return null;
}
