import { describe, expect, it } from "vitest";
import { parseDesign, type Design } from "../../model";
import { shareElements, shareGeometry } from "./stable-elements";
import { toFlowElements } from "./to-flow";

function parse(text: string): Design {
  const { design, errors } = parseDesign(text);
  if (!design) throw new Error(errors.map((e) => e.message).join("\n"));
  return design;
}

const TEXT = `archsim: 1
components:
  db: { kind: database }
  a: { kind: service, label: Orders, operations: { run: { work: 1ms, steps: [ { call: b.run }, { query: db } ] } } }
  b: { kind: service, operations: { run: { work: 1ms, steps: [ { query: db } ] } } }
layout:
  db: { x: 0, y: 0 }
  a: { x: 300, y: 0 }
  b: { x: 600, y: 0 }
`;

describe("shareElements", () => {
  const first = toFlowElements(parse(TEXT));

  it("returns the previous projection when nothing changed", () => {
    const again = toFlowElements(parse(TEXT));
    expect(again.nodes[0]).not.toBe(first.nodes[0]);
    expect(shareElements(first, again)).toBe(first);
  });

  it("keeps every unchanged node and edge and replaces only what changed", () => {
    const renamed = shareElements(first, toFlowElements(parse(TEXT.replace("label: Orders", "label: Orders v2"))));
    expect(renamed.nodes).not.toBe(first.nodes);
    expect(renamed.nodes.map((n) => n === first.nodes.find((m) => m.id === n.id))).toEqual([true, false, true]);
    expect(renamed.nodes[1]!.data.title).toBe("Orders v2");
    expect(renamed.edges).toBe(first.edges);
  });

  it("sees moves, new items and new edges", () => {
    const moved = shareElements(first, toFlowElements(parse(TEXT.replace("b: { x: 600", "b: { x: 610"))));
    expect(moved.nodes[2]!.position.x).toBe(610);
    expect(moved.nodes[0]).toBe(first.nodes[0]);
    const more = shareElements(
      first,
      toFlowElements(parse(TEXT.replace("{ call: b.run }", "{ call: b.run }, { query: db }"))),
    );
    expect(more.edges).toBe(first.edges); // the same pair and kind: one edge, same items
    const fewer = shareElements(first, toFlowElements(parse(TEXT.replace("{ call: b.run }, ", ""))));
    expect(fewer.edges.map((e) => e.id)).toEqual(first.edges.filter((e) => !e.id.startsWith("call")).map((e) => e.id));
    expect(fewer.edges.every((e) => first.edges.includes(e))).toBe(true);
  });
});

describe("shareGeometry", () => {
  it("keeps the previous object of an edge whose path and label did not move", () => {
    const a = { path: "M0,0 L1,1", labelX: 1, labelY: 2 };
    const b = { path: "M0,0 L2,2", labelX: 1, labelY: 2 };
    const next = shareGeometry(
      new Map([
        ["a", a],
        ["b", b],
      ]),
      new Map([
        ["a", { ...a }],
        ["b", { ...b, labelY: 3 }],
      ]),
    );
    expect(next.get("a")).toBe(a);
    expect(next.get("b")).not.toBe(b);
    expect(next.get("b")!.labelY).toBe(3);
  });
});
