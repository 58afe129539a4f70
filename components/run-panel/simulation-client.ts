/**
 * A simulation seen from the page: start, pause, resume, change speed, stop, and read it
 * through `subscribe(listener)` / `getSnapshot()` (the contract of a zustand store or an xstate
 * actor), so a socket.io session could stand behind the same interface. Each run gets its own
 * Web Worker (simulation.worker.ts); stop, a new run and dispose terminate it, so no worker
 * outlives its run. Every event from the worker is validated (protocol.ts) before it is used.
 */
import type { Fault } from "../../model";
import type { RunSnapshot, SimulationResult, Trace } from "../../simulator";
import {
  parseRunEvent,
  type FaultInput,
  type RunCommandMessage,
  type RunSpeed,
  type StartCommand,
} from "../../simulator/protocol";

/** The part of a Worker the client uses (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: RunCommandMessage): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export type SimulationStatus = "idle" | "running" | "paused" | "done" | "stopped" | "failed";

export type SimulationClientSnapshot = {
  status: SimulationStatus;
  /** Snapshots received in this run, in simulated order. */
  snapshots: readonly RunSnapshot[];
  simulatedMs: number;
  durationMs: number;
  result: SimulationResult | null;
  error: string | null;
  /** Whether this client has a worker alive now. */
  workerAlive: boolean;
  /** Faults injected during this run, with the simulated ms each took effect, and when all were healed. */
  injected: readonly { fault: Fault; atMs: number }[];
  healedAtMs: readonly number[];
  /** Sampled request traces: those kept when the run ended (or was last paused). */
  traces: readonly Trace[];
  /** Why the last injection or heal was refused (RUN_FAULT_LIMIT reached), for the fault log; else null. */
  faultRefusal: string | null;
};

/**
 * Faults one run takes by injection, and as many heals ("Recover all"): `injected` and
 * `healedAtMs` grow with every click, so past this many further ones are refused with a note.
 */
export const RUN_FAULT_LIMIT = 1000;

export interface SimulationClient {
  subscribe(listener: () => void): () => void;
  getSnapshot(): SimulationClientSnapshot;
  start(command: Omit<StartCommand, "type">, durationMs: number): void;
  pause(): void;
  resume(): void;
  setSpeed(speed: RunSpeed): void;
  stop(): void;
  /** A fault now, as written in a scenario; the run reports when it took effect. */
  inject(fault: FaultInput): void;
  /** Ends every active fault now. */
  heal(): void;
  /** Ends the worker and forgets the run (unmount, another design). */
  dispose(): void;
}

export type SimulationClientOptions = {
  /** Called with each batch of snapshots as it arrives (for the live metrics store). */
  onSnapshots?: (batch: readonly RunSnapshot[]) => void;
};

const IDLE: SimulationClientSnapshot = {
  status: "idle",
  snapshots: [],
  simulatedMs: 0,
  durationMs: 0,
  result: null,
  error: null,
  workerAlive: false,
  injected: [],
  healedAtMs: [],
  traces: [],
  faultRefusal: null,
};

export function createWorker(): WorkerLike {
  return new Worker(new URL("./simulation.worker.ts", import.meta.url), { type: "module" }) as WorkerLike;
}

/**
 * A client over workers made by `makeWorker`.
 * @example
 * const client = createSimulationClient(createWorker);
 * client.start({ design: { text }, scenario: "payment-outage", seed: 1, speed: "max" }, 300_000);
 */
export function createSimulationClient(
  makeWorker: () => WorkerLike,
  options: SimulationClientOptions = {},
): SimulationClient {
  let snapshot = IDLE;
  let worker: WorkerLike | null = null;
  // Injections and heals asked of this run's worker (its answers come later), against RUN_FAULT_LIMIT.
  let injectsAsked = 0;
  let healsAsked = 0;
  const listeners = new Set<() => void>();

  const set = (patch: Partial<SimulationClientSnapshot>) => {
    snapshot = { ...snapshot, ...patch };
    for (const l of listeners) l();
  };

  const endWorker = () => {
    if (!worker) return;
    worker.onmessage = null;
    worker.onerror = null;
    worker.terminate();
    worker = null;
  };

  const fail = (message: string) => {
    endWorker();
    set({ status: "failed", error: message, workerAlive: false });
  };

  const client: SimulationClient = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    start(command, durationMs) {
      endWorker();
      let w: WorkerLike;
      try {
        w = worker = makeWorker();
      } catch (e) {
        fail(`the simulation could not start: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      w.onmessage = ({ data }) => {
        if (worker !== w) return;
        const parsed = parseRunEvent(data);
        if (!parsed.ok) return fail(`the simulation sent a malformed message (${parsed.message})`);
        const event = parsed.event;
        switch (event.type) {
          case "snapshots": {
            const last = event.snapshots.at(-1);
            set({
              snapshots: [...snapshot.snapshots, ...event.snapshots],
              simulatedMs: last ? Math.max(snapshot.simulatedMs, last.simulatedMs) : snapshot.simulatedMs,
            });
            options.onSnapshots?.(event.snapshots);
            return;
          }
          case "progress":
            return set({ simulatedMs: event.simulatedMs, durationMs: event.durationMs });
          case "done":
            endWorker();
            return set({
              status: "done",
              result: event.result,
              simulatedMs: event.result.simulatedSeconds * 1000,
              workerAlive: false,
            });
          case "error":
            return fail(event.message);
          case "injected":
            if (snapshot.injected.length >= RUN_FAULT_LIMIT) return;
            return set({ injected: [...snapshot.injected, { fault: event.fault, atMs: event.atMs }] });
          case "healed":
            if (snapshot.healedAtMs.length >= RUN_FAULT_LIMIT) return;
            return set({ healedAtMs: [...snapshot.healedAtMs, event.atMs] });
          case "traces":
            return set({ traces: event.traces });
        }
      };
      w.onerror = (e) => {
        e.preventDefault?.();
        fail(`the simulation stopped: ${e.message || "the worker failed"}`);
      };
      injectsAsked = healsAsked = 0;
      set({ ...IDLE, status: "running", durationMs, workerAlive: true });
      w.postMessage({ type: "start", ...command });
    },
    pause() {
      if (snapshot.status !== "running" || !worker) return;
      worker.postMessage({ type: "pause" });
      set({ status: "paused" });
    },
    resume() {
      if (snapshot.status !== "paused" || !worker) return;
      worker.postMessage({ type: "resume" });
      set({ status: "running" });
    },
    setSpeed(speed) {
      worker?.postMessage({ type: "setSpeed", speed });
    },
    stop() {
      if (snapshot.status !== "running" && snapshot.status !== "paused") return;
      endWorker();
      set({ status: "stopped", workerAlive: false });
    },
    inject(fault) {
      if ((snapshot.status !== "running" && snapshot.status !== "paused") || !worker) return;
      if (injectsAsked >= RUN_FAULT_LIMIT) return set({ faultRefusal: refusal("faults injected") });
      injectsAsked++;
      worker.postMessage({ type: "inject", fault });
    },
    heal() {
      if ((snapshot.status !== "running" && snapshot.status !== "paused") || !worker) return;
      if (healsAsked >= RUN_FAULT_LIMIT) return set({ faultRefusal: refusal("recoveries") });
      healsAsked++;
      worker.postMessage({ type: "heal" });
    },
    dispose() {
      endWorker();
      snapshot = IDLE;
      for (const l of listeners) l();
    },
  };
  return client;
}

function refusal(what: string): string {
  return `Not done: a run takes at most ${RUN_FAULT_LIMIT.toLocaleString("en-US")} ${what}. Restart the run to inject more.`;
}
