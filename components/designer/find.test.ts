import { describe, expect, it } from "vitest";
import { findComponents, MAX_FIND_RESULTS } from "./find";

// In an order the ranking must change: the best matches come last in the design.
const ITEMS = [
  { id: "web", label: "Web & mobile shoppers", kind: "client" },
  { id: "reorder", kind: "service" },
  { id: "payment", label: "Order payments", kind: "service" },
  { id: "orders-db", kind: "database" },
  { id: "order", kind: "service" },
];

describe("find a component", () => {
  it("lists every component for an empty query, in the design's order", () => {
    expect(findComponents(ITEMS, "  ").map((i) => i.id)).toEqual(["web", "reorder", "payment", "orders-db", "order"]);
  });

  it("ranks an exact id, then ids starting with the query, then labels, then the rest", () => {
    expect(findComponents(ITEMS, "Order").map((i) => i.id)).toEqual(["order", "orders-db", "payment", "reorder"]);
  });

  it("matches every word in id, label or kind", () => {
    expect(findComponents(ITEMS, "mobile web").map((i) => i.id)).toEqual(["web"]);
    expect(findComponents(ITEMS, "database").map((i) => i.id)).toEqual(["orders-db"]);
    expect(findComponents(ITEMS, "order client")).toEqual([]);
  });

  it("lists at most MAX_FIND_RESULTS", () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ id: `s${i}`, kind: "service" }));
    expect(findComponents(many, "s")).toHaveLength(MAX_FIND_RESULTS);
  });
});
