import { describe, expect, it } from "vitest";
import type { RunSnapshot } from "../../simulator";
import {
  createLiveMetricsStore,
  findSnapshot,
  getNodeFaultBadges,
  isHighlighted,
  isScrubbed,
  LIVE_HISTORY_LIMIT,
  selectShownSnapshot,
} from "./live-metrics";

function snap(t: number): RunSnapshot {
  return {
    t,
    simulatedMs: t * 1000,
    done: false,
    requests: { succeeded: t, failed: 0, rejected: 0 },
    latency: { p50: 1, p99: 2 },
    routes: {},
    components: {},
    topics: {},
  };
}

describe("live metrics store", () => {
  it("shows the latest snapshot and keeps them in order", () => {
    const store = createLiveMetricsStore();
    store.getState().publish(snap(1));
    store.getState().publish(snap(2));
    expect(store.getState().snapshot?.t).toBe(2);
    expect(store.getState().history.map((s) => s.t)).toEqual([1, 2]);
  });

  it("keeps only the latest LIVE_HISTORY_LIMIT snapshots", () => {
    const store = createLiveMetricsStore();
    for (let t = 1; t <= LIVE_HISTORY_LIMIT + 5; t++) store.getState().publish(snap(t));
    const { history } = store.getState();
    expect(history).toHaveLength(LIVE_HISTORY_LIMIT);
    expect(history[0]!.t).toBe(6);
    expect(history.at(-1)!.t).toBe(LIVE_HISTORY_LIMIT + 5);
  });

  it("clear forgets the run, and stores of two designs are apart", () => {
    const a = createLiveMetricsStore();
    const b = createLiveMetricsStore();
    a.getState().publish(snap(1));
    expect(b.getState().snapshot).toBeNull();
    a.getState().clear();
    expect(a.getState()).toMatchObject({ snapshot: null, history: [] });
  });

  it("a batch is one change: subscribers hear once, the last snapshot shows, the limit holds", () => {
    const store = createLiveMetricsStore();
    let heard = 0;
    store.subscribe(() => heard++);
    store.getState().publishBatch([snap(1), snap(2), snap(3)]);
    expect(heard).toBe(1);
    expect(store.getState().snapshot?.t).toBe(3);
    store.getState().publishBatch([]);
    expect(heard).toBe(1);
    store.getState().publishBatch(Array.from({ length: LIVE_HISTORY_LIMIT }, (_, i) => snap(10 + i)));
    expect(store.getState().history).toHaveLength(LIVE_HISTORY_LIMIT);
    expect(store.getState().history[0]!.t).toBe(10);
  });

  it("the cursor holds an earlier second while the run goes on; null follows the latest again", () => {
    const store = createLiveMetricsStore();
    store.getState().setCursor(3);
    expect(store.getState().cursor).toBeNull(); // nothing to scrub yet
    store.getState().publishBatch([snap(0), snap(1), snap(2), snap(3), snap(4)]);
    store.getState().setCursor(2);
    expect(isScrubbed(store.getState())).toBe(true);
    const held = selectShownSnapshot(store.getState());
    expect(held?.t).toBe(2);
    store.getState().publishBatch([snap(5), snap(6)]);
    // The shown snapshot is the same object: a live selector's result does not change.
    expect(selectShownSnapshot(store.getState())).toBe(held);
    expect(store.getState().latest?.t).toBe(6);
    store.getState().setCursor(null);
    expect(selectShownSnapshot(store.getState())?.t).toBe(6);
    expect(isScrubbed(store.getState())).toBe(false);
    store.getState().publish(snap(7));
    expect(selectShownSnapshot(store.getState())?.t).toBe(7);
  });

  it("the cursor is clamped to the seconds the ring holds, and cleared with the run", () => {
    const store = createLiveMetricsStore();
    for (let t = 0; t < LIVE_HISTORY_LIMIT + 10; t++) store.getState().publish(snap(t));
    store.getState().setCursor(0);
    expect(store.getState().cursor).toBe(10); // seconds 0..9 left the ring
    expect(store.getState().snapshot?.t).toBe(10);
    store.getState().setCursor(99_999);
    expect(store.getState().cursor).toBe(LIVE_HISTORY_LIMIT + 9);
    store.getState().setCursor(41.6);
    expect(store.getState().snapshot?.t).toBe(42);
    store.getState().clear();
    expect(store.getState()).toMatchObject({ snapshot: null, latest: null, cursor: null, history: [] });
  });

  it("a trace span lights its components; setting the same ones again changes nothing", () => {
    const store = createLiveMetricsStore();
    let changes = 0;
    store.subscribe(() => changes++);
    expect(isHighlighted(store.getState(), "order")).toBe(false);
    store.getState().setHighlight(["order", "inventory"]);
    expect(isHighlighted(store.getState(), "order")).toBe(true);
    expect(isHighlighted(store.getState(), "inventory")).toBe(true);
    expect(isHighlighted(store.getState(), "payment")).toBe(false);
    store.getState().setHighlight(["order", "inventory"]);
    expect(changes).toBe(1);
    store.getState().setHighlight([]);
    expect(isHighlighted(store.getState(), "order")).toBe(false);
    expect(changes).toBe(2);
  });

  it("findSnapshot finds a second by its t, with gaps too", () => {
    const history = [snap(3), snap(4), snap(6), snap(9)];
    expect(findSnapshot(history, 4)?.t).toBe(4);
    expect(findSnapshot(history, 6)?.t).toBe(6);
    expect(findSnapshot(history, 9)?.t).toBe(9);
    expect(findSnapshot(history, 5)).toBeUndefined();
    expect(findSnapshot(history, 2)).toBeUndefined();
    expect(findSnapshot([], 0)).toBeUndefined();
  });
});

