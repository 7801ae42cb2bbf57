/**
 * The pipeline of `yearbook fix`: reads a data folder, fixes the prose of every region-year
 * document (yaml-fix.ts), writes each changed file atomically (unless a dry run), then checks the
 * folder as it now stands. Returns what it did; prints nothing, never exits. Never writes a file
 * whose real path is outside the folder, nor regions.yaml; in indicators.yaml only the labels,
 * descriptions and rule messages.
 *
 *   io/readFolder(dir) → Source[] → fixDocumentText per file → io/writeAtomic → core/checkSources
 */
import { chmodSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep, isAbsolute } from 'node:path';
import { readFolder } from '../io/folder.js';
import { writeAtomic } from '../io/atomic.js';
import { checkSources, type Report } from '../core/check.js';
import { msg, type Message } from '../core/findings/messages.js';
import type { Source } from '../core/parse/source.js';
import { fixDocumentText } from './yaml-fix.js';
import { addCounts, noCounts, type ProseCounts } from '../core/checks/prose-fix.js';
import { unifiedDiff } from './diff.js';

export interface FixedFile {
  /** The path shown to the user (the folder joined with the path inside it). */
  file: string;
  counts: ProseCounts;
  /** 1-based lines that changed. */
  lines: number[];
  /** The unified diff, for a dry run. */
  diff: string;
}

export interface RefusedFile {
  file: string;
  reason: Message;
}

export interface FixResult {
  fixed: FixedFile[];
  refused: RefusedFile[];
  /** How many documents were looked at. */
  documents: number;
  total: ProseCounts;
  /** The check of the folder after the fixes (for a dry run: as it would be). */
  report: Report;
  dryRun: boolean;
}

/** The region tree: names only, nothing to fix. */
const REGIONS = 'regions.yaml';
/** The indicator catalogue: its labels, descriptions and rule messages print. */
const CATALOGUE = 'indicators.yaml';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Fixes the documents of `dir` in place (or only says what it would do). Throws FolderError when `dir` is no folder. */
export function fixFolder(dir: string, opts: { dryRun: boolean }): FixResult {
  const sources = readFolder(dir);
  const root = realpathSync(dir);
  const fixed: FixedFile[] = [];
  const refused: RefusedFile[] = [];
  let total = noCounts();
  let documents = 0;
  const after: Source[] = [];
  for (const s of sources) {
    const file = s.file ?? s.rel;
    if (s.rel === REGIONS || s.problem || s.bytes === undefined) {
      if (s.problem && s.problem.reason !== 'directory') refused.push({ file, reason: msg('fix.unreadable') });
      after.push(s);
      continue;
    }
    documents++;
    let text: string;
    try {
      text = utf8.decode(s.bytes);
    } catch {
      refused.push({ file, reason: msg('fix.not-utf8') });
      after.push(s);
      continue;
    }
    const r = fixDocumentText(text, s.rel === CATALOGUE ? 'catalogue' : 'document');
    if (!r.ok) {
      refused.push({ file, reason: r.reason });
      after.push(s);
      continue;
    }
    if (!r.changed) {
      after.push(s);
      continue;
    }
    if (!opts.dryRun) {
      const target = inside(root, join(dir, s.rel));
      if (target === null) {
        refused.push({ file, reason: msg('fix.outside', { dir }) });
        after.push(s);
        continue;
      }
      const mode = statSync(target).mode & 0o7777;
      writeAtomic(target, r.text);
      chmodSync(target, mode);
    }
    fixed.push({ file, counts: r.counts, lines: r.lines, diff: opts.dryRun ? unifiedDiff(s.rel, text, r.text) : '' });
    total = addCounts(total, r.counts);
    after.push({ ...s, bytes: new TextEncoder().encode(r.text) });
  }
  const report = checkSources(after, { dir }).report;
  return { fixed, refused, documents, total, report, dryRun: opts.dryRun };
}

/** The real path of `path` when it lies inside `root` (a real path), else null: links out of the folder are not followed for writing. */
function inside(root: string, path: string): string | null {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return null;
  }
  const rel = relative(root, real);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel) ? real : null;
}
