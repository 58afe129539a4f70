/**
 * Executions of operations on replicas: slots, FIFO queues (503 when full), work with
 * faults' slowdown and errors, and the hand-back to whoever asked (a request, a call, a
 * delivery).
 *
 * Reads: the replica and its component, faults on it. Writes: slots, queues, completions
 * and latency of the component. Schedules: WorkDone, StepsStart, CallAnswer. Calls:
 * advance (steps), respond (requests), deliveryDone and dispatchTo (broker), removeReplica
 * (lifecycle).
 */
import { sample } from "../engine/sample";
import { EventKind } from "./events";
import {
  Cause,
  ExecPhase,
  ParentKind,
  ReplicaPhase,
  Strand,
  type Call,
  type Copy,
  type Exec,
  type Replica,
  type Request,
} from "./entities";
import { netDelay, pushFrame, schedule, touch, type SimState } from "./state";
import { traceExecDone, traceSlot } from "./trace-hooks";

/** Takes a slot, or waits FIFO in the replica's queue; false when the queue is full (503). */
export function admit(sim: SimState, exec: Exec): boolean {
  const rep = exec.replica;
  const comp = exec.component;
  if (rep.busy < comp.spec.concurrency && rep.queue.length === 0) {
    startExec(sim, exec);
    return true;
  }
  if (rep.queue.length < comp.spec.queue) {
    touch(sim, comp);
    comp.queued++;
    rep.queue.push(exec);
    return true;
  }
  return false;
}

export function holdSlot(sim: SimState, exec: Exec): void {
  const rep = exec.replica;
  const comp = exec.component;
  touch(sim, comp);
  rep.busy++;
  comp.busy++;
  exec.phase = ExecPhase.Running;
  exec.slotPos = rep.running.length;
  rep.running.push(exec);
  if (exec.tr !== null) traceSlot(sim, exec);
}

function startExec(sim: SimState, exec: Exec): void {
  holdSlot(sim, exec);
  beginWork(sim, exec, false);
}

/** Starts the operation's work (CPU time, slowed by faults, plus observability overhead). */
export function beginWork(sim: SimState, exec: Exec, delivered: boolean): void {
  const comp = exec.component;
  const op = exec.op;
  if (delivered) exec.arrivedAt = sim.now;
  let w = op.work.isZero ? 0 : sample(op.work, sim.rng);
  if (comp.slowdown !== 1 && w !== 0) w *= comp.slowdown;
  // A crashed observability component still costs its overhead: the format says it has no effect.
  if (op.observed) for (let i = 0; i < sim.observability.length; i++) w += sample(sim.observability[i]!, sim.rng);
  touch(sim, comp);
  comp.working++;
  exec.inWork = true;
  schedule(sim, w, EventKind.WorkDone, exec, exec.gen);
}

export function onWorkDone(sim: SimState, exec: Exec, gen: number): void {
  if (exec.gen !== gen) return;
  const comp = exec.component;
  touch(sim, comp);
  comp.working--;
  exec.inWork = false;
  // The failure is drawn when work ends; a latency fault's `add` still holds the slot first.
  const p = exec.op.errorRate;
  const fp = comp.faultErrorRate;
  exec.failed = (p > 0 || fp > 0) && sim.rng.next() < 1 - (1 - p) * (1 - fp);
  if (comp.addedLatency.length > 0 && holdForLatencyFaults(sim, exec)) return;
  if (exec.failed) return finishExec(sim, exec, Cause.Error);
  runSteps(sim, exec);
}

/** Latency faults hold the slot for their added time; true when they added any. */
function holdForLatencyFaults(sim: SimState, exec: Exec): boolean {
  let d = 0;
  for (const s of exec.component.addedLatency) d += sample(s, sim.rng);
  if (d <= 0) return false;
  schedule(sim, d, EventKind.StepsStart, exec, exec.gen);
  return true;
}

/** After a latency fault's hold: the failure drawn at the end of work, or the steps. */
export function onStepsStart(sim: SimState, exec: Exec, gen: number): void {
  if (exec.gen !== gen) return;
  if (exec.failed) return finishExec(sim, exec, Cause.Error);
  runSteps(sim, exec);
}

function runSteps(sim: SimState, exec: Exec): void {
  const steps = exec.op.steps;
  if (steps.length === 0) return finishExec(sim, exec, Cause.Ok);
  const s = (sim.strandPool.pop() ?? new Strand()).init(exec, exec.gen, null, null);
  exec.strand = s;
  pushFrame(s, steps, false);
  sim.peers.advance(sim, s);
}

/** Ends an execution: frees its slot, records it, tells its parent, then lets the next one in. */
export function finishExec(sim: SimState, exec: Exec, cause: Cause): void {
  const rep = exec.replica;
  const comp = exec.component;
  const wasRunning = exec.phase === ExecPhase.Running;
  if (exec.tr !== null) traceExecDone(sim, exec, cause, wasRunning);
  exec.gen++;
  if (wasRunning) {
    touch(sim, comp);
    if (exec.inWork) {
      comp.working--;
      exec.inWork = false;
    }
    const last = rep.running.pop()!;
    if (last !== exec) {
      rep.running[exec.slotPos] = last;
      last.slotPos = exec.slotPos;
    }
    rep.busy--;
    comp.busy--;
    comp.secondCompletions++;
    if (cause !== Cause.Ok) comp.secondFailed++;
    if (sim.now >= sim.warmupMs) {
      comp.completions++;
      if (cause !== Cause.Ok) comp.failed++;
      else comp.latency.record(sim.now - exec.arrivedAt);
    }
  } else if (cause !== Cause.Ok) {
    comp.secondFailed++;
    if (sim.now >= sim.warmupMs) comp.failed++;
  }
  exec.phase = ExecPhase.Done;
  notifyParent(sim, exec, cause);
  if (wasRunning) afterRelease(sim, rep);
  // Back to the pools: every later event for this life carries an older generation.
  const s = exec.strand;
  if (s !== null) {
    exec.strand = null;
    sim.strandPool.push(s);
  }
  sim.execPool.push(exec);
  sim.liveExecutions--;
}

function notifyParent(sim: SimState, exec: Exec, cause: Cause): void {
  switch (exec.parentKind) {
    case ParentKind.Request: {
      const r = exec.parent as Request;
      if (r.gen === exec.parentGen) sim.peers.respond(sim, r, cause);
      return;
    }
    case ParentKind.Call: {
      const call = exec.parent as Call;
      if (call.attemptGen !== exec.parentGen) return; // timed out: the work was wasted
      schedule(sim, netDelay(sim), EventKind.CallAnswer + cause, call, exec.parentGen);
      return;
    }
    case ParentKind.Delivery:
      return sim.peers.deliveryDone(sim, exec.parent as Copy, cause, exec.replica);
  }
}

/** A slot came free: the replica's queue goes first, then the broker's waiting messages. */
function afterRelease(sim: SimState, rep: Replica): void {
  const phase = rep.phase;
  if (phase !== ReplicaPhase.Up && phase !== ReplicaPhase.Draining) return;
  const comp = rep.component;
  if (rep.queue.length > 0) {
    const next = rep.queue.shift()!;
    touch(sim, comp);
    comp.queued--;
    startExec(sim, next);
    return;
  }
  if (phase === ReplicaPhase.Up) {
    if (comp.spec.subscriptions.length > 0) sim.peers.dispatchTo(sim, rep);
  } else if (rep.busy === 0 && rep.incoming === 0) {
    sim.peers.removeReplica(sim, rep);
  }
}
