/** The steppable run: snapshots per simulated second, faults injected while running, cancellation and limits. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../model";
import { createRun, isSimulationError, simulate, type RunSnapshot } from "./index";

const ecommerce = parseDesign(readFileSync(new URL("../examples/ecommerce.yaml", import.meta.url), "utf8")).design!;

const small = parseDesign(`archsim: 1
components:
  api: { kind: service, replicas: 2, concurrency: 4, operations: { get: { work: { exp: 2ms } } } }
workloads:
  w: { entry: api.get, rate: 500 }
scenarios:
  s: { workload: w, duration: 10.5s, warmup: 1s }
`).design!;

describe("createRun", () => {
  it("emits one snapshot per simulated second, and the timeseries has exactly ceil(duration) entries", () => {
    const run = createRun(small, { scenario: "s", seed: 3, timeseries: true });
    const seen: RunSnapshot[] = [];
    run.subscribe((s) => seen.push(s));
    let steps = 0;
    while (run.advance(250)) steps++;
    const result = run.finish();
    expect(steps).toBeGreaterThanOrEqual(40);
    expect(seen.map((s) => s.t)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.timeseries!.map((e) => e.t)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seen.at(-1)!.done).toBe(true);
    // Warm-up is in the timeseries but not in the counts.
    const outcomes = result.timeseries!.reduce(
      (a, e) => a + e.requests.succeeded + e.requests.failed + e.requests.rejected,
      0,
    );
    expect(outcomes).toBeGreaterThan(result.requests.succeeded);
    expect(result.timeseries![3]!.components.api!.replicas).toBe(2);
  });

  it("stepping does not change the result: advance(1) many times equals one run", () => {
    const run = createRun(small, { scenario: "s", seed: 9 });
    while (run.advance(137)) {
      /* step */
    }
    const stepped = run.finish();
    const whole = simulate(small, { scenario: "s", seed: 9 });
    expect({ ...stepped, wallSeconds: 0, eventsPerSecond: 0 }).toEqual({
      ...whole,
      wallSeconds: 0,
      eventsPerSecond: 0,
    });
  });

  it("takes a fault injected while it runs: a crash of payment at 30 s stops its deliveries, heal brings them back", () => {
    const run = createRun(ecommerce, { scenario: "baseline", seed: 1, timeseries: true });
    run.advance(30_000);
    run.inject({ kind: "crash", target: "payment", at: 0 });
    run.advance(20_000);
    const during = run.getSnapshot()!;
    expect(during.components.payment!.replicas).toBe(0);
    expect(during.topics["order.created"]!.depth).toBeGreaterThan(500);
    run.healAll();
    const result = run.finish();
    const depthAtEnd = result.timeseries!.at(-1)!.topics["order.created"]!.depth;
    expect(depthAtEnd).toBeLessThan(50);
    expect(result.components.payment!.replicas.min).toBe(0);
  });

  it("is cancelled by an AbortSignal with a partial result", () => {
    const controller = new AbortController();
    let seconds = 0;
    const run = createRun(ecommerce, { scenario: "peak-sale", seed: 1, signal: controller.signal });
    run.subscribe(() => {
      if (++seconds === 5) controller.abort();
    });
    const result = run.finish();
    expect(result.partial).toBe(true);
    expect(result.stopReason).toBe("cancelled");
    expect(result.simulatedSeconds).toBeLessThan(10);
    expect(result.requests.total).toBe(
      result.requests.succeeded + result.requests.failed + result.requests.rejected + result.requests.inFlight,
    );
  });

  it("stops at the event limit and at the wall-time limit, flagged partial", () => {
    const byEvents = simulate(ecommerce, { scenario: "baseline", seed: 1, maxEvents: 50_000 });
    expect(byEvents).toMatchObject({ partial: true, stopReason: "events", events: 50_000 });
    let fakeNow = 0;
    // A clock that advances 1 ms per reading: the 20 ms budget runs out after twenty checks.
    const clock = { now: () => (fakeNow += 1) };
    const byWall = simulate(ecommerce, { scenario: "peak-sale", seed: 1, maxWallMs: 20, clock });
    expect(byWall).toMatchObject({ partial: true, stopReason: "wallTime" });
    expect(byWall.simulatedSeconds).toBeLessThan(360);
  });

  it("refuses an unknown scenario with the list of those that exist", () => {
    let thrown: unknown;
    try {
      createRun(ecommerce, { scenario: "black-friday" });
    } catch (e) {
      thrown = e;
    }
    expect(isSimulationError(thrown)).toBe(true);
    expect(isSimulationError(new Error("other"))).toBe(false);
    expect(() => createRun(ecommerce, { scenario: "black-friday" })).toThrow(
      /no scenario "black-friday"; the design has: baseline, peak-sale, payment-outage, inventory-slow, broker-outage/,
    );
  });
});
