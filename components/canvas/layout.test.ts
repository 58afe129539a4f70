import { readdirSync, readFileSync } from "node:fs";
import type { ElkNode } from "elkjs/lib/elk-api";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../../model";
import type { Rect } from "./edge-anchors";
import { getEdgeGeometry } from "./edge-labels";
import type { ComponentFlowNode } from "./flow-types";
import { BIG_LAYOUT, getAutoPositions, layoutNodes } from "./layout";
import { toFlowElements } from "./to-flow";

function elementsOf(text: string) {
  const { design, errors } = parseDesign(text);
  if (!design) throw new Error(errors.map((e) => e.message).join("\n"));
  return toFlowElements(design);
}

function overlap(a: ComponentFlowNode, b: ComponentFlowNode): boolean {
  return (
    a.position.x < b.position.x + b.width! &&
    b.position.x < a.position.x + a.width! &&
    a.position.y < b.position.y + b.height! &&
    b.position.y < a.position.y + a.height!
  );
}

describe("layoutNodes", () => {
  it("lays the e-commerce example out left to right without overlaps", async () => {
    const { nodes, edges } = elementsOf(
      readFileSync(new URL("../../examples/ecommerce.yaml", import.meta.url), "utf8"),
    );
    const placed = await layoutNodes(nodes, edges);
    expect(placed.map((n) => n.id)).toEqual(nodes.map((n) => n.id));
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++)
        expect(overlap(placed[i]!, placed[j]!), `${placed[i]!.id} / ${placed[j]!.id}`).toBe(false);
    }
    const x = (id: string) => placed.find((n) => n.id === id)!.position.x;
    expect(x("web")).toBeLessThan(x("gateway"));
    expect(x("gateway")).toBeLessThan(x("order"));
    expect(x("order")).toBeLessThan(x("orders-db"));
  });

  const examplesDir = new URL("../../examples/", import.meta.url);
  const examples = readdirSync(examplesDir).filter((f) => f.endsWith(".yaml"));
  it.each(examples)("lays out %s without overlaps and draws every edge", async (file) => {
    const { design } = parseDesign(readFileSync(new URL(file, examplesDir), "utf8"));
    if (!design) return; // an example that does not parse is the model tests' business
    const { nodes, edges } = toFlowElements(design);
    const placed = await layoutNodes(nodes, edges);
    // Positions from the design are the author's; only what auto-layout placed must keep clear.
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const [a, b] = [placed[i]!, placed[j]!];
        if (a.data.autoPlaced || b.data.autoPlaced) expect(overlap(a, b), `${a.id} / ${b.id}`).toBe(false);
      }
    }
    const rects = new Map<string, Rect>(
      placed.map((n) => [n.id, { ...n.position, width: n.width!, height: n.height! }]),
    );
    const geometry = getEdgeGeometry(rects, edges);
    for (const e of edges) {
      if (e.source === e.target) continue;
      const g = geometry.get(e.id);
      expect(g?.path, e.id).toMatch(/^M[-\d.]+,[-\d.]+ C/);
      expect(Number.isFinite(g!.labelX) && Number.isFinite(g!.labelY)).toBe(true);
    }
  });

  it("keeps the positions the design gives and places only the others, off them", async () => {
    const { nodes, edges } = elementsOf(`
archsim: 1
components:
  a: { kind: service, operations: { x: { steps: [ { call: b.y } ] } } }
  b: { kind: service, operations: { y: { steps: [ { query: db } ] } } }
  db: { kind: database }
layout:
  a: { x: 500, y: 500 }
  b: { x: 800, y: 500 }
`);
    const placed = await layoutNodes(nodes, edges);
    expect(placed.find((n) => n.id === "a")!.position).toEqual({ x: 500, y: 500 });
    expect(placed.find((n) => n.id === "b")!.position).toEqual({ x: 800, y: 500 });
    const db = placed.find((n) => n.id === "db")!;
    expect(overlap(db, placed[0]!) || overlap(db, placed[1]!)).toBe(false);
  });

  it("returns the nodes unchanged when every one has a position", async () => {
    const { nodes, edges } = elementsOf(`
archsim: 1
components:
  a: { kind: client }
layout:
  a: { x: 1, y: 2 }
`);
    expect(await layoutNodes(nodes, edges)).toEqual(nodes);
  });
});

describe("getAutoPositions", () => {
  /** An ELK stand-in that records the options it is given and puts the nodes in a row. */
  function fakeElk() {
    const calls: Record<string, string>[] = [];
    return {
      calls,
      async layout(graph: ElkNode): Promise<ElkNode> {
        calls.push({ ...graph.layoutOptions });
        return { ...graph, children: (graph.children ?? []).map((c, i) => ({ ...c, x: i * 300, y: (i % 2) * 150 })) };
      },
    };
  }
  function services(n: number): ComponentFlowNode[] {
    return Array.from({ length: n }, (_, i) => ({
      id: `s${i}`,
      type: "service",
      position: { x: 0, y: 0 },
      width: 220,
      height: 92,
      data: { id: `s${i}`, kind: "service", title: `s${i}`, techLine: "Service", facts: [], autoPlaced: true },
    }));
  }

  it("tries the layout variants on a small design and keeps the one with the fewest crossings", async () => {
    const elk = fakeElk();
    const at = await getAutoPositions(services(5), [], elk);
    // No edges, so no crossings: the first variant wins at once.
    expect(elk.calls).toHaveLength(1);
    expect(elk.calls[0]!["elk.layered.nodePlacement.strategy"]).toBe("NETWORK_SIMPLEX");
    expect(at.get("s3")).toEqual({ x: 900, y: 150 });
  });

  it(`lays a design of ${BIG_LAYOUT} components or more out once, with the quick options`, async () => {
    const nodes = services(BIG_LAYOUT);
    const edges = nodes.slice(1).map((n, i) => ({
      id: `call:s${i}->${n.id}`,
      type: "design" as const,
      source: `s${i}`,
      target: n.id,
      data: { kind: "call" as const, items: ["run"] },
    }));
    const elk = fakeElk();
    const at = await getAutoPositions(nodes, edges, elk);
    expect(elk.calls).toHaveLength(1);
    expect(elk.calls[0]).toMatchObject({
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.thoroughness": "1",
    });
    expect(at.size).toBe(BIG_LAYOUT);
    const small = fakeElk();
    await getAutoPositions(nodes.slice(0, BIG_LAYOUT - 1), edges.slice(0, BIG_LAYOUT - 2), small);
    expect(small.calls[0]!["elk.layered.nodePlacement.strategy"]).toBe("NETWORK_SIMPLEX");
  });
});