describe("getNodeFaultBadges", () => {
  const faults = [
    { targets: ["payment"], label: "crash payment", startMs: 60_000, endMs: 150_000 },
    { targets: ["order", "inventory"], label: "partition order ↔ inventory", startMs: 20_500, endMs: Infinity },
  ];
  const at = (t: number) => {
    const store = createLiveMetricsStore();
    store.getState().setFaults(faults);
    store.getState().publishBatch(Array.from({ length: t + 1 }, (_, i) => snap(i)));
    return store.getState();
  };

  it("lists the faults on a component during the shown second, with what is left of each", () => {
    // Second 90 ends at 91 s: 59 s of the crash are left.
    expect(getNodeFaultBadges(at(90), "payment")).toEqual(["crash payment · 59 s left"]);
    expect(getNodeFaultBadges(at(90), "inventory")).toEqual(["partition order ↔ inventory · until recovered"]);
    expect(getNodeFaultBadges(at(90), "order")).toEqual(["partition order ↔ inventory · until recovered"]);
    expect(getNodeFaultBadges(at(90), "gateway")).toEqual([]);
  });
  it("a fault shows in each second it overlaps, and not before or after", () => {
    expect(getNodeFaultBadges(at(59), "payment")).toEqual([]);
    expect(getNodeFaultBadges(at(60), "payment")).toEqual(["crash payment · 89 s left"]);
    expect(getNodeFaultBadges(at(149), "payment")).toEqual(["crash payment · ends this second"]);
    expect(getNodeFaultBadges(at(150), "payment")).toEqual([]);
    expect(getNodeFaultBadges(at(19), "order")).toEqual([]);
    expect(getNodeFaultBadges(at(20), "order")).toHaveLength(1);
  });
  it("follows the timeline's cursor, and a cleared store shows none", () => {
    const s = createLiveMetricsStore();
    s.getState().setFaults(faults);
    s.getState().publishBatch(Array.from({ length: 200 }, (_, i) => snap(i)));
    expect(getNodeFaultBadges(s.getState(), "payment")).toEqual([]);
    s.getState().setCursor(100);
    expect(getNodeFaultBadges(s.getState(), "payment")).toEqual(["crash payment · 49 s left"]);
    s.getState().clear();
    expect(s.getState().faults).toEqual([]);
  });
});
