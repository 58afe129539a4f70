import { describe, expect, it } from "vitest";
import { RectGrid, type Rect } from "./rect-grid";

/** A seeded scatter of rects of node-like sizes over a wide canvas. */
function scatter(n: number, seed: number): Map<string, Rect> {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rects = new Map<string, Rect>();
  for (let i = 0; i < n; i++)
    rects.set(`n${i}`, {
      x: next() * 6000 - 1000,
      y: next() * 4000 - 500,
      width: 180 + next() * 80,
      height: 80 + next() * 30,
    });
  return rects;
}

function meets(r: Rect, x0: number, y0: number, x1: number, y1: number): boolean {
  return (
    r.x <= Math.max(x0, x1) &&
    r.x + r.width >= Math.min(x0, x1) &&
    r.y <= Math.max(y0, y1) &&
    r.y + r.height >= Math.min(y0, y1)
  );
}

describe("RectGrid", () => {
  const rects = scatter(400, 7);
  const grid = new RectGrid(rects);

  it("visits every rect that meets a box, once each, in the order given", () => {
    for (const [x0, y0, x1, y1] of [
      [0, 0, 300, 200],
      [2500, 1800, 2100, 1500], // corners in either order
      [-5000, -5000, 9000, 9000], // more cells than rects: a plain scan
      [777, 333, 777, 333],
    ] as const) {
      const seen: string[] = [];
      grid.some(x0, y0, x1, y1, (id) => {
        seen.push(id);
      });
      const order = [...rects.keys()];
      expect(seen).toEqual([...seen].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
      expect(new Set(seen).size).toBe(seen.length);
      for (const [id, r] of rects) if (meets(r, x0, y0, x1, y1)) expect(seen).toContain(id);
    }
  });

  it("stops at the first visit that returns true, and grows as rects are added", () => {
    let calls = 0;
    expect(grid.some(-5000, -5000, 9000, 9000, () => ++calls === 3)).toBe(true);
    expect(calls).toBe(3);
    const growing = new RectGrid();
    expect(growing.some(0, 0, 10, 10, () => true)).toBe(false);
    growing.add("a", { x: 5, y: 5, width: 10, height: 10 });
    growing.add("b", { x: 900, y: 900, width: 10, height: 10 });
    const seen: string[] = [];
    growing.some(0, 0, 20, 20, (id) => {
      seen.push(id);
    });
    expect(seen).toEqual(["a"]);
  });
});
