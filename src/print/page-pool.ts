/**
 * Browser pages of one session, opened ahead of their use (while the folder is still being checked)
 * and handed out one at a time, each reused from one document to the next: a page keeps the font
 * subsets it has decoded in its memory cache, so a document asks only for those its predecessors did
 * not print. Knows nothing of documents; closes its pages only when asked (the session's close closes them too).
 */
import type { Page } from 'puppeteer-core';

export class PagePool {
  private readonly idle: Promise<Page>[] = [];

  /** `open` makes a ready page (sandboxed, its media type set). */
  constructor(private readonly open: () => Promise<Page>) {}

  /** Starts opening `n` pages now; a failure to open is met by whoever takes the page. */
  warm(n: number): void {
    for (let i = 0; i < n; i++) {
      const p = this.open();
      // awaited (and reported) by acquire; a page never taken fails with the session's close
      void p.catch(() => undefined);
      this.idle.push(p);
    }
  }

  /** A page opened ahead, or a new one. */
  acquire(): Promise<Page> {
    return this.idle.shift() ?? this.open();
  }

  /** Gives a page back for the next taker. */
  release(p: Page): void {
    this.idle.push(Promise.resolve(p));
  }

  /** Closes the pages given back or never taken (a session that outlives the build keeps none of them). */
  async close(): Promise<void> {
    const pages = this.idle.splice(0);
    await Promise.all(pages.map((p) => p.then((x) => x.close(), () => undefined).catch(() => undefined)));
  }
}
