/**
 * Reads a data folder as it stands at a git revision (`main:data`, `HEAD~1:data`) into Sources, as
 * readFolder reads one from disk: `git ls-tree` lists it, one `git cat-file --batch` reads every
 * blob. Runs git in the current folder; parses nothing, writes nothing, never touches the work tree.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { msg } from '../core/findings/messages.js';
import { MAX_FILE_BYTES, type Source } from '../core/parse/source.js';
import { FolderError } from './folder.js';

/** A folder at a revision: `rev` as the user wrote it, `path` as written after the colon. */
export interface GitFolder {
  rev: string;
  path: string;
}

/**
 * `REV:PATH` when the argument has a colon and is not a path on disk (git's own syntax: a path from
 * the repository's top, `REV:./PATH` from the current folder); null for a plain folder.
 */
export function gitFolderOf(arg: string): GitFolder | null {
  const at = arg.indexOf(':');
  if (at <= 0 || existsSync(arg)) return null;
  return { rev: arg.slice(0, at), path: arg.slice(at + 1) };
}

const isYaml = (name: string): boolean => /\.ya?ml$/i.test(name);

function git(args: string[], input?: string, maxBuffer = 64 * 1024 * 1024): SpawnSyncReturns<Buffer> {
  // the inherited environment (GIT_DIR and the like count, as for git itself); nothing asks for input
  return spawnSync('git', args, { input: input ?? '', maxBuffer, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Whether git could not be started at all (not installed, not on PATH). */
const noGit = (r: SpawnSyncReturns<Buffer>): boolean => (r.error as { code?: string } | undefined)?.code === 'ENOENT';

function fail(arg: string, r: SpawnSyncReturns<Buffer>): never {
  if (noGit(r)) throw new FolderError(msg('git.missing', { arg }));
  const detail = (r.stderr?.toString('utf8') ?? String(r.error ?? '')).trim().split('\n')[0]?.replace(/^fatal: /, '') ?? '';
  throw new FolderError(msg('git.failed', { arg, detail }));
}

/** Throws FolderError with the reason `rev:path` cannot be read as a folder. */
function check(g: GitFolder, full: string, arg: string): void {
  const top = git(['rev-parse', '--git-dir']);
  if (top.error || top.status !== 0) {
    if (noGit(top)) fail(arg, top);
    throw new FolderError(msg('git.not-a-repo', { arg }));
  }
  const rev = git(['rev-parse', '--verify', '--quiet', `${g.rev}^{tree}`]);
  if (rev.status !== 0) throw new FolderError(msg('git.bad-revision', { rev: g.rev, arg }));
  if (full === '') return;
  const type = git(['cat-file', '-t', `${g.rev}:${full}`]);
  if (type.status !== 0) throw new FolderError(msg('git.no-path', { rev: g.rev, path: g.path, arg }));
  if (type.stdout.toString('utf8').trim() !== 'tree') throw new FolderError(msg('git.not-a-folder', { rev: g.rev, path: g.path, arg }));
}

/** The folder's path from the repository's top ('' for the top itself). */
function fullPath(g: GitFolder, arg: string): string {
  let p = g.path.replace(/\\/g, '/');
  if (p === '.' || p.startsWith('./') || p.startsWith('../') || p === '..') {
    const prefix = git(['rev-parse', '--show-prefix']);
    if (prefix.status !== 0) {
      if (noGit(prefix)) fail(arg, prefix);
      throw new FolderError(msg('git.not-a-repo', { arg }));
    }
    p = prefix.stdout.toString('utf8').trim() + p;
  }
  const n = posix.normalize(p === '' ? '.' : p).replace(/\/+$/, '');
  return n === '.' ? '' : n;
}

interface Blob {
  rel: string;
  sha: string;
  size: number;
}

/** The YAML blobs below `full` (hidden folders and node_modules skipped, as on disk), in path order. */
function list(g: GitFolder, full: string, arg: string): Blob[] {
  const r = git(['ls-tree', '-r', '-l', '-z', '--full-tree', g.rev, '--', ...(full === '' ? [] : [full + '/'])]);
  if (r.status !== 0 || r.error) fail(arg, r);
  const out: Blob[] = [];
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    if (entry === '') continue;
    const tab = entry.indexOf('\t');
    const [mode, type, sha, size] = entry.slice(0, tab).split(/ +/);
    const path = entry.slice(tab + 1);
    // regular files only: a symbolic link's blob is its target, a submodule has none here
    if (type !== 'blob' || mode === '120000' || sha === undefined) continue;
    const rel = full === '' ? path : path.slice(full.length + 1);
    const parts = rel.split('/');
    if (parts.some((s) => s.startsWith('.') || s === 'node_modules') || !isYaml(parts[parts.length - 1]!)) continue;
    out.push({ rel, sha, size: Number(size) });
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Every blob's bytes by object name, through one `git cat-file --batch`. */
function readBlobs(blobs: Blob[], arg: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const wanted = [...new Set(blobs.map((b) => b.sha))];
  if (wanted.length === 0) return out;
  const total = blobs.reduce((n, b) => n + b.size + 100, 0);
  const r = git(['cat-file', '--batch'], wanted.join('\n') + '\n', total + 1024 * 1024);
  if (r.status !== 0 || r.error) fail(arg, r);
  const buf = r.stdout;
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(10, at);
    if (nl < 0) break;
    const [sha, type, size] = buf.subarray(at, nl).toString('utf8').split(' ');
    at = nl + 1;
    if (type === 'missing' || size === undefined) continue;
    const n = Number(size);
    // a view into git's output, not a copy: every blob of it is kept anyway
    out.set(sha!, buf.subarray(at, at + n));
    at += n + 1;
  }
  return out;
}

/** How a file of `rev:path` is shown: `main:data/2022/150000.yaml`. */
export function gitDisplay(g: GitFolder, rel: string): string {
  const p = g.path.replace(/\/+$/, '');
  return `${g.rev}:${p === '' ? '' : p + '/'}${rel}`;
}

/**
 * The Sources of `rev:path`, shown as `rev:path/rel`. Throws FolderError (a message naming the
 * argument and what to write instead) when git is missing, the folder is no repository, the revision
 * or the path does not exist, or the path is a file.
 */
export function readGitFolder(g: GitFolder): Source[] {
  const arg = `${g.rev}:${g.path}`;
  const full = fullPath(g, arg);
  check(g, full, arg);
  const blobs = list(g, full, arg);
  const small = blobs.filter((b) => b.size <= MAX_FILE_BYTES);
  const bytes = readBlobs(small, arg);
  return blobs.map((b): Source => {
    const base = { rel: b.rel, file: gitDisplay(g, b.rel) };
    if (b.size > MAX_FILE_BYTES) return { ...base, problem: { reason: 'too-large', bytes: b.size } };
    const data = bytes.get(b.sha);
    return data ? { ...base, bytes: data } : { ...base, problem: { reason: 'unreadable', code: 'ENOENT' } };
  });
}
