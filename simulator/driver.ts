/**
 * Drives a steppable run at a speed, with the clock and the scheduler passed in (a Web Worker
 * gives performance.now and setTimeout; tests give fakes). "max" advances in slices and yields
 * between them, so pause and stop messages get through; ×1, ×10 and ×100 keep simulated time
 * at wall time × speed since the last (re)start. Snapshots leave in batches, at most one batch
 * per `batchMs` of wall time, so the page is not flooded at ×100 or at full speed.
 */
import type { Fault } from "../model";
import type { Clock } from "./options";
import type { RunSpeed } from "./protocol";
import type { SimulationResult } from "./result";
import type { RunSnapshot, SimulationRun } from "./run";

/** Runs `task` after `delayMs` of wall time; returns a function that cancels it. */
export interface Scheduler {
  schedule(task: () => void, delayMs: number): () => void;
}

export interface RunDriverOptions {
  run: SimulationRun;
  clock: Clock;
  scheduler: Scheduler;
  speed: RunSpeed;
  onSnapshots(batch: RunSnapshot[]): void;
  onProgress?(simulatedMs: number, durationMs: number): void;
  onDone(result: SimulationResult): void;
  onError(message: string): void;
  /** Wall ms between batches of snapshots (default 100: at most 10 a second). */
  batchMs?: number;
  /** Wall ms between steps in real-time speeds (default 50). */
  tickMs?: number;
  /** Simulated ms per step at full speed (default 5,000; the run also yields after ~100 ms of wall time). */
  maxSliceMs?: number;
}

export type RunDriverState = "running" | "paused" | "done" | "stopped" | "failed";

export interface RunDriver {
  readonly state: RunDriverState;
  readonly speed: RunSpeed;
  pause(): void;
  resume(): void;
  setSpeed(speed: RunSpeed): void;
  /** Cancels the run; no callback is called afterwards. */
  stop(): void;
  /**
   * Adds a fault at the current simulated time (its `at` is replaced); returns that time, or
   * null when the run is over.
   */
  inject(fault: Fault): number | null;
  /** Ends every active fault now; returns the simulated time, or null when the run is over. */
  heal(): number | null;
}

/**
 * Starts driving `run` at once (the first step is scheduled, not run synchronously).
 * @example
 * const driver = startRunDriver({ run, clock: performance, scheduler, speed: 10, onSnapshots, onDone, onError });
 */
export function startRunDriver(options: RunDriverOptions): RunDriver {
  const { run, clock, scheduler } = options;
  const batchMs = options.batchMs ?? 100;
  const tickMs = options.tickMs ?? 50;
  const maxSliceMs = options.maxSliceMs ?? 5_000;
  let state: RunDriverState = "running";
  let speed = options.speed;
  let pending: RunSnapshot[] = [];
  let lastFlush = -Infinity;
  let cancelTick: (() => void) | null = null;
  // Real-time speeds: simulated time = simAtBase + (wall - wallAtBase) × speed.
  let wallAtBase = clock.now();
  let simAtBase = run.simulatedMs;

  const unsubscribe = run.subscribe((s) => pending.push(s));

  const flush = (force: boolean) => {
    const now = clock.now();
    if (pending.length === 0 || (!force && now - lastFlush < batchMs)) return;
    lastFlush = now;
    const batch = pending;
    pending = [];
    options.onSnapshots(batch);
    options.onProgress?.(run.simulatedMs, run.durationMs);
  };

  const rebase = () => {
    wallAtBase = clock.now();
    simAtBase = run.simulatedMs;
  };

  const end = (next: RunDriverState) => {
    state = next;
    cancelTick?.();
    cancelTick = null;
    unsubscribe();
  };

  const schedule = (delayMs: number) => {
    cancelTick = scheduler.schedule(step, delayMs);
  };

  function step(): void {
    cancelTick = null;
    if (state !== "running") return;
    let more: boolean;
    try {
      if (speed === "max") more = run.advance(maxSliceMs);
      else {
        const target = Math.min(run.durationMs, simAtBase + (clock.now() - wallAtBase) * speed);
        const ms = target - run.simulatedMs;
        more = ms > 0 ? run.advance(ms) : !run.done;
      }
      if (!more) {
        const result = run.finish();
        flush(true);
        end("done");
        options.onDone(result);
        return;
      }
    } catch (e) {
      end("failed");
      options.onError(e instanceof Error ? e.message : String(e));
      return;
    }
    flush(false);
    schedule(speed === "max" ? 0 : tickMs);
  }

  schedule(0);
  return {
    get state() {
      return state;
    },
    get speed() {
      return speed;
    },
    pause() {
      if (state !== "running") return;
      state = "paused";
      cancelTick?.();
      cancelTick = null;
      flush(true);
    },
    resume() {
      if (state !== "paused") return;
      state = "running";
      rebase();
      schedule(0);
    },
    setSpeed(next) {
      speed = next;
      rebase();
    },
    stop() {
      if (state === "done" || state === "stopped" || state === "failed") return;
      run.cancel();
      end("stopped");
    },
    inject(fault) {
      if (state !== "running" && state !== "paused") return null;
      const at = run.simulatedMs;
      run.inject({ ...fault, at });
      return at;
    },
    heal() {
      if (state !== "running" && state !== "paused") return null;
      run.healAll();
      return run.simulatedMs;
    },
  };
}
