/**
 * Synchronous calls and their resilience: timeouts (the callee's work is wasted),
 * retries with backoff and jitter, circuit breakers and bulkheads per caller replica.
 */
import type { CStep } from "../compile";
import { TimeoutList } from "../engine/timeout-list";
import { Breaker, Call, Cause, isServing, ParentKind, Replica, ReplicaState, Strand } from "./entities";
import { StepsLayer } from "./steps";
import { Ev } from "./core";

export abstract class CallsLayer extends StepsLayer {
  // ------------------------------------------------------------ calls and resilience

  protected startCall(s: Strand, step: CStep): void {
    const caller = s.exec.replica;
    const callee = this.comps[step.target]!;
    const call = new Call(s, s.gen, step, caller, callee);
    const limit = step.resilience.bulkhead;
    if (limit !== Infinity) {
      const b = caller.bulk ?? (caller.bulk = new Int32Array(this.n));
      if (b[step.target]! >= limit) return this.callDone(call, Cause.Bulkhead);
      b[step.target]!++;
      call.bulkheadHeld = true;
    }
    this.attempt(call);
  }

  protected attempt(call: Call): void {
    const R = call.step.resilience;
    call.probe = false;
    if (R.breaker) {
      const br = this.breakerOf(call.caller, call.callee.c.idx, R.breaker);
      if (br.state === 1) {
        if (this.now < br.openUntil) return this.callDone(call, Cause.CircuitOpen);
        br.state = 2;
        br.probesLeft = br.probes;
        br.probesOk = 0;
      }
      if (br.state === 2) {
        if (br.probesLeft <= 0) return this.callDone(call, Cause.CircuitOpen);
        br.probesLeft--;
        call.probe = true;
      }
    }
    call.attempt++;
    const g = ++call.attemptGen;
    call.inAttempt = true;
    if (R.timeout !== Infinity) {
      let list = this.timeoutLists.get(R.timeout);
      if (list === undefined) this.timeoutLists.set(R.timeout, (list = new TimeoutList()));
      const at = this.now + R.timeout;
      list.push(call, g, at);
      if (!list.scheduled) {
        list.scheduled = true;
        this.q.push(at, Ev.CallTimeout, list, 0);
      }
    }
    const from = call.caller.comp.c.idx;
    const to = call.callee.c.idx;
    if (this.parted(from, to)) return this.attemptDone(call, Cause.Partitioned);
    const rep = this.pickReplica(call.callee);
    if (rep === null) return this.attemptDone(call, Cause.Crashed);
    call.target = rep;
    const d = this.netDelay();
    if (!isServing(rep)) {
      // A stale route (crashed, or restarting and not yet serving): the connection is
      // refused, known after a round trip.
      this.q.push(this.now + d + this.netDelay(), Ev.CallResp + Cause.Crashed, call, g); // rare: no line
      return;
    }
    // Counted until it arrives, so a draining replica does not go away under it.
    rep.incoming++;
    if (d > 0) this.schedule(d, Ev.CallArrive, call, g);
    else this.onCallArrive(call, g);
  }

  protected onCallArrive(call: Call, g: number): void {
    const rep = call.target!;
    const callee = call.callee;
    rep.incoming--;
    if (!isServing(rep) || this.parted(call.caller.comp.c.idx, callee.c.idx)) {
      const cause = isServing(rep) ? Cause.Partitioned : Cause.Crashed;
      this.schedule(this.netDelay(), Ev.CallResp + cause, call, g);
      return;
    }
    const exec = this.newExec(callee.c.ops[call.step.op]!, callee, rep, ParentKind.Call, call, g);
    exec.tArrive = this.now;
    if (!this.admit(exec)) {
      callee.secFailed++;
      if (this.inWindow()) callee.failed++;
      this.schedule(this.netDelay(), Ev.CallResp + Cause.Rejected, call, g);
      if (rep.state === ReplicaState.Draining && rep.busy === 0 && rep.queue.length === 0 && rep.incoming === 0)
        this.removeReplica(rep);
    }
  }

