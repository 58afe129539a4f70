/**
 * A synchronous call's whole life, per caller replica: bulkhead → breaker → attempt →
 * timeout (the callee's work is wasted) → retry with backoff and jitter → done.
 *
 * Reads: the step's resilience, the callee's routable replicas. Writes: calls, bulkhead
 * counts, breakers. Schedules: CallArrive, CallTimeout, CallRetry, CallAnswer. Calls:
 * admit (executions), stepDone (steps), removeReplica (lifecycle).
 */
import type { CircuitBreaker } from "../../model";
import type { CStep } from "../compile";
import { TimeoutList } from "../engine/timeout-list";
import { EventKind } from "./events";
import {
  Breaker,
  BreakerState,
  Call,
  Cause,
  isServing,
  ParentKind,
  ReplicaPhase,
  type Replica,
  type Strand,
} from "./entities";
import { BREAKER_OVERHEAD_BYTES, RunLimitError } from "./limits";
import { discardExec, inWindow, isParted, netDelay, newExec, pickReplica, schedule, type SimState } from "./state";
import {
  fmtMs,
  traceAttempt,
  traceAttemptDone,
  traceBackoff,
  traceCallRefused,
  traceCallStart,
  traceExecOpen,
  traceExecRefused,
} from "./trace-hooks";

export function startCall(sim: SimState, s: Strand, step: CStep): void {
  const caller = s.exec.replica;
  const callee = sim.components[step.target]!;
  const call = new Call(s, s.gen, step, caller, callee);
  if (s.exec.tr !== null) traceCallStart(call, s.exec);
  const limit = step.resilience.bulkhead;
  if (limit !== Infinity) {
    const held = caller.bulkheads ?? (caller.bulkheads = new Int32Array(sim.componentCount));
    if (held[step.target]! >= limit) {
      if (call.tr !== null)
        traceCallRefused(sim, call, Cause.Bulkhead, `bulkhead full: ${limit} call${limit === 1 ? "" : "s"} in flight`);
      return callDone(sim, call, Cause.Bulkhead);
    }
    held[step.target]!++;
    call.bulkheadHeld = true;
  }
  attempt(sim, call);
}

function attempt(sim: SimState, call: Call): void {
  const R = call.step.resilience;
  call.probe = false;
  if (R.breaker) {
    const br = breakerOf(sim, call.caller, call.callee.spec.idx, R.breaker);
    if (br.state === BreakerState.Open) {
      if (sim.now < br.openUntil) {
        if (call.tr !== null)
          traceCallRefused(sim, call, Cause.CircuitOpen, `circuit open until ${fmtMs(br.openUntil)} ms: refused`);
        return callDone(sim, call, Cause.CircuitOpen);
      }
      br.state = BreakerState.HalfOpen;
      br.probesLeft = br.probes;
      br.probesOk = 0;
    }
    if (br.state === BreakerState.HalfOpen) {
      if (br.probesLeft <= 0) {
        if (call.tr !== null)
          traceCallRefused(sim, call, Cause.CircuitOpen, `circuit half-open: its ${br.probes} probes are out: refused`);
        return callDone(sim, call, Cause.CircuitOpen);
      }
      br.probesLeft--;
      call.probe = true;
    }
  }
  call.attempt++;
  const g = ++call.attemptGen;
  call.inAttempt = true;
  if (call.tr !== null) traceAttempt(sim, call);
  if (R.timeout !== Infinity) {
    let list = sim.timeoutLists.get(R.timeout);
    if (list === undefined) sim.timeoutLists.set(R.timeout, (list = new TimeoutList()));
    const at = sim.now + R.timeout;
    const seq = sim.queue.reserveSeq();
    list.push(call, g, at, seq);
    if (!list.scheduled) {
      list.scheduled = true;
      sim.queue.pushInOrder(at, seq, EventKind.CallTimeout, list, 0);
    }
  }
  const from = call.caller.component.spec.idx;
  const to = call.callee.spec.idx;
  if (isParted(sim, from, to)) return attemptDone(sim, call, Cause.Partitioned);
  const rep = pickReplica(sim, call.callee);
  if (rep === null) return attemptDone(sim, call, Cause.Crashed);
  call.target = rep;
  const d = netDelay(sim);
  if (!isServing(rep)) {
    // A stale route (crashed, or restarting and not yet serving): the connection is
    // refused, known after a round trip.
    sim.queue.push(sim.now + d + netDelay(sim), EventKind.CallAnswer + Cause.Crashed, call, g); // rare: no line
    return;
  }
  // Counted until it arrives, so a draining replica does not go away under it.
  rep.incoming++;
  if (d > 0) schedule(sim, d, EventKind.CallArrive, call, g);
  else onCallArrive(sim, call, g);
}

export function onCallArrive(sim: SimState, call: Call, g: number): void {
  const rep = call.target!;
  const callee = call.callee;
  rep.incoming--;
  if (!isServing(rep) || isParted(sim, call.caller.component.spec.idx, callee.spec.idx)) {
    const cause = isServing(rep) ? Cause.Partitioned : Cause.Crashed;
    schedule(sim, netDelay(sim), EventKind.CallAnswer + cause, call, g);
    return;
  }
  const exec = newExec(sim, callee.spec.ops[call.step.op]!, callee, rep, ParentKind.Call, call, g);
  exec.arrivedAt = sim.now;
  if (call.tr !== null) traceExecOpen(sim, exec, call.tr, call.attemptSp);
  if (!sim.peers.admit(sim, exec)) {
    if (exec.tr !== null) traceExecRefused(sim, exec);
    discardExec(sim, exec);
    callee.secondFailed++;
    if (inWindow(sim)) callee.failed++;
    schedule(sim, netDelay(sim), EventKind.CallAnswer + Cause.Rejected, call, g);
    if (rep.phase === ReplicaPhase.Draining && rep.busy === 0 && rep.queue.length === 0 && rep.incoming === 0)
      sim.peers.removeReplica(sim, rep);
  }
}

