/**
 * A line diff for the version history: which lines of `before` went and which of `after`
 * came, by the longest common subsequence of lines after the common head and tail are set
 * aside. Pure. The table grows with the product of the changed middles' lengths, so past
 * DIFF_CELL_LIMIT cells the middle is shown as removed and added whole.
 */
export type DiffLine = { kind: "same" | "removed" | "added"; text: string };

/** Cells of the LCS table computed at most (32 MB of 32-bit counts). */
export const DIFF_CELL_LIMIT = 8_000_000;

export function diffLines(before: string, after: string): DiffLine[] {
  return diffLineArrays(before.split("\n"), after.split("\n"), (l) => l);
}

/**
 * The same over arrays of lines, comparing by `key` (such as the line with its spacing
 * normalised): a line both keep is given as it is in `a`.
 */
export function diffLineArrays(a: readonly string[], b: readonly string[], key: (line: string) => string): DiffLine[] {
  const ka = a.map(key);
  const kb = b.map(key);
  let head = 0;
  while (head < a.length && head < b.length && ka[head] === kb[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && ka[a.length - 1 - tail] === kb[b.length - 1 - tail])
    tail++;
  const out: DiffLine[] = a.slice(0, head).map((text) => ({ kind: "same", text }));
  const xs = a.slice(head, a.length - tail);
  const ys = b.slice(head, b.length - tail);
  const x = ka.slice(head, a.length - tail);
  const y = kb.slice(head, b.length - tail);
  if (x.length * y.length > DIFF_CELL_LIMIT) {
    for (const text of xs) out.push({ kind: "removed", text });
    for (const text of ys) out.push({ kind: "added", text });
  } else {
    // lcs[i * w + j] = the LCS length of x[i..] and y[j..].
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--)
      for (let j = y.length - 1; j >= 0; j--)
        lcs[i * w + j] =
          x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < x.length && j < y.length) {
      if (x[i] === y[j]) {
        out.push({ kind: "same", text: xs[i]! });
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) out.push({ kind: "removed", text: xs[i++]! });
      else out.push({ kind: "added", text: ys[j++]! });
    }
    while (i < x.length) out.push({ kind: "removed", text: xs[i++]! });
    while (j < y.length) out.push({ kind: "added", text: ys[j++]! });
  }
  for (const text of a.slice(a.length - tail)) out.push({ kind: "same", text });
  return out;
}
