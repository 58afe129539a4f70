/** Above this many candidates suggest() gives no hint: comparing with each would cost too much. */
export const MAX_SUGGEST_CANDIDATES = 2000;

/**
 * "Did you mean": the known word closest to `word` by edit distance, if it is
 * close enough to be a plausible typo (at most a third of its length, min 1).
 * Quiet (undefined) when there are more than MAX_SUGGEST_CANDIDATES known words.
 */
export function suggest(word: string, known: readonly string[]): string | undefined {
  if (known.length > MAX_SUGGEST_CANDIDATES) return undefined;
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(Math.max(word.length, 3) / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    if (c === lower) return candidate;
    // Only a candidate within the limit can be the answer: the length difference alone may rule it out.
    if (Math.abs(c.length - lower.length) > limit) continue;
    const d = editDistance(lower, c, Math.min(limit, bestDistance));
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** The distance table of editDistance, reused: it is called many times per check. */
const SCRATCH = new Int32Array(65 * 65);

/**
 * Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.
 * With `max`, stops early once the distance must exceed it and returns a number above `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (a.length > 64 || b.length > 64) return Math.abs(a.length - b.length) + 64;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = SCRATCH; // both words have at most 64 characters: the table fits
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = d[i * cols]!;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
      if (v < rowMin) rowMin = v;
    }
    // Every later cell is at least the smallest of this row (a swap reaches back two rows, but
    // through a cell of this row that is no larger than it): past `max`, the answer is too.
    if (rowMin > max) return max + 1;
  }
  return d[rows * cols - 1]!;
}
