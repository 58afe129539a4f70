import { describe, expect, it } from "vitest";
import { createActor } from "xstate";
import { getRunControls, runMachine, type RunMachineEvent } from "./run-machine";

function after(...events: RunMachineEvent["type"][]) {
  const actor = createActor(runMachine).start();
  for (const type of events) actor.send({ type } as RunMachineEvent);
  return actor.getSnapshot();
}

describe("runMachine", () => {
  it.each([
    [[], "idle"],
    [["RUN"], "running"],
    [["RUN", "PAUSE"], "paused"],
    [["RUN", "PAUSE", "RESUME"], "running"],
    [["RUN", "DONE"], "finished"],
    [["RUN", "STOP"], "stopped"],
    [["RUN", "PAUSE", "STOP"], "stopped"],
    [["RUN", "FAIL"], "failed"],
    [["RUN", "DONE", "RUN"], "running"],
    [["RUN", "STOP", "RESTART"], "running"],
    [["RUN", "PAUSE", "RESTART"], "running"],
    [["RUN", "RESET"], "idle"],
    // Events that make no sense in a state are ignored.
    [["PAUSE"], "idle"],
    [["DONE"], "idle"],
    [["RUN", "RESUME"], "running"],
    [["RUN", "DONE", "PAUSE"], "finished"],
    [["RUN", "DONE", "STOP"], "finished"],
    [["RUN", "PAUSE", "DONE"], "paused"],
  ] as [RunMachineEvent["type"][], string][])("after %j it is %s", (events, state) => {
    expect(after(...events).value).toBe(state);
  });

  it.each([
    ["idle", [], { run: true, pause: false, resume: false, stop: false, restart: false }],
    ["running", ["RUN"], { run: false, pause: true, resume: false, stop: true, restart: true }],
    ["paused", ["RUN", "PAUSE"], { run: false, pause: false, resume: true, stop: true, restart: true }],
    ["finished", ["RUN", "DONE"], { run: true, pause: false, resume: false, stop: false, restart: true }],
    ["stopped", ["RUN", "STOP"], { run: true, pause: false, resume: false, stop: false, restart: true }],
    ["failed", ["RUN", "FAIL"], { run: true, pause: false, resume: false, stop: false, restart: true }],
  ] as [string, RunMachineEvent["type"][], object][])("%s enables exactly these buttons", (_, events, controls) => {
    expect(getRunControls(after(...events))).toEqual(controls);
  });
});
