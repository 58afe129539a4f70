import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign, type Design } from "../model";
import { simulate } from "./run";
import { evaluateSlos, findRouteSlo, formatSloMs, formatSloPercent, getSloRoutes, judgeSlo } from "./slo";

function load(text: string): Design {
  const r = parseDesign(text);
  expect(r.errors).toEqual([]);
  return r.design!;
}

/**
 * One service, 10 ms of constant work, a request every 100 ms from 0.1 s to 9.9 s (99 of them),
 * crashed from 5.05 s to the end: the 50 requests sent up to 5.0 s succeed in exactly 10 ms,
 * the 49 sent from 5.1 s fail (crashed). So p99 = 10 ms and the error rate is 49/99.
 */
const halfDown = (slo: string) => `archsim: 1
components:
  api:
    kind: service
    operations:
      get: { work: 10ms }
workloads:
  steady:
    entry: api.get
    arrivals: constant
    rate: 10
    slo: ${slo}
scenarios:
  half-down:
    workload: steady
    duration: 10s
    faults:
      - { at: 5050ms, kind: crash, target: api }
`;

describe("evaluateSlos on a run worked out by hand", () => {
  it("fails the error budget: 49 of 99 failed against 10%", () => {
    const design = load(halfDown("{ p99: 20ms, errorBudget: 0.1 }"));
    const result = simulate(design, { scenario: "half-down", seed: 1 });
    expect(result.routes["api.get"]).toMatchObject({ count: 99, succeeded: 50, failed: 49, rejected: 0 });
    const [r] = evaluateSlos(design, result);
    expect(r).toMatchObject({
      route: "api.get",
      count: 99,
      errors: 49,
      p99: 10,
      latencyMet: true,
      errorsMet: false,
      verdict: "fail",
    });
    expect(r!.errorRate).toBeCloseTo(49 / 99, 12);
    expect(r!.budgetConsumed).toBeCloseTo(49 / 99 / 0.1, 12);
    expect(r!.reason).toBe(
      "p99 10.0 ms within the 20.0 ms target; 49.5% of requests failed (49 of 99), over the 10% budget (495% of it used)",
    );
  });

  it("fails the p99 target alone: 10 ms against 5 ms", () => {
    const design = load(halfDown("{ p99: 5ms }"));
    const [r] = evaluateSlos(design, simulate(design, { scenario: "half-down", seed: 1 }));
    expect(r).toMatchObject({ verdict: "fail", latencyMet: false, errorsMet: null, budgetConsumed: null });
    expect(r!.reason).toBe("p99 10.0 ms over the 5.0 ms target");
  });

  it("passes with a budget of 50%: 98.99% of it used, shown as 99%", () => {
    const design = load(halfDown("{ p99: 10ms, errorBudget: 0.5 }"));
    const [r] = evaluateSlos(design, simulate(design, { scenario: "half-down", seed: 1 }));
    // A p99 equal to the target meets it.
    expect(r).toMatchObject({ verdict: "pass", latencyMet: true, errorsMet: true });
    expect(formatSloPercent(r!.budgetConsumed!)).toBe("99%");
  });
});

