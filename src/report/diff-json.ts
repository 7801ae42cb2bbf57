/** The JSON report of `yearbook diff` (FORMAT.md §11), field for field, plus the extensions the README names (kind, label, status, stated, inOld, summary, unread). Pure. */
import { render, type Lang } from '../core/findings/messages.js';
import type { FigureValue } from '../core/model/types.js';
import { counts, figureOf, kindOf, labelOf, type DiffReport } from './diff-common.js';

const STATED = ['growth', 'increase', 'pp'] as const;

export function formatDiffJson(report: DiffReport, lang: Lang = 'zh'): string {
  const n = counts(report.changes);
  const out = {
    version: 1,
    ...(report.editions ? { editions: { earlier: report.editions[0], later: report.editions[1] } } : {}),
    summary: { changes: n.total, changed: n.changed, added: n.added, removed: n.removed },
    changes: report.changes.map((c) => {
      const o = figureOf(c, 'old');
      const nw = figureOf(c, 'new');
      // the stated changes (growth, increase, pp) that differ, as written on each side
      const stated: Record<string, { old: string | null; new: string | null }> = {};
      const text = (v: FigureValue | null | undefined): string | null => v?.q.text ?? null;
      for (const k of STATED) if (text(o?.[k]) !== text(nw?.[k])) stated[k] = { old: text(o?.[k]), new: text(nw?.[k]) };
      return {
        region: c.region,
        year: c.year,
        edition: c.edition,
        path: c.path,
        old: c.old,
        new: c.new,
        file: c.file,
        line: c.line,
        column: c.column,
        kind: kindOf(c),
        label: labelOf(c),
        status: c.status,
        inOld: c.inOld,
        ...(Object.keys(stated).length > 0 ? { stated } : {}),
      };
    }),
    unread: report.unread.map((u) => ({ file: u.file, side: u.side, line: u.line, column: u.column, message: u.reason ? render(u.reason, lang) : null, same: u.same })),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
