/**
 * Resilience of calls, exactly: retries and their backoff, jitter's distribution, circuit
 * breakers at their thresholds, bulkheads at their limit, timeouts. Every design is tiny,
 * with constant times and zero network unless said, so each answer is worked out by hand
 * in the comments and asserted exactly.
 */
import { describe, expect, it } from "vitest";
import { brief, design, runOutcomes } from "./testing/exact";
import { ksDistance } from "./testing/ks";

/** Sends at 100, 200, … ms (10 rps, constant arrivals) while `duration` runs. */
function callerAndCallee(opts: { resilience: string; callee: string; network?: string }) {
  return `archsim: 1
${opts.network ?? ""}
components:
  a:
    kind: service
    concurrency: 1000
    resilience: ${opts.resilience}
    operations:
      op: { steps: [ { call: b.op } ] }
  b:
    kind: service
    concurrency: 1000
    operations:
      op: ${opts.callee}
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
  fast: { entry: a.op, rate: 1000, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
  many: { workload: fast, duration: 2s }
`;
}

const sends = (from: number, to: number, step = 100) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe("retries and backoff", () => {
  it("max 2, backoff 50ms against a callee that always fails after 2 ms: fails at 2 + 50 + 2 + 100 + 2 = 156 ms", () => {
    const d = design(
      callerAndCallee({ resilience: "{ retries: { max: 2, backoff: 50ms } }", callee: "{ work: 2ms, errorRate: 1 }" }),
    );
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    // The request sent at 900 ms would end at 1056 ms, after the run.
    expect(outcomes.map(brief)).toEqual(sends(100, 800).map((t) => [t, 156, "error"]));
    expect(result.requests.inFlight).toBe(1);
    // Three attempts per request at b; the last request's third attempt (1054 ms) is past the end.
    expect(result.components.b!.failed).toBe(8 * 3 + 2);
  });

  it("with a 1 ms network each attempt pays a hop each way: 4 + 50 + 4 + 100 + 4 = 162 ms", () => {
    const d = design(
      callerAndCallee({
        network: "network: { latency: 1ms }",
        resilience: "{ retries: { max: 2, backoff: 50ms } }",
        callee: "{ work: 2ms, errorRate: 1 }",
      }),
    );
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(100, 800).map((t) => [t, 162, "error"]));
  });

  it("max 0 means one attempt; no resilience means no retry", () => {
    for (const resilience of ["{ retries: { max: 0, backoff: 50ms } }", "{}"]) {
      const d = design(callerAndCallee({ resilience, callee: "{ work: 2ms, errorRate: 1 }" }));
      const { outcomes } = runOutcomes(d, { scenario: "s" });
      expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 2, "error"]));
    }
  });

  it("a zero backoff retries at once: max 3 → 4 attempts of 2 ms", () => {
    const d = design(callerAndCallee({ resilience: "{ retries: { max: 3 } }", callee: "{ work: 2ms, errorRate: 1 }" }));
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 8, "error"]));
  });

  it("a callee failing half the time: successes take 2, 54 or 156 ms (1/2, 1/4, 1/8) and 1/8 fail", () => {
    const d = design(
      callerAndCallee({
        resilience: "{ retries: { max: 2, backoff: 50ms } }",
        callee: "{ work: 2ms, errorRate: 0.5 }",
      }),
    );
    const { outcomes } = runOutcomes(d, { scenario: "many" });
    const n = outcomes.length;
    expect(n).toBeGreaterThan(1900);
    const count = new Map<string, number>();
    for (const o of outcomes) {
      const [, latency, cause] = brief(o);
      count.set(`${latency} ${cause}`, (count.get(`${latency} ${cause}`) ?? 0) + 1);
    }
    expect([...count.keys()].sort()).toEqual(["156 error", "156 ok", "2 ok", "54 ok"]);
    // Each share within 5 standard deviations of its binomial mean.
    for (const [key, p] of [
      ["2 ok", 1 / 2],
      ["54 ok", 1 / 4],
      ["156 ok", 1 / 8],
      ["156 error", 1 / 8],
    ] as const) {
      expect(Math.abs(count.get(key)! - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)));
    }
  });

  it("a step's own retries replace the service's whole: backoff 0, not the service's", () => {
    const d = design(`archsim: 1
components:
  a:
    kind: service
    resilience: { retries: { max: 2, backoff: 50ms } }
    operations:
      op: { steps: [ { call: b.op, retries: { max: 1 } } ] }
  b: { kind: service, operations: { op: { work: 2ms, errorRate: 1 } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 4, "error"]));
  });

  it("a partitioned callee fails at once and is retried like any failure", () => {
    const d = design(`archsim: 1
components:
  a:
    kind: service
    resilience: { retries: { max: 2, backoff: 10ms } }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 2ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 250ms, for: 170ms, kind: partition, between: [a, b] } ] }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    const byTime = outcomes.map(brief).sort((x, y) => x[0] - y[0]);
    // 300: attempts at 300, 310 and 330 (waits 10 and 20) fail at once. 400: attempts at 400 and 410
    // fail; the partition ends at 420, so the third, at 430, succeeds at 432.
    expect(byTime).toEqual([
      [100, 2, "ok"],
      [200, 2, "ok"],
      [300, 30, "partitioned"],
      [400, 32, "ok"],
      ...sends(500, 900).map((t) => [t, 2, "ok"]),
    ]);
  });
});

