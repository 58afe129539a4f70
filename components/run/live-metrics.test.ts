import { beforeEach, describe, expect, it } from "vitest";
import type { RunSnapshot } from "../../simulator";
import { LIVE_HISTORY_LIMIT, useLiveMetrics } from "./live-metrics";

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

describe("useLiveMetrics", () => {
  beforeEach(() => useLiveMetrics.getState().clear());

  it("shows the latest snapshot and keeps them in order", () => {
    const { publish } = useLiveMetrics.getState();
    publish(snap(1));
    publish(snap(2));
    expect(useLiveMetrics.getState().snapshot?.t).toBe(2);
    expect(useLiveMetrics.getState().history.map((s) => s.t)).toEqual([1, 2]);
  });

  it("keeps only the latest LIVE_HISTORY_LIMIT snapshots", () => {
    const { publish } = useLiveMetrics.getState();
    for (let t = 1; t <= LIVE_HISTORY_LIMIT + 5; t++) publish(snap(t));
    const { history } = useLiveMetrics.getState();
    expect(history).toHaveLength(LIVE_HISTORY_LIMIT);
    expect(history[0]!.t).toBe(6);
    expect(history.at(-1)!.t).toBe(LIVE_HISTORY_LIMIT + 5);
  });

  it("clear forgets the run", () => {
    useLiveMetrics.getState().publish(snap(1));
    useLiveMetrics.getState().clear();
    expect(useLiveMetrics.getState()).toMatchObject({ snapshot: null, history: [] });
  });
});
