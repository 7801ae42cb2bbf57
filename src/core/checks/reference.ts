/**
 * `{{…}}` in text is in the placeholder grammar (model/text-refs.ts) and can be printed: it names a
 * figure of the document, prev() a figure of the year before, and a helper gets what it needs —
 * exactly what the renderer refuses, at the same column (kind `reference`). No I/O.
 */
import { textFields, textOffset } from '../model/text-fields.js';
import { placeholders, problemOf } from '../model/text-refs.js';
import { didYouMean } from '../model/suggest.js';
import { msg } from '../findings/messages.js';
import type { Check } from './context.js';

export const referenceCheck: Check = {
  name: 'reference',
  description: 'Every {{…}} in text is well-formed and names what the document has.',
  run(ctx) {
    for (const doc of ctx.docs) {
      const prev = ctx.prevDoc(doc);
      for (const field of textFields(doc)) {
        if (!field.text.includes('{{')) continue;
        const { found, unclosed } = placeholders(field.text);
        for (const at of unclosed) {
          ctx.report(doc, textOffset(doc, field.key, field.text, at), { kind: 'reference', path: field.owner, figures: [], message: msg('reference.unclosed') });
        }
        for (const ph of found) {
          ctx.counted(ph.refs.length);
          const where = textOffset(doc, field.key, field.text, ph.expr && ph.expr.kind !== 'builtin' ? ph.expr.ref.index : ph.at);
          const figures = ph.refs.map((r) => r.path);
          const problem = ph.syntax ?? (ph.expr ? problemOf(ph.expr, doc, prev, (path) => didYouMean(path, doc.figures.keys())) : null);
          if (problem) ctx.report(doc, where, { kind: 'reference', path: field.owner, figures, message: problem });
        }
      }
    }
  },
};
