/** A plan's tasks as the rows of its progress table, with the line counting them; shared by PDF and Word. Pure. */
import type { Plan, Task } from '../core/model/types.js';
import { overdueBy } from '../core/checks/overdue.js';
import { headingNumber } from './numbers.js';
import type { TextRenderer } from './text.js';

const STATUS: Record<string, string> = { done: '已完成', 'in-progress': '推进中', 'not-started': '未开始' };

/** A heading number with full-width brackets, whatever numbers.ts writes: (一) → （一）. */
export function headingNo(depth: number, n: number): string {
  return headingNumber(depth, n).replace(/\(/g, '（').replace(/\)/g, '）');
}

/** A date as GB/T 9704 prints it: 2023-12-28 → 2023年12月28日, 2023-03 → 2023年3月. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${d ? `${Number(d)}日` : ''}`;
}

/** Deadlines as printed: 2023年3月、持续推进. */
export function dueText(due: Task['due']): string {
  return due.map((d) => (d.kind === 'ongoing' ? '持续推进' : chineseDate(d.text))).join('、');
}

export interface TaskRow {
  /** The group heading to print before this task, numbered as in the plan's text: （一）…, when it starts a new group. */
  group: string | null;
  no: string;
  /** As the text renderer escaped it (HTML-safe). */
  title: string;
  lead: string;
  partners: string;
  responsible: string;
  due: string;
  status: string;
  /** As the text renderer escaped it (HTML-safe). */
  progress: string;
  overdue: boolean;
}

/** The rows of a plan's task table and the line counting them by status; shared by the PDF and Word outputs. */
export function taskRows(plan: Plan, r: TextRenderer): { rows: TaskRow[]; counts: string } {
  let lastGroup: string | null = null;
  let groups = 0;
  const rows = plan.tasks.map((task) => {
    const starts = task.group !== null && task.group !== lastGroup;
    if (starts) groups++;
    lastGroup = task.group;
    return {
      group: starts ? `${headingNo(1, groups)}${task.group}` : null,
      no: task.no,
      title: r.render(task.title, `${task.key}.title`),
      lead: task.lead.join('、'),
      partners: task.partners.join('、'),
      responsible: task.responsible.join('、'),
      due: dueText(task.due),
      status: (task.status && STATUS[task.status]) || '未填报',
      progress: task.progress ? r.render(task.progress, `${task.key}.progress`) : '',
      overdue: overdueBy(task, plan.as_of) !== null,
    };
  });
  const byStatus = new Map<string, number>();
  for (const row of rows) byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + 1);
  const overdue = rows.filter((x) => x.overdue).length;
  const counts = `共${rows.length}项任务：${[...byStatus].map(([k, v]) => `${k}${v}项`).join('，')}${overdue ? `；截至${chineseDate(plan.as_of!)}逾期${overdue}项` : ''}。`;
  return { rows, counts };
}
