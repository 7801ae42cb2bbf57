/** A unified diff of two texts with the same number of lines (what `yearbook fix --dry-run` prints). Pure; never used for texts whose lines were added or removed. */

/** `--- a/FILE` / `+++ b/FILE` and hunks of changed lines with `context` lines around them. */
export function unifiedDiff(file: string, before: string, after: string, context = 2): string {
  const rawA = lines(before);
  const rawB = lines(after);
  const a = rawA.map((l) => l.replace(/\r$/, ''));
  const b = rawB.map((l) => l.replace(/\r$/, ''));
  const changed: number[] = [];
  for (let i = 0; i < Math.max(rawA.length, rawB.length); i++) if (rawA[i] !== rawB[i]) changed.push(i);
  if (changed.length === 0) return '';
  let out = `--- a/${file}\n+++ b/${file}\n`;
  let k = 0;
  while (k < changed.length) {
    let end = k;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * context + 1) end++;
    const from = Math.max(0, changed[k]! - context);
    const to = Math.min(a.length - 1, changed[end]! + context);
    const n = to - from + 1;
    out += `@@ -${from + 1},${n} +${from + 1},${n} @@\n`;
    for (let i = from; i <= to; ) {
      if (rawA[i] === rawB[i]) {
        out += ` ${a[i]}\n`;
        i++;
        continue;
      }
      // a run of changed lines: the old ones, then the new ones
      let j = i;
      while (j <= to && rawA[j] !== rawB[j]) j++;
      for (let x = i; x < j; x++) out += `-${a[x] ?? ''}\n`;
      for (let x = i; x < j; x++) out += `+${b[x] ?? ''}\n`;
      i = j;
    }
    k = end + 1;
  }
  return out;
}

/** The lines of a text; the empty "line" after a final line break is none. */
function lines(s: string): string[] {
  const l = s.split('\n');
  if (l.length > 1 && l[l.length - 1] === '') l.pop();
  return l;
}