describe("jitter", () => {
  it("max 1, backoff 50ms, jitter: the wait (latency − 2·2 ms) is Uniform(0, 50 ms)", () => {
    const d = design(
      callerAndCallee({
        resilience: "{ retries: { max: 1, backoff: 50ms, jitter: true } }",
        callee: "{ work: 2ms, errorRate: 1 }",
      }),
    );
    const { outcomes } = runOutcomes(d, { scenario: "many" });
    const gaps = outcomes.map((o) => o.doneAt - o.sentAt - 4);
    expect(gaps.length).toBeGreaterThan(1900);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(50);
    // KS critical value at α = 0.001 is 1.95/√n.
    expect(ksDistance(gaps, (x) => Math.min(1, Math.max(0, x / 50)))).toBeLessThan(1.95 / Math.sqrt(gaps.length));
  });

  it("max 2, backoff 50ms, jitter: the two waits are U(0, 50) + U(0, 100), a trapezoid", () => {
    const d = design(
      callerAndCallee({
        resilience: "{ retries: { max: 2, backoff: 50ms, jitter: true } }",
        callee: "{ work: 2ms, errorRate: 1 }",
      }),
    );
    const { outcomes } = runOutcomes(d, { scenario: "many" });
    const waits = outcomes.map((o) => o.doneAt - o.sentAt - 6);
    // CDF of X + Y with X ~ U(0, a), Y ~ U(0, b), a ≤ b.
    const [a, b] = [50, 100];
    const cdf = (s: number) =>
      s <= 0
        ? 0
        : s <= a
          ? (s * s) / (2 * a * b)
          : s <= b
            ? (s - a / 2) / b
            : s < a + b
              ? 1 - (a + b - s) ** 2 / (2 * a * b)
              : 1;
    expect(ksDistance(waits, cdf)).toBeLessThan(1.95 / Math.sqrt(waits.length));
  });

  it("without jitter the wait is exactly the backoff", () => {
    const d = design(
      callerAndCallee({ resilience: "{ retries: { max: 1, backoff: 50ms } }", callee: "{ work: 2ms, errorRate: 1 }" }),
    );
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 54, "error"]));
  });
});

