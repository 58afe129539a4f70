import { describe, expect, it } from "vitest";
import { overviewFrame, overviewSize } from "./overview-frame";

describe("overviewFrame", () => {
  it("fits the components and the view, with a 5% margin, centred, one scale for both axes", () => {
    // Components span x 0..1000, y 0..400; the view (100..300, 100..200) lies inside.
    // Margin 5% of 1000 = 50: shown area x -50..1050 (1100 wide), y -50..450 (500 high).
    // Scale min(200/1100, 150/500) = 2/11; height used 500 * 2/11 = 90.9, so 29.5 above and below.
    const f = overviewFrame(
      [
        { x: 0, y: 0, width: 200, height: 100 },
        { x: 800, y: 300, width: 200, height: 100 },
      ],
      { x: 100, y: 100, width: 200, height: 100 },
      { width: 200, height: 150 },
    );
    expect(f.scale).toBeCloseTo(2 / 11, 10);
    const first = f.toMap({ x: 0, y: 0, width: 200, height: 100 });
    expect(first.x).toBeCloseTo((50 * 2) / 11, 10);
    expect(first.y).toBeCloseTo((150 - (500 * 2) / 11) / 2 + (50 * 2) / 11, 10);
    expect(first.width).toBeCloseTo(400 / 11, 10);
    expect(first.height).toBeCloseTo(200 / 11, 10);
  });

  it("grows to include a view that left the design, so the map shows where the view went", () => {
    // One component at 0..100 square; the view at 900..1000 square: 1000 across, margin 50,
    // shown -50..1050 both ways, scale 200/1100.
    const f = overviewFrame(
      [{ x: 0, y: 0, width: 100, height: 100 }],
      { x: 900, y: 900, width: 100, height: 100 },
      {
        width: 200,
        height: 200,
      },
    );
    expect(f.scale).toBeCloseTo(200 / 1100, 10);
    const v = f.toMap({ x: 900, y: 900, width: 100, height: 100 });
    expect(v.x + v.width).toBeCloseTo(200 - 50 * (200 / 1100), 10);
  });

  it("maps a point of the map back to the canvas point drawn there", () => {
    const f = overviewFrame(
      [{ x: -300, y: 40, width: 600, height: 90 }],
      { x: 0, y: 0, width: 50, height: 50 },
      {
        width: 200,
        height: 150,
      },
    );
    const b = f.toMap({ x: 120, y: 75, width: 0, height: 0 });
    const p = f.toFlow({ x: b.x, y: b.y });
    expect(p.x).toBeCloseTo(120, 9);
    expect(p.y).toBeCloseTo(75, 9);
  });
});

describe("overviewSize", () => {
  it("is full on a tall canvas, smaller on a short one, and gone when it would cover the design", () => {
    expect(overviewSize(900)).toEqual({ width: 200, height: 150 });
    expect(overviewSize(560)).toEqual({ width: 200, height: 150 });
    expect(overviewSize(559)).toEqual({ width: 120, height: 90 });
    expect(overviewSize(320)).toEqual({ width: 120, height: 90 });
    expect(overviewSize(319)).toBeNull();
  });
});
