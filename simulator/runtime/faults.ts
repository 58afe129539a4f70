/**
 * Faults at their time and for their duration: crash, latency, errors, partition, slowdown.
 */
import type { Fault } from "../../model";
import { Kind } from "../compile";
import { compileSampler, ZERO_SAMPLER } from "../engine/sample";
import { Cause, CompRt, FaultRt, isServing, ReplicaState } from "./entities";
import { LifecycleLayer } from "./lifecycle";
import { Ev } from "./core";

export abstract class FaultsLayer extends LifecycleLayer {
  /** Schedules a fault (from the scenario or injected while running). */
  addFault(f: Fault): FaultRt {
    const at = Math.max(f.at, this.now);
    const until = f.for === undefined ? Infinity : at + f.for;
    const byId = this.cd.byId;
    const rt =
      f.kind === "partition"
        ? new FaultRt(f.kind, at, until, byId.get(f.between[0])!, byId.get(f.between[1])!, 0, null, 0, 1)
        : new FaultRt(
            f.kind,
            at,
            until,
            byId.get(f.target)!,
            -1,
            f.kind === "crash" ? (f.replicas ?? 0) : 0,
            f.kind === "latency" ? compileSampler(f.add) : null,
            f.kind === "errors" ? f.probability : 0,
            f.kind === "slowdown" ? f.factor : 1,
          );
    this.faults.push(rt);
    if (at < this.end) this.q.push(at, Ev.FaultStart, rt);
    return rt;
  }

  /** Ends every active fault now ("heal all"). */
  healAll(): void {
    for (const f of this.faults) if (f.active) this.endFault(f);
  }

  // ------------------------------------------------------------ faults

  protected startFault(f: FaultRt): void {
    if (f.active) return;
    f.active = true;
    const comp = f.target >= 0 ? this.comps[f.target]! : null;
    switch (f.kind) {
      case "crash":
        this.crashComponent(f, comp!);
        break;
      case "latency":
        comp!.latAdd.push(f.add ?? ZERO_SAMPLER);
        break;
      case "errors":
        comp!.errFaults.push(f.probability);
        comp!.errP = 1 - comp!.errFaults.reduce((a, p) => a * (1 - p), 1);
        break;
      case "slowdown":
        comp!.slow *= f.factor;
        break;
      case "partition":
        this.activePartitions++;
        for (const key of [f.target * this.n + f.other, f.other * this.n + f.target])
          this.partition.set(key, (this.partition.get(key) ?? 0) + 1);
        break;
    }
    if (f.until < this.end) this.q.push(f.until, Ev.FaultEnd, f);
  }

  protected crashComponent(f: FaultRt, comp: CompRt): void {
    const kind = comp.c.kind;
    if (kind === Kind.Service || kind === Kind.Gateway) {
      // `replicas: N` takes the N oldest live replicas; otherwise every replica, including ones
      // another crash already holds, so overlapping crashes end when the last one does.
      const existing = comp.replicas.filter((r) => r.state !== ReplicaState.Gone).sort((a, b) => a.serial - b.serial);
      f.crashed =
        f.replicas > 0 ? existing.filter((r) => r.state !== ReplicaState.Crashed).slice(0, f.replicas) : existing;
      for (const rep of f.crashed) {
        rep.crashHolds++;
        this.crashReplica(rep);
      }
      return;
    }
    // Overlapping crashes of one component: it is down until the last one ends.
    if (comp.downCount++ > 0) return;
    comp.down = true;
    if (kind === Kind.Database) {
      for (const t of comp.dbRunning.slice()) {
        this.releaseConnection(t);
        this.respondTask(t, Cause.Crashed);
      }
      const waiting = comp.dbQueue.drain();
      this.touch(comp);
      comp.queued -= waiting.length;
      for (const t of waiting) this.respondTask(t, Cause.Crashed);
    } else if (kind === Kind.Broker && !comp.c.durable) {
      for (const q of this.subQueues) for (const copy of q.drain()) this.resolveCopy(copy, 2);
    } else if (kind === Kind.Registry) {
      this.registryDown = true;
    }
  }

  protected endFault(f: FaultRt): void {
    f.active = false;
    const comp = f.target >= 0 ? this.comps[f.target]! : null;
    switch (f.kind) {
      case "crash":
        this.recoverComponent(f, comp!);
        break;
      case "latency": {
        const i = comp!.latAdd.indexOf(f.add ?? ZERO_SAMPLER);
        if (i >= 0) comp!.latAdd.splice(i, 1);
        break;
      }
      case "errors": {
        const i = comp!.errFaults.indexOf(f.probability);
        if (i >= 0) comp!.errFaults.splice(i, 1);
        comp!.errP = 1 - comp!.errFaults.reduce((a, p) => a * (1 - p), 1);
        break;
      }
      case "slowdown":
        comp!.slow = this.faults
          .filter((x) => x.active && x.kind === "slowdown" && x.target === f.target)
          .reduce((a, x) => a * x.factor, 1);
        break;
      case "partition":
        this.activePartitions--;
        for (const key of [f.target * this.n + f.other, f.other * this.n + f.target])
          this.partition.set(key, this.partition.get(key)! - 1);
        this.flushOutbox();
        for (const c of this.comps) if (c.c.subscriptions.length) this.dispatchService(c);
        break;
    }
  }

  protected recoverComponent(f: FaultRt, comp: CompRt): void {
    const kind = comp.c.kind;
    if (kind === Kind.Service || kind === Kind.Gateway) {
      for (const rep of f.crashed) {
        if (--rep.crashHolds > 0 || rep.state !== ReplicaState.Crashed) continue;
        // A replica that was draining when it crashed was on its way out: it does not come back.
        if (rep.wasDraining) this.discardReplica(rep);
        else {
          this.setReplicaCount(comp, comp.nRep + 1);
          this.bootReplica(rep, comp.c.coldStart);
        }
      }
      f.crashed = [];
      return;
    }
    if (--comp.downCount > 0) return;
    comp.down = false;
    if (kind === Kind.Broker) {
      for (const copy of this.pendingAcks.splice(0)) this.resolveCopy(copy, 0);
      this.flushOutbox();
      for (const c of this.comps) if (c.c.subscriptions.length) this.dispatchService(c);
    } else if (kind === Kind.Registry) {
      this.registryDown = false;
      for (const c of this.comps) {
        for (const rep of c.replicas) {
          if (rep.pendingRemoval) {
            rep.pendingRemoval = false;
            if (!isServing(rep)) this.unroute(rep);
          }
          if (rep.state === ReplicaState.Up && !rep.routable) {
            rep.routable = true;
            c.routable.push(rep);
          }
        }
      }
    }
    this.retryWaitingStarts();
  }
}
