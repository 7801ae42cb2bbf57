/** The command line's only contact with the terminal: output streams, colour detection. Injected so tests run in memory. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Whether standard output is a terminal that takes colour. */
  colorOut: boolean;
  env: Record<string, string | undefined>;
}

export function processIo(): Io {
  const env = process.env;
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const colorOut = force || (process.stdout.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb');
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    colorOut: colorOut && env.NO_COLOR === undefined,
    env,
  };
}
