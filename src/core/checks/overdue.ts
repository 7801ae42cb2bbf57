/** Plan tasks due before the plan's `as_of` that are not done (kind `overdue`, a warning). No I/O. */
import { msg } from '../findings/messages.js';
import type { Due, Task } from '../model/types.js';
import type { Check } from './context.js';

export const overdueCheck: Check = {
  name: 'overdue',
  description: 'Tasks whose deadline has passed by the plan’s as_of date are done.',
  run(ctx) {
    for (const doc of ctx.docs) {
      const plan = doc.plan;
      if (!plan?.as_of) continue;
      for (const task of plan.tasks) {
        if (!task.due.some((d) => d.kind === 'date')) continue;
        ctx.counted();
        const passed = overdueBy(task, plan.as_of);
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

/** The deadline a task has missed by `asOf` (not done, a dated deadline before it), or null. Shared with the plan report. */
export function overdueBy(task: Task, asOf: string | null): Due | null {
  if (!asOf || task.status === 'done') return null;
  const last = asOf.length === 7 ? lastDayOf(asOf) : asOf;
  return task.due.find((d) => d.kind === 'date' && d.last! < last) ?? null;
}

/** `2023-06` → `2023-06-30`: a month-only date means its last day. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
