import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../model";
import { startRunDriver, type RunDriverOptions, type Scheduler } from "./driver";
import type { SimulationResult } from "./result";
import { createRun, simulate, type RunSnapshot, type SimulationRun } from "./run";

/** A clock and a scheduler that move only when the test says so. */
function fakeTime() {
  let now = 0;
  let tasks: { at: number; task: () => void }[] = [];
  const scheduler: Scheduler = {
    schedule(task, delayMs) {
      const entry = { at: now + delayMs, task };
      tasks.push(entry);
      return () => (tasks = tasks.filter((t) => t !== entry));
    },
  };
  return {
    clock: { now: () => now },
    scheduler,
    pending: () => tasks.length,
    /** Moves the wall clock by `ms`, running the tasks that fall due, in order. */
    tick(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = tasks.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        tasks = tasks.filter((t) => t !== due);
        now = Math.max(now, due.at);
        due.task();
      }
      now = end;
    },
  };
}

/** A run that records every advance and emits a snapshot per simulated second. */
function fakeRun(durationMs: number) {
  const advances: number[] = [];
  const listeners = new Set<(s: RunSnapshot) => void>();
  let simulatedMs = 0;
  let cancelled = false;
  let done = false;
  const snap = (t: number): RunSnapshot => ({
    t,
    simulatedMs: (t + 1) * 1000,
    done: false,
    requests: { succeeded: t, failed: 0, rejected: 0 },
    latency: { p50: 1, p99: 2 },
    routes: {},
    components: {},
    topics: {},
  });
  const run: SimulationRun = {
    advance(ms) {
      if (done || cancelled) return false;
      advances.push(ms);
      const before = simulatedMs;
      simulatedMs = Math.min(durationMs, simulatedMs + ms);
      for (let t = Math.floor(before / 1000); t < Math.floor(simulatedMs / 1000); t++)
        for (const l of listeners) l(snap(t));
      if (simulatedMs >= durationMs) done = true;
      return !done;
    },
    finish: () => ({ scenario: "s", partial: cancelled, simulatedSeconds: simulatedMs / 1000 }) as SimulationResult,
    histograms: () => ({}) as never,
    traces: () => [],
    inject() {},
    healAll() {},
    cancel: () => void (cancelled = true),
    getSnapshot: () => undefined,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    get simulatedMs() {
      return simulatedMs;
    },
    durationMs,
    get done() {
      return done;
    },
  };
  return { run, advances, isCancelled: () => cancelled, listeners };
}

function drive(speed: RunDriverOptions["speed"], durationMs = 60_000) {
  const time = fakeTime();
  const fake = fakeRun(durationMs);
  const batches: RunSnapshot[][] = [];
  const results: SimulationResult[] = [];
  const errors: string[] = [];
  const driver = startRunDriver({
    run: fake.run,
    clock: time.clock,
    scheduler: time.scheduler,
    speed,
    tickMs: 50,
    batchMs: 100,
    maxSliceMs: 5_000,
    onSnapshots: (b) => batches.push(b),
    onDone: (r) => results.push(r),
    onError: (m) => errors.push(m),
  });
  return { driver, time, ...fake, batches, results, errors };
}

