import { describe, expect, it } from "vitest";
import { TimeoutList } from "./timeout-list";

/** The entries from head to tail, read the way the engine reads them. */
function entries(list: TimeoutList): [unknown, number, number, number][] {
  const out: [unknown, number, number, number][] = [];
  const mask = list.ats.length - 1;
  for (let k = 0; k < list.n; k++) {
    const i = (list.head + k) & mask;
    out.push([list.calls[i], list.gens[i]!, list.ats[i]!, list.seqs[i]!]);
  }
  return out;
}

describe("TimeoutList", () => {
  it("starts empty and unscheduled", () => {
    const list = new TimeoutList();
    expect([list.n, list.head, list.scheduled]).toEqual([0, 0, false]);
  });

  it("keeps entries in the order pushed; shift drops the head and releases its call", () => {
    const list = new TimeoutList();
    const a = { id: "a" };
    const b = { id: "b" };
    list.push(a, 1, 10, 7);
    list.push(b, 2, 20, 9);
    expect(entries(list)).toEqual([
      [a, 1, 10, 7],
      [b, 2, 20, 9],
    ]);
    const slot = list.head;
    list.shift();
    expect(list.calls[slot]).toBeUndefined();
    expect(list.n).toBe(1);
    expect(entries(list)).toEqual([[b, 2, 20, 9]]);
  });

  it("wraps around its ring and grows past 64 entries with the order intact", () => {
    const list = new TimeoutList();
    for (let i = 0; i < 60; i++) list.push(`c${i}`, i, i * 10, i + 1000);
    for (let i = 0; i < 50; i++) list.shift();
    expect(list.head).toBe(50);
    // 10 left; 30 more wrap past the end of the 64-entry ring; 100 more make it grow twice.
    for (let i = 60; i < 90; i++) list.push(`c${i}`, i, i * 10, i + 1000);
    expect(list.ats.length).toBe(64);
    expect(list.head).toBe(50);
    for (let i = 90; i < 190; i++) list.push(`c${i}`, i, i * 10, i + 1000);
    expect(list.ats.length).toBe(256);
    expect(list.head).toBe(0);
    expect(entries(list)).toEqual(
      Array.from({ length: 140 }, (_, k) => [`c${k + 50}`, k + 50, (k + 50) * 10, k + 1050]),
    );
    for (let i = 50; i < 190; i++) {
      expect([list.calls[list.head], list.gens[list.head], list.ats[list.head], list.seqs[list.head]]).toEqual([
        `c${i}`,
        i,
        i * 10,
        i + 1000,
      ]);
      list.shift();
    }
    expect(list.n).toBe(0);
  });

  it("fills exactly 64 entries before it grows", () => {
    const list = new TimeoutList();
    for (let i = 0; i < 64; i++) list.push(i, i, i, i);
    expect(list.ats.length).toBe(64);
    list.push(64, 64, 64, 64);
    expect(list.ats.length).toBe(128);
    expect(entries(list).map((e) => e[0])).toEqual(Array.from({ length: 65 }, (_, i) => i));
  });
});
