import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../../model";
import { emptyCauses, simulate, type SimulationResult, type TimeseriesEntry } from "../../simulator";
import {
  compareInputs,
  compareRuns,
  diffDesigns,
  DIFF_CONTEXT,
  DIFF_SHOWN_LIMIT,
  formatChange,
  formatMs,
  formatRatio,
  formatValue,
  getWarmupMs,
  summarizeRoutes,
  SUMMARY_NAMES_LIMIT,
  type RouteComparison,
  toCompareSeries,
  type ComparedRun,
} from "./run-compare-data";

const lat = (p50: number, p99: number) => ({ mean: p50, p50, p90: p99, p95: p99, p99, p999: p99, max: p99 });

function result(patch: Partial<SimulationResult>): SimulationResult {
  return {
    scenario: "s",
    seed: 1,
    simulatedSeconds: 10,
    wallSeconds: 0,
    events: 0,
    eventsPerSecond: 0,
    partial: false,
    requests: { total: 0, succeeded: 0, failed: 0, rejected: 0, timedOut: 0, inFlight: 0, causes: emptyCauses() },
    latency: lat(1, 2),
    routes: {},
    components: {},
    topics: {},
    ...patch,
  };
}

const route = (count: number, succeeded: number, p50: number, p99: number) => ({
  count,
  succeeded,
  failed: count - succeeded,
  rejected: 0,
  latency: lat(p50, p99),
});

const component = (utilization: number, failed: number) => ({
  utilization,
  cpuUtilization: utilization,
  throughput: 1,
  meanQueueLength: 0,
  failed,
  latency: lat(1, 2),
  replicas: { min: 1, max: 1, mean: 1 },
});

const topic = (maxDepth: number) => ({
  published: 1,
  delivered: 1,
  deadLettered: 0,
  lost: 0,
  depth: 0,
  maxDepth,
  latency: lat(1, 2),
});

