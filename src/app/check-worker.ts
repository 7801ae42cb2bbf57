/**
 * The worker thread of a parallel check (check-parallel.ts): checks its share of a folder's Sources
 * with the kernel and posts the share's report back. Reads no file, prints nothing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkShare, unpack, type PackedShare } from './check-share.js';

parentPort!.postMessage(checkShare(unpack(workerData as PackedShare)));