describe("circuit breaker", () => {
  // Window 4, failure rate 0.5: two failures among the last four completed attempts open it.
  const breaker = (faults: string, openFor: string) =>
    design(`archsim: 1
components:
  a:
    kind: service
    resilience:
      circuitBreaker: { failureRate: 0.5, window: 4, openFor: ${openFor}, halfOpenProbes: 2 }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 2ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 3s, faults: [ ${faults} ] }
`);
  const run = (faults: string, openFor = "1s") => {
    const { result, outcomes } = runOutcomes(breaker(faults, openFor), { scenario: "s", timeseries: true });
    return { result, byTime: outcomes.map(brief).sort((x, y) => x[0] - y[0]) };
  };
  const ok = (from: number, to: number) => sends(from, to).map((t) => [t, 2, "ok"]);
  const open = (from: number, to: number) => sends(from, to).map((t) => [t, 0, "circuitOpen"]);
  // Failures are drawn when work ends (2 ms after each send): a fault on b over [250, 450) fails
  // the requests sent at 300 and 400.
  const twoFailures = "{ at: 250ms, for: 200ms, kind: errors, target: b, probability: 1 }";

  it("opens at failures/window = failureRate exactly; stays open for openFor; two probes close it", () => {
    const { result, byTime } = run(twoFailures);
    // Window [ok, ok, fail, fail] at 402 ms: 2/4 ≥ 0.5 opens it until 1402 ms. 500 … 1400 fail at
    // once; 1500 and 1600 are the two probes; their success closes it.
    expect(byTime).toEqual([
      ...ok(100, 200),
      [300, 2, "error"],
      [400, 2, "error"],
      ...open(500, 1400),
      ...ok(1500, 2900),
    ]);
    expect(result.timeseries!.map((e) => e.components.a!.circuits.b)).toEqual(["open", "closed", "closed"]);
  });

  it("one failure fewer does not open it", () => {
    const { byTime } = run("{ at: 250ms, for: 100ms, kind: errors, target: b, probability: 1 }");
    expect(byTime).toEqual([...ok(100, 200), [300, 2, "error"], ...ok(400, 2900)]);
  });

  it("does not open before the window is full, and opens when it fills", () => {
    // 100 and 200 fail; the window [fail, fail] is not full until 400 ms succeeds: [f, f, ok, ok] opens it.
    const { byTime } = run("{ at: 0s, for: 250ms, kind: errors, target: b, probability: 1 }");
    expect(byTime).toEqual([
      [100, 2, "error"],
      [200, 2, "error"],
      ...ok(300, 400),
      ...open(500, 1400),
      ...ok(1500, 2900),
    ]);
  });

  it("a failed probe opens it again for another openFor", () => {
    // The probe sent at 1500 fails at 1502: open until 2502; 2600 and 2700 probe and close it.
    const { result, byTime } = run(
      `${twoFailures}, { at: 1450ms, for: 100ms, kind: errors, target: b, probability: 1 }`,
    );
    expect(byTime).toEqual([
      ...ok(100, 200),
      [300, 2, "error"],
      [400, 2, "error"],
      ...open(500, 1400),
      [1500, 2, "error"],
      ...open(1600, 2500),
      ...ok(2600, 2900),
    ]);
    expect(result.timeseries!.map((e) => e.components.a!.circuits.b)).toEqual(["open", "open", "closed"]);
  });

  it("every probe must succeed: the second one failing opens it again", () => {
    const { byTime } = run(`${twoFailures}, { at: 1550ms, for: 100ms, kind: errors, target: b, probability: 1 }`);
    expect(byTime).toEqual([
      ...ok(100, 200),
      [300, 2, "error"],
      [400, 2, "error"],
      ...open(500, 1400),
      [1500, 2, "ok"],
      [1600, 2, "error"],
      ...open(1700, 2600),
      ...ok(2700, 2900),
    ]);
  });

  it("half-open lets exactly halfOpenProbes calls through; others fail at once until they end", () => {
    // A latency fault makes the probes (1500, 1600) take 252 ms: 1700 and 1800 find both probes
    // out and fail at once; the second probe succeeds at 1852 and closes it.
    const { byTime } = run(`${twoFailures}, { at: 1450ms, for: 300ms, kind: latency, target: b, add: 250ms }`);
    expect(byTime).toEqual([
      ...ok(100, 200),
      [300, 2, "error"],
      [400, 2, "error"],
      ...open(500, 1400),
      [1500, 252, "ok"],
      [1600, 252, "ok"],
      ...open(1700, 1800),
      ...ok(1900, 2900),
    ]);
  });

  it("closes with an empty window: two failures right after closing do not reopen it until four attempts", () => {
    // Closed at 1602 with an empty window. 1700 and 1800 fail: [f, f] is not full; 1900 and 2000 fill it
    // ([f, f, ok, ok], 2/4): it opens at 2002 until 3002.
    const { byTime } = run(`${twoFailures}, { at: 1650ms, for: 200ms, kind: errors, target: b, probability: 1 }`);
    expect(byTime).toEqual([
      ...ok(100, 200),
      [300, 2, "error"],
      [400, 2, "error"],
      ...open(500, 1400),
      ...ok(1500, 1600),
      [1700, 2, "error"],
      [1800, 2, "error"],
      ...ok(1900, 2000),
      ...open(2100, 2900),
    ]);
  });

  it("refuses calls while now < open-until, and lets the one at exactly open-until probe", () => {
    // Opened at 402 ms for 998 ms: until 1400 ms, when the call sent at 1400 is the first probe.
    const { byTime } = run(twoFailures, "998ms");
    expect(byTime).toEqual([
      ...ok(100, 200),
      [300, 2, "error"],
      [400, 2, "error"],
      ...open(500, 1300),
      ...ok(1400, 2900),
    ]);
  });

  it("counts only the last `window` attempts: old failures slide out, and it opens after the window wrapped", () => {
    // 100 fails: [f, ok, ok, ok] at 400 (1/4). 500 fails: [ok, ok, ok, f] (1/4): still closed.
    // 600 fails: [ok, ok, f, f] (2/4): open from 602 until 1602.
    const { byTime } = run(
      "{ at: 50ms, for: 100ms, kind: errors, target: b, probability: 1 }, { at: 450ms, for: 200ms, kind: errors, target: b, probability: 1 }",
    );
    expect(byTime).toEqual([
      [100, 2, "error"],
      ...ok(200, 400),
      [500, 2, "error"],
      [600, 2, "error"],
      ...open(700, 1600),
      ...ok(1700, 2900),
    ]);
  });

  it("a late failure of an attempt that started before it opened does not extend the open time", () => {
    // 100's attempt is held until 752 ms and fails. 200 … 500 fail at once after 2 ms: the window
    // [f, f, f, f] is full at 502 and opens it until 1552. 100's failure at 752 is not counted (it
    // would reopen it until 1802).
    const { byTime } = run(
      "{ at: 50ms, for: 500ms, kind: errors, target: b, probability: 1 }, { at: 101ms, for: 2ms, kind: latency, target: b, add: 650ms }",
      "1050ms",
    );
    expect(byTime).toEqual([
      [100, 652, "error"],
      [200, 2, "error"],
      [300, 2, "error"],
      [400, 2, "error"],
      [500, 2, "error"],
      ...open(600, 1500),
      ...ok(1600, 2900),
    ]);
  });

  it("a probe that fails after another probe has reopened it does not extend the open time", () => {
    // Open 402 → 1402. Probe 1500 is held by a latency fault until 1752 and fails; probe 1600 fails at
    // 1602 and reopens it until 2602. Probe 1500's failure at 1752 is ignored.
    const { byTime } = run(
      `${twoFailures}, { at: 1450ms, for: 200ms, kind: errors, target: b, probability: 1 }, { at: 1450ms, for: 100ms, kind: latency, target: b, add: 250ms }`,
    );
    expect(byTime).toEqual([
      ...ok(100, 200),
      [300, 2, "error"],
      [400, 2, "error"],
      ...open(500, 1400),
      [1500, 252, "error"],
      [1600, 2, "error"],
      ...open(1700, 2600),
      ...ok(2700, 2900),
    ]);
  });

  it("a call made before the caller crashed feeds none of the restarted replica's breakers", () => {
    // a (window 2, rate 1) calls b, which fails after 150 ms. a crashes at 150 ms and is back at 160:
    // 100's call ends at 250 and is not counted in the breaker created by 200's call. 200's and 300's
    // failures (350, 450) fill the window: it opens at 450, after 400's call started.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    resilience: { circuitBreaker: { failureRate: 1, window: 2 } }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 150ms, errorRate: 1 } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 150ms, for: 10ms, kind: crash, target: a } ] }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      [100, 50, "crashed"],
      [200, 150, "error"],
      [300, 150, "error"],
      [400, 150, "error"],
      ...sends(500, 900).map((t) => [t, 0, "circuitOpen"]),
    ]);
  });

  it("a call step without a circuitBreaker neither checks nor feeds the breaker another step has", () => {
    // The breaker (window 2, rate 0.5) of a → b sees only b.ok's successes; b.bad's failures
    // (optional, no breaker) would open it at once.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    operations:
      op:
        steps:
          - { call: b.ok, circuitBreaker: { failureRate: 0.5, window: 2 } }
          - { call: b.bad, optional: true }
  b:
    kind: service
    operations:
      ok: { work: 1ms }
      bad: { work: 1ms, errorRate: 1 }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 2, "ok"]));
  });

  it("a circuit-open refusal is not retried, though the retries' backoff before it is waited", () => {
    // Window 2, rate 1: attempt 1 (100 → 102) fails, wait 10, attempt 2 (112 → 114) fails and opens
    // it; wait 20, attempt 3 at 134 is refused: the call fails at 134 with circuitOpen.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    resilience:
      retries: { max: 3, backoff: 10ms }
      circuitBreaker: { failureRate: 1, window: 2 }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 2ms, errorRate: 1 } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 500ms }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([
      [100, 34, "circuitOpen"],
      ...sends(200, 400).map((t) => [t, 0, "circuitOpen"]),
    ]);
  });
});

