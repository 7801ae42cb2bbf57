/**
 * The pipeline of `yearbook diff` (FORMAT.md §11): two data folders — on disk or at a git revision —
 * read into datasets and compared figure by figure, or two editions of one folder. Prints nothing,
 * never exits; throws FolderError when a side cannot be read at all.
 *
 *   io/readFolder | io/readGitFolder → Source[] → core/parseSources → core/diffDatasets → DiffResult
 */
import { readFolder, FolderError } from '../io/folder.js';
import { gitFolderOf, readGitFolder, type GitFolder } from '../io/git-folder.js';
import { parseSources, type Dataset } from '../core/parse/dataset.js';
import type { Source } from '../core/parse/source.js';
import { msg, type Message } from '../core/findings/messages.js';
import { diffDatasets, diffEditions, editionsOf, type FigureChange } from '../core/diff/figures.js';

export { FolderError } from '../io/folder.js';
export { gitFolderOf } from '../io/git-folder.js';

/** One side of a comparison: the argument as given, and the revision when it is `REV:PATH`. */
export interface DiffSide {
  arg: string;
  /** The revision of `REV:PATH` (files shown as `REV:PATH/…`); null for a folder on disk. */
  rev: string | null;
  data: Dataset;
}

/** A document that could not be compared: not YAML that can be read, or without a region or year. */
export interface Unread {
  /** The file as shown (`data/2022/150000.yaml`, `main:data/2022/150000.yaml`). */
  file: string;
  /** The path inside the folder. */
  rel: string;
  side: 'old' | 'new';
  /** The first error the check reports for it (what `yearbook check` would say). */
  reason: Message | null;
  line: number;
  column: number;
  /** Whether the other side holds the same text at the same path (then it is no difference). */
  same: boolean;
}

export interface DiffResult {
  /** Two folders, or two editions of one folder (`old` and `new` are then the same side). */
  mode: 'folders' | 'editions';
  old: DiffSide;
  new: DiffSide;
  /** For editions: the earlier and the later edition compared. */
  editions: [string, string] | null;
  changes: FigureChange[];
  unread: Unread[];
  /** Whether anything differs: a figure, or a document readable on one side only (exit 1). */
  differs: boolean;
}

interface Side extends DiffSide {
  sources: Source[];
}

/** Reads a side: `REV:PATH` through git when it is one (see gitFolderOf), else the folder on disk. */
function readSide(arg: string, git: GitFolder | null): Side {
  const sources = git ? readGitFolder(git) : readFolder(arg);
  const data = parseSources(sources, { dir: git ? `${git.rev}:${git.path.replace(/\/+$/, '')}` : arg });
  return { arg, rev: git ? git.rev : null, data, sources };
}

/** A side's regions must be readable: without them no document has a region to be matched by. */
function needRegions(side: Side): void {
  if (side.data.regions.byCode.size > 0) return;
  const f = side.data.findings.find((x) => /^regions\.ya?ml$/.test(x.file.split(/[/:]/).pop() ?? '') && x.severity === 'error');
  throw new FolderError(f ? msg('diff.no-regions', { dir: side.arg, reason: f.message }) : msg('diff.no-regions-file', { dir: side.arg }));
}

const SPECIAL = /^(regions|indicators)\.ya?ml$/;

/** Whether two Sources hold the same text or bytes (both read). */
function sameContent(a: Source, b: Source | undefined): boolean {
  if (b === undefined || a.problem || b.problem) return false;
  if (a.text !== undefined || b.text !== undefined) return a.text === b.text;
  const x = a.bytes ?? new Uint8Array();
  const y = b.bytes ?? new Uint8Array();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The documents of a side that hold no comparable figures (a broken file, no region or year), by path. */
function unreadOf(side: Side, which: 'old' | 'new', other: Side | null): Unread[] {
  const read = new Set(side.data.docs.filter((d) => d.regionCode !== null && d.year !== null).map((d) => d.rel));
  const others = new Map((other?.sources ?? []).map((s) => [s.rel, s]));
  const out: Unread[] = [];
  for (const s of side.sources) {
    if (SPECIAL.test(s.rel) || read.has(s.rel) || !/\.ya?ml$/i.test(s.rel) || s.problem?.reason === 'directory') continue;
    const file = s.file ?? s.rel;
    const f = side.data.findings.find((x) => x.file === file && x.severity === 'error');
    const same = other !== null && sameContent(s, others.get(s.rel));
    out.push({ file, rel: s.rel, side: which, reason: f?.message ?? null, line: f?.line ?? 1, column: f?.column ?? 1, same });
  }
  return out;
}

/** Paths unreadable on one side: the other side's document there is left out too (not "all removed"). */
function without(data: Dataset, rels: Set<string>): Dataset {
  return rels.size === 0 ? data : { ...data, docs: data.docs.filter((d) => !rels.has(d.rel)) };
}

/** Compares the figures of OLD and NEW, each a folder or `REV:PATH`. Throws FolderError when either cannot be read. */
export function diffFolders(oldArg: string, newArg: string): DiffResult {
  const o = readSide(oldArg, gitFolderOf(oldArg));
  const n = readSide(newArg, gitFolderOf(newArg));
  needRegions(o);
  needRegions(n);
  const unread = [...unreadOf(o, 'old', n), ...unreadOf(n, 'new', o)];
  const skip = new Set(unread.map((u) => u.rel));
  const changes = diffDatasets(without(o.data, skip), without(n.data, skip));
  const strip = ({ sources: _s, ...side }: Side): DiffSide => side;
  return { mode: 'folders', old: strip(o), new: strip(n), editions: null, changes, unread, differs: changes.length > 0 || unread.some((u) => !u.same) };
}

/** The editions a folder's documents name (for the message when one asked for is not there). */
export class EditionError extends Error {
  constructor(
    readonly missing: string[],
    readonly available: string[],
  ) {
    super(`editions not found: ${missing.join(', ')}`);
  }
}

/** What edition `later` revised of edition `earlier` in DIR (a folder or `REV:PATH`). Throws EditionError for an edition no document names. */
export function diffFolderEditions(dirArg: string, earlier: string, later: string): DiffResult {
  const side = readSide(dirArg, gitFolderOf(dirArg));
  needRegions(side);
  const available = editionsOf(side.data);
  const missing = [earlier, later].filter((e) => !available.includes(e));
  if (missing.length > 0) throw new EditionError(missing, available);
  const changes = diffEditions(side.data, earlier, later);
  const unread = unreadOf(side, 'new', null);
  const { sources: _s, ...s } = side;
  return { mode: 'editions', old: s, new: s, editions: [earlier, later], changes, unread, differs: changes.length > 0 };
}
