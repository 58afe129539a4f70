import { describe, expect, it } from "vitest";
import type { FaultSpan } from "../../model/scenario-faults";
import {
  formatSecondsShort,
  formatTick,
  getPointerSecond,
  getScrubKey,
  getTicks,
  getTimelineBands,
  TIMELINE_LANE_LIMIT,
} from "./run-timeline-model";

describe("the scrubber's keys", () => {
  it("arrows ±1 s, Page Up/Down ±10 s, Home the first second held, End back to live, clamped", () => {
    expect(getScrubKey("ArrowLeft", 42, 0, 120)).toBe(41);
    expect(getScrubKey("ArrowDown", 42, 0, 120)).toBe(41);
    expect(getScrubKey("ArrowRight", 42, 0, 120)).toBe(43);
    expect(getScrubKey("ArrowUp", 120, 0, 120)).toBe("live");
    // Reaching the latest second follows the run again instead of freezing on it.
    expect(getScrubKey("ArrowRight", 119, 0, 120)).toBe("live");
    expect(getScrubKey("ArrowRight", 120, 0, 120)).toBe("live");
    expect(getScrubKey("PageUp", 115, 0, 120)).toBe("live");
    expect(getScrubKey("ArrowLeft", 120, 0, 120)).toBe(119);
    expect(getScrubKey("PageUp", 42, 0, 120)).toBe(52);
    expect(getScrubKey("PageDown", 5, 0, 120)).toBe(0);
    expect(getScrubKey("PageDown", 20, 12, 120)).toBe(12);
    expect(getScrubKey("Home", 42, 7, 120)).toBe(7);
    expect(getScrubKey("End", 42, 0, 120)).toBe("live");
    expect(getScrubKey("a", 42, 0, 120)).toBeNull();
  });

  it("a pointer's second: the second under it, within what can be shown", () => {
    // A 300 px track over 300 s: 1 px a second.
    expect(getPointerSecond(190.5, 100, 300, 300, 0, 299)).toBe(90);
    expect(getPointerSecond(50, 100, 300, 300, 0, 299)).toBe(0);
    expect(getPointerSecond(390, 100, 300, 300, 0, 120)).toBe("live"); // past what was simulated: follow the run
    expect(getPointerSecond(220, 100, 300, 300, 0, 120)).toBe("live"); // on the latest second
    expect(getPointerSecond(219.5, 100, 300, 300, 0, 120)).toBe(119);
    expect(getPointerSecond(110, 100, 300, 300, 30, 120)).toBe(30); // before the ring's first
  });
});

describe("the axis", () => {
  it("round steps, at most six intervals", () => {
    expect(getTicks(300)).toEqual([0, 60, 120, 180, 240, 300]);
    expect(getTicks(120)).toEqual([0, 30, 60, 90, 120]);
    expect(getTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(getTicks(0)).toEqual([0]);
    // One unit per axis, by its duration.
    expect(getTicks(300).map((t) => formatTick(t, 300))).toEqual(["0 s", "60 s", "120 s", "180 s", "240 s", "300 s"]);
    expect(getTicks(1800).map((t) => formatTick(t, 1800))).toEqual([
      "0 min",
      "5 min",
      "10 min",
      "15 min",
      "20 min",
      "25 min",
      "30 min",
    ]);
    expect(formatTick(5400, 6 * 3600)).toBe("1 h 30 min");
    expect(formatTick(7200, 6 * 3600)).toBe("2 h");
    expect(formatTick(0, 6 * 3600)).toBe("0 h");
    expect(formatSecondsShort(42_137)).toBe("42.1 s");
    expect(formatSecondsShort(90_000)).toBe("90 s");
  });
});

describe("fault bands", () => {
  const span = (
    startMs: number,
    endMs: number,
    source: FaultSpan["source"] = "scenario",
    healed = false,
  ): FaultSpan => ({
    fault: { kind: "crash", at: startMs, target: "payment" },
    source,
    startMs,
    endMs,
    healed,
  });

  it("place a fault over the duration, with its times in the tooltip", () => {
    const [band] = getTimelineBands([span(60_000, 150_000)], 300_000, 100_000, true);
    expect(band).toMatchObject({ left: 20, width: 30, lane: 0, open: false, label: "crash payment" });
    expect(band!.title).toBe("crash payment (the scenario's): from 60 s to 150 s");
  });

  it("an injected fault still active reaches now, open; once the run is over it ends at the last second", () => {
    const [active] = getTimelineBands([span(30_000, Infinity, "injected")], 300_000, 90_000, true);
    expect(active).toMatchObject({ left: 10, width: 20, open: true });
    expect(active!.title).toContain("injected during the run): from 30 s until recovered (still active)");
    const [over] = getTimelineBands([span(30_000, Infinity, "injected")], 300_000, 120_000, false);
    expect(over).toMatchObject({ left: 10, width: 30, open: false });
    const [healed] = getTimelineBands([span(30_000, 45_500, "injected", true)], 300_000, 120_000, false);
    expect(healed!.title).toContain("from 30 s to 45.5 s (recovered by hand)");
    const [scenarioForever] = getTimelineBands([span(30_000, Infinity)], 300_000, 60_000, true);
    expect(scenarioForever).toMatchObject({ width: 90 });
  });

  it("overlapping faults go to separate lanes, the first free one, at most TIMELINE_LANE_LIMIT", () => {
    const bands = getTimelineBands(
      [
        span(0, 50_000),
        span(10_000, 20_000),
        span(20_000, 30_000),
        span(25_000, 40_000),
        span(26_000, 40_000),
        span(27_000, 40_000),
        span(60_000, 70_000),
      ],
      100_000,
      100_000,
      false,
    );
    expect(bands.map((b) => b.lane)).toEqual([0, 1, 1, 2, 3, 3, 0]);
    expect(Math.max(...bands.map((b) => b.lane))).toBe(TIMELINE_LANE_LIMIT - 1);
  });
});
