/** Option-parsing errors of node:util parseArgs, and output folders that cannot be written, in the user's terms, Chinese or English (`--lang`). Pure. */
import { msg, t, type Lang, type Message, type MessageId } from '../core/findings/messages.js';
import type { OutFolderProblem } from '../io/out-folder.js';

export interface ArgErrorContext {
  /** The arguments that were parsed: the value given after an option, for the message. */
  argv?: readonly string[];
  lang?: Lang;
  /** What an option's value must be, by option name without dashes (`'max-warnings'` → `'cli.need.count'`). */
  needs?: Record<string, MessageId>;
}

export function argError(e: unknown, ctx: ArgErrorContext = {}): string {
  const err = e as { code?: string; message: string };
  const lang = ctx.lang ?? 'zh';
  // parseArgs names the option as '--max-warnings' or, when its value is missing, '--max-warnings <value>'
  const opt = (/'(-[^']*)'/.exec(err.message)?.[1] ?? /(--?[\w-]+)/.exec(err.message)?.[1] ?? '').replace(/ <value>$/, '');
  const need = ctx.needs?.[opt.replace(/^-+/, '')];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return t('cli.arg-unknown', { opt }, lang);
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(err.message)) return t('cli.arg-no-value', { opt }, lang);
    // "argument is ambiguous": the next word starts with a dash (--max-warnings -1)
    const at = ctx.argv?.indexOf(opt) ?? -1;
    const value = /ambiguous/.test(err.message) && at >= 0 ? ctx.argv?.[at + 1] : undefined;
    if (value !== undefined) return need ? t('cli.arg-needs', { opt, need: msg(need), value }, lang) : t('cli.arg-dash-value', { opt, value }, lang);
    return need ? t('cli.arg-missing-need', { opt, need: msg(need) }, lang) : t('cli.arg-missing', { opt }, lang);
  }
  return err.message;
}

/** The `--lang` of an argument list before it is parsed (for the messages of a parse that failed): en, or zh. */
export function langOf(argv: readonly string[]): Lang {
  let lang: string | undefined;
  argv.forEach((a, i) => {
    if (a === '--lang') lang = argv[i + 1];
    else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
  });
  return lang === 'en' ? 'en' : 'zh';
}

/** The operating system's reasons a folder cannot be made or written into. */
const OUT_REASONS: Record<string, MessageId | undefined> = { EACCES: 'out.eacces', EPERM: 'out.eperm', EROFS: 'out.erofs', ENOENT: 'out.enoent', EEXIST: 'out.eexist', ENOSPC: 'out.enospc', EDQUOT: 'out.enospc' };

/** Why an output folder cannot be used (checkOutputFolder's answer): a file, under /proc or /sys, read-only … */
export function outFolderWhy(p: OutFolderProblem): Message {
  if (p.kind === 'not-a-folder') return msg('out.is-file', { path: p.path });
  return msg(p.kind === 'cannot-create' ? 'out.cannot-create' : 'out.not-writable', { path: p.path, reason: msg(OUT_REASONS[p.code] ?? 'out.other', { code: p.code }) });
}
