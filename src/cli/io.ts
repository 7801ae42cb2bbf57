/** The command line's only contact with the terminal: output streams, colour detection, a reader gone away. Injected so tests run in memory. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Whether standard output is a terminal that takes colour. */
  colorOut: boolean;
  env: Record<string, string | undefined>;
}

/** Standard output or error whose reader has closed the pipe (`yearbook check data | head -1`). */
const closed = new Set<NodeJS.WriteStream>();
let watching = false;

/**
 * A closed pipe is the reader's choice, not a failure: like git, nothing is printed about it. What
 * the command still writes to that stream is dropped, and the command ends as it would have (a
 * build or an import is not cut off halfway), with its own exit status. Any other error of the
 * streams stays as fatal as Node makes it.
 */
function watchClosedPipes(): void {
  if (watching) return;
  watching = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      closed.add(stream);
    });
  }
}

function write(stream: NodeJS.WriteStream, s: string): void {
  if (closed.has(stream) || stream.destroyed) return;
  stream.write(s);
}

export function processIo(): Io {
  watchClosedPipes();
  const env = process.env;
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const colorOut = force || (process.stdout.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb');
  return {
    out: (s) => write(process.stdout, s),
    err: (s) => write(process.stderr, s),
    colorOut: colorOut && env.NO_COLOR === undefined,
    env,
  };
}
