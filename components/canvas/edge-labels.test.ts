import { describe, expect, it } from "vitest";
import type { Rect } from "./edge-anchors";
import { estimateLabelSize, getEdgeGeometry, getEdgeLabel } from "./edge-labels";
import type { DesignEdgeData } from "./flow-types";

describe("getEdgeLabel", () => {
  it("shows items and protocol, at most three items plus a count", () => {
    expect(getEdgeLabel({ kind: "publish", items: ["a.b"], protocol: "AMQP" })).toEqual({
      items: ["a.b"],
      more: 0,
      protocol: "AMQP",
    });
    expect(getEdgeLabel({ kind: "route", items: ["GET /a", "GET /b", "GET /c", "GET /d"], protocol: "HTTP" })).toEqual({
      items: ["GET /a", "GET /b", "GET /c"],
      more: 1,
      protocol: "HTTP",
    });
  });

  it("shows only the protocol on query and cache edges, and nothing on dependsOn", () => {
    expect(getEdgeLabel({ kind: "query", items: ["create", "get"], protocol: "query" })).toEqual({
      items: [],
      more: 0,
      protocol: "query",
    });
    expect(getEdgeLabel({ kind: "depends", items: [] })).toBeNull();
  });
});

describe("getEdgeGeometry", () => {
  const rects = new Map<string, Rect>([
    ["order", { x: 0, y: 0, width: 200, height: 90 }],
    ["broker", { x: 360, y: 0, width: 240, height: 90 }],
  ]);
  const edge = (id: string, source: string, target: string, data: DesignEdgeData) => ({ id, source, target, data });
  const edges = [
    edge("pub", "order", "broker", { kind: "publish", items: ["order.created", "order.confirmed"], protocol: "AMQP" }),
    edge("sub", "broker", "order", {
      kind: "subscribe",
      items: ["payment.completed", "payment.failed"],
      protocol: "AMQP",
    }),
  ];

  it("draws each edge from its source's side to its target's side", () => {
    const g = getEdgeGeometry(rects, edges);
    expect(g.get("pub")!.path).toMatch(/^M200,[\d.]+ C.* 360,[\d.]+$/);
    expect(g.get("sub")!.path).toMatch(/^M360,[\d.]+ C.* 200,[\d.]+$/);
  });

  it("puts the labels of two edges between one pair on opposite sides, without overlap", () => {
    const g = getEdgeGeometry(rects, edges);
    const box = (id: string) => {
      const size = estimateLabelSize(getEdgeLabel(edges.find((e) => e.id === id)!.data)!);
      const p = g.get(id)!;
      return { top: p.labelY - size.height / 2, bottom: p.labelY + size.height / 2 };
    };
    const [a, b] = [box("pub"), box("sub")];
    expect(a.bottom <= b.top || b.bottom <= a.top).toBe(true);
    // Neither label covers a node: both sit in the 160 px gap.
    for (const id of ["pub", "sub"]) expect(g.get(id)!.labelX).toBeGreaterThan(200);
  });
});
