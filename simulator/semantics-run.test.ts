/**
 * The run API, exactly: refused options, stepping with `advance`, per-second snapshots and
 * their listeners, every stop reason, the wall fields with a fake clock, and faults injected
 * or healed while a run goes. Tiny designs with constant times; answers worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { createRun, isSimulationError, simulate, simulationError, type RunSnapshot } from "./run";
import type { RequestOutcome } from "./options";
import { brief, design } from "./testing/exact";

/**
 * b holds its one slot 10 ms per request; a request every 20 ms from 20 ms. `idle` sends nothing:
 * its only events are the second ticks (at 1000, 2000 and 3000 ms in a 4 s run). `slow` never
 * answers within the run.
 */
const d = design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, operations: { op: { work: 10ms }, long: { work: 1h }, nil: {} } }
workloads:
  w: { entry: b.op, rate: 50, arrivals: constant }
  none: { entry: b.op, rate: 0 }
  ms: { entry: b.long, rate: 1000, arrivals: constant }
  burst: { entry: b.nil, rate: 9000, arrivals: constant }
scenarios:
  s: { workload: w, duration: 2500ms }
  idle: { workload: none, duration: 4s }
  slow: { workload: ms, duration: 5s }
  busy: { workload: burst, duration: 1s }
`);

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    expect(isSimulationError(e)).toBe(true);
    return e as Error;
  }
  throw new Error("expected a SimulationError");
}

describe("refused options", () => {
  it("a scenario that does not exist, or a design without scenarios", () => {
    expect(thrown(() => createRun(d, { scenario: "nope" })).message).toBe(
      `there is no scenario "nope"; the design has: s, idle, slow, busy`,
    );
    // Only the design's own names count, not the properties every object inherits.
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"])
      expect(thrown(() => createRun(d, { scenario: name })).message).toMatch(/^there is no scenario/);
    const bare = design(`archsim: 1
components:
  b: { kind: service, operations: { op: {} } }
