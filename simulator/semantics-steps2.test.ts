/**
 * Steps, exactly, where semantics-steps.test.ts stops: what a step with probability 1 draws, an
 * empty parallel step, and the branches of a parallel step once its operation has ended. Tiny
 * designs with constant times; answers worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { brief, design, runOutcomes } from "./testing/exact";

/** A service `a` whose operation runs `steps`, beside b (1 ms), c (3 ms), f (fails after 2 ms) and g (2 ms, fails half the time). */
function withSteps(steps: string, faults = "") {
  return design(`archsim: 1
components:
  a:
    kind: service
    concurrency: 1000
    operations:
      op: { steps: ${steps} }
  b: { kind: service, concurrency: 1000, operations: { op: { work: 1ms } } }
  c: { kind: service, concurrency: 1000, operations: { op: { work: 3ms } } }
  f: { kind: service, concurrency: 1000, operations: { op: { work: 2ms, errorRate: 1 } } }
  g: { kind: service, concurrency: 1000, operations: { op: { work: 2ms, errorRate: 0.5 } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
  many: { entry: a.op, rate: 100, arrivals: constant }
scenarios:
  s: { workload: w, duration: 500ms, faults: [ ${faults} ] }
  many: { workload: many, duration: 500ms }
`);
}

describe("probability", () => {
  it("a step with probability 1 draws no random number: the draws that follow are the same as without it", () => {
    // The only random draws are g's failures (one per request, when its work ends), so the k-th
    // request fails in both designs or in neither; the call to b (probability 1) adds 1 ms.
    const causes = (steps: string) =>
      runOutcomes(withSteps(steps), { scenario: "many" }).outcomes.map((o) => o.cause ?? "ok");
    const withB = causes("[ { call: b.op, probability: 1 }, { call: g.op } ]");
    const without = causes("[ { call: g.op } ]");
    expect(withB).toHaveLength(49);
    expect(withB).toEqual(without);
    // Both kinds of outcome occur, so the sequences say something.
    expect(new Set(withB)).toEqual(new Set(["ok", "error"]));
  });
});

describe("parallel", () => {
  it("an empty parallel step succeeds at once", () => {
    const { outcomes } = runOutcomes(withSteps("[ { parallel: [] }, { call: b.op } ]"), { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([100, 200, 300, 400].map((t) => [t, 1, "ok"]));
  });

  it("a branch that fails at once ends the operation before the later branches start: they never run", () => {
    // a and f are partitioned: the call to f fails in the instant it is made, which fails the
    // parallel step and the operation (partitioned, 0 ms) before the branch calling b starts.
    const d = withSteps(
      "[ { parallel: [ { call: f.op }, { call: b.op } ] } ]",
      "{ at: 0s, kind: partition, between: [a, f] }",
    );
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([100, 200, 300, 400].map((t) => [t, 0, "partitioned"]));
    expect(result.components.b!.throughput).toBe(0);
  });

  it("a branch still running when the operation fails finishes its step and starts no further one", () => {
    // The first branch calls c (3 ms) then b; f fails the operation at 2 ms. c's answer at 3 ms
    // ends that step of an operation that has ended: b is never called.
    const d = withSteps(
      "[ { parallel: [ { branch: [ { weight: 1, steps: [ { call: c.op }, { call: b.op } ] } ] }, { call: f.op } ] } ]",
    );
    const { result, outcomes } = runOutcomes(d, { scenario: "s" });
    expect(outcomes.map(brief)).toEqual([100, 200, 300, 400].map((t) => [t, 2, "error"]));
    // c's work went on to its end (4 operations in 0.5 s); b never ran.
    expect(result.components.c!.throughput).toBe(8);
    expect(result.components.b!.throughput).toBe(0);
  });
});
