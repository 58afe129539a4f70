/**
 * Exact tests for mutants the mutation run left alive in broker.ts and executions.ts that are
 * not equivalent: each design below gives a different answer with the mutant (checked by hand
 * and by running it). Answers worked out by hand in the comments.
 */
import { expect, it } from "vitest";
import { brief, design, runOutcomes } from "./testing/exact";

it("a delivery round that finds every consumer busy moves the turn on by one visit per replica", () => {
  // c: 2 replicas, one slot each, 250 ms per copy. Copies are published at 100, 200 and 300 ms,
  // then none until one at 1100 ms (the profile is 10/s to 350 ms, 0 from 351 to 1050, 10/s for
  // 1051–1101: Λ reaches 3.5, 3.505, 3.51 and 4 at 1100).
  // The turn t starts at 0 and moves one per replica visited:
  //   100: r0 idle takes it (t=1); r1 idle, no copy left: stop.                        t = 1
  //   200: r1 takes it (t=2); r0 busy (t=3); a second round finds both busy (t=5).    t = 5
  //   300: both busy (t=7); the copy waits and r0 takes it when it frees at 350.      t = 7
  //   1100: both idle: r(7 mod 2) = r1 takes it.
  // A crash of the oldest replica, r0, over [1105, 1107) then hits nothing: no handler fails.
  // Visiting n + 1 replicas a round (t = 10 after 300) gives 1100's copy to r0: cut at 1105 and
  // redone on r1 (1 failed, latency 255).
  const d = design(`archsim: 1
components:
  mq: { kind: broker }
  a:
    kind: service
    operations:
      op: { steps: [ { publish: ev } ] }
  c:
    kind: service
    replicas: 2
    concurrency: 1
    operations:
      h: { work: 250ms }
    subscribes: { ev: h }
workloads:
  w:
    entry: a.op
    arrivals: constant
    profile: [[0s, 10], [350ms, 10], [351ms, 0], [1050ms, 0], [1051ms, 10], [1101ms, 10], [1102ms, 0]]
scenarios:
  s: { workload: w, duration: 2s, faults: [ { at: 1105ms, for: 2ms, kind: crash, target: c, replicas: 1 } ] }
`);
  const { result, outcomes } = runOutcomes(d, { scenario: "s" });
  expect(outcomes.map((o) => o.sentAt)).toEqual([100, 200, 300, 1100]);
  expect(result.components.c!.failed).toBe(0);
  // 100 → 350, 200 → 450, 300 waits to 350 → 600 (300 ms), 1100 → 1350: mean (250·3 + 300) / 4.
  expect(result.topics.ev!.delivered).toBe(4);
  expect(result.topics.ev!.latency.mean).toBe(262.5);
  expect(result.topics.ev!.latency.max).toBe(300);
});

it("a latency fault's hold that outlives its execution does not end the execution's next life", () => {
  // a: one slot, 10 ms of work; a latency fault adds 150 ms, held after the work.
  // Request 100 works 100–110 and holds to 260; a crash at 120 (2 ms, no cold start) fails it
  // (20 ms, crashed) and its execution goes back to the pool with the hold's end still due at 260.
  // Request 200 takes the pooled execution: works 200–210, holds to 360: ok in 160 ms. The stale
  // hold end at 260 must not end it (it would: 60 ms). Request 300 waits for the slot until 360,
  // works to 370 and holds to 520, past the 450 ms end.
  const d = design(`archsim: 1
components:
  a: { kind: service, concurrency: 1, operations: { op: { work: 10ms } } }
workloads:
  w: { entry: a.op, rate: 10, arrivals: constant }
scenarios:
  s:
    workload: w
    duration: 450ms
    faults:
      - { at: 0s, for: 1s, kind: latency, target: a, add: 150ms }
      - { at: 120ms, for: 2ms, kind: crash, target: a }
`);
  const { outcomes } = runOutcomes(d, { scenario: "s" });
  expect(outcomes.map(brief)).toEqual([
    [100, 20, "crashed"],
    [200, 160, "ok"],
  ]);
});
