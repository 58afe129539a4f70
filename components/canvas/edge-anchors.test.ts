import { describe, expect, it } from "vitest";
import { getEdgeAnchors, type Rect } from "./edge-anchors";

const rect = (x: number, y: number, width = 100, height = 50): Rect => ({ x, y, width, height });

describe("getEdgeAnchors", () => {
  it("joins facing sides: right to left for nodes side by side", () => {
    const a = getEdgeAnchors(
      new Map([
        ["a", rect(0, 0)],
        ["b", rect(300, 100)],
      ]),
      [{ id: "e", source: "a", target: "b" }],
    ).get("e")!;
    expect(a).toEqual({
      sourceX: 100,
      sourceY: 25,
      sourceSide: "right",
      targetX: 300,
      targetY: 125,
      targetSide: "left",
    });
  });

  it("uses top and bottom for nodes stacked in one column", () => {
    const a = getEdgeAnchors(
      new Map([
        ["a", rect(0, 200)],
        ["b", rect(10, 0)],
      ]),
      [{ id: "e", source: "a", target: "b" }],
    ).get("e")!;
    expect([a.sourceSide, a.targetSide]).toEqual(["top", "bottom"]);
    expect(a.sourceY).toBe(200);
    expect(a.targetY).toBe(50);
  });

  it("spreads edges sharing a side in the order of their far ends, both directions parallel", () => {
    const rects = new Map([
      ["hub", rect(0, 100, 100, 100)],
      ["up", rect(400, 0)],
      ["down", rect(400, 300)],
    ]);
    const anchors = getEdgeAnchors(rects, [
      { id: "to-down", source: "hub", target: "down" },
      { id: "to-up", source: "hub", target: "up" },
      { id: "from-up", source: "up", target: "hub" },
    ]);
    const ys = ["to-up", "from-up", "to-down"].map((id) => {
      const a = anchors.get(id)!;
      return a.sourceSide === "right" ? a.sourceY : a.targetY;
    });
    expect(ys[0]).toBeLessThan(ys[2]!);
    expect(new Set(ys).size).toBe(3);
    // Two edges between up and hub: the same order at both ends, so they do not cross.
    const upEnd = (id: string) =>
      anchors.get(id)!.sourceSide === "left" ? anchors.get(id)!.sourceY : anchors.get(id)!.targetY;
    const hubEnd = (id: string) =>
      anchors.get(id)!.sourceSide === "right" ? anchors.get(id)!.sourceY : anchors.get(id)!.targetY;
    expect(Math.sign(upEnd("from-up") - upEnd("to-up"))).toBe(Math.sign(hubEnd("from-up") - hubEnd("to-up")));
  });

  it("leaves out self-loops and edges to unknown nodes", () => {
    const anchors = getEdgeAnchors(new Map([["a", rect(0, 0)]]), [
      { id: "self", source: "a", target: "a" },
      { id: "dangling", source: "a", target: "nope" },
    ]);
    expect(anchors.size).toBe(0);
  });
});