describe("compareRuns", () => {
  const a = result({
    routes: {
      "POST /orders": route(1000, 600, 20, 100),
      "GET /products": route(200, 200, 8, 50),
      "GET /old": route(10, 10, 1, 2),
    },
    components: { order: component(0.5, 40) },
    topics: { "order.created": topic(14) },
    requests: {
      total: 1210,
      succeeded: 810,
      failed: 390,
      rejected: 10,
      timedOut: 5,
      inFlight: 0,
      causes: { ...emptyCauses(), circuitOpen: 385, timeout: 5, rejected: 10 },
    },
  });
  const b = result({
    routes: {
      "POST /orders": route(1010, 650, 20.3, 150),
      "GET /products": route(200, 200, 8, 49.5),
      "GET /new": route(5, 0, 0, 0),
    },
    components: { order: component(0.75, 40) },
    topics: { "order.created": topic(10) },
    requests: {
      total: 1215,
      succeeded: 850,
      failed: 365,
      rejected: 0,
      timedOut: 240,
      inFlight: 0,
      causes: { ...emptyCauses(), bulkhead: 125, timeout: 240 },
    },
  });
  const c = compareRuns(a, b);

  it("per route: requests, success, p50 and p99 of both runs, judged by direction", () => {
    const orders = c.routes.find((r) => r.route === "POST /orders")!;
    expect(orders.measures.map((m) => [m.key, m.a, m.b, m.judgement])).toEqual([
      ["requests", 1000, 1010, "neutral"],
      ["success", 0.6, 650 / 1010, "better"],
      // 20 → 20.3 ms is 1.5%, within SAME_WITHIN (5%).
      ["p50", 20, 20.3, "same"],
      ["p99", 100, 150, "worse"],
    ]);
    expect(orders.verdict).toBe("mixed");
    const products = c.routes.find((r) => r.route === "GET /products")!;
    expect(products.verdict).toBe("same");
  });

  it("a route only one run has is listed, with nothing to judge; a route with no success has no latency", () => {
    expect(c.routes.map((r) => r.route)).toEqual(["GET /new", "GET /old", "GET /products", "POST /orders"]);
    const added = c.routes[0]!;
    expect(added.measures.map((m) => [m.a, m.b, m.judgement])).toEqual([
      [null, 5, "neutral"],
      [null, 0, "neutral"],
      [null, null, "neutral"],
      [null, null, "neutral"],
    ]);
    expect(added.verdict).toBe("same");
    expect(c.routes[1]!.measures[0]!.b).toBeNull();
  });

  it("topics by peak depth, components by utilization and errors, failures by cause with a total", () => {
    expect(c.topics).toEqual([
      { key: "order.created", measures: [expect.objectContaining({ a: 14, b: 10, judgement: "better" })] },
    ]);
    expect(c.components[0]!.measures.map((m) => [m.key, m.a, m.b, m.judgement])).toEqual([
      ["utilization", 0.5, 0.75, "neutral"],
      ["failed", 40, 40, "same"],
    ]);
    // Only the causes either run had, in the format's order, then the total.
    expect(c.causes.map((m) => [m.key, m.a, m.b, m.judgement])).toEqual([
      ["timeout", 5, 240, "worse"],
      ["rejected", 10, 0, "better"],
      ["circuitOpen", 385, 0, "better"],
      ["bulkhead", 0, 125, "worse"],
      ["total", 400, 365, "better"],
    ]);
    expect(c.routes.map((r) => r.verdict)).toEqual(["same", "same", "same", "mixed"]);
    expect(summarizeRoutes(c.routes)).toBe(
      "From A to B, routes: 1 mixed (better on one figure, worse on another) (POST /orders), 3 the same.",
    );
  });

  it("within 5% of A is the same, past it judged; from 0, any change is judged", () => {
    const judged = (a: number, b: number) =>
      compareRuns(result({ routes: { r: route(1, 1, 1, a) } }), result({ routes: { r: route(1, 1, 1, b) } })).routes[0]!
        .measures[3]!.judgement;
    expect(judged(100, 105)).toBe("same");
    expect(judged(100, 95)).toBe("same");
    expect(judged(100, 105.01)).toBe("worse");
    expect(judged(100, 94.99)).toBe("better");
    const topics = (a: number, b: number) =>
      compareRuns(result({ topics: { t: topic(a) } }), result({ topics: { t: topic(b) } })).topics[0]!.measures[0]!
        .judgement;
    expect(topics(0, 0)).toBe("same");
    expect(topics(0, 1)).toBe("worse");
  });

  it("success within 0.1 points is the same; any larger move is judged", () => {
    const x = compareRuns(
      result({ routes: { r: route(10_000, 9_990, 1, 1) } }),
      result({ routes: { r: route(10_000, 9_981, 1, 1) } }),
    );
    expect(x.routes[0]!.measures[1]!.judgement).toBe("same");
    const y = compareRuns(
      result({ routes: { r: route(10_000, 9_990, 1, 1) } }),
      result({ routes: { r: route(10_000, 9_979, 1, 1) } }),
    );
    expect(y.routes[0]!.measures[1]!.judgement).toBe("worse");
    expect(y.routes[0]!.verdict).toBe("worse");
  });
});

describe("summarizeRoutes", () => {
  const r = (route: string, verdict: RouteComparison["verdict"]): RouteComparison => ({ route, measures: [], verdict });

  it("worse first, changed routes named up to SUMMARY_NAMES_LIMIT, the rest counted", () => {
    expect(SUMMARY_NAMES_LIMIT).toBe(3);
    expect(
      summarizeRoutes([
        r("a", "better"),
        r("b", "worse"),
        r("c", "worse"),
        r("d", "worse"),
        r("e", "worse"),
        r("f", "same"),
      ]),
    ).toBe("From A to B, routes: 4 worse (b, c, d and 1 more), 1 better (a), 1 the same.");
    expect(summarizeRoutes([])).toBe("Neither run has routes to compare.");
  });
});

