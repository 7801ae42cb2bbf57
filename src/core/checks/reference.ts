/** `{{…}}` in text names a figure of the document, or prev() a figure of the year before (kind `reference`). No I/O. */
import { textFields, textOffset } from '../model/text-fields.js';
import { placeholders, resolveRef } from '../model/text-refs.js';
import { didYouMean } from '../model/suggest.js';
import { msg } from '../findings/messages.js';
import type { Check } from './context.js';

export const referenceCheck: Check = {
  name: 'reference',
  description: 'Every {{path}} in text names a figure of the document.',
  run(ctx) {
    for (const doc of ctx.data.docs) {
      for (const field of textFields(doc)) {
        if (!field.text.includes('{{')) continue;
        const { found, unclosed } = placeholders(field.text);
        for (const at of unclosed) {
          ctx.report(doc, textOffset(doc, field.key, field.text, at), { kind: 'reference', path: field.owner, figures: [], message: msg('reference.unclosed') });
        }
        for (const ph of found) {
          for (const ref of ph.refs) {
            ctx.counted();
            const where = textOffset(doc, field.key, field.text, ref.index);
            if (ref.prev) {
              const prev = ctx.prevDoc(doc);
              if (!prev || !resolveRef(prev.figures, ref.path)) {
                ctx.report(doc, where, { kind: 'reference', path: field.owner, figures: [ref.path], message: msg('reference.no-prev', { name: `prev(${ref.path})`, year: doc.year! - 1 }) });
              }
            } else if (!resolveRef(doc.figures, ref.path)) {
              ctx.report(doc, where, { kind: 'reference', path: field.owner, figures: [ref.path], message: msg('reference.unknown', { name: ref.path, hint: didYouMean(ref.path, doc.figures.keys()) }) });
            }
          }
        }
      }
    }
  },
};
