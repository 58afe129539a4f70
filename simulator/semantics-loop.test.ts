/**
 * The run loop and the client's side of requests, exactly: events counted one by one, the
 * event budget, cancellation and the in-flight guard (asked every 16,384 events), run limits,
 * stepping by simulated time, errors thrown by callers' callbacks, the warm-up boundary,
 * client latency, ties between events at one time, the gateway's mix, and what each request
 * adds to the result and to its second. Answers worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { createRun, simulate } from "./run";
import type { RequestOutcome } from "./options";
import { brief, design, runOutcomes } from "./testing/exact";

const sends = (from: number, to: number, step = 100) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/** A direct entry b.op (`work`, one replica of `slots` slots) fed 10 rps constant for `duration`. */
function direct(work: string, opts: { duration?: string; warmup?: string; service?: string; workload?: string } = {}) {
  return design(`archsim: 1
components:
  b: { kind: service, ${opts.service ?? ""} operations: { op: { work: ${work} } } }
workloads:
  w: { entry: b.op, rate: 10, arrivals: constant${opts.workload ?? ""} }
scenarios:
  s: { workload: w, duration: ${opts.duration ?? "1s"}${opts.warmup ? `, warmup: ${opts.warmup}` : ""} }
`);
}

describe("the run loop", () => {
  it("counts each event: a request with work and no steps is two (its arrival, the end of its work)", () => {
    // Arrivals at 100 … 900 (9; the one due at 1000, the end, is not scheduled), each answered 10 ms
    // later: 18 events. No warm-up event, no second tick in a 1 s run.
    const r = simulate(direct("10ms"), { scenario: "s" });
    expect(r.events).toBe(18);
    expect(r.partial).toBe(false);
    expect(r.stopReason).toBeUndefined();
    expect(r.simulatedSeconds).toBe(1);
    expect(r.requests).toMatchObject({ total: 9, succeeded: 9, inFlight: 0 });
    // A 2.5 s run adds 15 requests (30 events) and the ticks at 1 s and 2 s; a warm-up adds one event.
    expect(simulate(direct("10ms", { duration: "2500ms" }), { scenario: "s" }).events).toBe(18 + 30 + 2);
    expect(simulate(direct("10ms", { warmup: "500ms" }), { scenario: "s" }).events).toBe(19);
  });

  it("stops at the event budget with a partial result, where the last event left the clock", () => {
    // Events in order: 100 (arrival), 110 (work done), 200, 210, …: the 10th is the end of the 5th
    // request's work, at 510 ms.
    const r = simulate(direct("10ms"), { scenario: "s", maxEvents: 10 });
    expect(r).toMatchObject({ partial: true, stopReason: "events", events: 10, simulatedSeconds: 0.51 });
    expect(r.requests).toMatchObject({ total: 5, succeeded: 5 });
  });

  it("a budget that runs out exactly with the last event before the end is not a stop", () => {
    // 100 ms of work: arrivals 100 … 900 and work ends at 200 … 900 run (17 events); the work that ends
    // at 1000, the end, does not. A budget of 17 is enough; 16 is not.
    const d = direct("100ms");
    const full = simulate(d, { scenario: "s" });
    expect(full.events).toBe(17);
    expect(simulate(d, { scenario: "s", maxEvents: 17 })).toMatchObject({ partial: false, events: 17 });
    expect(simulate(d, { scenario: "s", maxEvents: 16 })).toMatchObject({
      partial: true,
      stopReason: "events",
      events: 16,
    });
  });
});

