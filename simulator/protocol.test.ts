import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../model";
import { parseRunCommand, parseRunEvent } from "./protocol";
import { createRun, simulate } from "./run";
import { TRACE_LIMITS } from "./runtime/limits";

describe("run commands", () => {
  it("accepts a start with design text or a parsed design, and the control commands", () => {
    const text = readFileSync("examples/ecommerce.yaml", "utf8");
    const start = { type: "start", design: { text }, scenario: "payment-outage", seed: 1, speed: "max" };
    expect(parseRunCommand(start)).toEqual({ ok: true, command: start });
    const parsed = { ...start, design: { parsed: parseDesign(text).design }, speed: 10, durationMs: 5000 };
    expect(parseRunCommand(parsed).ok).toBe(true);
    for (const c of [{ type: "pause" }, { type: "resume" }, { type: "stop" }, { type: "setSpeed", speed: 100 }])
      expect(parseRunCommand(c)).toEqual({ ok: true, command: c });
  });

  it.each([
    [{ type: "launch" }, /type/],
    [{ type: "setSpeed", speed: 5 }, /speed/],
    [{ type: "start", design: { text: "x" }, scenario: "s", seed: 1.5, speed: "max" }, /seed/],
    [{ type: "start", design: { text: "x" }, scenario: "", seed: 1, speed: 1 }, /scenario/],
    [{ type: "start", design: { text: "x" }, scenario: "s", seed: 1, speed: 1, durationMs: -1 }, /durationMs/],
    [{ type: "start", design: { parsed: { components: {} } }, scenario: "s", seed: 1, speed: 1 }, /design/],
    [null, /message|type/],
  ])("refuses %j", (data, reason) => {
    const r = parseRunCommand(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(reason);
  });
});

describe("inject and heal", () => {
  it("an inject carries a fault as a scenario writes it, parsed by the format's schema", () => {
    const r = parseRunCommand({
      type: "inject",
      fault: { kind: "latency", at: "0s", for: "30s", target: "inventory", add: "200ms" },
    });
    expect(r).toEqual({
      ok: true,
      command: {
        type: "inject",
        fault: { kind: "latency", at: 0, for: 30_000, target: "inventory", add: { type: "const", value: 200 } },
      },
    });
    expect(parseRunCommand({ type: "heal" })).toEqual({ ok: true, command: { type: "heal" } });
  });

  it.each([
    [{ type: "inject", fault: { kind: "meteor", at: "0s", target: "x" } }, /fault/],
    [{ type: "inject", fault: { kind: "errors", at: "0s", target: "payment", probability: 2 } }, /probability/],
    [{ type: "inject", fault: { kind: "slowdown", at: "0s", target: "order", factor: 0 } }, /factor/],
  ])("refuses the fault %j", (data, reason) => {
    const r = parseRunCommand(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(reason);
  });

  it("the injected and healed events carry the simulated time", () => {
    const fault = { kind: "crash", at: 5000, target: "inventory" };
    expect(parseRunEvent({ type: "injected", fault, atMs: 5000 })).toEqual({
      ok: true,
      event: { type: "injected", fault, atMs: 5000 },
    });
    expect(parseRunEvent({ type: "healed", atMs: -1 }).ok).toBe(false);
  });
});

describe("run events", () => {
  const { design } = parseDesign(readFileSync("examples/ecommerce.yaml", "utf8"));

  it("accepts the engine's own snapshots and result unchanged", () => {
    const run = createRun(design!, { scenario: "payment-outage", durationMs: 3000 });
    const snapshots: unknown[] = [];
    run.subscribe((s) => snapshots.push(s));
    const result = run.finish();
    expect(snapshots).toHaveLength(3);
    const batch = { type: "snapshots", snapshots };
    expect(parseRunEvent(batch)).toEqual({ ok: true, event: batch });
    expect(parseRunEvent({ type: "done", result })).toEqual({ ok: true, event: { type: "done", result } });
    expect(parseRunEvent({ type: "progress", simulatedMs: 1000, durationMs: 3000 }).ok).toBe(true);
    expect(parseRunEvent({ type: "error", message: "no" }).ok).toBe(true);
  });

  it.each([
    [{ type: "snapshots", snapshots: [{ t: 0 }] }, /snapshots\.0/],
    [{ type: "done", result: { scenario: "s" } }, /result/],
    [{ type: "error" }, /message/],
    [{ type: "progress", simulatedMs: -1, durationMs: 1 }, /simulatedMs/],
  ])("refuses %j", (data, reason) => {
    const r = parseRunEvent(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(reason);
  });

  it("a snapshot with an unknown circuit state is refused", () => {
    const r = simulate(design!, { scenario: "payment-outage", durationMs: 2000, timeseries: true });
    const s = { ...r.timeseries![0]!, simulatedMs: 1000, done: false };
    const first = Object.keys(s.components)[0]!;
    const bad = {
      ...s,
      components: { ...s.components, [first]: { ...s.components[first]!, circuits: { x: "ajar" } } },
    };
    expect(parseRunEvent({ type: "snapshots", snapshots: [s] }).ok).toBe(true);
    expect(parseRunEvent({ type: "snapshots", snapshots: [bad] }).ok).toBe(false);
  });
});

describe("a route's rejected requests in a snapshot", () => {
  const snap = (route: Record<string, unknown>) => ({
    t: 0,
    simulatedMs: 1000,
    done: false,
    requests: { succeeded: 0, failed: 0, rejected: 2 },
    latency: { p50: 0, p99: 0 },
    routes: { r: { count: 2, failed: 0, p50: 0, p99: 0, ...route } },
    components: {},
    topics: {},
  });

  it("are a count when present, and may be absent (a sender that predates them)", () => {
    expect(parseRunEvent({ type: "snapshots", snapshots: [snap({ rejected: 2 })] }).ok).toBe(true);
    expect(parseRunEvent({ type: "snapshots", snapshots: [snap({})] }).ok).toBe(true);
    expect(parseRunEvent({ type: "snapshots", snapshots: [snap({ rejected: -1 })] }).ok).toBe(false);
    expect(parseRunEvent({ type: "snapshots", snapshots: [snap({ rejected: "2" })] }).ok).toBe(false);
  });
});

describe("snapshot fields the engine adds later", () => {
  it("pass through the protocol instead of being stripped", () => {
    const s = {
      t: 0,
      simulatedMs: 1000,
      done: false,
      requests: { succeeded: 1, failed: 0, rejected: 0 },
      latency: { p50: 1, p95: 2, p99: 3 },
      causes: { timeout: 1 },
      routes: { r: { count: 1, failed: 0, p50: 1, p95: 2, p99: 3, extra: 4 } },
      components: {},
      topics: { q: { depth: 2, oldest: 5 } },
      future: { x: 1 },
    };
    expect(parseRunEvent({ type: "snapshots", snapshots: [s] })).toEqual({
      ok: true,
      event: { type: "snapshots", snapshots: [s] },
    });
  });
});

describe("traces", () => {
  const { design } = parseDesign(readFileSync("examples/ecommerce.yaml", "utf8"));

  it("accepts the engine's own traces unchanged (inventory-slow: timeouts, retries, refusals)", () => {
    const run = createRun(design!, { scenario: "inventory-slow", durationMs: 75_000, traces: { every: 5 } });
    run.finish();
    const traces = run.traces();
    expect(traces.some((t) => t.outcome !== "ok")).toBe(true);
    const event = { type: "traces", traces };
    expect(parseRunEvent(event)).toEqual({ ok: true, event });
  });

  const span = {
    id: 0,
    parentId: null,
    kind: "request",
    component: "a",
    label: "a.op",
    startMs: 0,
    endMs: 1,
    outcome: "ok",
  };
  const trace = {
    id: 0,
    route: "a.op",
    entry: "a",
    startMs: 0,
    endMs: 1,
    durationMs: 1,
    outcome: "ok",
    rejected: false,
    droppedSpans: 0,
  };
  it.each([
    [{ ...trace, spans: [] }, /spans/],
    [{ ...trace, spans: [{ ...span, outcome: "slow" }] }, /outcome/],
    [{ ...trace, spans: [{ ...span, kind: "thread" }] }, /kind/],
    [{ ...trace, outcome: "unfinished", spans: [span] }, /outcome/],
    [{ ...trace, spans: Array.from({ length: TRACE_LIMITS.spansPerTrace + 1 }, () => span) }, /spans/],
    [{ ...trace, spans: [{ ...span, target: 3 }] }, /traces\.0\.spans\.0\.target/],
    [{ ...trace, spans: [{ ...span, wait: { startMs: -1, endMs: 1 } }] }, /wait/],
    [{ ...trace, droppedSpans: 1.5, spans: [span] }, /droppedSpans/],
  ])("refuses a malformed trace %#", (t, reason) => {
    const r = parseRunEvent({ type: "traces", traces: [t] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(reason);
  });

  it("passes a call span's target (the callee) through", () => {
    const call = {
      ...span,
      id: 1,
      parentId: 0,
      kind: "call",
      component: "a",
      target: "b",
      label: "→ b.op",
      attempt: 1,
    };
    const event = { type: "traces", traces: [{ ...trace, spans: [span, call] }] };
    expect(parseRunEvent(event)).toEqual({ ok: true, event });
  });

  it("refuses more than TRACE_LIMITS.totalSpans spans in all, and more than TRACE_LIMITS.traces traces", () => {
    const full = { ...trace, spans: Array.from({ length: TRACE_LIMITS.spansPerTrace }, () => span) };
    const fits = Math.floor(TRACE_LIMITS.totalSpans / TRACE_LIMITS.spansPerTrace);
    expect(parseRunEvent({ type: "traces", traces: Array.from({ length: fits }, () => full) }).ok).toBe(true);
    const r = parseRunEvent({ type: "traces", traces: Array.from({ length: fits + 1 }, () => full) });
    expect(r).toEqual({ ok: false, message: `traces: at most ${TRACE_LIMITS.totalSpans} spans in all` });
    const many = Array.from({ length: TRACE_LIMITS.traces + 1 }, () => ({ ...trace, spans: [span] }));
    expect(parseRunEvent({ type: "traces", traces: many }).ok).toBe(false);
  });
});
