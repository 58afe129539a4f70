import { describe, expect, it } from "vitest";
import type { RunSnapshot } from "../../simulator";
import {
  formatCount,
  formatMs,
  formatPercent,
  formatRate,
  getDepthFill,
  getEdgeLiveView,
  getEdgeWidth,
  getErrorRate,
  getHealthLevel,
  getNodeLiveView,
  getReplicaDots,
  type ComponentFigures,
} from "./live-view";

function figures(over: Partial<ComponentFigures> = {}): ComponentFigures {
  return { throughput: 100, utilization: 0.5, queue: 0, replicas: 2, failed: 0, circuits: {}, ...over };
}

/** Cast: the fields the canvas does not read (causes, p95) are left to the simulator's own tests. */
function snapshot(over: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    causes: {},
    t: 3,
    simulatedMs: 4000,
    done: false,
    requests: { succeeded: 0, failed: 0, rejected: 0 },
    latency: { p50: 0, p95: 0, p99: 0 },
    routes: {},
    components: {},
    topics: {},
    ...over,
  } as RunSnapshot;
}

describe("getErrorRate", () => {
  it("divides failures by the larger of completions and failures", () => {
    expect(getErrorRate(200, 5)).toBe(0.025);
    // 30 rejected without completing: 30 attempts at least, all failed.
    expect(getErrorRate(10, 30)).toBe(1);
    expect(getErrorRate(0, 0)).toBe(0);
  });
});

describe("getHealthLevel", () => {
  it("is ok below every threshold", () => {
    expect(getHealthLevel(figures({ utilization: 0.79, failed: 0 }), 2)).toBe("ok");
    // 99 failures in 10,000: 0.99% stays ok.
    expect(getHealthLevel(figures({ throughput: 10_000, failed: 99 }), 2)).toBe("ok");
  });

  it("is degraded from 80% busy, 1% failed, a half-open circuit or a lost replica", () => {
    expect(getHealthLevel(figures({ utilization: 0.8 }), 2)).toBe("degraded");
    expect(getHealthLevel(figures({ throughput: 100, failed: 1 }), 2)).toBe("degraded");
    expect(getHealthLevel(figures({ circuits: { pay: "halfOpen", inv: "closed" } }), 2)).toBe("degraded");
    expect(getHealthLevel(figures({ replicas: 1 }), 2)).toBe("degraded");
  });

  it("is down from half the executions failing or with no replica left", () => {
    expect(getHealthLevel(figures({ throughput: 100, failed: 49 }), 2)).toBe("degraded");
    expect(getHealthLevel(figures({ throughput: 100, failed: 50 }), 2)).toBe("down");
    expect(getHealthLevel(figures({ replicas: 0, throughput: 0, utilization: 0 }), 2)).toBe("down");
    // A down component with an open circuit is still down.
    expect(getHealthLevel(figures({ failed: 100, circuits: { pay: "open" } }), 2)).toBe("down");
  });

  it("shows an open circuit over degraded", () => {
    expect(getHealthLevel(figures({ utilization: 0.95, circuits: { pay: "open" } }), 2)).toBe("circuit");
  });

  it("does not count replicas for kinds the design gives none", () => {
    // A database reports 0 replicas; with no designed count that is not down.
    expect(getHealthLevel(figures({ replicas: 0, utilization: 0.05 }), undefined)).toBe("ok");
  });

  it("is idle when nothing reached the component", () => {
    expect(getHealthLevel(figures({ throughput: 0, utilization: 0, replicas: 0 }), undefined)).toBe("idle");
    expect(getHealthLevel(figures({ throughput: 0, utilization: 0 }), 2)).toBe("idle");
  });
});

describe("formatting", () => {
  it("formats rates in three significant figures at most", () => {
    expect(formatRate(0)).toBe("0 rps");
    expect(formatRate(84.4)).toBe("84 rps");
    expect(formatRate(999)).toBe("999 rps");
    expect(formatRate(1000)).toBe("1k rps");
    expect(formatRate(1234)).toBe("1.2k rps");
    expect(formatRate(9949)).toBe("9.9k rps");
    expect(formatRate(9950)).toBe("10k rps");
    expect(formatRate(15_400)).toBe("15k rps");
    expect(formatCount(999_499)).toBe("999k");
    expect(formatCount(2_345_678)).toBe("2.3M");
    expect(formatCount(12_345_678)).toBe("12M");
  });

  it("formats latencies", () => {
    expect(formatMs(0.4)).toBe("0.4 ms");
    expect(formatMs(8.44)).toBe("8.4 ms");
    expect(formatMs(9)).toBe("9 ms");
    expect(formatMs(36.625)).toBe("37 ms");
    expect(formatMs(999.4)).toBe("999 ms");
    expect(formatMs(1234)).toBe("1.2 s");
  });

  it("formats shares", () => {
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(0.005)).toBe("0.5%");
    expect(formatPercent(0.025)).toBe("2.5%");
    expect(formatPercent(0.536183)).toBe("54%");
    expect(formatPercent(1)).toBe("100%");
  });
});

describe("getEdgeWidth", () => {
  it("adds 1.25 px per tenfold rate from 1.5 px, up to 8", () => {
    expect(getEdgeWidth(0)).toBe(1.5);
    expect(getEdgeWidth(9)).toBe(2.75);
    expect(getEdgeWidth(99)).toBe(4);
    expect(getEdgeWidth(999)).toBe(5.25);
    expect(getEdgeWidth(99_999)).toBe(7.75);
    expect(getEdgeWidth(1e9)).toBe(8);
    expect(getEdgeWidth(-5)).toBe(1.5);
  });

  it("rounds to quarter pixels", () => {
    // log10(301) = 2.4786; 1.5 + 3.098 = 4.598 → 4.5
    expect(getEdgeWidth(300)).toBe(4.5);
    // log10(2) = 0.30103; 1.5 + 0.376 = 1.876 → 2 (nearest quarter)
    expect(getEdgeWidth(1)).toBe(2);
  });
});

