/** Applies `accept` entries: matching findings become `info` with the reason; unused entries are `accept` warnings. Pure. */
import type { Doc, Finding } from '../model/types.js';
import { makeFinding } from '../findings/finding.js';
import { msg } from '../findings/messages.js';

export function applyAccepts(docs: Doc[], findings: Finding[]): Finding[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const extra: Finding[] = [];
  for (const doc of docs) {
    for (const a of doc.accept) {
      if (a.kind === 'yaml') {
        extra.push(makeFinding(doc, a.key, { kind: 'accept', path: a.path, figures: [], message: msg('accept.yaml') }));
        continue;
      }
      const matches = (byFile.get(doc.file) ?? []).filter((f) => f.kind === a.kind && (a.path === null || f.path === a.path) && f.severity !== 'info');
      if (matches.length === 0) {
        extra.push(makeFinding(doc, a.key, { kind: 'accept', path: a.path, figures: a.path ? [a.path] : [], message: msg('accept.unused', { kind: a.kind, path: a.path ?? '*' }) }));
        continue;
      }
      for (const f of matches) {
        f.severity = 'info';
        f.accepted = a.reason;
      }
    }
  }
  return [...findings, ...extra];
}