describe("formatting", () => {
  it("values", () => {
    expect(formatValue("count", 10212)).toBe("10,212");
    expect(formatValue("ms", 25024)).toBe("25,024.0 ms");
    expect(formatMs(45.38)).toBe("45.4 ms");
    expect(formatRatio(6276 / 10212)).toBe("61.45%");
    expect(formatRatio(0.99999)).toBe("99.99%");
    expect(formatRatio(1)).toBe("100%");
    expect(formatValue("ratio", null)).toBe("–");
  });

  it("changes: signed, with the share of A; ratios in points", () => {
    expect(formatChange("count", 10212, 10101)).toBe("−111 (−1.1%)");
    expect(formatChange("ms", 7888, 25024)).toBe("+17,136.0 ms (+217%)");
    expect(formatChange("ratio", 0.6, 0.65)).toBe("+5.00 pts");
    expect(formatChange("count", 0, 125)).toBe("+125");
    expect(formatChange("count", 3, 3)).toBe("no change");
    expect(formatChange("ms", null, 3)).toBe("–");
  });
});

function second(
  t: number,
  succeeded: number,
  p99: number,
  route?: { count: number; failed: number; rejected?: number; p99: number },
): TimeseriesEntry {
  return {
    t,
    requests: { succeeded, failed: 0, rejected: 0 },
    latency: { p50: 1, p99 },
    routes: route ? { r: { ...route, p50: 1 } } : ({} as TimeseriesEntry["routes"]),
    components: {},
    topics: {},
  };
}

describe("toCompareSeries", () => {
  it("puts both runs on the longer run's seconds; a shorter run and seconds without success are gaps", () => {
    const a = [second(0, 5, 10), second(1, 0, 0)];
    const b = [second(0, 6, 12), second(1, 7, 14), second(2, 8, 16)];
    expect(toCompareSeries(a, b, null)).toEqual({
      x: [0, 1, 2],
      throughput: [
        [5, 0, null],
        [6, 7, 8],
      ],
      p99: [
        [10, null, null],
        [12, 14, 16],
      ],
    });
  });

  it("for one route: answered minus failed and rejected, and its p99 (0 means none)", () => {
    // Second 0: 4 answered, 1 failed: 3 ok. Second 1: 5 answered, 2 failed and 3 rate-limited: none ok.
    const a = [
      second(0, 9, 9, { count: 4, failed: 1, rejected: 0, p99: 30 }),
      second(1, 9, 9, { count: 5, failed: 2, rejected: 3, p99: 0 }),
    ];
    const b = [second(0, 9, 9)];
    expect(toCompareSeries(a, b, "r")).toEqual({
      x: [0, 1],
      throughput: [
        [3, 0],
        [null, null],
      ],
      p99: [
        [30, null],
        [null, null],
      ],
    });
  });
});

describe("diffDesigns", () => {
  const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);

  it("keeps DIFF_CONTEXT lines around each change, numbered in both texts, hunks apart split by null", () => {
    const b = [...lines];
    b.splice(4, 1); // line 5 removed
    b.splice(14, 0, "new"); // after line 15 (A numbering)
    const d = diffDesigns(lines.join("\n"), b.join("\n"));
    expect(DIFF_CONTEXT).toBe(2);
    expect(d.removed).toBe(1);
    expect(d.added).toBe(1);
    expect(d.hidden).toBe(0);
    expect(d.lines.map((l) => (l ? `${l.kind[0]}${l.aLine ?? "-"}/${l.bLine ?? "-"} ${l.text}` : "…"))).toEqual([
      "s3/3 line 3",
      "s4/4 line 4",
      "r5/- line 5",
      "s6/5 line 6",
      "s7/6 line 7",
      "…",
      "s14/13 line 14",
      "s15/14 line 15",
      "a-/15 new",
      "s16/16 line 16",
      "s17/17 line 17",
    ]);
  });

  it("the same text: no lines", () => {
    expect(diffDesigns("a\nb", "a\nb")).toEqual({ lines: [], removed: 0, added: 0, hidden: 0 });
  });

  it("past DIFF_SHOWN_LIMIT lines, counts the changed lines left out", () => {
    const a = Array.from({ length: DIFF_SHOWN_LIMIT + 50 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: DIFF_SHOWN_LIMIT + 50 }, (_, i) => `b${i}`).join("\n");
    const d = diffDesigns(a, b);
    expect(d.lines).toHaveLength(DIFF_SHOWN_LIMIT);
    expect(d.removed + d.added).toBe(2 * (DIFF_SHOWN_LIMIT + 50));
    expect(d.hidden).toBe(2 * (DIFF_SHOWN_LIMIT + 50) - DIFF_SHOWN_LIMIT);
  });
});

