import { describe, expect, it } from "vitest";
import { emptyCauses, type RunSnapshot } from "../../simulator";
import { downsample, MAX_CHART_REGIONS, MAX_LINES, scopeFromParam, toChartPanels, toChartRegions } from "./chart-data";

function snap(t: number, over: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    t,
    simulatedMs: (t + 1) * 1000,
    done: false,
    requests: { succeeded: 100 + t, failed: t, rejected: 0 },
    latency: { p50: 10 + t, p95: 20 + t, p99: 30 + t },
    causes: { ...emptyCauses(), error: t },
    routes: { "GET /x": { count: 50 + t, failed: 2 * t, rejected: t, p50: 1, p95: 2, p99: 3 } },
    components: {
      a: { throughput: 7, utilization: 0.5, queue: t, replicas: 2, failed: 0, circuits: {} },
      db: { throughput: 3, utilization: 0.1, queue: 0, replicas: 0, failed: 0, circuits: {} },
    },
    topics: { ev: { depth: 5 * t } },
    ...over,
  };
}

const byId = (panels: ReturnType<typeof toChartPanels>) => Object.fromEntries(panels.map((p) => [p.id, p]));

describe("toChartPanels", () => {
  const history = [snap(0), snap(1), snap(2)];

  it("the whole system: throughput, latency with the SLO, causes seen, replicas and queues above 0, topics", () => {
    const p = byId(toChartPanels(history, { kind: "system" }, 25));
    expect(Object.keys(p)).toEqual(["throughput", "latency", "causes", "replicas", "queue", "topics"]);
    expect(p.throughput!.data).toEqual([
      [0, 1, 2],
      [100, 101, 102],
      [0, 1, 2],
      [0, 0, 0],
    ]);
    expect(p.throughput!.series.map((s) => s.label)).toEqual(["ok", "failed", "rejected"]);
    expect(p.latency!.series.map((s) => [s.label, s.dash ?? false])).toEqual([
      ["p50", false],
      ["p95", false],
      ["p99", false],
      ["SLO", true],
    ]);
    expect(p.latency!.data.slice(1)).toEqual([
      [10, 11, 12],
      [20, 21, 22],
      [30, 31, 32],
      [25, 25, 25],
    ]);
    // Only the causes that occurred: error.
    expect(p.causes!.series.map((s) => s.label)).toEqual(["error"]);
    expect(p.causes!.data[1]).toEqual([0, 1, 2]);
    // db never had a replica: not drawn. a's queue 0, 1, 2.
    expect(p.replicas!.series.map((s) => s.label)).toEqual(["a"]);
    expect(p.queue!.data.slice(1)).toEqual([[0, 1, 2]]);
    expect(p.topics!.data.slice(1)).toEqual([[0, 5, 10]]);
  });

  it("no SLO, no failures, a snapshot without p95 or causes: no SLO line, a zero line, gaps", () => {
    const old = snap(0, { latency: { p50: 4, p99: 9 }, causes: undefined });
    const p = byId(toChartPanels([old, snap(1, { causes: emptyCauses() })], { kind: "system" }));
    expect(p.latency!.series.map((s) => s.label)).toEqual(["p50", "p95", "p99"]);
    expect(p.latency!.data[2]).toEqual([null, 21]);
    expect(p.causes!.series.map((s) => s.label)).toEqual(["none"]);
    expect(p.causes!.data[1]).toEqual([null, 0]);
  });

  it("a second without a succeeded request is a gap in the latency, not 0 ms", () => {
    const down = snap(1, {
      requests: { succeeded: 0, failed: 9, rejected: 0 },
      latency: { p50: 0, p95: 0, p99: 0 },
      routes: { "GET /x": { count: 9, failed: 9, p50: 0, p95: 0, p99: 0 } },
    });
    const system = byId(toChartPanels([snap(0), down, snap(2)], { kind: "system" }, 25));
    expect(system.latency!.data.slice(1)).toEqual([
      [10, null, 12],
      [20, null, 22],
      [30, null, 32],
      [25, 25, 25],
    ]);
    const route = toChartPanels([snap(0), down], { kind: "route", route: "GET /x" });
    expect(route[1]!.data.slice(1)).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
  });

  it("one route: its outcomes, failures, rejections and percentiles", () => {
    const p = toChartPanels(history, { kind: "route", route: "GET /x" });
    expect(p.map((q) => q.id)).toEqual(["throughput", "latency"]);
    expect(p[0]!.series.map((s) => s.label)).toEqual(["answered", "failed", "rejected"]);
    expect(p[0]!.data).toEqual([
      [0, 1, 2],
      [50, 51, 52],
      [0, 2, 4],
      [0, 1, 2],
    ]);
    expect(p[1]!.data.slice(1)).toEqual([
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
    ]);
    // An unknown route is gaps, not zeros.
    expect(toChartPanels(history, { kind: "route", route: "nope" })[0]!.data[1]).toEqual([null, null, null]);
  });

  it("one component: its operations, failures, replicas and queue", () => {
    const p = byId(toChartPanels(history, { kind: "component", id: "a" }));
    expect(Object.keys(p)).toEqual(["throughput", "replicas", "queue"]);
    expect(p.throughput!.data.slice(1)).toEqual([
      [7, 7, 7],
      [0, 0, 0],
    ]);
    expect(p.replicas!.data[1]).toEqual([2, 2, 2]);
    expect(p.queue!.data[1]).toEqual([0, 1, 2]);
  });

  it("past MAX_LINES components the smallest add up to one line of others", () => {
    const components: RunSnapshot["components"] = {};
    for (let i = 1; i <= 8; i++)
      components[`s${i}`] = { throughput: 0, utilization: 0, queue: i, replicas: 1, failed: 0, circuits: {} };
    const p = byId(toChartPanels([snap(0, { components })], { kind: "system" }));
    expect(p.queue!.series.map((s) => s.label)).toEqual(["s8", "s7", "s6", "s5", "s4", "3 others"]);
    expect(p.queue!.series).toHaveLength(MAX_LINES);
    // s3 + s2 + s1.
    expect(p.queue!.data.slice(1).map((c) => c[0])).toEqual([8, 7, 6, 5, 4, 6]);
  });
});

