/** Where a new component goes: a free spot near where the user is looking. Pure. */
import type { Rect } from "./edge-anchors";

type XY = { x: number; y: number };

/** Room kept between a new component and the others, in canvas pixels. */
export const PLACE_MARGIN = 40;

/**
 * The first spot, in rings around `at` on a grid of the node's size plus a margin, where a
 * node of `size` overlaps none of `taken`; `at` itself when all of the first rings are full.
 */
export function findFreeSpot(at: XY, size: { width: number; height: number }, taken: readonly Rect[]): XY {
  const stepX = size.width + PLACE_MARGIN;
  const stepY = size.height + PLACE_MARGIN;
  const free = (p: XY) =>
    taken.every(
      (r) =>
        p.x + size.width + PLACE_MARGIN / 2 <= r.x ||
        r.x + r.width + PLACE_MARGIN / 2 <= p.x ||
        p.y + size.height + PLACE_MARGIN / 2 <= r.y ||
        r.y + r.height + PLACE_MARGIN / 2 <= p.y,
    );
  for (let ring = 0; ring <= 6; ring++)
    for (let dy = -ring; dy <= ring; dy++)
      for (let dx = -ring; dx <= ring; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const p = { x: Math.round(at.x + dx * stepX), y: Math.round(at.y + dy * stepY) };
        if (free(p)) return p;
      }
  return { x: Math.round(at.x), y: Math.round(at.y) };
}
