/** Builds Finding values: default severities by kind and the one place where position keys become file:line:column. Pure. */
import type { Finding, FindingKind, PosKey, Severity } from '../model/types.js';
import { locate, type SourceFile } from '../parse/source-file.js';
import type { Message } from './messages.js';

export const DEFAULT_SEVERITY: Record<FindingKind, Severity> = {
  yaml: 'error',
  schema: 'error',
  unit: 'error',
  equation: 'error',
  inequality: 'error',
  change: 'error',
  aggregate: 'error',
  range: 'error',
  'duplicate-document': 'error',
  'duplicate-section': 'error',
  'duplicate-task': 'error',
  reference: 'error',
  overdue: 'warning',
  accept: 'warning',
  text: 'warning',
};

export interface FindingInit {
  kind: FindingKind;
  message: Message;
  severity?: Severity;
  path?: string | null;
  figures?: string[];
  rule?: string | null;
  expected?: string | null;
  actual?: string | null;
  region?: string | null;
  year?: number | null;
  edition?: string | null;
}

export interface DocMeta {
  regionCode?: string | null;
  year?: number | null;
  edition?: string | null;
}

export function makeFinding(src: SourceFile & DocMeta, at: PosKey | number | null, init: FindingInit): Finding {
  const loc = locate(src, at);
  return {
    kind: init.kind,
    severity: init.severity ?? DEFAULT_SEVERITY[init.kind],
    rule: init.rule ?? null,
    region: init.region !== undefined ? init.region : (src.regionCode ?? null),
    year: init.year !== undefined ? init.year : (src.year ?? null),
    edition: init.edition !== undefined ? init.edition : (src.edition ?? null),
    path: init.path ?? null,
    figures: init.figures ?? (init.path ? [init.path] : []),
    file: src.file,
    line: loc.line,
    column: loc.column,
    message: init.message,
    expected: init.expected ?? null,
    actual: init.actual ?? null,
    accepted: null,
    sourceLine: loc.sourceLine,
  };
}

/** Stable order: file, line, column, kind. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
}