describe("getReplicaDots and getDepthFill", () => {
  it("fills live replicas and leaves lost ones hollow", () => {
    expect(getReplicaDots(2, 3)).toBe("●●○");
    expect(getReplicaDots(0, 2)).toBe("○○");
    expect(getReplicaDots(4, 2)).toBe("●●●●");
    expect(getReplicaDots(12, 3)).toBe("●●●●●●●●");
  });

  it("fills topics on a log scale, full at 10,000", () => {
    expect(getDepthFill(0)).toBe(0);
    expect(getDepthFill(9)).toBe(25);
    expect(getDepthFill(99)).toBe(50);
    expect(getDepthFill(9999)).toBe(100);
    expect(getDepthFill(1e6)).toBe(100);
  });
});

describe("getNodeLiveView", () => {
  const snap = snapshot({
    routes: {
      "POST /orders": { count: 269, failed: 0, p50: 19, p95: 41.375, p99: 41.375 },
      "GET /orders/{id}": { count: 199, failed: 0, p50: 6, p95: 19.6875, p99: 19.6875 },
      "GET /idle": { count: 0, failed: 0, p50: 0, p95: 900, p99: 900 },
    },
    components: {
      order: figures({ throughput: 1234, utilization: 0.536183, replicas: 2 }),
      payment: figures({ throughput: 200, failed: 8, replicas: 1, circuits: {} }),
      db: figures({ throughput: 736, utilization: 0.054236, replicas: 0 }),
      caller: figures({ circuits: { a: "open", b: "closed", c: "open" } }),
    },
  });

  it("shows the rate and the worst p99 of the routes it serves that had requests", () => {
    expect(getNodeLiveView(snap, "order", 2, ["POST /orders", "GET /orders/{id}", "GET /idle"])).toEqual({
      level: "ok",
      stats: "1.2k rps · p99 41 ms",
      busyPercent: 54,
      replicas: 2,
      openCircuits: "",
    });
  });

  it("shows the failed share instead when at least 1% fail", () => {
    expect(getNodeLiveView(snap, "payment", 2, ["POST /orders"])).toMatchObject({
      level: "degraded",
      stats: "200 rps · 4% failed",
      replicas: 1,
    });
  });

  it("shows how busy a component without routes is", () => {
    expect(getNodeLiveView(snap, "db", undefined, undefined)).toMatchObject({
      level: "ok",
      stats: "736 rps · 5.4% busy",
      busyPercent: 5,
      replicas: -1,
    });
  });

  it("sums a broker's topics, whatever its own (empty) figures say", () => {
    const withTopics = snapshot({
      components: { broker: figures({ throughput: 0, utilization: 0, replicas: 0 }) },
      topics: { a: { depth: 1840 }, b: { depth: 8 }, c: { depth: 0 } },
    });
    expect(getNodeLiveView(withTopics, "broker", undefined, undefined, true)).toEqual({
      level: "ok",
      stats: "1.8k queued · 3 topics",
      busyPercent: 0,
      replicas: -1,
      openCircuits: "",
    });
  });

  it("lists open circuits and is null for a component the snapshot lacks", () => {
    expect(getNodeLiveView(snap, "caller", 2, [])?.openCircuits).toBe("a, c");
    expect(getNodeLiveView(snap, "nope", 2, [])).toBeNull();
  });
});

describe("getEdgeLiveView", () => {
  const snap = snapshot({
    routes: {
      "POST /orders": { count: 90, failed: 9, p50: 1, p95: 2, p99: 2 },
      "GET /orders/{id}": { count: 9, failed: 0, p50: 1, p95: 2, p99: 2 },
    },
    components: {
      order: figures({ circuits: { inventory: "open" } }),
      inventory: figures({ throughput: 999, failed: 0 }),
      db: figures({ throughput: 9, failed: 9 }),
    },
  });

  it("sums a gateway edge's routes", () => {
    // 99 requests, 9 failed: 9.1%.
    expect(getEdgeLiveView(snap, "route", "gateway", "order", ["POST /orders", "GET /orders/{id}", "gone"])).toEqual({
      width: 4,
      rate: "99 rps",
      failing: "9.1% failed",
      circuit: "",
    });
  });

  it("counts a route's rejected requests (429, a full gateway) as not answered well", () => {
    const rejected = snapshot({
      routes: { "POST /orders": { count: 100, failed: 0, rejected: 20, p50: 1, p95: 2, p99: 2 } },
    });
    expect(getEdgeLiveView(rejected, "route", "gateway", "order", ["POST /orders"])?.failing).toBe("20% failed");
  });

  it("takes a call's figures from its callee and the circuit from its caller", () => {
    expect(getEdgeLiveView(snap, "call", "order", "inventory", ["reserve"])).toEqual({
      width: 5.25,
      rate: "999 rps",
      failing: "",
      circuit: "open",
    });
    expect(getEdgeLiveView(snap, "query", "order", "db", ["create"])).toMatchObject({
      width: 2.75,
      failing: "100% failed",
      circuit: "",
    });
  });

  it("has nothing for message edges or unknown targets", () => {
    expect(getEdgeLiveView(snap, "publish", "order", "broker", ["order.created"])).toBeNull();
    expect(getEdgeLiveView(snap, "subscribe", "broker", "order", ["x"])).toBeNull();
    expect(getEdgeLiveView(snap, "call", "order", "nope", ["x"])).toBeNull();
  });
});
