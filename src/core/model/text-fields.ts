/** Lists the prose of a document (section titles and texts, intros, attachments, task texts) with their position keys. Pure. */
import type { Attachment, Doc, Section } from './types.js';

export interface TextField {
  /** Position key of the text value (`entry.sections[2].text`). */
  key: string;
  /** The section or task the text belongs to (`entry.sections[2]`), or the field itself. */
  owner: string;
  text: string;
}

export function flattenSections(sections: Section[], out: Section[] = []): Section[] {
  for (const s of sections) {
    out.push(s);
    flattenSections(s.sections, out);
  }
  return out;
}

export function textFields(doc: Doc): TextField[] {
  const out: TextField[] = [];
  const push = (key: string, owner: string, text: string | null): void => {
    if (text) out.push({ key, owner, text });
  };
  const sections = (list: Section[]): void => {
    for (const s of flattenSections(list)) {
      push(`${s.key}.title`, s.key, s.title);
      push(`${s.key}.text`, s.key, s.text);
    }
  };
  const attachments = (list: Attachment[]): void => {
    for (const a of list) {
      push(`${a.key}.title`, a.key, a.title);
      push(`${a.key}.text`, a.key, a.text);
    }
  };
  if (doc.entry) sections(doc.entry.sections);
  if (doc.summary) {
    push('summary.title', 'summary.title', doc.summary.title);
    push('summary.intro', 'summary.intro', doc.summary.intro);
    sections(doc.summary.sections);
    attachments(doc.summary.attachments);
  }
  if (doc.plan) {
    push('plan.title', 'plan.title', doc.plan.title);
    push('plan.intro', 'plan.intro', doc.plan.intro);
    sections(doc.plan.sections);
    attachments(doc.plan.attachments);
    for (const t of doc.plan.tasks) {
      push(`${t.key}.title`, t.key, t.title);
      push(`${t.key}.text`, t.key, t.text);
      push(`${t.key}.progress`, t.key, t.progress);
    }
  }
  return out;
}

/**
 * The file offset of character `index` of a text value: finds the same run of characters in the
 * source after the value's start (block scalars re-indent lines, so plain arithmetic will not do).
 */
export function textOffset(doc: Doc, key: string, text: string, index: number): number {
  const start = doc.pos.get(key);
  if (start === undefined) return doc.pos.get(key.replace(/\.[a-z_]+$/, '')) ?? 0;
  let end = text.indexOf('\n', index);
  if (end < 0) end = text.length;
  const snippet = text.slice(index, Math.min(end, index + 24));
  if (snippet === '') return start;
  // which occurrence of the snippet within the value is meant
  let nth = 0;
  for (let i = text.indexOf(snippet); i >= 0 && i < index; i = text.indexOf(snippet, i + 1)) nth++;
  let pos = doc.text.indexOf(snippet, start);
  for (let k = 0; k < nth && pos >= 0; k++) pos = doc.text.indexOf(snippet, pos + 1);
  return pos >= 0 ? pos : start;
}