describe("bulkhead", () => {
  it("lets exactly `limit` calls through at once; the next fails at once with cause bulkhead", () => {
    // b takes 250 ms. Calls in flight from a to b: 100 (→350), 200 (→450); 300 finds 2: refused.
    // 400 finds 1 (200), 500 finds 1 (400), 600 finds 2: refused; 700 and 800 pass; 900 refused.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    resilience: { bulkhead: 2 }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 250ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([
      [300, 0, "bulkhead"],
      [100, 250, "ok"],
      [200, 250, "ok"],
      [600, 0, "bulkhead"],
      [400, 250, "ok"],
      [500, 250, "ok"],
      [900, 0, "bulkhead"],
      [700, 250, "ok"],
    ]);
  });

  it("a call keeps its place through its retries and backoff; a refusal is not retried", () => {
    // Limit 1; each call: attempt 40 ms, wait 100 ms, attempt 40 ms → fails after 180 ms.
    // The call sent at 200 ms finds the place held (100's call is waiting to retry): refused at once.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    resilience: { bulkhead: 1, retries: { max: 1, backoff: 100ms } }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 40ms, errorRate: 1 } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual([
      [100, 180, "error"],
      [200, 0, "bulkhead"],
      [300, 180, "error"],
      [400, 0, "bulkhead"],
      [500, 180, "error"],
      [600, 0, "bulkhead"],
      [700, 180, "error"],
      [800, 0, "bulkhead"],
    ]);
  });
});

