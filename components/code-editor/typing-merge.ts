/**
 * Keeps text typed in the editor but not yet sent to the document when a change from
 * elsewhere (the canvas, the inspector) arrives meanwhile: both are edits of the same base,
 * each one contiguous region, so they combine unless they touch the same characters.
 */

/** One contiguous replacement: `base.slice(from, to)` becomes `insert`. */
export interface TextEdit {
  from: number;
  to: number;
  insert: string;
}

/** The single edit that turns `base` into `next` (common prefix and suffix kept), or null if equal. */
export function getTextEdit(base: string, next: string): TextEdit | null {
  if (base === next) return null;
  let from = 0;
  const max = Math.min(base.length, next.length);
  while (from < max && base.charCodeAt(from) === next.charCodeAt(from)) from++;
  let tail = 0;
  while (tail < max - from && base.charCodeAt(base.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail))
    tail++;
  return { from, to: base.length - tail, insert: next.slice(from, next.length - tail) };
}

/**
 * Their change rebased onto my text: the edit to apply to `mine` (in its offsets) so it holds
 * both, or null when the two changes overlap (then mine is kept as it is) or theirs is empty.
 */
export function rebaseEdit(base: string, mine: string, theirs: string): TextEdit | null {
  const their = getTextEdit(base, theirs);
  if (!their) return null;
  const my = getTextEdit(base, mine);
  if (!my) return their;
  // Both inserting at one point: mine first, as the user typed it where the cursor is and a
  // command inserting there most often appends (a new component after the last one).
  const sameInsertionPoint = their.from === their.to && my.from === my.to && their.from === my.from;
  if (their.to <= my.from && !sameInsertionPoint) return their;
  if (their.from >= my.to) {
    const shift = my.insert.length - (my.to - my.from);
    return { from: their.from + shift, to: their.to + shift, insert: their.insert };
  }
  return null;
}