describe("evaluateSlos: requests left unanswered, runs cut short", () => {
  /**
   * One slot, 20 ms of constant work, a request every 10 ms from 10 ms to 19.99 s (1,999): it serves
   * 50 a second of the 100 sent. The one sent at 10 ms ends at 30 ms, and then one every 20 ms up to
   * 19,990 ms: 999 answered, all successes; the other 1,000 still wait in the queue at the end.
   */
  const overload = (slo: string) => `archsim: 1
components:
  a: { kind: service, concurrency: 1, operations: { op: { work: 20ms } } }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant, slo: ${slo} }
scenarios:
  s: { workload: w, duration: 20s }
`;

  it("fails the budget with the requests still unanswered: 1,000 of 1,999 against 1%", () => {
    const design = load(overload("{ errorBudget: 0.01 }"));
    const result = simulate(design, { scenario: "s", seed: 1 });
    expect(result.partial).toBe(false);
    expect(result.routes["a.op"]).toMatchObject({ count: 999, succeeded: 999, failed: 0, rejected: 0, inFlight: 1000 });
    const [r] = evaluateSlos(design, result);
    expect(r).toMatchObject({
      count: 999,
      unanswered: 1000,
      sent: 1999,
      errors: 1000,
      errorsMet: false,
      verdict: "fail",
    });
    expect(r!.errorRate).toBeCloseTo(1000 / 1999, 12);
    expect(r!.reason).toBe(
      "50% of requests failed or went unanswered (1,000 of 1,999), over the 1% budget (5,003% of it used); " +
        "1,000 of 1,999 requests still unanswered at the end: the queue never drained",
    );
  });

  it("gives a run stopped by a limit no verdict: its counts stop wherever the limit struck", () => {
    // 50 events end the run near 2.5 s of 10 s, every request so far a success: no pass on that.
    const design = load(halfDown("{ p99: 20ms, errorBudget: 0.1 }"));
    const result = simulate(design, { scenario: "half-down", seed: 1, maxEvents: 50 });
    expect(result).toMatchObject({ partial: true, stopReason: "events" });
    const [r] = evaluateSlos(design, result);
    expect(r).toMatchObject({
      verdict: "noData",
      latencyMet: null,
      errorsMet: null,
      errorRate: null,
      budgetConsumed: null,
      reason: "partial run: events",
    });
  });

  it("gives the flood that hits the executions limit no verdict, not a pass on the one request answered", () => {
    const design = load(`archsim: 1
components:
  users: { kind: client }
  hello:
    kind: service
    concurrency: 1
    operations: { greet: { work: 1s } }
workloads:
  flood: { source: users, entry: hello.greet, rate: 300000, slo: { errorBudget: 0.001 } }
scenarios:
  flood: { workload: flood, duration: 60s }
`);
    const result = simulate(design, { scenario: "flood", seed: 1 });
    expect(result).toMatchObject({ partial: true, stopReason: "executions" });
    const [r] = evaluateSlos(design, result);
    expect(r).toMatchObject({ verdict: "noData", errorRate: null, reason: "partial run: executions" });
  });
});

describe("judgeSlo", () => {
  const counts = (count: number, succeeded: number, failed: number, rejected: number, p99: number) => ({
    count,
    succeeded,
    failed,
    rejected,
    latency: { p99 },
  });

  it("counts rejected requests against the budget: 3 failed + 2 rejected of 1,000 is 0.5%", () => {
    const r = judgeSlo("POST /orders", { errorBudget: 0.01 }, counts(1000, 995, 3, 2, 40));
    expect(r.errors).toBe(5);
    expect(r.errorRate).toBe(0.005);
    expect(r.budgetConsumed).toBe(0.5);
    expect(r.verdict).toBe("pass");
    expect(r.reason).toBe("0.5% of requests failed (5 of 1,000), within the 1% budget (50% of it used)");
  });

  it("has no data without requests, and no p99 when none succeeded", () => {
    expect(judgeSlo("GET /x", { p99: 100 }, counts(0, 0, 0, 0, 0))).toMatchObject({
      verdict: "noData",
      errorRate: null,
      p99: null,
      reason: "no requests after the warm-up",
    });
    const allFailed = judgeSlo("GET /x", { p99: 100, errorBudget: 0.001 }, counts(10, 0, 10, 0, 0));
    expect(allFailed).toMatchObject({ verdict: "fail", p99: null, latencyMet: null, errorsMet: false });
    expect(allFailed.reason).toMatch(/^no request succeeded, so there is no p99 to compare; 100% of requests failed/);
    expect(judgeSlo("GET /x", { p99: 100 }, counts(10, 0, 10, 0, 0)).verdict).toBe("noData");
  });

  it("counts the requests still unanswered at the end against the budget", () => {
    // 1,000 answered (997 ok, 2 failed, 1 rejected) and 9 unanswered: 12 of 1,009.
    const r = judgeSlo(
      "GET /x",
      { errorBudget: 0.02 },
      { ...counts(1000, 997, 2, 1, 40), inFlight: 9 },
      { seconds: 10 },
    );
    expect(r).toMatchObject({ count: 1000, unanswered: 9, sent: 1009, errors: 12, verdict: "pass" });
    expect(r.errorRate).toBe(12 / 1009);
    // 9 is under a second's worth of the route's traffic (1,009 in 10 s): no backlog to speak of.
    expect(r.reason).toBe(
      "1.19% of requests failed or went unanswered (12 of 1,009), within the 2% budget (59.5% of it used); 9 of 1,009 requests still unanswered at the end",
    );
    // Nothing answered, all unanswered: the budget is used, not "no data".
    const stuck = judgeSlo("GET /x", { errorBudget: 0.5 }, { ...counts(0, 0, 0, 0, 0), inFlight: 3 }, { seconds: 1 });
    expect(stuck).toMatchObject({ sent: 3, errors: 3, errorRate: 1, verdict: "fail" });
    expect(stuck.reason).toBe(
      "100% of requests failed or went unanswered (3 of 3), over the 50% budget (200% of it used); 3 of 3 requests still unanswered at the end",
    );
  });

  it("a budget of 0 is used up, infinitely, by one error", () => {
    expect(judgeSlo("r", { errorBudget: 0 }, counts(100, 100, 0, 0, 1))).toMatchObject({
      verdict: "pass",
      budgetConsumed: 0,
    });
    const r = judgeSlo("r", { errorBudget: 0 }, counts(100, 99, 1, 0, 1));
    expect(r).toMatchObject({ verdict: "fail", budgetConsumed: Infinity });
    expect(r.reason).toBe("1% of requests failed (1 of 100), over the 0% budget");
  });
});

