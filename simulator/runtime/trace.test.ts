/**
 * Sampled traces, exactly: tiny designs with constant times and zero network, each span's
 * times and outcome worked out by hand; the sampling rule and the limits; and that recording
 * traces changes nothing in a run's result.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../../model";
import { createRun, simulate, TRACE_LIMITS, type SimulateOptions, type TraceSpan } from "../index";
import { design } from "../testing/exact";
import { generateRandomDesign } from "../testing/random-design";
import { withRandomFaults } from "../testing/random-faults";
import { endTrace, exportTraces, spanCap, Tracer, TraceRec } from "./trace";

function traced(yaml: string, scenario: string, traces: SimulateOptions["traces"] = { every: 1 }) {
  const run = createRun(design(yaml), { scenario, seed: 1, traces });
  const result = run.finish();
  return { result, traces: run.traces() };
}

/** One request a second from 1000 ms (constant arrivals), on a.op. */
const oneASecond = (components: string, scenario: string) => `archsim: 1
components:
${components}
workloads:
  w: { entry: a.op, rate: 1, arrivals: constant }
scenarios:
${scenario}
`;

describe("spans of one request", () => {
  it("a call that times out, backs off and succeeds: two attempt spans, the backoff between, the wasted work", () => {
    // The request at 1000: a works 1 ms, calls b at 1001. b works 2 ms (to 1003) while a latency
    // fault holds it 100 ms more (to 1103); the attempt times out at 1001 + 50 = 1051. Retry 1
    // waits 20 ms (to 1071); the fault ended at 1060, so attempt 2 takes b's 2 ms: ok at 1073.
    const { traces } = traced(
      oneASecond(
        `  a:
    kind: service
    resilience: { timeout: 50ms, retries: { max: 2, backoff: 20ms } }
    operations:
      op: { work: 1ms, steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 2ms } } }`,
        `  s:
    workload: w
    duration: 1900ms
    faults:
      - { at: 0s, for: 1060ms, kind: latency, target: b, add: 100ms }`,
      ),
      "s",
    );
    expect(traces).toHaveLength(1);
    const t = traces[0]!;
    expect(t).toMatchObject({
      id: 0,
      route: "a.op",
      entry: "a",
      startMs: 1000,
      endMs: 1073,
      durationMs: 73,
      outcome: "ok",
    });
    expect(t.spans).toEqual([
      {
        id: 0,
        parentId: null,
        kind: "request",
        component: "a",
        label: "a.op",
        startMs: 1000,
        endMs: 1073,
        outcome: "ok",
      },
      {
        id: 1,
        parentId: 0,
        kind: "exec",
        component: "a",
        label: "op",
        startMs: 1000,
        endMs: 1073,
        outcome: "ok",
        replica: 0,
      },
      {
        id: 2,
        parentId: 1,
        kind: "call",
        component: "a",
        target: "b",
        label: "→ b.op",
        startMs: 1001,
        endMs: 1051,
        outcome: "timeout",
        attempt: 1,
        note: "timeout after 50 ms",
      },
      {
        id: 3,
        parentId: 2,
        kind: "exec",
        component: "b",
        label: "op",
        startMs: 1001,
        endMs: 1103,
        outcome: "ok",
        replica: 0,
        note: "ended after the caller stopped waiting: wasted work",
      },
      {
        id: 4,
        parentId: 1,
        kind: "backoff",
        component: "a",
        label: "backoff",
        startMs: 1051,
        endMs: 1071,
        outcome: "ok",
        note: "retry 1 after 20 ms backoff",
      },
      {
        id: 5,
        parentId: 1,
        kind: "call",
        component: "a",
        target: "b",
        label: "→ b.op",
        startMs: 1071,
        endMs: 1073,
        outcome: "ok",
        attempt: 2,
      },
      {
        id: 6,
        parentId: 5,
        kind: "exec",
        component: "b",
        label: "op",
        startMs: 1071,
        endMs: 1073,
        outcome: "ok",
        replica: 0,
      },
    ]);
  });

  it("an open circuit refuses the next call at once, with an instant attempt span saying until when", () => {
    // 1000: a calls b at 1001, b fails at 1003; a window of 1 at failure rate 1 opens the
    // circuit until 1003 + 10 s = 11003. 2000: a's call at 2001 is refused on the spot.
    const { traces } = traced(
      oneASecond(
        `  a:
    kind: service
    resilience: { circuitBreaker: { failureRate: 1, window: 1, openFor: 10s } }
    operations:
      op: { work: 1ms, steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 2ms, errorRate: 1 } } }`,
        `  s: { workload: w, duration: 2500ms }`,
      ),
      "s",
    );
    expect(traces.map((t) => [t.id, t.startMs, t.endMs, t.outcome])).toEqual([
      [0, 1000, 1003, "error"],
      [1, 2000, 2001, "circuitOpen"],
    ]);
    expect(traces[0]!.spans.slice(2)).toEqual([
      {
        id: 2,
        parentId: 1,
        kind: "call",
        component: "a",
        target: "b",
        label: "→ b.op",
        startMs: 1001,
        endMs: 1003,
        outcome: "error",
        attempt: 1,
        note: "b answered error",
      },
      {
        id: 3,
        parentId: 2,
        kind: "exec",
        component: "b",
        label: "op",
        startMs: 1001,
        endMs: 1003,
        outcome: "error",
        replica: 0,
        note: "failed (its error rate or an error fault)",
      },
    ]);
    expect(traces[1]!.spans).toEqual([
      {
        id: 0,
        parentId: null,
        kind: "request",
        component: "a",
        label: "a.op",
        startMs: 2000,
        endMs: 2001,
        outcome: "circuitOpen",
      },
      {
        id: 1,
        parentId: 0,
        kind: "exec",
        component: "a",
        label: "op",
        startMs: 2000,
        endMs: 2001,
        outcome: "circuitOpen",
        replica: 0,
        note: "a step failed (circuitOpen)",
      },
      {
        id: 2,
        parentId: 1,
        kind: "call",
        component: "a",
        target: "b",
        label: "→ b.op",
        startMs: 2001,
        endMs: 2001,
        outcome: "circuitOpen",
        attempt: 1,
        note: "circuit open until 11003 ms: refused",
      },
    ]);
  });

  it("a request refused by a full queue: a rejected trace whose execution never ran (503)", () => {
    // One slot, no queue, 1500 ms of work: the request at 2000 finds the one at 1000 working.
    const { traces } = traced(
      oneASecond(
        `  a: { kind: service, concurrency: 1, queue: 0, operations: { op: { work: 1500ms } } }`,
        `  s: { workload: w, duration: 3s }`,
      ),
      "s",
    );
    expect(traces.map((t) => [t.startMs, t.endMs, t.outcome, t.rejected])).toEqual([
      [1000, 2500, "ok", false],
      [2000, 2000, "rejected", true],
    ]);
    expect(traces[1]!.spans[1]).toEqual({
      id: 1,
      parentId: 0,
      kind: "exec",
      component: "a",
      label: "op",
      startMs: 2000,
      endMs: 2000,
      outcome: "rejected",
      replica: 0,
      note: "queue full (0 waiting): 503",
    });
  });

  it("a full bulkhead refuses the call before any attempt; a callee's full queue answers 503", () => {
    // Sends at 100, 200, … (10 rps). b has one slot, no queue, and works 500 ms: the call at 100
    // holds it (and a's one bulkhead place) until 600.
    const callee = `  b: { kind: service, concurrency: 1, queue: 0, operations: { op: { work: 500ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 250ms }
`;
    const withBulkhead = traced(
      `archsim: 1
components:
  a: { kind: service, resilience: { bulkhead: 1 }, operations: { op: { steps: [ { call: b.op } ] } } }
${callee}`,
      "s",
    );
    // The one at 100 is still waiting at the end (250 ms): only the refused one at 200 is kept.
    expect(withBulkhead.traces.map((t) => [t.startMs, t.endMs, t.outcome, t.rejected])).toEqual([
      [200, 200, "bulkhead", false],
    ]);
    expect(withBulkhead.traces[0]!.spans[2]).toEqual({
      id: 2,
      parentId: 1,
      kind: "call",
      component: "a",
      target: "b",
      label: "→ b.op",
      startMs: 200,
      endMs: 200,
      outcome: "bulkhead",
      attempt: 1,
      note: "bulkhead full: 1 call in flight",
    });
    const without = traced(
      `archsim: 1
components:
  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
${callee}`,
      "s",
    );
    expect(without.traces.map((t) => [t.startMs, t.endMs, t.outcome, t.rejected])).toEqual([
      [200, 200, "rejected", false],
    ]);
    expect(without.traces[0]!.spans.slice(1)).toEqual([
      {
        id: 1,
        parentId: 0,
        kind: "exec",
        component: "a",
        label: "op",
        startMs: 200,
        endMs: 200,
        outcome: "rejected",
        replica: 0,
        note: "a step failed (rejected)",
      },
      {
        id: 2,
        parentId: 1,
        kind: "call",
        component: "a",
        target: "b",
        label: "→ b.op",
        startMs: 200,
        endMs: 200,
        outcome: "rejected",
        attempt: 1,
        note: "b refused it: queue full (503)",
      },
      {
        id: 3,
        parentId: 2,
        kind: "exec",
        component: "b",
        label: "op",
        startMs: 200,
        endMs: 200,
        outcome: "rejected",
        replica: 0,
        note: "queue full (0 waiting): 503",
      },
    ]);
  });

  it("a queue wait shows as the span's wait, up to the slot", () => {
    // One slot, 300 ms of work, two requests a second (500, 1000, …): never a wait. At 3 rps
    // (333.3…, 666.6…, 1000) none either; so: one slot and 600 ms of work at 2 rps.
    const { traces } = traced(
      `archsim: 1
components:
  a: { kind: service, concurrency: 1, operations: { op: { work: 600ms } } }
workloads:
  w: { entry: a.op, rate: 2, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1500ms }
`,
      "s",
    );
    // 500 runs to 1100; 1000 waits for the slot until 1100 and runs to 1700 (after the end: not kept).
    expect(traces.map((t) => [t.startMs, t.endMs])).toEqual([[500, 1100]]);
    const run = createRun(
      design(`archsim: 1
components:
  a: { kind: service, concurrency: 1, operations: { op: { work: 600ms } } }
workloads:
  w: { entry: a.op, rate: 2, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1800ms }
`),
      { scenario: "s", traces: { every: 1 } },
    );
    run.finish();
    const second = run.traces()[1]!;
    expect(second.spans[1]).toMatchObject({ startMs: 1000, endMs: 1700, wait: { startMs: 1000, endMs: 1100 } });
  });

  it("a publish loop: consumers follow from their publish, and the trace stops at its span limit", () => {
    const { traces } = traced(
      `archsim: 1
components:
  gw: { kind: gateway, routes: { "GET /x": a.op } }
  broker: { kind: broker, publishLatency: 1ms, deliveryLatency: 1ms }
  db: { kind: database, queryTime: 3ms, pool: 1 }
  a:
    kind: service
    operations:
      op: { http: GET /x, work: 1ms, steps: [ { query: db }, { publish: t } ] }
      loop: { work: 1ms, steps: [ { publish: t } ] }
    subscribes: { t: loop }
workloads:
  w: { entry: gw, rate: 1, arrivals: constant, mix: { "GET /x": 1 } }
scenarios:
  s: { workload: w, duration: 1500ms }
`,
      "s",
    );
    const t = traces[0]!;
    // gw's route 1000–1005: a works to 1001, queries db to 1004, publishes (1 ms) to 1005.
    expect(t.spans.slice(0, 8).map((s) => [s.kind, s.component, s.label, s.startMs, s.endMs, s.parentId])).toEqual([
      ["request", "gw", "GET /x", 1000, 1005, null],
      ["exec", "gw", "GET /x", 1000, 1005, 0],
      ["call", "gw", "→ a.op", 1000, 1005, 1],
      ["exec", "a", "op", 1000, 1005, 2],
      ["query", "db", "query", 1001, 1004, 3],
      ["publish", "broker", "publish t", 1004, 1005, 3],
      // Delivered 1 ms after the publish, works 1 ms, publishes again (1 ms): 3 ms a turn.
      ["exec", "a", "loop", 1005, 1008, 5],
      ["publish", "broker", "publish t", 1007, 1008, 6],
    ]);
    expect(t.spans[6]).toMatchObject({ followsFrom: true, note: "delivery 1 of t" });
    expect(t.spans).toHaveLength(TRACE_LIMITS.spansPerTrace);
    expect(t.droppedSpans).toBe(1);
  });
});