describe("compareInputs", () => {
  const run = (scenario: string, seed: number, durationMs: number, partial = false): ComparedRun => ({
    designText: "",
    scenario,
    seed,
    durationMs,
    result: result({ partial, stopReason: partial ? "events" : undefined, simulatedSeconds: 42 }),
  });

  it("the same inputs: nothing to say", () => {
    expect(compareInputs(run("a", 1, 1000), run("a", 1, 1000))).toEqual({ changes: [], notes: [] });
  });

  it("says which inputs differ and what that means", () => {
    const { changes, notes } = compareInputs(run("baseline", 1, 120_000), run("inventory-slow", 2, 180_000, true));
    expect(changes).toEqual([
      { what: "Scenario", a: "baseline", b: "inventory-slow" },
      { what: "Seed", a: "1", b: "2" },
      { what: "Duration", a: "120 s", b: "180 s" },
    ]);
    expect(notes).toHaveLength(4);
    expect(notes[0]).toMatch(/different scenarios/);
    expect(notes[3]).toBe("Run B ended early (events) at 42 s: its figures cover only that part.");
  });
});

describe("runs that counted different spans of time", () => {
  // The same design and seed, 200 s against 100 s of payment-outage (10 s of warm-up each): the
  // longer run counts more payment errors without being any worse for it.
  const text = readFileSync("examples/ecommerce.yaml", "utf8");
  const design = parseDesign(text).design!;
  const long = simulate(design, { scenario: "payment-outage", seed: 1, durationMs: 200_000 });
  const short = simulate(design, { scenario: "payment-outage", seed: 1, durationMs: 100_000 });
  const warmupMs = getWarmupMs({ designText: text, scenario: "payment-outage" });

  it("counts are neutral, with the reason; success and latency are still judged", () => {
    expect(warmupMs).toBe(10_000);
    const c = compareRuns(long, short, { a: warmupMs, b: warmupMs });
    const errors = c.components.find((k) => k.key === "payment")!.measures.find((m) => m.key === "failed")!;
    expect(errors.a).toBe(long.components.payment!.failed);
    expect(errors.b).toBe(short.components.payment!.failed);
    expect(errors.a! > errors.b! * 1.5).toBe(true); // raw counts alone would read "better"
    expect(errors.judgement).toBe("neutral");
    expect([...c.causes, ...c.topics.flatMap((t) => t.measures)].every((m) => m.judgement === "neutral")).toBe(true);
    expect(c.countsNote).toBe(
      "Run A counted 190 s and run B 90 s (after warm-up): errors, failures and peak depths are not judged better or worse, as a longer run counts more of them.",
    );
    const orders = c.routes.find((r) => r.route === "POST /orders")!;
    expect(orders.measures.find((m) => m.key === "p99")!.judgement).not.toBe("neutral");
  });

  it("runs of one length are judged on counts too", () => {
    const c = compareRuns(long, long, { a: warmupMs, b: warmupMs });
    expect(c.countsNote).toBeNull();
    expect(c.causes.at(-1)!.judgement).toBe("same");
    // Without warm-ups given, the runs' simulated seconds decide.
    expect(compareRuns(long, short).countsNote).toMatch(/^Run A counted 200 s and run B 100 s/);
    // A scenario the design does not have: no warm-up.
    expect(getWarmupMs({ designText: text, scenario: "nope" })).toBe(0);
  });
});
