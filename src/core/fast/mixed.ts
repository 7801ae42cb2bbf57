/**
 * checkSources with the fast lane first, over Sources in memory: the documents the fast lane proves
 * clean are counted by it, the rest (documents with a check that does not hold, and what their
 * checks look at) go to the full check, which reports. The report is checkSources's, byte for byte.
 * What app/check-fast.ts does over a folder, for tests and other callers with Sources. Pure.
 */
import { checkSources, type CheckOptions, type Report } from '../check.js';
import type { Source } from '../parse/source.js';
import { certifySourcesPartly, complete } from './certify.js';

export function checkSourcesFast(sources: readonly Source[], opts: CheckOptions = {}): Report {
  const p = certifySourcesPartly(sources, opts);
  if (!p) return checkSources(sources, opts).report;
  if (p.suspects.length === 0) return p.report;
  return complete(p, (wanted) => sources.filter((s) => wanted(s.rel)), opts, checkSources);
}