describe("getSloRoutes", () => {
  const ecommerce = readFileSync("examples/ecommerce.yaml", "utf8");

  it("lists the entry gateway's routes with their slos and where they are written", () => {
    const text = ecommerce.replace(
      "      GET /products: inventory.list\n",
      "      GET /products: inventory.list\n    slos:\n      POST /orders: { p99: 300ms, errorBudget: 0.001 }\n",
    );
    const design = load(text);
    expect(getSloRoutes(design, "payment-outage")).toEqual([
      {
        route: "POST /orders",
        slo: { p99: 300, errorBudget: 0.001 },
        path: ["components", "gateway", "slos", "POST /orders"],
      },
      { route: "GET /orders/{id}", path: ["components", "gateway", "slos", "GET /orders/{id}"] },
      { route: "GET /products", path: ["components", "gateway", "slos", "GET /products"] },
    ]);
    expect(getSloRoutes(design, "nope")).toEqual([]);
    expect(findRouteSlo(design, "POST /orders")).toEqual({ p99: 300, errorBudget: 0.001 });
    expect(findRouteSlo(design, "GET /products")).toBeUndefined();
  });

  it("gives a direct entry the workload's slo", () => {
    const design = load(halfDown("{ p99: 20ms }"));
    expect(findRouteSlo(design, "api.get")).toEqual({ p99: 20 });
    expect(findRouteSlo(design, "api.put")).toBeUndefined();
    expect(getSloRoutes(design, "half-down")).toEqual([
      { route: "api.get", slo: { p99: 20 }, path: ["workloads", "steady", "slo"] },
    ]);
  });

  it("an slo never changes the run", () => {
    const withSlo = load(halfDown("{ p99: 20ms, errorBudget: 0.1 }"));
    const without = load(halfDown("{ p99: 20ms }").replace("    slo: { p99: 20ms }\n", ""));
    const strip = (r: ReturnType<typeof simulate>) => ({ ...r, wallSeconds: 0, eventsPerSecond: 0 });
    expect(strip(simulate(withSlo, { scenario: "half-down", seed: 3 }))).toEqual(
      strip(simulate(without, { scenario: "half-down", seed: 3 })),
    );
  });
});

describe("formats", () => {
  it("writes latencies and shares as the panel and the CLI show them", () => {
    expect([formatSloMs(8.44), formatSloMs(412.4), formatSloMs(1250)]).toEqual(["8.4 ms", "412 ms", "1.25 s"]);
    expect([0, 0.00001, 0.001, 0.0241, 0.4949, 0.99999, 1, 24.1, Infinity].map(formatSloPercent)).toEqual([
      "0%",
      "<0.01%",
      "0.1%",
      "2.41%",
      "49.5%",
      ">99.9%",
      "100%",
      "2,410%",
      "∞%",
    ]);
  });
});