describe("downsample", () => {
  it("leaves columns no longer than the width alone", () => {
    const d = [
      [0, 1, 2],
      [5, 6, 7],
    ];
    expect(downsample(d, 3)).toBe(d);
  });

  it("keeps each bucket's minimum and maximum per series, so one-second spikes and dips survive", () => {
    const x = Array.from({ length: 12 }, (_, i) => i);
    const y = [1, 1, 9, 1, 1, 1, 1, 0, 1, 1, 1, 1];
    const z = [null, null, null, 4, 4, 4, 2, 2, 2, 2, 2, 2];
    // Width 6 → 3 buckets of 4 seconds, two points each.
    expect(downsample([x, y, z], 6)).toEqual([
      [0, 3, 4, 7, 8, 11],
      [1, 9, 0, 1, 1, 1],
      [4, 4, 2, 4, 2, 2],
    ]);
    expect(downsample([x, y, z], 6)[0]).toHaveLength(6);
  });

  it("a bucket of gaps stays a gap", () => {
    const x = [0, 1, 2, 3, 4, 5];
    expect(downsample([x, [null, null, null, 1, 2, 3]], 4)[1]).toEqual([null, null, 1, 3]);
  });
});

describe("scopeFromParam", () => {
  it("reads route:<key> and component:<id>; anything else is the system", () => {
    expect(scopeFromParam("route:POST /orders")).toEqual({ kind: "route", route: "POST /orders" });
    expect(scopeFromParam("component:order")).toEqual({ kind: "component", id: "order" });
    expect(scopeFromParam("system")).toEqual({ kind: "system" });
    expect(scopeFromParam(undefined)).toEqual({ kind: "system" });
  });
});

describe("toChartRegions", () => {
  it("turns fault spans into seconds, an open end to the run's end, and drops empty ones", () => {
    expect(
      toChartRegions(
        [
          { startMs: 60_000, endMs: 150_000, label: "crash payment" },
          { startMs: 20_004, endMs: Infinity, label: "crash inventory" },
          { startMs: 290_000, endMs: 400_000, label: "errors order 20%" },
          { startMs: 300_000, endMs: 310_000, label: "after the end" },
        ],
        300_000,
      ),
    ).toEqual([
      { from: 60, to: 150, label: "crash payment" },
      { from: 20.004, to: 300, label: "crash inventory" },
      { from: 290, to: 300, label: "errors order 20%" },
    ]);
  });
  it("keeps at most MAX_CHART_REGIONS", () => {
    const spans = Array.from({ length: MAX_CHART_REGIONS + 5 }, (_, i) => ({ startMs: i, endMs: i + 1, label: "x" }));
    expect(toChartRegions(spans, 1e9)).toHaveLength(MAX_CHART_REGIONS);
  });
});
