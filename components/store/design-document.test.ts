import { describe, expect, it } from "vitest";
import { createDesignDocument, HISTORY_LIMIT, isDirty, TYPING_GROUP_MS } from "./design-document";

const START = "# mine\narchsim: 1\nname: Shop\ncomponents: {}\n";

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("the design document store", () => {
  it("applies commands as undo steps; undo and redo walk back and forth through the exact texts", () => {
    const doc = createDesignDocument(START, 1);
    const texts = [START];
    expect(doc.getState().apply({ type: "addComponent", kind: "service", id: "order" })).toBe(true);
    texts.push(doc.getState().text);
    doc.getState().apply({ type: "addComponent", kind: "service", id: "stock" });
    texts.push(doc.getState().text);
    doc.getState().apply({ type: "connect", source: "order", target: "stock" });
    texts.push(doc.getState().text);
    expect(doc.getState().selection).toEqual(["stock"]);
    expect(doc.getState().past.map((e) => e.label)).toEqual([
      "Added order (service)",
      "Added stock (service)",
      "Connected order → stock (call stock.handle)",
    ]);
    for (let i = texts.length - 2; i >= 0; i--) {
      doc.getState().undo();
      expect(doc.getState().text).toBe(texts[i]);
    }
    expect(doc.getState().status).toEqual({ kind: "done", message: "Undid: Added order (service)" });
    doc.getState().undo(); // nothing left: no change
    expect(doc.getState().text).toBe(START);
    for (let i = 1; i < texts.length; i++) {
      doc.getState().redo();
      expect(doc.getState().text).toBe(texts[i]);
    }
    expect(doc.getState().future).toEqual([]);
  });

  it("a new change after undo drops the redo branch", () => {
    const doc = createDesignDocument(START, 1);
    doc.getState().apply({ type: "addComponent", kind: "service", id: "a" });
    doc.getState().undo();
    doc.getState().apply({ type: "addComponent", kind: "cache", id: "c" });
    expect(doc.getState().future).toEqual([]);
    doc.getState().redo();
    expect(Object.keys(doc.getState().design!.components)).toEqual(["c"]);
  });

  it("keeps the last valid design drawn while the text has errors, with the errors", () => {
    const doc = createDesignDocument(START, 1);
    doc.getState().apply({ type: "addComponent", kind: "service", id: "order" });
    const good = doc.getState().design;
    doc.getState().setText(doc.getState().text.replace("kind: service", "kind: servise"));
    const s = doc.getState();
    expect(s.valid).toBe(false);
    expect(s.design).toBe(good);
    expect(s.diagnostics[0]).toMatchObject({ severity: "error", path: "components.order.kind" });
    // A command needs text it can edit; broken YAML refuses with the reason and changes nothing.
    doc.getState().setText("archsim: 1\ncomponents: [\n");
    const before = doc.getState().text;
    expect(doc.getState().apply({ type: "addComponent", kind: "cache" })).toBe(false);
    expect(doc.getState().text).toBe(before);
    expect(doc.getState().status!.kind).toBe("refused");
    expect(doc.getState().status!.message).toMatch(/^the YAML must be fixed first/);
  });

  it("groups typing into one undo step until a pause or a command", () => {
    const c = clock();
    const doc = createDesignDocument(START, 1, { now: c.now });
    for (const name of ["S", "Sh", "Sho", "Shop!"]) {
      c.advance(200);
      doc.getState().setText(START.replace("Shop", name));
    }
    expect(doc.getState().past.length).toBe(1);
    c.advance(TYPING_GROUP_MS);
    doc.getState().setText(START.replace("Shop", "Later"));
    expect(doc.getState().past.length).toBe(2);
    doc.getState().apply({ type: "addComponent", kind: "cache" });
    c.advance(10);
    doc.getState().setText(doc.getState().text.replace("Later", "After"));
    expect(doc.getState().past.length).toBe(4);
    doc.getState().undo();
    doc.getState().undo();
    doc.getState().undo();
    expect(doc.getState().text).toBe(START.replace("Shop", "Shop!"));
    doc.getState().undo();
    expect(doc.getState().text).toBe(START);
  });

  it(`keeps at most ${HISTORY_LIMIT} undo steps`, () => {
    const doc = createDesignDocument(START, 1);
    for (let i = 0; i < HISTORY_LIMIT + 5; i++)
      doc.getState().apply({ type: "set", path: ["description"], value: `v${i}` });
    expect(doc.getState().past.length).toBe(HISTORY_LIMIT);
    expect(doc.getState().past[0]!.text).toContain("description: v4");
  });

  it("deselects removed components, knows when it differs from the saved text, and loads", () => {
    const doc = createDesignDocument(START, 7);
    expect(isDirty(doc.getState())).toBe(false);
    doc.getState().apply({ type: "addComponent", kind: "service", id: "a" });
    expect(isDirty(doc.getState())).toBe(true);
    doc.getState().apply({ type: "removeComponents", ids: ["a"] });
    expect(doc.getState().selection).toEqual([]);
    doc.getState().markSaved(8, doc.getState().text);
    expect(isDirty(doc.getState())).toBe(false);
    expect(doc.getState().savedVersion).toBe(8);
    doc.getState().load(START, 3, { label: "Restore version 3" });
    expect(doc.getState().past.at(-1)!.label).toBe("Restore version 3");
    expect(doc.getState().savedVersion).toBe(3);
    doc.getState().load(START, 9, { resetHistory: true });
    expect(doc.getState().past).toEqual([]);
  });

  it("replaces the whole text as one undo step, keeping the saved version it is based on", () => {
    const doc = createDesignDocument(START, 5);
    doc.getState().replaceText(START.replace("Shop", "Old"), "Restore version 2");
    expect(doc.getState().text).toBe(START.replace("Shop", "Old"));
    expect(doc.getState().savedVersion).toBe(5);
    expect(isDirty(doc.getState())).toBe(true);
    expect(doc.getState().status).toEqual({ kind: "done", message: "Restore version 2" });
    doc.getState().undo();
    expect(doc.getState().text).toBe(START);
  });

  it("selects canvas edges beside components; edits keep the edge, a command that picks a component drops it", () => {
    const doc = createDesignDocument(START, 1);
    doc.getState().apply({ type: "addComponent", kind: "service", id: "order" });
    doc.getState().apply({ type: "addComponent", kind: "database", id: "db" });
    doc.getState().apply({ type: "connect", source: "order", target: "db" });
    doc.getState().select([], ["query:order->db"]);
    expect(doc.getState().selection).toEqual([]);
    expect(doc.getState().selectedEdges).toEqual(["query:order->db"]);
    doc.getState().apply({
      type: "set",
      path: ["components", "order", "operations", "handle", "steps", 0, "optional"],
      value: true,
    });
    expect(doc.getState().selectedEdges).toEqual(["query:order->db"]);
    doc.getState().select(["db"]);
    expect(doc.getState().selectedEdges).toEqual([]);
    doc.getState().select([], ["query:order->db"]);
    doc.getState().apply({ type: "addComponent", kind: "cache", id: "geo" });
    expect(doc.getState().selection).toEqual(["geo"]);
    expect(doc.getState().selectedEdges).toEqual([]);
    doc.getState().select([], ["query:order->db"]);
    doc.getState().load(START, 2, { resetHistory: true });
    expect(doc.getState().selectedEdges).toEqual([]);
  });
});
