import { describe, expect, it } from "vitest";
import type { RunSnapshot } from "../../simulator";
import { createLiveMetricsStore, LIVE_HISTORY_LIMIT } from "./live-metrics";

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
});
