/**
 * The run: one event loop over the compiled design. Events are (time, kind,
 * object, generation); a handler drops an event whose generation no longer
 * matches its object (a timed-out attempt, a finished execution, a restarted
 * replica), which is how cancellation works without searching the heap.
 *
 * Hot paths avoid closures and per-event objects beyond the execution itself.
 */
import { TimeoutList } from "../engine/timeout-list";
import { nextArrival } from "./arrivals";
import { Call, Cause, CompRt, Exec, FaultRt, Replica, Request, Strand, Task } from "./entities";
import { FaultsLayer } from "./faults";
import { Ev, type OutboxItem, type SimulationInit } from "./core";

export class Simulation extends FaultsLayer {
  constructor(init: SimulationInit) {
    super(init);
    this.addDelayLines();
    for (const f of init.faults) this.addFault(f);
    const first = nextArrival(this.wl.w, 0, this.rng);
    if (first < this.end) this.q.push(first, Ev.Arrival, this.wl);
    if (this.W > 0) this.q.push(this.W, Ev.Warmup, null);
    else this.startWindow();
    if (this.end > 1000) this.q.push(1000, Ev.Tick, null);
  }

  /**
   * Processes events with time < until (and < end). Returns false when stopped by a limit.
   * `check` is called every 16,384 events; returning a reason stops the run.
   */
  runUntil(until: number, maxEvents: number, check: (() => boolean) | null): boolean {
    const q = this.q;
    const limit = Math.min(until, this.end);
    let sinceCheck = 0;
    for (;;) {
      if (this.events >= maxEvents) {
        if (q.peekTime() < limit) return false;
        break;
      }
      if (++sinceCheck === 16384) {
        sinceCheck = 0;
        if (check && check()) return false;
      }
      if (!q.popBefore(limit)) break;
      this.now = q.time;
      this.events++;
      this.dispatch(q.kind, q.obj, q.gen);
    }
    if (limit > this.now) this.now = limit;
    return true;
  }

  protected dispatch(kind: number, obj: unknown, gen: number): void {
    switch (kind) {
      case Ev.Arrival:
        return this.onArrival();
      case Ev.Entry:
        return this.arriveEntry(obj as Request);
      case Ev.WorkDone:
        return this.onWorkDone(obj as Exec, gen);
      case Ev.StepsStart: {
        const exec = obj as Exec;
        if (exec.gen !== gen) return;
        if (exec.failed) return this.finishExec(exec, Cause.Error);
        return this.runSteps(exec);
      }
      case Ev.CallArrive:
        return this.onCallArrive(obj as Call, gen);
      case Ev.CallTimeout:
        return this.onTimeouts(obj as TimeoutList);
      case Ev.CallRetry:
        return this.onCallRetry(obj as Call, gen);
      case Ev.QueryArrive:
        return this.onQueryArrive(obj as Task);
      case Ev.QueryDone:
        return this.onQueryDone(obj as Task, gen);
      case Ev.CacheHit:
      case Ev.CacheMiss:
        return this.onCacheResult(obj as Strand, gen, kind === Ev.CacheMiss);
      case Ev.PubArrive:
        return this.onPubArrive(obj as Task);
      case Ev.Deliver:
        if ((obj as Exec).gen === gen) this.beginWork(obj as Exec, true);
        return;
      case Ev.FaultStart:
        return this.startFault(obj as FaultRt);
      case Ev.FaultEnd:
        if ((obj as FaultRt).active) this.endFault(obj as FaultRt);
        return;
      case Ev.ReplicaReady:
        return this.onReplicaReady(obj as Replica, gen);
      case Ev.RouteRemove:
        return this.onRouteRemove(obj as Replica, gen);
      case Ev.Autoscale:
        return this.onAutoscale(obj as CompRt);
      case Ev.Tick:
        return this.onTick();
      case Ev.Warmup:
        return this.startWindow();
      case Ev.OutboxArrive:
        return this.onOutboxArrive(obj as OutboxItem);
    }
    if (kind >= Ev.ReqResp) return this.completeRequest(obj as Request, kind - Ev.ReqResp);
    if (kind >= Ev.TaskResp) {
      const t = obj as Task;
      return this.stepDone(t.strand, t.strandGen, kind - Ev.TaskResp);
    }
    if (kind >= Ev.CallResp) {
      const call = obj as Call;
      if (call.attemptGen === gen && call.inAttempt) this.attemptDone(call, kind - Ev.CallResp);
    }
  }

  // ------------------------------------------------------------ seconds

  protected onTick(): void {
    const t = Math.round(this.now / 1000);
    if (this.onSecond) this.onSecond(t - 1);
    this.resetSecond();
    const next = (t + 1) * 1000;
    if (next < this.end) this.q.push(next, Ev.Tick, null);
  }
}
