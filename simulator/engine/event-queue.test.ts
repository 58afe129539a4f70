import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "./event-queue";

describe("EventQueue", () => {
  it("pops in (time, insertion order) order, as a sorted-array oracle does, equal times included", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant("push" as const), t: fc.integer({ min: 0, max: 20 }) }),
            fc.record({ op: fc.constant("pop" as const), t: fc.constant(0) }),
          ),
          { maxLength: 400 },
        ),
        (ops) => {
          const q = new EventQueue<number>(16);
          const oracle: { t: number; id: number }[] = [];
          let id = 0;
          for (const { op, t } of ops) {
            if (op === "push") {
              q.push(t, id % 7, id, id * 3);
              oracle.push({ t, id });
              oracle.sort((a, b) => a.t - b.t || a.id - b.id);
              id++;
            } else {
              const expected = oracle.shift();
              expect(q.pop()).toBe(expected !== undefined);
              if (expected) {
                expect([q.time, q.obj, q.kind, q.gen]).toEqual([
                  expected.t,
                  expected.id,
                  expected.id % 7,
                  expected.id * 3,
                ]);
              }
            }
            expect(q.size).toBe(oracle.length);
            expect(q.peekTime()).toBe(oracle[0]?.t ?? Infinity);
          }
        },
      ),
    );
  });

  it("grows past its initial capacity and drains in order", () => {
    const q = new EventQueue<number>(16);
    const times = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 1000);
    times.forEach((t, i) => q.push(t, 0, i));
    let last = -1;
    let n = 0;
    while (q.pop()) {
      expect(q.time).toBeGreaterThanOrEqual(last);
      last = q.time;
      n++;
    }
    expect(n).toBe(10_000);
  });
});
