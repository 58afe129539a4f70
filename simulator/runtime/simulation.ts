/**
 * One run of a compiled design: the state, its first events, and the loop that pops
 * events in (time, sequence) order and hands each to the dispatcher.
 */
import type { Fault } from "../../model";
import type { RequestOutcome } from "../options";
import { nextArrival } from "./arrivals";
import { dispatch, PEERS } from "./dispatcher";
import { EventKind } from "./events";
import { addFault, healAll } from "./faults";
import { RunLimitError, type RunLimitReason } from "./limits";
import { createRunMetrics, type RunMetrics } from "./metrics";
import { addDelayLines, SimState, startWindow, type SimulationInit } from "./state";
import { exportTraces, type Trace } from "./trace";

/** Why `runUntil` returned. */
export const enum RunStop {
  /** Simulated time reached `until` (or the end). */
  Reached,
  /** The event budget ran out first. */
  EventBudget,
  /** The check asked to stop (cancelled, wall time, in-flight guard). */
  Checked,
  /** A run limit (limits.ts) was crossed; `limitReason` says which. */
  Limit,
}

/** How often, in events, the loop asks its check whether to stop. */
const CHECK_EVERY = 16384;

export class Simulation {
  private readonly sim: SimState;
  readonly metrics: RunMetrics;
  limitReason: RunLimitReason | null = null;

  constructor(init: SimulationInit) {
    const sim = new SimState(init, PEERS);
    this.sim = sim;
    addDelayLines(sim);
    for (const f of init.faults) addFault(sim, f);
    const first = nextArrival(sim.workload.spec, 0, sim.rng);
    if (first < sim.endMs) sim.queue.push(first, EventKind.Arrival, sim.workload);
    if (sim.warmupMs > 0) sim.queue.push(sim.warmupMs, EventKind.WarmupEnd, null);
    else startWindow(sim);
    if (sim.endMs > 1000) sim.queue.push(1000, EventKind.Tick, null);
    this.metrics = createRunMetrics(sim);
  }

  get now(): number {
    return this.sim.now;
  }
  get events(): number {
    return this.sim.events;
  }
  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.sim.inFlight;
  }

  /** Called at every simulated second boundary with the second that just ended. */
  set onSecond(f: ((t: number) => void) | null) {
    this.sim.onSecond = f;
  }
  set onRequestDone(f: ((o: RequestOutcome) => void) | null) {
    this.sim.onRequestDone = f;
  }
  /** Keep per-second latency quantiles (for timeseries and snapshots). */
  set trackSeconds(on: boolean) {
    this.sim.trackSeconds = on;
  }

  /** The sampled traces kept so far (none when the run records none). */
  traces(): Trace[] {
    return this.sim.tracer === null ? [] : exportTraces(this.sim.tracer, this.sim.now);
  }

  /** Schedules a fault (from the scenario or injected while running). */
  addFault(f: Fault): void {
    addFault(this.sim, f);
  }

  healAll(): void {
    healAll(this.sim);
  }

  /**
   * Processes events with time < until (and < the end) while fewer than `maxEvents` have
   * run in all; `check` is asked every 16,384 events and stops the run by returning true.
   */
  runUntil(until: number, maxEvents: number, check: (() => boolean) | null): RunStop {
    const sim = this.sim;
    const q = sim.queue;
    const limit = Math.min(until, sim.endMs);
    let sinceCheck = 0;
    try {
      for (;;) {
        if (sim.events >= maxEvents) {
          if (q.peekTime() < limit) return RunStop.EventBudget;
          break;
        }
        if (++sinceCheck === CHECK_EVERY) {
          sinceCheck = 0;
          if (check && check()) return RunStop.Checked;
        }
        if (!q.popBefore(limit)) break;
        sim.now = q.time;
        sim.events++;
        dispatch(sim, q.kind, q.obj, q.gen);
      }
    } catch (e) {
      if (!(e instanceof RunLimitError)) throw e;
      this.limitReason = e.reason;
      return RunStop.Limit;
    }
    if (limit > sim.now) sim.now = limit;
    return RunStop.Reached;
  }
}
