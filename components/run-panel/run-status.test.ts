import { describe, expect, it } from "vitest";
import type { RunSnapshot, SimulationResult } from "../../simulator";
import { formatSeconds, getReadoutRows, getRunStatusLine } from "./run-status";

const result = (patch: Partial<SimulationResult>) =>
  ({ partial: false, simulatedSeconds: 300, requests: { total: 57812 }, ...patch }) as SimulationResult;

describe("getRunStatusLine", () => {
  it("says what a finished run did", () => {
    expect(getRunStatusLine("finished", result({}), null)).toBe("Done: 57,812 requests in 300 s simulated.");
  });
  it("shows a partial result as partial, with its reason", () => {
    expect(
      getRunStatusLine("finished", result({ partial: true, stopReason: "inFlight", simulatedSeconds: 42.5 }), null),
    ).toBe("Partial result after 42.5 s: more than 1,000,000 requests in flight at once (the overload never drains).");
    expect(getRunStatusLine("finished", result({ partial: true, stopReason: "messages" }), null)).toBe(
      "Partial result after 300 s: more than 2,000,000 message copies unresolved at once (a publish loop or a flood).",
    );
    expect(
      getRunStatusLine(
        "finished",
        result({ partial: true, stopReason: "executions", simulatedSeconds: 1.670163 }),
        null,
      ),
    ).toBe(
      "Partial result after 1.7 s: more than 500,000 executions live at once (requests arrive faster than they finish and pile up, or a fan-out multiplies).",
    );
  });
  it("gives the error of a failed run", () => {
    expect(getRunStatusLine("failed", null, 'there is no scenario "x"')).toBe(
      'The run failed: there is no scenario "x"',
    );
  });
  it.each([
    ["idle", "Choose a scenario and press Run."],
    ["running", "Running…"],
    ["paused", "Paused."],
    ["stopped", "Stopped."],
  ])("%s: %s", (phase, line) => expect(getRunStatusLine(phase, null, null)).toBe(line));
  it("formats seconds", () => {
    expect([formatSeconds(3), formatSeconds(3.25)]).toEqual(["3 s", "3.3 s"]);
  });
});

describe("getReadoutRows", () => {
  const snap = (t: number, count: number, failed: number, rejected: number, depth: number) =>
    ({
      t,
      routes: { "POST /orders": { count, failed, rejected, p50: 1, p95: 2, p99: 10 + t } },
      topics: { "order.created": { depth } },
    }) as unknown as RunSnapshot;
  const snaps = [snap(0, 100, 0, 0, 5), snap(1, 100, 10, 30, 50), snap(2, 100, 0, 0, 20)];

  it("sums the seconds so far, rejections counted as not answered well; depth now and peak", () => {
    expect(getReadoutRows(snaps, null, null)).toEqual({
      routes: [["POST /orders", { count: 300, failed: 40, p99: 12 }]],
      topics: [["order.created", { depth: 20, peak: 50 }]],
    });
  });
  it("stops at the timeline's cursor", () => {
    expect(getReadoutRows(snaps, null, 1)).toEqual({
      routes: [["POST /orders", { count: 200, failed: 40, p99: 11 }]],
      topics: [["order.created", { depth: 50, peak: 50 }]],
    });
  });
  it("takes a finished run's own figures while following the run, not while scrubbed back", () => {
    const done = {
      routes: { "POST /orders": { count: 250, succeeded: 240, latency: { p99: 9 } } },
    } as unknown as SimulationResult;
    expect(getReadoutRows(snaps, done, null).routes).toEqual([["POST /orders", { count: 250, failed: 10, p99: 9 }]]);
    expect(getReadoutRows(snaps, done, 0).routes).toEqual([["POST /orders", { count: 100, failed: 0, p99: 10 }]]);
  });
});
