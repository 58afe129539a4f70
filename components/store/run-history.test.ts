import { describe, expect, it } from "vitest";
import type { SimulationResult } from "../../simulator";
import {
  createRunHistoryStore,
  defaultRunLabel,
  getRunHistoryStore,
  RUN_HISTORY_LIMIT,
  RUN_LABEL_LIMIT,
  type RunRecord,
} from "./run-history";

function run(seed: number, partial = false): RunRecord {
  return {
    designText: `archsim: 1\nname: d${seed}\n`,
    scenario: "inventory-slow",
    seed,
    durationMs: 180_000,
    result: { scenario: "inventory-slow", seed, partial } as SimulationResult,
  };
}

const at = (h: number, m: number) => new Date(2026, 10, 30, h, m, 5);

describe("run history store", () => {
  it("keeps finished runs oldest first, with ids in order and a default label", () => {
    const store = createRunHistoryStore();
    expect(store.getState().add(run(1), at(14, 2))).toBe("run-1");
    expect(store.getState().add(run(2), at(9, 5))).toBe("run-2");
    const runs = store.getState().runs;
    expect(runs.map((r) => [r.id, r.label, r.seed, r.pinned])).toEqual([
      ["run-1", "#1 inventory-slow · seed 1 · 14:02", 1, false],
      ["run-2", "#2 inventory-slow · seed 2 · 09:05", 2, false],
    ]);
    expect(runs[0]!.finishedAt).toBe(at(14, 2).getTime());
    expect(runs[0]!.designText).toBe("archsim: 1\nname: d1\n");
  });

  it("marks a run the engine ended early as partial in its label", () => {
    expect(defaultRunLabel(7, run(3, true), at(0, 0))).toBe("#7 inventory-slow · seed 3 · 00:00 · partial");
  });

  it("keeps the same result once", () => {
    const store = createRunHistoryStore();
    const r = run(1);
    const id = store.getState().add(r, at(1, 1));
    expect(store.getState().add({ ...r }, at(1, 2))).toBe(id);
    expect(store.getState().runs).toHaveLength(1);
  });

  it("past RUN_HISTORY_LIMIT drops the oldest unpinned run", () => {
    const store = createRunHistoryStore();
    for (let s = 1; s <= RUN_HISTORY_LIMIT; s++) store.getState().add(run(s), at(10, s));
    store.getState().setPinned("run-1", true);
    store.getState().add(run(99), at(11, 0));
    const ids = store.getState().runs.map((r) => r.id);
    expect(ids).toHaveLength(RUN_HISTORY_LIMIT);
    expect(ids[0]).toBe("run-1");
    expect(ids).not.toContain("run-2");
    expect(ids.at(-1)).toBe(`run-${RUN_HISTORY_LIMIT + 1}`);
  });

  it("when every run is pinned, the oldest goes", () => {
    const store = createRunHistoryStore();
    for (let s = 1; s <= RUN_HISTORY_LIMIT; s++) {
      store.getState().add(run(s), at(10, s));
      store.getState().setPinned(`run-${s}`, true);
    }
    store.getState().add(run(99), at(11, 0));
    expect(store.getState().runs[0]!.id).toBe("run-2");
    expect(store.getState().runs).toHaveLength(RUN_HISTORY_LIMIT);
  });

  it("renames (trimmed, cut to RUN_LABEL_LIMIT; blank restores the default), unpins and removes", () => {
    const store = createRunHistoryStore();
    store.getState().add(run(1), at(14, 2));
    store.getState().rename("run-1", "  with breaker ");
    expect(store.getState().runs[0]!.label).toBe("with breaker");
    store.getState().rename("run-1", "x".repeat(RUN_LABEL_LIMIT + 20));
    expect(store.getState().runs[0]!.label).toHaveLength(RUN_LABEL_LIMIT);
    store.getState().rename("run-1", "   ");
    expect(store.getState().runs[0]!.label).toBe("#1 inventory-slow · seed 1 · 14:02");
    store.getState().setPinned("run-1", true);
    store.getState().setPinned("run-1", false);
    expect(store.getState().runs[0]!.pinned).toBe(false);
    store.getState().remove("run-9");
    expect(store.getState().runs).toHaveLength(1);
    store.getState().remove("run-1");
    expect(store.getState().runs).toEqual([]);
  });

  it("an unchanged rename or pin is no change for subscribers", () => {
    const store = createRunHistoryStore();
    store.getState().add(run(1), at(14, 2));
    let heard = 0;
    store.subscribe(() => heard++);
    store.getState().setPinned("run-1", false);
    store.getState().rename("run-1", "#1 inventory-slow · seed 1 · 14:02");
    store.getState().rename("nope", "x");
    expect(heard).toBe(0);
  });

  it("one history per document, the same on every call", () => {
    const docA = {};
    const docB = {};
    getRunHistoryStore(docA).getState().add(run(1), at(1, 1));
    expect(getRunHistoryStore(docA).getState().runs).toHaveLength(1);
    expect(getRunHistoryStore(docB).getState().runs).toHaveLength(0);
  });
});
