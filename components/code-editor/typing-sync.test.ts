import { describe, expect, it } from "vitest";
import { createTypingSync } from "./typing-sync";

/** A hand-driven clock: timers fire in order as time advances; paints happen when told. */
function setup(options: { sendTakes?: number } = {}) {
  let time = 1000;
  let seq = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const paints = new Map<number, () => void>();
  const sends: number[] = [];
  const sync = createTypingSync({
    send: () => {
      sends.push(time);
      time += options.sendTakes ?? 0;
    },
    now: () => time,
    later: (run, ms) => {
      const id = ++seq;
      timers.set(id, { at: time + ms, run });
      return () => timers.delete(id);
    },
    afterPaint: (run) => {
      const id = ++seq;
      paints.set(id, run);
      return () => paints.delete(id);
    },
    delayMs: 120,
  });
  const advance = (ms: number) => {
    const end = time + ms;
    for (;;) {
      const next = [...timers].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      timers.delete(next[0]);
      time = Math.max(time, next[1].at);
      next[1].run();
    }
    time = Math.max(time, end);
  };
  const paint = () => {
    const due = [...paints.values()];
    paints.clear();
    for (const run of due) run();
  };
  return { sync, sends, advance, paint, now: () => time };
}

describe("createTypingSync", () => {
  it("sends the first key after a pause once the editor has painted it, not before", () => {
    const { sync, sends, paint, now } = setup();
    sync.typed();
    expect(sends).toEqual([]);
    expect(sync.isPending()).toBe(true);
    paint();
    expect(sends).toEqual([now()]);
    expect(sync.isPending()).toBe(false);
  });

  it("sends a burst once, the delay after its last key", () => {
    const { sync, sends, advance, paint } = setup();
    sync.typed();
    paint(); // the first key: sent at once
    advance(200);
    sync.typed(); // a pause before it: sent on the next paint, unless another key follows first
    advance(50);
    sync.typed();
    paint();
    expect(sends).toEqual([1000]);
    advance(100);
    sync.typed();
    advance(119);
    expect(sends).toEqual([1000]);
    advance(1);
    expect(sends).toEqual([1000, 1470]);
  });

  it("counts keys typed while a slow send ran as a burst", () => {
    const { sync, sends, advance, paint } = setup({ sendTakes: 300 });
    sync.typed();
    paint(); // sent at 1000, done at 1300
    sync.typed(); // at 1300: 300 ms after the last key, but no time after the send
    paint();
    expect(sends).toEqual([1000]);
    advance(120);
    expect(sends).toEqual([1000, 1420]);
  });

  it("flush sends pending typing once, and nothing when none is pending", () => {
    const { sync, sends, advance, paint } = setup();
    sync.flush();
    expect(sends).toEqual([]);
    sync.typed();
    sync.flush();
    expect(sends).toEqual([1000]);
    paint();
    advance(500);
    expect(sends).toEqual([1000]);
  });

  it("sendIn replaces the pending send; dispose drops it", () => {
    const { sync, sends, advance, paint } = setup();
    sync.typed();
    sync.sendIn(0);
    paint();
    expect(sends).toEqual([]);
    advance(0);
    expect(sends).toEqual([1000]);
    advance(500);
    sync.typed();
    sync.dispose();
    expect(sync.isPending()).toBe(false);
    paint();
    advance(500);
    expect(sends).toEqual([1000]);
  });
});