describe("sampling and limits", () => {
  const steady = `archsim: 1
components:
  a: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2s, warmup: 250ms }
`;

  it("every n-th request sent after the warm-up, counted from the first one after it", () => {
    // Sends at 100, 200, …, 1900; counted from 300 (#0): #0, #3, #6, … are 300, 600, …, 1800.
    const { traces } = traced(steady, "s", { every: 3 });
    expect(traces.map((t) => [t.id, t.startMs])).toEqual([
      [0, 300],
      [3, 600],
      [6, 900],
      [9, 1200],
      [12, 1500],
      [15, 1800],
    ]);
  });

  it("a full pool thins evenly: with limit 4, ten successes leave the 4th and the 8th", () => {
    // Sends at 100…1000 (10, no warm-up). 1–4 kept; the 5th thins to stride 2 (2nd, 4th), 6th and
    // 8th join, the 10th makes 5 and thins to stride 4: the 4th and 8th (ids 3 and 7).
    const { traces } = traced(steady.replace("duration: 2s, warmup: 250ms", "duration: 1050ms"), "s", { limit: 4 });
    expect(traces.map((t) => t.id)).toEqual([3, 7]);
  });

  it("failures keep up to half the room, each cause thinned on its own: one timeout outlives twenty circuit refusals", () => {
    // limit 10: failures at most 5, the slowest success 1. Causes by number: 4 circuitOpen, 1 timeout.
    const tracer = new Tracer({ limit: 10 });
    const kept = () => exportTraces(tracer, 0).map((t) => `${t.id}:${t.outcome}`);
    let id = 0;
    const end = (cause: number, ms = 1) => {
      const tr = new TraceRec(id++, "r", "a", id);
      tracer.live++;
      endTrace(tracer, tr, id + ms, cause, false);
    };
    for (let i = 0; i < 4; i++) end(4);
    end(1); // #4, the one timeout
    // #5: a 5th refusal makes 6 failures: the refusals thin to their 2nd and 4th (#1, #3).
    end(4);
    expect(kept()).toEqual(["1:circuitOpen", "3:circuitOpen", "4:timeout"]);
    for (let i = 0; i < 15; i++) end(4);
    const failed = kept();
    expect(failed).toContain("4:timeout");
    expect(failed.length).toBeLessThanOrEqual(5);
    // Successes fill the rest: at most 10 - 1 (the slowest's room) - failures evenly, plus the slowest.
    for (let i = 0; i < 30; i++) end(0, i === 7 ? 500 : 1);
    const all = exportTraces(tracer, 0);
    expect(all.length).toBeLessThanOrEqual(10);
    expect(all.find((t) => t.durationMs === 500)?.id).toBe(id - 30 + 7);
    expect(all.map((t) => `${t.id}:${t.outcome}`)).toContain("4:timeout");
  });

  it("a crashed callee: the refused calls name it as their target", () => {
    // a calls b at 1000, 2000, 3000; b is down from 1500 to 2500: the call at 2000 finds no replica.
    const { traces } = traced(
      oneASecond(
        `  a: { kind: service, operations: { op: { steps: [ { call: b.op } ] } } }
  b: { kind: service, operations: { op: { work: 1ms } } }`,
        `  s:
    workload: w
    duration: 3500ms
    faults: [ { at: 1500ms, for: 1s, kind: crash, target: b } ]`,
      ),
      "s",
    );
    expect(traces.map((t) => [t.startMs, t.outcome])).toEqual([
      [1000, "ok"],
      [2000, "crashed"],
      [3000, "ok"],
    ]);
    // The failed one has no span on b at all: only a's call attempt, which names b.
    expect(traces[1]!.spans.map((x) => [x.kind, x.component, x.target, x.outcome])).toEqual([
      ["request", "a", undefined, "crashed"],
      ["exec", "a", undefined, "crashed"],
      ["call", "a", "b", "crashed"],
    ]);
    expect(traces[0]!.spans.filter((x) => x.kind === "call").map((x) => x.target)).toEqual(["b"]);
  });

  it("all the traces read at once hold at most TRACE_LIMITS.totalSpans spans: the largest are cut to their first", () => {
    // 40 requests a second for 2 s, each starting a publish loop that fills its trace (300 spans).
    const { traces } = traced(
      `archsim: 1
components:
  gw: { kind: gateway, routes: { "GET /x": a.op } }
  broker: { kind: broker, publishLatency: 1ms, deliveryLatency: 1ms }
  a:
    kind: service
    operations:
      op: { http: GET /x, work: 1ms, steps: [ { publish: t } ] }
      loop: { work: 1ms, steps: [ { publish: t } ] }
    subscribes: { t: loop }
workloads:
  w: { entry: gw, rate: 40, arrivals: constant, mix: { "GET /x": 1 } }
scenarios:
  s: { workload: w, duration: 3s }
`,
      "s",
    );
    expect(traces.length).toBeGreaterThan(TRACE_LIMITS.totalSpans / TRACE_LIMITS.spansPerTrace);
    const total = traces.reduce((n, t) => n + t.spans.length, 0);
    expect(total).toBeLessThanOrEqual(TRACE_LIMITS.totalSpans);
    expect(total).toBeGreaterThan(TRACE_LIMITS.totalSpans - traces.length);
    // What each recorded (its per-trace limit included), and the cap that makes them fit.
    const recorded = traces.map((t) => Math.min(t.spans.length + t.droppedSpans, TRACE_LIMITS.spansPerTrace));
    const cap = spanCap(recorded, TRACE_LIMITS.totalSpans);
    expect(cap).toBeLessThan(TRACE_LIMITS.spansPerTrace / 2);
    expect(traces.filter((t) => t.spans.length === cap).length).toBeGreaterThan(traces.length / 2);
    traces.forEach((t, k) => {
      // Each keeps its first spans, up to the cap: a valid tree.
      expect(t.spans).toHaveLength(Math.min(recorded[k]!, cap));
      t.spans.forEach((x, i) => {
        expect(x.id).toBe(i);
        if (i > 0) expect(x.parentId).toBeLessThan(i);
      });
    });
  });

  it("spanCap: the largest per-trace cap that fits the total", () => {
    expect(spanCap([3, 5, 2], 10)).toBe(Infinity);
    expect(spanCap([3, 5, 2], 9)).toBe(4); // 3 + 4 + 2
    expect(spanCap([10, 10, 1], 12)).toBe(5); // 5 + 5 + 1
    expect(spanCap([10, 10, 1], 4)).toBe(1);
    expect(spanCap([300, 300, 300], 899)).toBe(299);
  });

  it("off by default: no traces", () => {
    const run = createRun(design(steady), { scenario: "s" });
    run.finish();
    expect(run.traces()).toEqual([]);
  });
});

