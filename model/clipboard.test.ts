import { describe, expect, it } from "vitest";
import { ClipboardError, copyComponents, MAX_PASTE_COMPONENTS, pasteComponents, readClipboard } from "./clipboard";
import { parseDesign } from "./parse";

const TEXT = `archsim: 1
name: Shop # the shop
components:
  api:
    kind: gateway
    routes:
      POST /orders: order.create
  order:
    kind: service
    dependsOn: [db]
    operations:
      create:
        http: POST /orders
        work: { exp: 3ms } # as measured
        steps:
          - call: stock.take
          - query: db
  stock:
    kind: service
    operations:
      take:
        work: 2ms
  db:
    kind: database
layout:
  order: { x: 100, y: 200 }
  db: { x: 400, y: 200 }
`;

describe("copy and paste of components", () => {
  it("copies the components as written, units and layout included, and reads them back", () => {
    const clip = copyComponents(TEXT, ["order", "db", "missing"])!;
    expect(clip.startsWith("archsim-components: 1\n")).toBe(true);
    expect(readClipboard(clip)).toMatchObject({
      components: {
        order: {
          kind: "service",
          dependsOn: ["db"],
          operations: {
            create: { http: "POST /orders", work: { exp: "3ms" }, steps: [{ call: "stock.take" }, { query: "db" }] },
          },
        },
        db: { kind: "database" },
      },
      layout: { order: { x: 100, y: 200 }, db: { x: 400, y: 200 } },
    });
    expect(copyComponents(TEXT, ["missing"])).toBeNull();
    expect(copyComponents("a: [", ["order"])).toBeNull();
  });

  it("pastes under new ids; references among the pasted follow, others stay; the rest of the text is untouched", () => {
    const clip = readClipboard(copyComponents(TEXT, ["order", "db"])!)!;
    const out = pasteComponents(TEXT, clip);
    expect(out.ids).toEqual(["order-copy", "db-copy"]);
    expect(out.summary).toBe("Pasted 2 components");
    // Everything the user wrote is still there, comments included, in order.
    expect(out.text.startsWith(TEXT.slice(0, TEXT.indexOf("layout:")))).toBe(true);
    // The copy keeps the user's styles and comments too.
    expect(out.text).toContain("  order-copy:\n    kind: service\n");
    expect(out.text).toContain(
      "        work: { exp: 3ms } # as measured\n        steps:\n          - call: stock.take\n          - query: db-copy\n",
    );
    const parsed = parseDesign(out.text);
    expect(parsed.errors).toEqual([]);
    const copy = parsed.design!.components["order-copy"]!;
    expect(copy.kind).toBe("service");
    if (copy.kind !== "service") throw new Error("unreachable");
    expect(copy.dependsOn).toEqual(["db-copy"]);
    expect(copy.operations.create!.steps).toMatchObject([{ call: "stock.take" }, { query: "db-copy" }]);
    expect(parsed.design!.layout?.["order-copy"]).toEqual({ x: 140, y: 240 });
    expect(parsed.design!.layout?.["db-copy"]).toEqual({ x: 440, y: 240 });
  });

  it("a second paste takes the next free id; a gateway's routes follow a pasted service", () => {
    const once = pasteComponents(TEXT, readClipboard(copyComponents(TEXT, ["stock"])!)!);
    const twice = pasteComponents(once.text, readClipboard(copyComponents(TEXT, ["stock"])!)!);
    expect(twice.ids).toEqual(["stock-copy-2"]);
    const g = pasteComponents(TEXT, readClipboard(copyComponents(TEXT, ["api", "order"])!)!, { x: 0, y: 0 });
    const design = parseDesign(g.text).design!;
    const api = design.components["api-copy"]!;
    if (api.kind !== "gateway") throw new Error("expected a gateway");
    expect(Object.values(api.routes)).toEqual(["order-copy.create"]);
    expect(design.layout?.["order-copy"]).toEqual({ x: 100, y: 200 });
  });

  it("pastes into a design that has no components or layout yet, and keeps an unused id as it is", () => {
    const clip = readClipboard(copyComponents(TEXT, ["db"])!)!;
    const out = pasteComponents("archsim: 1\nname: Empty\n", clip);
    expect(out.ids).toEqual(["db"]);
    expect(out.text).toBe(
      "archsim: 1\nname: Empty\ncomponents:\n  db:\n    kind: database\nlayout:\n  db: { x: 440, y: 240 }\n",
    );
  });

  it("keeps a long id within 63 characters", () => {
    const id = `s${"x".repeat(61)}z`;
    const text = `archsim: 1\nname: Long\ncomponents:\n  ${id}:\n    kind: database\n`;
    const out = pasteComponents(text, readClipboard(copyComponents(text, [id])!)!);
    expect(out.ids[0]).toBe(`s${"x".repeat(57)}-copy`);
    expect(out.ids[0]!.length).toBe(63);
  });

  it("ignores text that is not a copy of components, and refuses a broken design or too many", () => {
    expect(readClipboard("order:\n  kind: service\n")).toBeNull();
    expect(readClipboard("archsim-components: 2\ncomponents: { a: { kind: cache } }\n")).toBeNull();
    expect(readClipboard("archsim-components: 1\ncomponents: { a: 3 }\n")).toBeNull();
    expect(readClipboard("archsim-components: 1\ncomponents: [\n")).toBeNull();
    const clip = readClipboard(copyComponents(TEXT, ["db"])!)!;
    expect(() => pasteComponents("a: [", clip)).toThrow(ClipboardError);
    const many: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i <= MAX_PASTE_COMPONENTS; i++) many[`c${i}`] = { kind: "cache" };
    const nodes = new Map(Object.keys(many).map((id) => [id, clip.nodes.get("db")!]));
    expect(() => pasteComponents(TEXT, { components: many, nodes, layout: {} })).toThrow(/at most 500/);
  });
});
