/** "Did you mean …": the nearest known name by edit distance. Pure. */
import { distance } from 'fastest-levenshtein';
import { msg, type Message } from '../findings/messages.js';

export function nearest(word: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(word, k);
    if (d < bestD || (d === bestD && best !== null && k < best)) {
      best = k;
      bestD = d;
    }
  }
  if (best === null) return null;
  // Suggest only when the two are reasonably close.
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return bestD <= limit ? best : null;
}

export function didYouMean(word: string, known: Iterable<string>): Message {
  const s = nearest(word, known);
  return s ? msg('hint.did-you-mean', { s }) : msg('hint.none');
}