describe("stopping between events", () => {
  // One slot, no queue, an hour of work, 10,000 requests per second: the first request holds the slot
  // past the end, every later one is refused on arrival. Each request is one event (its arrival), one
  // request is in flight from the first on, and every simulated second adds a tick event.
  const flood = (duration: string) =>
    design(`archsim: 1
components:
  b: { kind: service, concurrency: 1, queue: 0, operations: { op: { work: 1h } } }
workloads:
  w: { entry: b.op, rate: 10000, arrivals: constant }
scenarios:
  s: { workload: w, duration: ${duration} }
`);

  it("the in-flight guard is asked every 16,384 events: first after 16,383 of them", () => {
    // 16,383 events: the tick at 1 s and 16,382 arrivals (the last at 1638.2 ms).
    const d = flood("2s");
    const stopped = simulate(d, { scenario: "s", maxInFlight: 0 });
    expect(stopped).toMatchObject({ partial: true, stopReason: "inFlight", events: 16_383 });
    expect(stopped.requests).toMatchObject({ total: 16_382, rejected: 16_381, inFlight: 1 });
    // One in flight is within a guard of 1: the run goes to its end (about 20,000 arrivals).
    const full = simulate(d, { scenario: "s", maxInFlight: 1 });
    expect(full.partial).toBe(false);
    expect(full.events).toBeGreaterThan(19_990);
    expect(full.requests.inFlight).toBe(1);
  });

  it("cancellation takes effect at the next check: after 16,383 events, or 32,767 when it comes later", () => {
    const cancelAfter = (sentAt: number) => {
      const signal = { aborted: false };
      const onRequestDone = (o: RequestOutcome) => {
        if (o.sentAt >= sentAt) signal.aborted = true;
      };
      return simulate(flood("3500ms"), { scenario: "s", signal, onRequestDone });
    };
    // A refused request is answered on arrival; the one sent at 2 s is about the 20,000th event.
    expect(cancelAfter(0)).toMatchObject({ partial: true, stopReason: "cancelled", events: 16_383 });
    expect(cancelAfter(2000)).toMatchObject({ partial: true, stopReason: "cancelled", events: 32_767 });
  });
});

describe("run limits and errors", () => {
  it("stops when one execution too many would start: the 4th with a limit of 3", () => {
    // Operations of an hour: 100, 200 and 300 ms start executions; the one at 400 ms crosses the limit.
    const r = simulate(direct("1h"), { scenario: "s", limits: { liveExecutions: 3 } });
    expect(r).toMatchObject({ partial: true, stopReason: "executions", events: 4, simulatedSeconds: 0.4 });
    expect(r.requests).toMatchObject({ total: 4, inFlight: 4 });
  });

  it("an error thrown by a caller's callback is not a run limit: it reaches the caller", () => {
    const d = direct("10ms");
    expect(() =>
      simulate(d, {
        scenario: "s",
        onRequestDone: () => {
          throw new Error("from the callback");
        },
      }),
    ).toThrow("from the callback");
  });
});

describe("stepping", () => {
  it("advance moves the clock by the time asked, never past the end", () => {
    const run = createRun(direct("10ms"), { scenario: "s" });
    // Events until 250 ms: arrivals 100, 200 and their ends 110, 210; the clock stands at 250.
    expect(run.advance(250)).toBe(true);
    expect(run.simulatedMs).toBe(250);
    expect(run.done).toBe(false);
    expect(run.advance(100)).toBe(true);
    expect(run.simulatedMs).toBe(350);
    // Past the end: it stops at 1000 ms, done.
    expect(run.advance(10_000)).toBe(false);
    expect(run.simulatedMs).toBe(1000);
    expect(run.done).toBe(true);
    expect(run.finish()).toMatchObject({ events: 18, partial: false });
  });
});

describe("faults injected while running", () => {
  it("a crash injected at 1050 ms starts then; healing at 1550 ms ends it", () => {
    // A request every 100 ms, 1 ms of work, no cold start: 1100 … 1500 find b down.
    const outcomes: RequestOutcome[] = [];
    const run = createRun(direct("1ms", { duration: "3s" }), { scenario: "s", onRequestDone: (o) => outcomes.push(o) });
    run.advance(1050);
    // An `at` in the past means now.
    run.inject({ kind: "crash", target: "b", at: 0 });
    run.advance(500);
    run.healAll();
    const result = run.finish();
    expect(outcomes.map(brief)).toEqual(
      sends(100, 2900).map((t) => (t > 1050 && t < 1550 ? [t, 0, "crashed"] : [t, 1, "ok"])),
    );
    expect(result.requests.causes.crashed).toBe(5);
  });
});