describe("recording traces changes nothing", { timeout: 300_000 }, () => {
  const ecommerce = parseDesign(
    readFileSync(new URL("../../examples/ecommerce.yaml", import.meta.url), "utf8"),
  ).design!;

  it.each(["inventory-slow", "payment-outage"])(
    "ecommerce %s: the same result and outcomes with every request traced",
    (scenario) => {
      const plain = simulate(ecommerce, { scenario, seed: 1, timeseries: true, durationMs: 90_000 });
      const run = createRun(ecommerce, {
        scenario,
        seed: 1,
        timeseries: true,
        durationMs: 90_000,
        traces: { every: 1 },
      });
      expect(JSON.stringify(run.finish())).toBe(JSON.stringify(plain));
      const traces = run.traces();
      expect(traces.length).toBeLessThanOrEqual(TRACE_LIMITS.traces);
      expect(traces.length).toBeGreaterThan(TRACE_LIMITS.traces / 4);
      // inventory-slow times calls out; in payment-outage the consumers' executions follow from publishes.
      const seen =
        scenario === "inventory-slow"
          ? (x: TraceSpan) => x.outcome === "timeout"
          : (x: TraceSpan) => x.followsFrom === true;
      expect(traces.some((t) => t.spans.some(seen))).toBe(true);
    },
  );

  it.each([
    [11, 5],
    [13, 12],
    [15, 20],
  ])("random design %i with %i services under random faults", (seed, services) => {
    const parsed = parseDesign(generateRandomDesign({ services, seed }));
    const d = withRandomFaults(parsed.design!, seed * 7919, 6000);
    const outcomes = (opts: Partial<SimulateOptions>) => {
      const lines: string[] = [];
      const run = createRun(d, {
        scenario: "load",
        seed,
        timeseries: true,
        onRequestDone: (o) => lines.push(`${o.route} ${o.sentAt} ${o.doneAt} ${o.cause ?? "ok"}`),
        ...opts,
      });
      return { text: JSON.stringify(run.finish()) + lines.join("\n"), traces: run.traces() };
    };
    const traced = outcomes({ traces: { every: 1, limit: 50 } });
    expect(traced.text).toBe(outcomes({}).text);
    expect(traced.traces.length).toBeGreaterThan(0);
    expect(traced.traces.length).toBeLessThanOrEqual(50);
  });
});
