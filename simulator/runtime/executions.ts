/**
 * Executions of operations on replicas: slots, FIFO queues (503 when full), work with
 * faults' slowdown and errors, and the hand-back to whoever asked (a request, a call, a delivery).
 */
import { sample } from "../engine/sample";
import { Call, Cause, Copy, Exec, ParentKind, Replica, ReplicaState, Request, Strand } from "./entities";
import { RequestsLayer } from "./requests";
import { Ev, pushFrame } from "./core";

export abstract class ExecutionsLayer extends RequestsLayer {
  // ------------------------------------------------------------ executions

  /** Takes a slot, or waits FIFO in the replica's queue; false when the queue is full (503). */
  protected admit(exec: Exec): boolean {
    const rep = exec.replica;
    const comp = exec.comp;
    if (rep.busy < comp.c.concurrency && rep.queue.length === 0) {
      this.startExec(exec);
      return true;
    }
    if (rep.queue.length < comp.c.queue) {
      this.touch(comp);
      comp.queued++;
      rep.queue.push(exec);
      return true;
    }
    return false;
  }

  protected holdSlot(exec: Exec): void {
    const rep = exec.replica;
    const comp = exec.comp;
    this.touch(comp);
    rep.busy++;
    comp.busy++;
    exec.state = 1;
    exec.slotPos = rep.running.length;
    rep.running.push(exec);
  }

  protected startExec(exec: Exec): void {
    this.holdSlot(exec);
    this.beginWork(exec, false);
  }

  protected beginWork(exec: Exec, delivered: boolean): void {
    const comp = exec.comp;
    const op = exec.op;
    if (delivered) exec.tArrive = this.now;
    let w = op.work.isZero ? 0 : sample(op.work, this.rng);
    if (comp.slow !== 1 && w !== 0) w *= comp.slow;
    // A crashed observability component still costs its overhead: the format says it has no effect.
    if (op.observed) for (let i = 0; i < this.obs.length; i++) w += sample(this.obs[i]!, this.rng);
    this.touch(comp);
    comp.cpu++;
    exec.inWork = true;
    this.schedule(w, Ev.WorkDone, exec, exec.gen);
  }

  protected onWorkDone(exec: Exec, gen: number): void {
    if (exec.gen !== gen) return;
    const comp = exec.comp;
    this.touch(comp);
    comp.cpu--;
    exec.inWork = false;
    // The failure is drawn when work ends; a latency fault's `add` still holds the slot first.
    const p = exec.op.errorRate;
    const fp = comp.errP;
    exec.failed = (p > 0 || fp > 0) && this.rng.next() < 1 - (1 - p) * (1 - fp);
    if (comp.latAdd.length > 0) {
      let d = 0;
      for (const s of comp.latAdd) d += sample(s, this.rng);
      if (d > 0) {
        this.schedule(d, Ev.StepsStart, exec, exec.gen);
        return;
      }
    }
    if (exec.failed) return this.finishExec(exec, Cause.Error);
    this.runSteps(exec);
  }

  protected runSteps(exec: Exec): void {
    const steps = exec.op.steps;
    if (steps.length === 0) return this.finishExec(exec, Cause.Ok);
    const s = (this.strandPool.pop() ?? new Strand()).init(exec, exec.gen, null, null);
    exec.strand = s;
    pushFrame(s, steps, false);
    this.advance(s);
  }

  /** Ends an execution: frees its slot, records it, tells its parent, then lets the next one in. */
  finishExec(exec: Exec, cause: Cause): void {
    const rep = exec.replica;
    const comp = exec.comp;
    const wasRunning = exec.state === 1;
    exec.gen++;
    if (wasRunning) {
      this.touch(comp);
      if (exec.inWork) {
        comp.cpu--;
        exec.inWork = false;
      }
      const last = rep.running.pop()!;
      if (last !== exec) {
        rep.running[exec.slotPos] = last;
        last.slotPos = exec.slotPos;
      }
      rep.busy--;
      comp.busy--;
      comp.secCompletions++;
      if (cause !== Cause.Ok) comp.secFailed++;
      if (this.now >= this.W) {
        comp.completions++;
        if (cause !== Cause.Ok) comp.failed++;
        else comp.hist.record(this.now - exec.tArrive);
      }
    } else if (cause !== Cause.Ok) {
      comp.secFailed++;
      if (this.now >= this.W) comp.failed++;
    }
    exec.state = 2;
    this.notifyParent(exec, cause);
    if (wasRunning) this.afterRelease(rep);
    // Back to the pools: every later event for this life carries an older generation.
    const s = exec.strand;
    if (s !== null) {
      exec.strand = null;
      this.strandPool.push(s);
    }
    this.execPool.push(exec);
  }

  protected notifyParent(exec: Exec, cause: Cause): void {
    switch (exec.parentKind) {
      case ParentKind.Request:
        return this.respond(exec.parent as Request, cause);
      case ParentKind.Call: {
        const call = exec.parent as Call;
        if (call.attemptGen !== exec.parentGen) return; // timed out: the work was wasted
        const d = this.netDelay();
        this.schedule(d, Ev.CallResp + cause, call, exec.parentGen);
        return;
      }
      case ParentKind.Delivery:
        return this.deliveryDone(exec.parent as Copy, cause, exec.replica);
    }
  }

  protected afterRelease(rep: Replica): void {
    const st = rep.state;
    if (st !== ReplicaState.Up && st !== ReplicaState.Draining) return;
    const comp = rep.comp;
    if (rep.queue.length > 0) {
      const next = rep.queue.shift()!;
      this.touch(comp);
      comp.queued--;
      this.startExec(next);
      return;
    }
    if (st === ReplicaState.Up) {
      if (comp.c.subscriptions.length > 0) this.dispatchTo(rep);
    } else if (rep.busy === 0 && rep.incoming === 0) {
      this.removeReplica(rep);
    }
  }
}