  /** Timeouts of one duration expire in the order they were set, so one heap entry per duration suffices. */
  protected onTimeouts(list: TimeoutList): void {
    while (list.n > 0) {
      const call = list.calls[list.head] as Call;
      const g = list.gens[list.head]!;
      // An attempt that already ended needs no event: drop it now, not at its expiry.
      if (call.attemptGen !== g || !call.inAttempt) {
        list.shift();
        continue;
      }
      const at = list.ats[list.head]!;
      if (at > this.now) {
        this.q.push(at, Ev.CallTimeout, list, 0);
        return;
      }
      list.shift();
      this.attemptDone(call, Cause.Timeout);
    }
    list.scheduled = false;
  }

  protected attemptDone(call: Call, cause: number): void {
    call.inAttempt = false;
    call.attemptGen++;
    if (call.step.resilience.breaker) this.recordBreaker(call, cause === Cause.Ok);
    if (cause === Cause.Ok) return this.callDone(call, Cause.Ok);
    const r = call.step.resilience.retries;
    if (r !== null && call.attempt <= r.max) {
      // backoff·2^(i−1); a zero backoff stays zero however many retries (0·∞ would be NaN).
      let d = r.backoff === 0 ? 0 : r.backoff * Math.pow(2, call.attempt - 1);
      if (r.jitter) d *= this.rng.next();
      this.schedule(d, Ev.CallRetry, call, call.attemptGen);
      call.lastCause = cause;
      return;
    }
    this.callDone(call, cause);
  }

  protected onCallRetry(call: Call, g: number): void {
    if (call.attemptGen !== g) return;
    const s = call.strand;
    // The caller is gone (crashed, or its operation failed elsewhere): stop retrying.
    if (s.gen !== call.strandGen || s.execGen !== s.exec.gen) return this.callDone(call, call.lastCause);
    this.attempt(call);
  }

  protected callDone(call: Call, cause: number): void {
    if (call.bulkheadHeld) {
      call.bulkheadHeld = false;
      call.caller.bulk![call.callee.c.idx]!--;
    }
    this.stepDone(call.strand, call.strandGen, cause);
  }

  protected breakerOf(
    rep: Replica,
    callee: number,
    cfg: { failureRate: number; window: number; openFor: number; halfOpenProbes: number },
  ): Breaker {
    const map = rep.breakers ?? (rep.breakers = new Map());
    let br = map.get(callee);
    if (br === undefined) {
      br = new Breaker(cfg.failureRate, cfg.window, cfg.openFor, cfg.halfOpenProbes);
      map.set(callee, br);
    }
    return br;
  }

  protected recordBreaker(call: Call, ok: boolean): void {
    // A result from before the caller crashed belongs to its previous life's breaker.
    if (call.callerLife !== call.caller.life) return;
    const br = call.caller.breakers?.get(call.callee.c.idx);
    if (br === undefined) return;
    if (call.probe) {
      call.probe = false;
      if (br.state !== 2) return;
      if (!ok) {
        br.state = 1;
        br.openUntil = this.now + br.openFor;
      } else if (++br.probesOk >= br.probes) {
        br.state = 0;
        br.window.fill(0);
        br.pos = 0;
        br.filled = 0;
        br.failures = 0;
      }
      return;
    }
    if (br.state !== 0) return; // an attempt that started before the breaker opened
    const f = ok ? 0 : 1;
    const size = br.window.length;
    if (br.filled === size) br.failures -= br.window[br.pos]!;
    else br.filled++;
    br.window[br.pos] = f;
    br.failures += f;
    br.pos = br.pos + 1 === size ? 0 : br.pos + 1;
    if (br.filled === size && br.failures / size >= br.failureRate) {
      br.state = 1;
      br.openUntil = this.now + br.openFor;
    }
  }
}