/**
 * Timeouts of one duration expire in the order they were set, so one heap entry per duration
 * suffices: it stands for the earliest live timeout, with that timeout's own sequence number,
 * so each expires exactly where an event of its own would (ties with answers included).
 */
export function onTimeouts(sim: SimState, list: TimeoutList): void {
  let expired = false;
  while (list.n > 0) {
    const call = list.calls[list.head] as Call;
    const g = list.gens[list.head]!;
    // An attempt that already ended needs no event: drop it now, not at its expiry.
    if (call.attemptGen !== g || !call.inAttempt) {
      list.shift();
      continue;
    }
    // One expiry per event: the next live one, even if due now, waits for its own turn.
    if (expired || list.ats[list.head]! > sim.now) {
      sim.queue.pushInOrder(list.ats[list.head]!, list.seqs[list.head]!, EventKind.CallTimeout, list, 0);
      return;
    }
    list.shift();
    attemptDone(sim, call, Cause.Timeout);
    expired = true;
  }
  list.scheduled = false;
}

/** The callee's answer (or a refusal) reached the caller; a timed-out attempt ignores it. */
export function onCallAnswer(sim: SimState, call: Call, gen: number, cause: Cause): void {
  if (call.attemptGen === gen && call.inAttempt) attemptDone(sim, call, cause);
}

function attemptDone(sim: SimState, call: Call, cause: Cause): void {
  call.inAttempt = false;
  call.attemptGen++;
  if (call.tr !== null) traceAttemptDone(sim, call, cause);
  if (call.step.resilience.breaker) recordBreaker(sim, call, cause === Cause.Ok);
  if (cause === Cause.Ok) return callDone(sim, call, Cause.Ok);
  const r = call.step.resilience.retries;
  if (r !== null && call.attempt <= r.max) {
    // Retry i (1-based) waits backoff·2^(i−1); a zero backoff stays zero however many retries (0·∞ would be NaN).
    let d = r.backoff === 0 ? 0 : r.backoff * Math.pow(2, call.attempt - 1);
    if (r.jitter) d *= sim.rng.next();
    if (call.tr !== null) traceBackoff(sim, call, d);
    schedule(sim, d, EventKind.CallRetry, call, call.attemptGen);
    call.lastCause = cause;
    return;
  }
  callDone(sim, call, cause);
}

export function onCallRetry(sim: SimState, call: Call, g: number): void {
  if (call.attemptGen !== g) return;
  const s = call.strand;
  // The caller is gone (crashed, or its operation failed elsewhere): stop retrying.
  if (s.gen !== call.strandGen || s.execGen !== s.exec.gen) return callDone(sim, call, call.lastCause);
  attempt(sim, call);
}

function callDone(sim: SimState, call: Call, cause: Cause): void {
  if (call.bulkheadHeld) {
    call.bulkheadHeld = false;
    call.caller.bulkheads![call.callee.spec.idx]!--;
  }
  sim.peers.stepDone(sim, call.strand, call.strandGen, cause);
}

function breakerOf(sim: SimState, rep: Replica, callee: number, cfg: CircuitBreaker): Breaker {
  const map = rep.breakers ?? (rep.breakers = new Map());
  let br = map.get(callee);
  if (br === undefined) {
    br = new Breaker(cfg.failureRate, cfg.window, cfg.openFor, cfg.halfOpenProbes);
    sim.breakerBytes += BREAKER_OVERHEAD_BYTES + br.outcomes.length;
    if (sim.breakerBytes > sim.limits.breakerBytes) throw new RunLimitError("breakers");
    map.set(callee, br);
  }
  return br;
}

function recordBreaker(sim: SimState, call: Call, ok: boolean): void {
  // A result from before the caller crashed belongs to its previous life's breaker.
  if (call.callerLife !== call.caller.life) return;
  const br = call.caller.breakers?.get(call.callee.spec.idx);
  if (br === undefined) return;
  if (call.probe) {
    call.probe = false;
    if (br.state !== BreakerState.HalfOpen) return;
    if (!ok) {
      br.state = BreakerState.Open;
      br.openUntil = sim.now + br.openFor;
    } else if (++br.probesOk >= br.probes) {
      br.state = BreakerState.Closed;
      br.outcomes.fill(0);
      br.pos = 0;
      br.filled = 0;
      br.failures = 0;
    }
    return;
  }
  if (br.state !== BreakerState.Closed) return; // an attempt that started before the breaker opened
  const f = ok ? 0 : 1;
  const size = br.size;
  if (br.filled === size) br.failures -= br.outcomes[br.pos]!;
  else {
    if (br.filled === br.outcomes.length) growWindow(sim, br);
    br.filled++;
  }
  br.outcomes[br.pos] = f;
  br.failures += f;
  br.pos = br.pos + 1 === size ? 0 : br.pos + 1;
  if (br.filled === size && br.failures / size >= br.failureRate) {
    br.state = BreakerState.Open;
    br.openUntil = sim.now + br.openFor;
  }
}

/** While a window fills, outcomes sit at [0, filled): doubling keeps them in place. */
function growWindow(sim: SimState, br: Breaker): void {
  const bigger = new Uint8Array(Math.min(br.size, br.outcomes.length * 2));
  bigger.set(br.outcomes);
  sim.breakerBytes += bigger.length - br.outcomes.length;
  if (sim.breakerBytes > sim.limits.breakerBytes) throw new RunLimitError("breakers");
  br.outcomes = bigger;
}
