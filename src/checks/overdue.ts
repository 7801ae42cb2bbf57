/** Plan tasks due before the plan's `as_of` that are not done (kind `overdue`, a warning). No I/O. */
import { msg } from '../report/messages.js';
import type { Check } from './context.js';

export const overdueCheck: Check = {
  name: 'overdue',
  description: 'Tasks whose deadline has passed by the plan’s as_of date are done.',
  run(ctx) {
    for (const doc of ctx.data.docs) {
      const plan = doc.plan;
      if (!plan?.as_of) continue;
      const asOf = plan.as_of.length === 7 ? lastDayOf(plan.as_of) : plan.as_of;
      for (const task of plan.tasks) {
        const dated = task.due.filter((d) => d.kind === 'date');
        if (dated.length === 0) continue;
        ctx.counted();
        if (task.status === 'done') continue;
        const passed = dated.find((d) => d.last! < asOf);
        if (!passed) continue;
        ctx.report(doc, `${task.key}.due`, {
          kind: 'overdue',
          path: task.key,
          figures: [],
          message: msg('overdue', { no: task.no, title: task.title, due: passed.text, asOf: plan.as_of, status: msg(task.status ? `status.${task.status}` : 'status.none') }),
        });
      }
    }
  },
};

/** `2023-06` → `2023-06-30`: a month-only date means its last day. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
