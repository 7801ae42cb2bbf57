/** Duplicated documents, sections and plan tasks (kinds `duplicate-document`, `duplicate-section`, `duplicate-task`). No I/O. */
import { locate } from '../parse/source-file.js';
import { flattenSections } from '../model/text-fields.js';
import type { Doc, Section } from '../model/types.js';
import { msg } from '../findings/messages.js';
import type { Check } from './context.js';
import { docKey } from './context.js';

/** Sections this similar (character-bigram Dice coefficient) are reported as nearly identical. */
export const NEAR_DUPLICATE = 0.9;
/** Texts shorter than this (after normalising) are too short to call duplicates. */
const MIN_LENGTH = 20;

export const duplicateDocumentCheck: Check = {
  name: 'duplicate-document',
  description: 'One document per region, year and edition.',
  run(ctx) {
    const first = new Map<string, Doc>();
    for (const doc of ctx.docs) {
      const k = docKey(doc.regionCode!, doc.year!, doc.edition);
      const other = first.get(k);
      if (!other) {
        first.set(k, doc);
        continue;
      }
      ctx.report(doc, 'region', {
        kind: 'duplicate-document',
        path: null,
        figures: [],
        message: msg('duplicate-document', { other: other.file, region: doc.region?.name ?? doc.regionCode!, year: doc.year!, edition: doc.edition ? msg('edition.suffix', { edition: doc.edition }) : '' }),
      });
    }
  },
};

/** Removes white space and punctuation: what is left is the wording. */
export function normaliseText(s: string): string {
  return s.replace(/[\s\p{P}\p{S}]/gu, '');
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const b = s.slice(i, i + 2);
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  return m;
}

/** Dice coefficient over character bigrams: 1 for identical texts. */
export function similarity(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return a === b ? 1 : 0;
  const A = bigrams(a);
  const B = bigrams(b);
  let common = 0;
  for (const [g, n] of A) common += Math.min(n, B.get(g) ?? 0);
  return (2 * common) / (a.length - 1 + (b.length - 1));
}

export const duplicateSectionCheck: Check = {
  name: 'duplicate-section',
  description: 'No section’s text is printed twice in one document.',
  run(ctx) {
    for (const doc of ctx.docs) {
      const all: Section[] = [
        ...flattenSections(doc.entry?.sections ?? []),
        ...flattenSections(doc.summary?.sections ?? []),
        ...flattenSections(doc.plan?.sections ?? []),
      ];
      const norm = all.map((s) => normaliseText(s.text));
      for (let j = 1; j < all.length; j++) {
        if (norm[j]!.length < MIN_LENGTH) continue;
        for (let i = 0; i < j; i++) {
          if (norm[i]!.length < MIN_LENGTH) continue;
          ctx.counted();
          const same = norm[i] === norm[j];
          const sim = same ? 1 : lengthsClose(norm[i]!, norm[j]!) ? similarity(norm[i]!, norm[j]!) : 0;
          if (!same && sim < NEAR_DUPLICATE) continue;
          const earlier = all[i]!;
          const later = all[j]!;
          const line = locate(doc, earlier.key).line;
          ctx.report(doc, later.key, {
            kind: 'duplicate-section',
            severity: same ? 'error' : 'warning',
            path: later.key,
            figures: [],
            message: same
              ? msg('duplicate-section.same', { title: later.title, otherTitle: earlier.title, line })
              : msg('duplicate-section.near', { title: later.title, otherTitle: earlier.title, line, similarity: `${Math.round(sim * 100)}%` }),
          });
          break; // one finding per repeated section: against its first twin
        }
      }
    }
  },
};

function lengthsClose(a: string, b: string): boolean {
  const r = Math.min(a.length, b.length) / Math.max(a.length, b.length);
  return r >= NEAR_DUPLICATE * 0.9;
}

export const duplicateTaskCheck: Check = {
  name: 'duplicate-task',
  description: 'Plan tasks have distinct numbers.',
  run(ctx) {
    for (const doc of ctx.docs) {
      const seen = new Map<string, string>();
      for (const t of doc.plan?.tasks ?? []) {
        if (t.no === '') continue;
        const first = seen.get(t.no);
        if (first === undefined) {
          seen.set(t.no, t.key);
          continue;
        }
        ctx.report(doc, `${t.key}.no`, { kind: 'duplicate-task', path: t.key, figures: [], message: msg('duplicate-task', { no: t.no, line: locate(doc, first).line }) });
      }
    }
  },
};
