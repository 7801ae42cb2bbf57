/**
 * The worker thread of a parallel check (check-parallel.ts): waits for its share (started before
 * the share is known), reads the share's files, checks them with the kernel and posts the share's
 * report back. Prints nothing.
 */
import { parentPort } from 'node:worker_threads';
import { checkShare, type ShareInput } from './check-share.js';

parentPort!.once('message', (share: ShareInput) => void checkShare(share).then((out) => parentPort!.postMessage(out)));