describe("startRunDriver", () => {
  it.each([
    [1, 50],
    [10, 500],
    [100, 5000],
  ] as const)("at ×%d advances %d simulated ms per 50 ms wall tick", (speed, perTick) => {
    const d = drive(speed);
    d.time.tick(0); // the first step, at wall 0: nothing is due yet
    expect(d.advances).toEqual([]);
    d.time.tick(50);
    d.time.tick(50);
    d.time.tick(50);
    expect(d.advances).toEqual([perTick, perTick, perTick]);
    expect(d.run.simulatedMs).toBe(3 * perTick);
  });

  it("at full speed advances a slice per step and yields (one step per scheduler turn)", () => {
    const d = drive("max", 12_000);
    d.time.tick(0);
    expect(d.advances).toEqual([5000, 5000, 5000]);
    expect(d.run.simulatedMs).toBe(12_000);
    expect(d.results).toHaveLength(1);
    expect(d.driver.state).toBe("done");
    expect(d.time.pending()).toBe(0);
  });

  it("at full speed a pause before the next slice stops it there; resume finishes it", () => {
    const p = drive("max", 60_000);
    p.driver.pause();
    p.time.tick(1000);
    expect(p.advances).toEqual([]);
    expect(p.time.pending()).toBe(0);
    p.driver.resume();
    p.time.tick(0);
    expect(p.advances).toEqual(Array(12).fill(5000));
    expect(p.results).toHaveLength(1);
  });

  it("pause stops advancing; resume continues from there at the same speed, not catching up", () => {
    const d = drive(10);
    d.time.tick(100); // 1,000 simulated ms
    expect(d.run.simulatedMs).toBe(1000);
    d.driver.pause();
    d.time.tick(5000);
    expect(d.run.simulatedMs).toBe(1000);
    expect(d.time.pending()).toBe(0);
    d.driver.resume();
    d.time.tick(100);
    expect(d.run.simulatedMs).toBe(2000);
  });

  it("setSpeed changes the rate from now on", () => {
    const d = drive(1);
    d.time.tick(1000);
    expect(d.run.simulatedMs).toBe(1000);
    d.driver.setSpeed(100);
    d.time.tick(50);
    expect(d.run.simulatedMs).toBe(6000);
  });

  it("batches snapshots: at ×100 at most one batch per 100 ms of wall time, none lost", () => {
    const d = drive(100, 60_000);
    d.time.tick(500); // 50 simulated seconds in 10 ticks
    expect(d.batches.length).toBeLessThanOrEqual(6);
    expect(d.batches.length).toBeGreaterThanOrEqual(4);
    d.driver.pause(); // a pause sends what is held back
    expect(d.batches.flat().map((s) => s.t)).toEqual([...Array(50).keys()]);
  });

  it("stop cancels the run, ends the schedule and calls nothing afterwards", () => {
    const d = drive(10);
    d.time.tick(100);
    d.driver.stop();
    expect(d.isCancelled()).toBe(true);
    expect(d.driver.state).toBe("stopped");
    expect(d.time.pending()).toBe(0);
    expect(d.listeners.size).toBe(0);
    const advanced = d.advances.length;
    d.time.tick(10_000);
    expect(d.advances).toHaveLength(advanced);
    expect(d.results).toEqual([]);
  });

  it("reports an engine error as failed", () => {
    const d = drive(1);
    d.run.advance = () => {
      throw new Error("boom");
    };
    d.time.tick(50);
    expect(d.errors).toEqual(["boom"]);
    expect(d.driver.state).toBe("failed");
    expect(d.time.pending()).toBe(0);
  });

  it("on the e-commerce design gives simulate()'s result and every second's snapshot", () => {
    const { design } = parseDesign(readFileSync("examples/ecommerce.yaml", "utf8"));
    const opts = { scenario: "payment-outage", seed: 3, durationMs: 40_000, timeseries: true } as const;
    const time = fakeTime();
    const batches: RunSnapshot[][] = [];
    let result: SimulationResult | undefined;
    startRunDriver({
      run: createRun(design!, opts),
      clock: time.clock,
      scheduler: time.scheduler,
      speed: "max",
      onSnapshots: (b) => batches.push(b),
      onDone: (r) => (result = r),
      onError: (m) => expect.unreachable(m),
    });
    time.tick(0);
    const expected = simulate(design!, opts);
    expect(result).toEqual(expected);
    expect(batches.flat().map(({ simulatedMs: _ms, done: _done, ...entry }) => entry)).toEqual(expected.timeseries);
  });

  it("injects a fault at the current simulated time: crashing inventory fails POST /orders from that second on, never GET /orders/{id}", () => {
    const { design } = parseDesign(readFileSync("examples/ecommerce.yaml", "utf8"));
    const time = fakeTime();
    const snapshots: RunSnapshot[] = [];
    const driver = startRunDriver({
      run: createRun(design!, { scenario: "baseline", seed: 1, durationMs: 30_000 }),
      clock: time.clock,
      scheduler: time.scheduler,
      speed: 1,
      onSnapshots: (b) => snapshots.push(...b),
      onDone: () => {},
      onError: (m) => expect.unreachable(m),
    });
    time.tick(5_000);
    // ×1 with 50 ms ticks: 5 s of wall time is exactly 5,000 simulated ms.
    expect(driver.inject({ kind: "crash", at: 999_999, target: "inventory" })).toBe(5_000);
    time.tick(4_000);
    const second = (t: number) => snapshots.find((s) => s.t === t)!;
    // Before: nothing failed. From second 5 on every POST /orders calls a crashed inventory
    // (retried, then failed); only a POST already past its call at 5.000 s may still succeed.
    for (const t of [1, 2, 3, 4]) expect(second(t).routes["POST /orders"]!.failed, `t=${t}`).toBe(0);
    const atCrash = second(5).routes["POST /orders"]!;
    expect(atCrash.failed).toBeGreaterThan(0);
    expect(atCrash.count - atCrash.failed).toBeLessThanOrEqual(2);
    for (const t of [6, 7]) {
      const r = second(t).routes["POST /orders"]!;
      expect(r.count, `t=${t}`).toBeGreaterThan(0);
      expect(r.failed, `t=${t}`).toBe(r.count);
      expect(second(t).routes["GET /products"]!.failed, `t=${t}`).toBe(second(t).routes["GET /products"]!.count);
    }
    for (const s of snapshots) expect(s.routes["GET /orders/{id}"]!.failed, `t=${s.t}`).toBe(0);
    expect(driver.heal()).toBe(9_000);
    driver.stop();
    expect(driver.inject({ kind: "crash", at: 0, target: "payment" })).toBeNull();
    expect(driver.heal()).toBeNull();
  });

  it("a fault on a component the scenario never reaches is taken and changes nothing: the run ends as one without it", () => {
    const text = `archsim: 1
name: Two services
components:
  users: { kind: client }
  hello:
    kind: service
    operations: { greet: { work: { exp: 5ms } } }
  spare:
    kind: service
    operations: { idle: { work: 5ms } }
workloads:
  steady: { source: users, entry: hello.greet, rate: 100 }
scenarios:
  baseline: { workload: steady, duration: 10s }
`;
    const { design } = parseDesign(text);
    const time = fakeTime();
    let result: SimulationResult | null = null;
    const driver = startRunDriver({
      run: createRun(design!, { scenario: "baseline", seed: 7, timeseries: true }),
      clock: time.clock,
      scheduler: time.scheduler,
      speed: 1,
      onSnapshots: () => {},
      onDone: (r) => (result = r),
      onError: (m) => expect.unreachable(m),
    });
    time.tick(3_000);
    expect(driver.inject({ kind: "crash", at: 0, for: 5_000, target: "spare" })).toBe(3_000);
    time.tick(20_000);
    const expected = simulate(design!, { scenario: "baseline", seed: 7, timeseries: true });
    const got = result! as SimulationResult;
    // The traffic never meets spare: every request, route and hello's figures are as without the fault.
    expect(got.requests).toEqual(expected.requests);
    expect(got.latency).toEqual(expected.latency);
    expect(got.components.hello).toEqual(expected.components.hello);
    expect(got.requests.total).toBeGreaterThan(900);
    expect(got.partial).toBe(false);
    // spare itself was down from 3 s to 8 s: 5 of the 10 s, so half a replica on average.
    expect(got.components.spare!.replicas).toEqual({ min: 0, mean: 0.5, max: 1 });
    expect(expected.components.spare!.replicas).toEqual({ min: 1, mean: 1, max: 1 });
  });
});
