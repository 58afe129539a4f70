import { describe, expect, it } from "vitest";
import type { SimulationResult } from "../../simulator";
import { formatSeconds, getRunStatusLine } from "./run-status";

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
