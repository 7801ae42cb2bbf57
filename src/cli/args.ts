/** Option-parsing errors of node:util parseArgs in the user's terms. Pure. */
export function argError(e: unknown): string {
  const err = e as { code?: string; message: string };
  const opt = /'(-[^']*)'/.exec(err.message)?.[1] ?? /(--?[\w-]+)/.exec(err.message)?.[1] ?? '';
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `未知选项“${opt}”`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `选项“${opt}”的值有误(需要一个值,或不接受值)`;
  return err.message;
}
