import { describe, expect, it } from "vitest";
import { findFreeSpot, PLACE_MARGIN } from "./placement";

const SIZE = { width: 200, height: 80 };

describe("findFreeSpot", () => {
  it("takes the spot itself when nothing is there", () => {
    expect(findFreeSpot({ x: 10.4, y: 20.6 }, SIZE, [])).toEqual({ x: 10, y: 21 });
  });

  it("steps one node plus the margin away from a node in the way, first in the ring's reading order", () => {
    const taken = [{ x: 0, y: 0, ...SIZE }];
    // Ring 1 starts at the top-left neighbour.
    expect(findFreeSpot({ x: 0, y: 0 }, SIZE, taken)).toEqual({ x: -(200 + PLACE_MARGIN), y: -(80 + PLACE_MARGIN) });
  });

  it("never returns a spot that overlaps a taken rectangle while one is free", () => {
    const taken = [];
    for (let i = 0; i < 8; i++) {
      const p = findFreeSpot({ x: 0, y: 0 }, SIZE, taken);
      for (const r of taken)
        expect(
          p.x + SIZE.width <= r.x || r.x + r.width <= p.x || p.y + SIZE.height <= r.y || r.y + r.height <= p.y,
        ).toBe(true);
      taken.push({ ...p, ...SIZE });
    }
    expect(new Set(taken.map((r) => `${r.x},${r.y}`)).size).toBe(8);
  });
});
