/**
 * The lifecycle of a run in the designer, as an xstate machine: what the run panel's buttons
 * may do in each state. The machine holds no run; the panel starts and controls the
 * simulation client and tells the machine what happened (DONE, FAIL) so the two agree.
 */
import { setup, type SnapshotFrom } from "xstate";

export type RunMachineEvent =
  | { type: "RUN" }
  | { type: "PAUSE" }
  | { type: "RESUME" }
  | { type: "STOP" }
  | { type: "RESTART" }
  | { type: "DONE" }
  | { type: "FAIL" }
  /** The design or its scenarios changed: whatever ran is gone. */
  | { type: "RESET" };

export const runMachine = setup({ types: { events: {} as RunMachineEvent } }).createMachine({
  id: "run",
  initial: "idle",
  on: { RESET: ".idle" },
  states: {
    idle: { on: { RUN: "running" } },
    running: {
      on: {
        PAUSE: "paused",
        STOP: "stopped",
        DONE: "finished",
        FAIL: "failed",
        RESTART: { target: "running", reenter: true },
      },
    },
    paused: {
      on: { RESUME: "running", STOP: "stopped", FAIL: "failed", RESTART: "running" },
    },
    finished: { on: { RUN: "running", RESTART: "running" } },
    stopped: { on: { RUN: "running", RESTART: "running" } },
    failed: { on: { RUN: "running", RESTART: "running" } },
  },
});

export type RunPhase = "idle" | "running" | "paused" | "finished" | "stopped" | "failed";

/** Which of the panel's buttons are enabled in a phase (the machine's `can`, as a table). */
export type RunControls = Record<"run" | "pause" | "resume" | "stop" | "restart", boolean>;

/** The buttons a snapshot of the machine allows. */
export function getRunControls(snapshot: SnapshotFrom<typeof runMachine>): RunControls {
  return {
    run: snapshot.can({ type: "RUN" }),
    pause: snapshot.can({ type: "PAUSE" }),
    resume: snapshot.can({ type: "RESUME" }),
    stop: snapshot.can({ type: "STOP" }),
    restart: snapshot.can({ type: "RESTART" }),
  };
}
