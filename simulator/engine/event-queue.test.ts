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

describe("EventQueue delay lines", () => {
  it("numbers lines from 0 and merges them with the heap by (time, sequence)", () => {
    const q = new EventQueue<string>(16);
    expect(q.addLine()).toBe(0);
    expect(q.addLine()).toBe(1);
    q.pushLine(0, 5, 1, "line0@5", 7);
    q.push(3, 2, "heap@3", 8);
    q.pushLine(1, 4, 3, "line1@4");
    q.push(6, 4, "heap@6");
    q.pushLine(0, 9, 5, "line0@9");
    expect(q.size).toBe(5);
    expect(q.peekTime()).toBe(3);
    const popped: [number, number, number, string | undefined][] = [];
    while (q.pop()) popped.push([q.time, q.kind, q.gen, q.obj]);
    expect(popped).toEqual([
      [3, 2, 8, "heap@3"],
      [4, 3, 0, "line1@4"],
      [5, 1, 7, "line0@5"],
      [6, 4, 0, "heap@6"],
      [9, 5, 0, "line0@9"],
    ]);
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBe(false);
  });

  it("breaks ties of time by the order of pushing, between heap and lines and between lines", () => {
    const q = new EventQueue<string>(16);
    q.addLine();
    q.addLine();
    q.pushLine(1, 10, 0, "a");
    q.push(10, 0, "b");
    q.pushLine(0, 10, 0, "c");
    q.push(10, 0, "d");
    q.pushLine(1, 10, 0, "e");
    q.pushLine(0, 10, 0, "f");
    const order: (string | undefined)[] = [];
    while (q.pop()) order.push(q.obj);
    expect(order).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  it("a heap event pushed first wins a tie with a line event, and a line event pushed first wins too", () => {
    const first = new EventQueue<string>(16);
    first.addLine();
    first.push(1, 0, "heap");
    first.pushLine(0, 1, 0, "line");
    first.pop();
    expect(first.obj).toBe("heap");
    const second = new EventQueue<string>(16);
    second.addLine();
    second.pushLine(0, 1, 0, "line");
    second.push(1, 0, "heap");
    second.pop();
    expect(second.obj).toBe("line");
  });

  it("popBefore removes nothing when the earliest event, in a line or the heap, is not before the limit", () => {
    const q = new EventQueue<string>(16);
    q.addLine();
    q.pushLine(0, 5, 0, "line");
    q.push(7, 0, "heap");
    expect(q.popBefore(5)).toBe(false);
    expect(q.size).toBe(2);
    expect(q.popBefore(5.5)).toBe(true);
    expect([q.time, q.obj]).toEqual([5, "line"]);
    expect(q.popBefore(7)).toBe(false);
    expect(q.size).toBe(1);
    expect(q.popBefore(8)).toBe(true);
    expect([q.time, q.obj]).toEqual([7, "heap"]);
    expect(q.popBefore(Infinity)).toBe(false);
  });

  it("refuses a NaN time on the heap and on a line", () => {
    const q = new EventQueue(16);
    q.addLine();
    expect(() => q.push(NaN, 3, null)).toThrow(/time NaN \(kind 3\)/);
    expect(() => q.pushLine(0, NaN, 4, null)).toThrow(/time NaN \(kind 4\)/);
    expect(q.size).toBe(0);
  });

  it("a line grows past 64 entries while wrapped around, keeping its order", () => {
    const q = new EventQueue<number>(16);
    q.addLine();
    let next = 0;
    for (let i = 0; i < 50; i++) q.pushLine(0, next, 0, next++);
    for (let i = 0; i < 40; i++) {
      expect(q.pop()).toBe(true);
      expect(q.obj).toBe(i);
    }
    // 10 left, head at 40: 200 more wrap around the ring and make it grow twice.
    for (let i = 0; i < 200; i++) q.pushLine(0, next, i % 5, next++, i);
    expect(q.size).toBe(210);
    for (let i = 40; i < 250; i++) {
      expect(q.pop()).toBe(true);
      expect([q.time, q.obj]).toEqual([i, i]);
      if (i >= 50) expect([q.kind, q.gen]).toEqual([(i - 50) % 5, i - 50]);
    }
    expect(q.pop()).toBe(false);
  });

  it("pops heap and lines in (time, insertion order), as a sorted-array oracle does", () => {
    const delays = [0, 1, 3];
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant("heap" as const), x: fc.integer({ min: 0, max: 6 }) }),
            fc.record({ op: fc.constant("line" as const), x: fc.integer({ min: 0, max: delays.length - 1 }) }),
            fc.record({ op: fc.constant("pop" as const), x: fc.constant(0) }),
          ),
          { maxLength: 300 },
        ),
        (ops) => {
          const q = new EventQueue<number>(16);
          for (let l = 0; l < delays.length; l++) q.addLine();
          const oracle: { t: number; id: number }[] = [];
          let now = 0;
          let id = 0;
          for (const { op, x } of ops) {
            if (op === "pop") {
              const expected = oracle.shift();
              expect(q.pop()).toBe(expected !== undefined);
              if (expected) {
                expect([q.time, q.obj, q.kind, q.gen]).toEqual([
                  expected.t,
                  expected.id,
                  expected.id % 3,
                  expected.id * 2,
                ]);
                now = expected.t;
              }
            } else {
              // As in a run: events are scheduled from the current time; a line holds one constant delay.
              const t = now + (op === "heap" ? x : delays[x]!);
              if (op === "heap") q.push(t, id % 3, id, id * 2);
              else q.pushLine(x, t, id % 3, id, id * 2);
              oracle.push({ t, id });
              oracle.sort((a, b) => a.t - b.t || a.id - b.id);
              id++;
            }
            expect(q.size).toBe(oracle.length);
            expect(q.peekTime()).toBe(oracle[0]?.t ?? Infinity);
          }
        },
      ),
    );
  });

  it("runs an event pushed later with a reserved sequence number where it would have run if pushed then", () => {
    const q = new EventQueue<string>();
    const early = q.reserveSeq();
    q.push(5, 1, "pushed first at 5");
    q.push(5, 2, "pushed second at 5");
    const later = q.reserveSeq();
    q.push(5, 3, "pushed third at 5");
    // Pushed last, but with the sequence numbers taken before the others: they sort by (time, sequence).
    q.pushInOrder(5, later, 4, "reserved between second and third");
    q.pushInOrder(5, early, 5, "reserved first");
    q.pushInOrder(4, later, 6, "earlier time");
    const order: string[] = [];
    while (q.pop()) order.push(q.obj!);
    expect(order).toEqual([
      "earlier time",
      "reserved first",
      "pushed first at 5",
      "pushed second at 5",
      "reserved between second and third",
      "pushed third at 5",
    ]);
  });
});