describe("timeouts", () => {
  const timed = (work: string, retries = "") =>
    design(`archsim: 1
network: { latency: 1ms }
components:
  a:
    kind: service
    resilience: { timeout: 10ms ${retries} }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: ${work} } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);

  it("covers the network both ways: 1 + 7 + 1 = 9 ms is in time", () => {
    const { result, outcomes } = runOutcomes(timed("7ms"), { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 9, "ok"]));
    expect(result.requests.timedOut).toBe(0);
  });

  it("1 + 9 + 1 = 11 ms is not: the request fails at 10 ms, and the callee's work goes on, wasted", () => {
    const { result, outcomes } = runOutcomes(timed("9ms"), { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 10, "timeout"]));
    expect(result.requests.timedOut).toBe(9);
    expect(result.requests.causes.timeout).toBe(9);
    // b finished every operation, successfully, 9 ms each: the work was done and thrown away.
    expect(result.components.b!.failed).toBe(0);
    expect(result.components.b!.latency.max).toBe(9);
    expect(result.components.b!.throughput).toBe(9);
    expect(result.components.a!.failed).toBe(9);
  });

  it("a timeout is per attempt: max 1 retry, backoff 5ms → 10 + 5 + 10 = 25 ms", () => {
    // The first attempt's late response (at 1 + 20 + 1 = 22 ms) comes during the second attempt
    // (15 … 25 ms) and is ignored: it belongs to an attempt that timed out.
    const { result, outcomes } = runOutcomes(timed("20ms", ", retries: { max: 1, backoff: 5ms }"), { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 25, "timeout"]));
    // Each request made two attempts, and b ran both to the end (18 × 20 ms of work, all wasted).
    expect(result.components.b!.throughput).toBe(18);
  });

  it("a response still on its way when its attempt times out is ignored, also during the retry", () => {
    // b answers at 1 + 8.5 = 9.5 ms; the answer reaches a at 10.5, after the timeout (10). The retry
    // (10 … 20) meets the same fate: the request fails at 20 ms, whatever the late answers say.
    const { outcomes } = runOutcomes(timed("8.5ms", ", retries: { max: 1 }"), { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 20, "timeout"]));
  });

  it("timeouts of one duration each fire at their own time, whatever the ones before them did", () => {
    // A call every 10 ms, 1 ms each, timeout 50 ms; only the call sent at 500 is held (a latency fault
    // catches its work's end at 501) and times out at 550. Calls that ended before their timeout are
    // not timed out later: the breaker (window 2, rate 1) sees one failure only and never opens.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    resilience: { timeout: 50ms, circuitBreaker: { failureRate: 1, window: 2 } }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 1ms } } }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s, faults: [ { at: 501ms, for: 1ms, kind: latency, target: b, add: 100ms } ] }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief).sort((x, y) => x[0] - y[0])).toEqual(
      sends(10, 990, 10).map((t) => (t === 500 ? [500, 50, "timeout"] : [t, 1, "ok"])),
    );
  });

  it("a retry under way is not timed out by the previous attempt's timer", () => {
    // Sent at 100: attempt 1 fails at 102 (errors fault); attempt 2 starts at once, is held by a
    // latency fault (47 ms) and answers at 151, before its own timeout (152); attempt 1's timer
    // (150) must not end it.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    resilience: { timeout: 50ms, retries: { max: 1 } }
    operations:
      op: { steps: [ { call: b.op } ] }
  b: { kind: service, operations: { op: { work: 2ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 1s
    faults:
      - { at: 101ms, for: 2ms, kind: errors, target: b, probability: 1 }
      - { at: 103ms, for: 2ms, kind: latency, target: b, add: 47ms }
`);
    const { outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([[100, 51, "ok"], ...sends(200, 900).map((t) => [t, 2, "ok"])]);
  });
});

describe("retries stop when the caller is gone", () => {
  it("a parallel sibling's failure ends the operation: the call waiting to retry does not retry", () => {
    // f fails at 2 ms and would retry at 52; e fails at 10 ms and fails the parallel step and the
    // operation. f's retries never happen: one attempt per request.
    const d = design(`archsim: 1
components:
  a:
    kind: service
    operations:
      op: { steps: [ { parallel: [ { call: f.op, retries: { max: 2, backoff: 50ms } }, { call: e.op } ] } ] }
  f: { kind: service, operations: { op: { work: 2ms, errorRate: 1 } } }
  e: { kind: service, operations: { op: { work: 10ms, errorRate: 1 } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s: { workload: w, duration: 1s }
`);
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual(sends(100, 900).map((t) => [t, 10, "error"]));
    expect(result.components.f!.failed).toBe(9);
    expect(result.components.f!.throughput).toBe(9);
  });
});
