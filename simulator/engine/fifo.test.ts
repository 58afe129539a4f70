import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fifo } from "./fifo";

describe("Fifo", () => {
  it("is first in, first out; peek looks at the head without taking it", () => {
    const f = new Fifo<number>();
    expect([f.length, f.peek(), f.shift()]).toEqual([0, undefined, undefined]);
    f.push(1);
    f.push(2);
    f.push(3);
    expect(f.length).toBe(3);
    expect(f.peek()).toBe(1);
    expect(f.shift()).toBe(1);
    expect(f.peek()).toBe(2);
    expect(f.length).toBe(2);
  });

  it("unshift puts an element back at the head, also on an empty queue (wrapping below index 0)", () => {
    const f = new Fifo<string>();
    f.unshift("b");
    f.unshift("a");
    f.push("c");
    expect(f.peek()).toBe("a");
    expect(f.drain()).toEqual(["a", "b", "c"]);
    expect(f.length).toBe(0);
    expect(f.drain()).toEqual([]);
  });

  it("grows when full, from pushes or unshifts, with the ring wrapped", () => {
    const f = new Fifo<number>(3); // rounds up to 8
    for (let i = 0; i < 6; i++) f.push(i);
    for (let i = 0; i < 4; i++) f.shift();
    // 4, 5 at indices 4 and 5; six more wrap around, the seventh and eighth grow the ring.
    for (let i = 6; i < 14; i++) f.push(i);
    f.unshift(3);
    f.unshift(2);
    for (let i = 0; i < 20; i++) f.unshift(-i - 1);
    expect(f.length).toBe(32);
    expect(f.drain()).toEqual([
      ...Array.from({ length: 20 }, (_, i) => i - 20),
      ...Array.from({ length: 12 }, (_, i) => i + 2),
    ]);
  });

  it("a large initial capacity holds that many before it grows, and behaves the same", () => {
    const f = new Fifo<number>(100);
    for (let i = 0; i < 300; i++) f.push(i);
    expect(f.drain()).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it("behaves as an array used as a deque, whatever the operations", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("push", "unshift", "shift", "peek", "drain"), { maxLength: 300 }),
        fc.integer({ min: 0, max: 40 }),
        (ops, capacity) => {
          const f = new Fifo<number>(capacity);
          const model: number[] = [];
          let id = 0;
          for (const op of ops) {
            if (op === "push") {
              f.push(id);
              model.push(id++);
            } else if (op === "unshift") {
              f.unshift(id);
              model.unshift(id++);
            } else if (op === "shift") expect(f.shift()).toBe(model.shift());
            else if (op === "peek") expect(f.peek()).toBe(model[0]);
            else expect(f.drain()).toEqual(model.splice(0));
            expect(f.length).toBe(model.length);
          }
          expect(f.drain()).toEqual(model);
        },
      ),
    );
  });
});