`);
    expect(thrown(() => createRun(bare, { scenario: "s" })).message).toBe(
      "the design has no scenarios: add one under `scenarios` to simulate it",
    );
  });

  it("a duration that is not a positive finite number, or longer than 30 days", () => {
    for (const ms of [0, -1, NaN, Infinity])
      expect(thrown(() => createRun(d, { scenario: "s", durationMs: ms })).message).toBe(
        `the duration must be a positive number of milliseconds (got ${ms})`,
      );
    const day = 86_400_000;
    expect(thrown(() => createRun(d, { scenario: "s", durationMs: 30 * day + 3_600_000 })).message).toBe(
      "the duration must be at most 720h (30 days; got 721h)",
    );
    // Exactly 30 days is allowed (nothing runs until advance).
    expect(createRun(d, { scenario: "s", durationMs: 30 * day }).durationMs).toBe(30 * day);
    expect(createRun(d, { scenario: "s", durationMs: 0.5 }).durationMs).toBe(0.5);
  });

  it("a seed that is not an integer", () => {
    expect(thrown(() => createRun(d, { scenario: "s", seed: 1.5 })).message).toBe(
      "the seed must be an integer (got 1.5)",
    );
    expect(thrown(() => createRun(d, { scenario: "s", seed: NaN })).message).toBe(
      "the seed must be an integer (got NaN)",
    );
  });

  it("a SimulationError is an Error named so; nothing else is one", () => {
    const e = simulationError("bad");
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.message]).toEqual(["SimulationError", "bad"]);
    expect(isSimulationError(e)).toBe(true);
    expect(isSimulationError(new Error("bad"))).toBe(false);
    expect(isSimulationError({ name: "SimulationError", message: "bad" })).toBe(false);
    expect(isSimulationError(undefined)).toBe(false);
  });
});

describe("the result of a whole run", () => {
  it("names its scenario and seed (1 by default), is not partial, and has no wall time without a clock", () => {
    // 124 requests (20 … 2480 ms), each done 10 ms later, before the end.
    const r = simulate(d, { scenario: "s" });
    expect(r).toMatchObject({ scenario: "s", seed: 1, simulatedSeconds: 2.5, wallSeconds: 0, eventsPerSecond: 0 });
    expect(r.partial).toBe(false);
    expect("stopReason" in r).toBe(false);
    expect("timeseries" in r).toBe(false);
    expect(r.requests).toMatchObject({ total: 124, succeeded: 124 });
    expect(simulate(d, { scenario: "s", seed: 7 }).seed).toBe(7);
  });

  it("durationMs overrides the scenario's", () => {
    // 49 requests in [0, 990]; the one sent at 1000 would arrive at the end.
    const r = simulate(d, { scenario: "s", durationMs: 1000, timeseries: true });
    expect(r.simulatedSeconds).toBe(1);
    expect(r.requests).toMatchObject({ total: 49, succeeded: 49 });
    expect(r.timeseries!.map((e) => e.t)).toEqual([0]);
  });

  it("the wall fields come from the clock: seconds from creation to finish, events per wall second", () => {
    // The idle run has 3 events (the ticks at 1, 2 and 3 s). The clock reads 0 at creation and
    // 2000 ms afterwards: 2 s, 1.5 events/s rounded to 2.
    let now = 0;
    const run = createRun(d, { scenario: "idle", clock: { now: () => now } });
    now = 2000;
    const r = run.finish();
    expect(r).toMatchObject({ events: 3, wallSeconds: 2, eventsPerSecond: 2, partial: false });
    // Six decimals of seconds.
    now = 1000;
    const run2 = createRun(d, { scenario: "idle", clock: { now: () => now } });
    now = 2234.5678;
    expect(run2.finish()).toMatchObject({ wallSeconds: 1.234568, eventsPerSecond: 2 });
  });
});

describe("stepping", () => {
  it("advance runs up to the given time and returns false once the run has ended", () => {
    const run = createRun(d, { scenario: "s" });
    expect([run.simulatedMs, run.durationMs, run.done]).toEqual([0, 2500, false]);
    expect(run.advance(300)).toBe(true);
    expect(run.simulatedMs).toBe(300);
    expect(run.advance(2199)).toBe(true);
    expect([run.simulatedMs, run.done]).toEqual([2499, false]);
    expect(run.advance(1)).toBe(false);
    expect([run.simulatedMs, run.done]).toEqual([2500, true]);
    expect(run.advance(1000)).toBe(false);
    expect(run.simulatedMs).toBe(2500);
    // Stepping does not change the answer.
    expect(run.finish()).toEqual(simulate(d, { scenario: "s" }));
  });

  it("advance past the end stops at the end", () => {
    const run = createRun(d, { scenario: "s" });
    expect(run.advance(10_000)).toBe(false);
    expect([run.simulatedMs, run.done]).toEqual([2500, true]);
  });

  it("with a clock, advance hands back after 100 ms of wall time, without stopping the run", () => {
    // Every reading of this clock is 60 ms after the last: advance reads it when it starts and
    // when it checks first (60 ms: on), then after every 16,384 events (120 ms: the slice is over).
    // 9,000 requests of no work make 18,000 events.
    let now = 0;
    const run = createRun(d, { scenario: "busy", clock: { now: () => (now += 60) } });
    expect(run.advance(1000)).toBe(true);
    expect(run.simulatedMs).toBeGreaterThan(0);
    expect(run.simulatedMs).toBeLessThan(1000);
    expect(run.done).toBe(false);
    // The second slice has the last 1,616 events or so, under a check's 16,384.
    expect(run.advance(1000)).toBe(false);
    expect(run.done).toBe(true);
    // 100 ms is not more than 100 ms: with 50 ms per reading the check at 16,384 events finds the
    // slice on, and there is no other: one advance runs it all, to the same result.
    const on = createRun(d, { scenario: "busy", clock: { now: () => (now += 50) } });
    expect(on.advance(1000)).toBe(false);
    const wall = { wallSeconds: 0, eventsPerSecond: 0 };
    expect({ ...run.finish(), ...wall }).toEqual({ ...on.finish(), ...wall });
  });
});

describe("stop reasons", () => {
  it("events: the run stops after maxEvents, with the seconds it has finished", () => {
    // idle: ticks at 1000, 2000 and 3000 ms. With 1 event the run stops at 1000 ms, the tick just done.
    const one = simulate(d, { scenario: "idle", maxEvents: 1, timeseries: true });
    expect(one).toMatchObject({ partial: true, stopReason: "events", events: 1, simulatedSeconds: 1 });
    expect(one.timeseries!.map((e) => e.t)).toEqual([0]);
    // With 0 it stops before anything happens: no second at all.
    const none = simulate(d, { scenario: "idle", maxEvents: 0, timeseries: true });
    expect(none).toMatchObject({ partial: true, stopReason: "events", events: 0, simulatedSeconds: 0 });
    expect(none.timeseries).toEqual([]);
    // A limit of exactly the run's events is not reached.
    const all = simulate(d, { scenario: "idle", maxEvents: 3, timeseries: true });
    expect(all).toMatchObject({ partial: false, events: 3, simulatedSeconds: 4 });
    expect("stopReason" in all).toBe(false);
    expect(all.timeseries!.map((e) => e.t)).toEqual([0, 1, 2, 3]);
  });

  it("events: a limit below the whole run's count stops it there", () => {
    const whole = simulate(d, { scenario: "s" });
    expect(simulate(d, { scenario: "s", maxEvents: whole.events }).partial).toBe(false);
    const cut = simulate(d, { scenario: "s", maxEvents: whole.events - 1 });
    expect(cut).toMatchObject({ partial: true, stopReason: "events", events: whole.events - 1 });
  });

  it("inFlight: more requests waiting than maxInFlight, found when advance starts", () => {
    // slow: a request every 1 ms, none answered. At 100.5 ms 100 are in flight: not more than 100.
    const run = createRun(d, { scenario: "slow", maxInFlight: 100 });
    expect(run.advance(100.5)).toBe(true);
    expect(run.advance(1)).toBe(true);
    // 101 now: the next advance stops where it is.
    expect(run.advance(1)).toBe(false);
    expect([run.simulatedMs, run.done]).toEqual([101.5, true]);
    const r = run.finish();
    expect(r).toMatchObject({ partial: true, stopReason: "inFlight", simulatedSeconds: 0.1015 });
    expect(r.requests).toMatchObject({ total: 101, inFlight: 101, succeeded: 0 });
  });

  it("executions: a run limit crossed inside an event stops the run at that event", () => {
    // slow: each request starts an execution that lasts an hour; the 4th (at 4 ms) is one too many.
    const run = createRun(d, { scenario: "slow", limits: { liveExecutions: 3 }, timeseries: true });
    expect(run.advance(1000)).toBe(false);
    expect(run.simulatedMs).toBe(4);
    // A stopped run goes no further.
    expect(run.advance(1000)).toBe(false);
    expect(run.simulatedMs).toBe(4);
    const r = run.finish();
    expect(r).toMatchObject({ partial: true, stopReason: "executions", simulatedSeconds: 0.004 });
    expect(r.timeseries!.map((e) => e.t)).toEqual([0]);
    // The other limits keep their defaults.
    expect(simulate(d, { scenario: "slow", durationMs: 100, limits: { liveExecutions: 99 } }).partial).toBe(false);
  });

  it("cancelled: by cancel() or an aborted signal, at the next advance", () => {
    const run = createRun(d, { scenario: "s" });
    run.advance(500);
    run.cancel();
    expect(run.done).toBe(false);
    expect(run.advance(500)).toBe(false);
    expect([run.simulatedMs, run.done]).toEqual([500, true]);
    expect(run.finish()).toMatchObject({ partial: true, stopReason: "cancelled", simulatedSeconds: 0.5 });
    const aborted = simulate(d, { scenario: "s", signal: { aborted: true } });
    expect(aborted).toMatchObject({ partial: true, stopReason: "cancelled", simulatedSeconds: 0, events: 0 });
    // Stopped at 0 ms, an empty window: the replica count stands for its mean.
    expect(aborted.components.b!.replicas).toEqual({ min: 1, max: 1, mean: 1 });
    expect(simulate(d, { scenario: "s", signal: { aborted: false } }).partial).toBe(false);
  });

  it("wallTime: more than maxWallMs since the run was created", () => {
    // The clock reads 1000 at creation.
    let now = 1000;
    const over = createRun(d, { scenario: "s", clock: { now: () => now }, maxWallMs: 100 });
    now = 1101;
    expect(over.finish()).toMatchObject({ partial: true, stopReason: "wallTime", simulatedSeconds: 0 });
    // Exactly 100 ms is not more.
    now = 1000;
    const on = createRun(d, { scenario: "s", clock: { now: () => now }, maxWallMs: 100 });
    now = 1100;
    expect(on.finish()).toMatchObject({ partial: false, simulatedSeconds: 2.5, wallSeconds: 0.1 });
  });

  it("wallTime found by the check after 16,384 events ends the advance there", () => {
    // 60 ms per reading: created at 60; advance starts at 120 and checks at 180 (120 ms since
    // creation: on); the check after 16,384 events reads 240: 180 ms since creation, over 150.
    let now = 0;
    const run = createRun(d, { scenario: "busy", clock: { now: () => (now += 60) }, maxWallMs: 150 });
    expect(run.advance(1000)).toBe(false);
    expect(run.done).toBe(true);
    expect(run.simulatedMs).toBeGreaterThan(0);
    expect(run.simulatedMs).toBeLessThan(1000);
    expect(run.finish()).toMatchObject({ partial: true, stopReason: "wallTime" });
  });
});

describe("snapshots", () => {
  // Seconds 0, 1 and the partial 2 hold 49 (20 … 980), 50 (1000 … 1980) and 25 (2000 … 2480)
  // requests, each 10 ms long: b's slot is busy 490, 500 and 250 ms of 1000, 1000 and 500.
  const counts = [49, 50, 25];

  it("one per simulated second to every listener, the last at the end; an unsubscribed listener gets no more", () => {
    const run = createRun(d, { scenario: "s" });
    expect(run.getSnapshot()).toBeUndefined();
    const seen: RunSnapshot[] = [];
    const early: number[] = [];
    run.subscribe((s) => seen.push(s));
    const off = run.subscribe((s) => early.push(s.t));
    run.advance(999);
    expect(run.getSnapshot()).toBeUndefined();
    run.advance(2); // the second [0, 1000) ends at 1000 ms
    expect(run.getSnapshot()).toMatchObject({ t: 0, simulatedMs: 1000, done: false });
    expect(off()).toBe(true);
    run.finish();
    expect(early).toEqual([0]);
    expect(seen.map((s) => [s.t, s.simulatedMs, s.done])).toEqual([
      [0, 1000, false],
      [1, 2000, false],
      [2, 2500, true],
    ]);
    expect(seen.map((s) => s.requests.succeeded)).toEqual(counts);
    expect(seen.map((s) => s.components.b!.utilization)).toEqual([0.49, 0.5, 0.5]);
    // A listener turns on the per-second latencies: every request took 10 ms.
    expect(seen.map((s) => s.latency)).toEqual([
      { p50: 10, p95: 10, p99: 10 },
      { p50: 10, p95: 10, p99: 10 },
      { p50: 10, p95: 10, p99: 10 },
    ]);
    expect(run.getSnapshot()).toBe(seen[2]);
  });

  it("are the timeseries entries, with the time and whether the run is done", () => {
    const run = createRun(d, { scenario: "s", timeseries: true });
    const seen: RunSnapshot[] = [];
    run.subscribe((s) => seen.push(s));
    const r = run.finish();
    expect(seen.map(({ simulatedMs: _m, done: _d, ...entry }) => entry)).toEqual(r.timeseries);
    expect(r.timeseries!.map((e) => e.requests.succeeded)).toEqual(counts);
  });

  it("nobody listening: no snapshot is kept", () => {
    const run = createRun(d, { scenario: "s" });
    run.advance(1500);
    expect(run.getSnapshot()).toBeUndefined();
    run.finish();
    expect(run.getSnapshot()).toBeUndefined();
    expect(run.done).toBe(true);
  });

  it("onProgress gets the share done at each second; it keeps snapshots, latencies included", () => {
    const shares: number[] = [];
    const run = createRun(d, { scenario: "s", onProgress: (f) => shares.push(f) });
    run.finish();
    expect(shares).toEqual([0.4, 0.8, 1]);
    expect(run.getSnapshot()).toMatchObject({ t: 2, simulatedMs: 2500, done: true, latency: { p50: 10, p99: 10 } });
  });

  it("without a listener or progress, the timeseries alone still has the latencies", () => {
    const r = simulate(d, { scenario: "s", timeseries: true });
    expect(r.timeseries!.map((e) => e.latency.p99)).toEqual([10, 10, 10]);
  });
});

describe("faults while a run goes", () => {
  const outcomesOf = (f: (run: ReturnType<typeof createRun>) => void) => {
    const outcomes: RequestOutcome[] = [];
    const run = createRun(d, { scenario: "s", durationMs: 1000, onRequestDone: (o) => outcomes.push(o) });
    f(run);
    run.finish();
    return outcomes.map(brief).filter(([, , cause]) => cause !== "ok");
  };

  it("inject starts a fault now when its time has passed; healAll ends it", () => {
    // Crash b at 505 ms: the request sent at 500 fails then (5 ms in); those sent at 520 … 700 fail
    // at once. Healed at 705: b serves again from the one sent at 720.
    const failed = outcomesOf((run) => {
      run.advance(505);
      run.inject({ kind: "crash", target: "b", at: 0 });
      run.advance(200);
      run.healAll();
    });
    expect(failed).toEqual([
      [500, 5, "crashed"],
      ...Array.from({ length: 10 }, (_, k): [number, number, string] => [520 + 20 * k, 0, "crashed"]),
    ]);
  });

  it("a fault injected for later starts at its time and lasts its `for`", () => {
    const failed = outcomesOf((run) => {
      run.advance(100);
      run.inject({ kind: "errors", target: "b", at: 300, for: 50, probability: 1 });
    });
    // Work ends at 310, 330 and 350 ms for the requests sent at 300, 320 and 340: [300, 350) covers two.
    expect(failed).toEqual([
      [300, 10, "error"],
      [320, 10, "error"],
    ]);
  });
});
