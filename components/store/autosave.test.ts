import { describe, expect, it } from "vitest";
import { RETRY_FIRST_MS, readDraft, startAutosave, draftKey, type SaveStatus } from "./autosave";
import { createDesignDocument } from "./design-document";
import type { SaveResult } from "./design-api-client";

const START = "archsim: 1\nname: Shop\ncomponents: {}\n";

/** Manual timers: `tick()` runs what is due. */
function timers() {
  let now = 0;
  let queue: { at: number; run: () => void; id: number }[] = [];
  let ids = 0;
  return {
    schedule(run: () => void, ms: number) {
      const id = ++ids;
      queue.push({ at: now + ms, run, id });
      return () => (queue = queue.filter((t) => t.id !== id));
    },
    async tick(ms: number) {
      now += ms;
      const due = queue.filter((t) => t.at <= now);
      queue = queue.filter((t) => t.at > now);
      for (const t of due) t.run();
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => setTimeout(r, 0));
    },
    pending: () => queue.length,
  };
}

/** A server of one design that answers as the API does: a version check, then the next version. */
function fakeServer(version = 1, text = START) {
  const calls: { yaml: string; base: number }[] = [];
  let offline = false;
  return {
    calls,
    state: () => ({ version, text }),
    otherTabSaves(yaml: string) {
      version++;
      text = yaml;
    },
    setOffline(v: boolean) {
      offline = v;
    },
    client: {
      async save(_id: string, yaml: string, base: number): Promise<SaveResult> {
        calls.push({ yaml, base });
        if (offline) return { kind: "failed", status: 0, message: "the server cannot be reached" };
        if (base !== version) return { kind: "conflict", version, yaml: text };
        version++;
        text = yaml;
        return { kind: "saved", version };
      },
    },
  };
}

function mapStorage() {
  const m = new Map<string, string>();
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe("autosave", () => {
  it("saves once after a quiet moment, on top of the version it was based on", async () => {
    const t = timers();
    const server = fakeServer();
    const doc = createDesignDocument(START, 1);
    const statuses: SaveStatus["kind"][] = [];
    startAutosave({
      doc,
      client: server.client,
      designId: "d",
      delayMs: 800,
      schedule: t.schedule,
      onStatus: (s) => statuses.push(s.kind),
    });
    doc.getState().apply({ type: "addComponent", kind: "service", id: "a" });
    await t.tick(400);
    doc.getState().apply({ type: "addComponent", kind: "service", id: "b" });
    await t.tick(400);
    expect(server.calls).toEqual([]);
    await t.tick(400);
    expect(server.calls).toEqual([{ yaml: doc.getState().text, base: 1 }]);
    expect(doc.getState().savedVersion).toBe(2);
    expect(statuses).toEqual(["pending", "pending", "saving", "saved"]);
  });

  it("does not save text with errors; keeps it as a local draft until a valid save", async () => {
    const t = timers();
    const server = fakeServer();
    const drafts = mapStorage();
    const doc = createDesignDocument(START, 1);
    const save = startAutosave({ doc, client: server.client, designId: "d", schedule: t.schedule, drafts });
    doc.getState().setText("archsim: 1\ncomponents: { a: { kind: nope } }\n");
    await t.tick(5000);
    expect(server.calls).toEqual([]);
    expect(save.status()).toEqual({ kind: "invalid", errors: 1 });
    expect(drafts.m.get(draftKey("d"))).toContain("nope");
    doc.getState().undo();
    expect(save.status().kind).toBe("saved");
    expect(drafts.m.has(draftKey("d"))).toBe(false);
  });

  it("stops at a conflict; keep mine saves on top of the newer version, take theirs loads it as an undo step", async () => {
    const t = timers();
    const server = fakeServer();
    const doc = createDesignDocument(START, 1);
    const save = startAutosave({ doc, client: server.client, designId: "d", schedule: t.schedule });
    server.otherTabSaves(START.replace("Shop", "Theirs"));
    doc.getState().apply({ type: "set", path: ["name"], value: "Mine" });
    await save.flush();
    expect(save.status()).toEqual({ kind: "conflict", version: 2, yaml: START.replace("Shop", "Theirs") });
    // More edits wait for the choice: nothing is saved over the other version.
    doc.getState().apply({ type: "set", path: ["description"], value: "more" });
    await t.tick(5000);
    expect(server.calls.length).toBe(1);
    await save.keepMine();
    expect(server.state()).toEqual({ version: 3, text: doc.getState().text });
    expect(save.status()).toEqual({ kind: "saved", version: 3 });

    server.otherTabSaves(START.replace("Shop", "Again"));
    doc.getState().apply({ type: "set", path: ["name"], value: "Mine 2" });
    await save.flush();
    expect(save.status().kind).toBe("conflict");
    const mine = doc.getState().text;
    save.takeTheirs();
    expect(doc.getState().text).toBe(START.replace("Shop", "Again"));
    expect(doc.getState().savedVersion).toBe(4);
    expect(save.status()).toEqual({ kind: "saved", version: 4 });
    doc.getState().undo();
    expect(doc.getState().text).toBe(mine);
  });

  it("retries a failed save with a growing wait, then saves when the server is back", async () => {
    const t = timers();
    const server = fakeServer();
    const doc = createDesignDocument(START, 1);
    const save = startAutosave({ doc, client: server.client, designId: "d", delayMs: 100, schedule: t.schedule });
    server.setOffline(true);
    doc.getState().apply({ type: "addComponent", kind: "cache" });
    await t.tick(100);
    expect(save.status()).toEqual({
      kind: "failed",
      message: "the server cannot be reached",
      retryInMs: RETRY_FIRST_MS,
    });
    await t.tick(RETRY_FIRST_MS);
    expect(save.status()).toMatchObject({ kind: "failed", retryInMs: 2 * RETRY_FIRST_MS });
    server.setOffline(false);
    await t.tick(2 * RETRY_FIRST_MS);
    expect(save.status()).toEqual({ kind: "saved", version: 2 });
    expect(server.calls.length).toBe(3);
  });

  it("dispose sends what is not saved yet, once; nothing after", async () => {
    const t = timers();
    const server = fakeServer();
    const doc = createDesignDocument(START, 1);
    const save = startAutosave({ doc, client: server.client, designId: "d", schedule: t.schedule });
    doc.getState().apply({ type: "addComponent", kind: "cache" });
    save.dispose();
    await t.tick(0);
    expect(server.calls).toEqual([{ yaml: doc.getState().text, base: 1 }]);
    doc.getState().apply({ type: "addComponent", kind: "broker" });
    await t.tick(10_000);
    expect(server.calls.length).toBe(1);
  });

  it("keeps the unsaved text with its base version, readable after a reload", () => {
    const drafts = mapStorage();
    const doc = createDesignDocument(START, 4);
    startAutosave({ doc, client: fakeServer(4).client, designId: "d", schedule: timers().schedule, drafts });
    doc.getState().setText("archsim: 1\ncomponents: { a: { kind: nope } }\n");
    expect(readDraft(drafts, "d")).toEqual({ text: "archsim: 1\ncomponents: { a: { kind: nope } }\n", base: 4 });
    drafts.setItem(draftKey("x"), "{not json");
    expect(readDraft(drafts, "x")).toBeNull();
    expect(readDraft(null, "d")).toBeNull();
  });
});