describe("requests at the client", () => {
  it("a request arriving when a slot frees at the same time is refused: its arrival was scheduled first", () => {
    // One slot, no queue, 100 ms, a request every 100 ms. 100 runs until 200; the arrival at 200 was
    // scheduled (at 100) before that end of work, so it finds the slot taken and is refused at once,
    // before 100's answer. 900's work ends at 1000, the end: in flight.
    const d = direct("100ms", { service: "concurrency: 1, queue: 0," });
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(
      [200, 400, 600, 800].flatMap((t) => [
        [t, 0, "rejected"],
        [t - 100, 100, "ok"],
      ]),
    );
    expect(result.requests).toMatchObject({ total: 9, succeeded: 4, rejected: 4, failed: 0, inFlight: 1 });
    // The refusals are b's failures, in their second; with a 450 ms warm-up only 600's and 800's count.
    const { result: series } = runOutcomes(d, { scenario: "s", timeseries: true });
    expect(series.timeseries!.map((e) => e.components.b!.failed)).toEqual([4]);
    expect(series.timeseries!.map((e) => e.requests)).toEqual([{ succeeded: 4, failed: 0, rejected: 4 }]);
    expect(series.components.b!.failed).toBe(4);
    const warm = direct("100ms", { service: "concurrency: 1, queue: 0,", warmup: "450ms" });
    expect(runOutcomes(warm, { scenario: "s" }).result.components.b!.failed).toBe(2);
  });

  it("a partition between the workload's client and its entry fails its requests at once (not a rejection)", () => {
    const d = design(`archsim: 1
components:
  web: { kind: client }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { source: web, entry: b.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 300ms, for: 300ms, kind: partition, between: [web, b] } ] }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(
      sends(100, 900).map((t) => (t >= 300 && t < 600 ? [t, 0, "partitioned"] : [t, 1, "ok"])),
    );
    expect(result.requests).toMatchObject({ failed: 3, rejected: 0 });
    expect(result.requests.causes.partitioned).toBe(3);
  });

  it("client latency is paid both ways, also by a request refused at the entry", () => {
    // 5 ms each way; one slot, no queue, 150 ms of work. 100 reaches b at 105 and is answered at 260;
    // 200 reaches b at 205, busy, refused: back at 210. 300 at 305 finds it free; and so on. 900's
    // answer is due at 1060, after the end.
    const d = direct("150ms", { service: "concurrency: 1, queue: 0,", workload: ", clientLatency: 5ms" });
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual(
      sends(100, 800).map((t) => (t % 200 === 100 ? [t, 160, "ok"] : [t, 10, "rejected"])),
    );
    expect(outcomes.every((o) => o.route === "b.op" && o.doneAt === o.sentAt + (o.ok ? 160 : 10))).toBe(true);
    expect(outcomes.every((o) => o.rejected === !o.ok && (o.ok ? o.cause === undefined : true))).toBe(true);
    expect(result.requests).toMatchObject({ total: 9, succeeded: 4, rejected: 4, failed: 0, inFlight: 1 });
    expect(result.requests.causes.rejected).toBe(4);
    // The route's 9th request (sent at 900) is unanswered at the end: the route's inFlight, as the run's.
    expect(result.routes["b.op"]).toMatchObject({ count: 8, succeeded: 4, failed: 0, rejected: 4, inFlight: 1 });
    expect(result.latency.mean).toBe(160);
  });

  it("a route's inFlight counts, like the run's, only the unanswered requests sent after the warm-up", () => {
    // One slot, 2 s of work: the request sent at 100 holds it past the end, the 8 after it queue. Of
    // the 9 unanswered, 500 … 900 (5) were sent after the 500 ms warm-up.
    const result = simulate(direct("2s", { service: "concurrency: 1,", warmup: "500ms" }), { scenario: "s" });
    expect(result.requests).toMatchObject({ total: 5, succeeded: 0, failed: 0, rejected: 0, inFlight: 5 });
    expect(result.routes["b.op"]).toMatchObject({ count: 0, succeeded: 0, failed: 0, rejected: 0, inFlight: 5 });
  });

  it("a request sent exactly at the end of the warm-up counts; the ones before do not", () => {
    // 10 ms of work; warm-up 500 ms: 500 … 900 count (5), 100 … 400 are simulated but not counted.
    const d = direct("10ms", { warmup: "500ms" });
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map((o) => o.sentAt)).toEqual(sends(100, 900));
    expect(result.requests).toMatchObject({ total: 5, succeeded: 5, inFlight: 0 });
    expect(result.routes["b.op"]).toMatchObject({ count: 5, succeeded: 5, inFlight: 0 });
    expect(result.latency).toMatchObject({ mean: 10, max: 10 });
  });

  it("the gateway's mix draws each request's route; each outcome counts in its route and its second", () => {
    // Routes a (10 ms), b (5 ms, always fails) and c (20 ms) in shares 0.5, 0.3 and 0.2; a request
    // every 2 ms for 3 s (1499); the rate limit (400 rps, burst 2) refuses one in five.
    const d = design(`archsim: 1
components:
  gw:
    kind: gateway
    rateLimit: { rps: 400, burst: 2 }
    routes: { GET /a: s.a, GET /b: s.b, GET /c: s.c }
  s:
    kind: service
    operations:
      a: { http: GET /a, work: 10ms }
      b: { http: GET /b, work: 5ms, errorRate: 1 }
      c: { http: GET /c, work: 20ms }
workloads:
  w: { entry: gw, rate: 500, arrivals: constant, mix: { GET /a: 0.5, GET /b: 0.3, GET /c: 0.2 } }
scenarios:
  s: { workload: w, duration: 3s }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s", timeseries: true });
    expect(result.requests.total).toBe(1499);
    // The bucket refills 0.8 token per 2 ms. Tokens before each take: 2 (full), 1.8, 1.6, 1.4, 1.2, 1.0,
    // then 0.8: refused; then 1.6, 1.4, 1.2, 1.0, 0.8 (refused), …: one in five from the 7th on, ≈ 299.
    const refused = outcomes.filter((o) => o.rejected);
    expect(refused.every((o) => o.cause === "rateLimited" && o.doneAt === o.sentAt)).toBe(true);
    expect(Math.abs(refused.length - (1499 - 6) / 5)).toBeLessThanOrEqual(1);
    const expected = { "GET /a": [0.5, 10], "GET /b": [0.3, 5], "GET /c": [0.2, 20] } as const;
    for (const [route, [share, ms]] of Object.entries(expected)) {
      const mine = outcomes.filter((o) => o.route === route);
      // Each route's share of all requests within 5 standard deviations of its binomial mean.
      expect(Math.abs(mine.length - 1499 * share)).toBeLessThan(5 * Math.sqrt(1499 * share * (1 - share)));
      const passed = mine.filter((o) => !o.rejected);
      expect(passed.every((o) => o.doneAt - o.sentAt === ms && o.ok === (route !== "GET /b"))).toBe(true);
      const failed = route === "GET /b" ? passed.length : 0;
      expect(result.routes[route]).toMatchObject({
        count: mine.length,
        succeeded: passed.length - failed,
        failed,
        rejected: mine.length - passed.length,
      });
      if (route !== "GET /b") expect(result.routes[route]!.latency.mean).toBe(ms);
    }
    expect(result.requests.causes.error).toBe(result.routes["GET /b"]!.failed);
    expect(result.requests.causes.rateLimited).toBe(refused.length);
    // Still running at the end: the routes' inFlight add up to the run's, and each route's sent ones to its count + inFlight.
    const routes = Object.values(result.routes);
    expect(routes.reduce((a, r) => a + r.inFlight!, 0)).toBe(result.requests.inFlight);
    expect(routes.reduce((a, r) => a + r.count + r.inFlight!, 0)).toBe(result.requests.total);
    // Each second counts the outcomes that came back in it, by kind and by route.
    const series = result.timeseries!;
    expect(series.length).toBe(3);
    series.forEach((entry, t) => {
      const inSecond = outcomes.filter((o) => Math.floor(o.doneAt / 1000) === t);
      expect(entry.requests).toEqual({
        succeeded: inSecond.filter((o) => o.ok).length,
        failed: inSecond.filter((o) => !o.ok && !o.rejected).length,
        rejected: inSecond.filter((o) => o.rejected).length,
      });
      for (const route of Object.keys(expected)) {
        const mine = inSecond.filter((o) => o.route === route);
        // count = its successes + failed + rejected: the rate limit's refusals are in rejected, not failed.
        expect(entry.routes[route]).toMatchObject({
          count: mine.length,
          failed: mine.filter((o) => !o.ok && !o.rejected).length,
          rejected: mine.filter((o) => o.rejected).length,
        });
      }
      // Latency quantiles of the second's successes: a at 10 ms, c at 20 ms (within the histogram's 0.5%).
      expect(Math.abs(entry.routes["GET /a"]!.p50 - 10)).toBeLessThanOrEqual(0.05);
      expect(Math.abs(entry.routes["GET /c"]!.p99 - 20)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(entry.latency.p99 - 20)).toBeLessThanOrEqual(0.1);
    });
  });
});
