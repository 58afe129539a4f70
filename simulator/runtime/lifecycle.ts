/**
 * Replicas' lives: cold starts, dependencies, the registry's view (stale routes until
 * detection), crashes and restarts, autoscaling and scale-in.
 */
import { Kind } from "../compile";
import { sample } from "../engine/sample";
import { Cause, CompRt, isServing, Replica, ReplicaState } from "./entities";
import { BrokerLayer } from "./broker";
import { Ev, slotsOf } from "./core";

export abstract class LifecycleLayer extends BrokerLayer {
  // ------------------------------------------------------------ replicas, registry, autoscale

  protected depsUp(comp: CompRt): boolean {
    for (const d of comp.c.dependsOn) {
      const dep = this.comps[d]!;
      if (dep.down) return false;
      if (
        (dep.c.kind === Kind.Service || dep.c.kind === Kind.Gateway) &&
        !dep.replicas.some((r) => r.state === ReplicaState.Up || r.state === ReplicaState.Draining)
      )
        return false;
    }
    return true;
  }

  /** Starts a replica: it serves after its cold start (plus config fetch), once its dependencies are up. */
  protected bootReplica(rep: Replica, coldStart: number): void {
    const comp = rep.comp;
    rep.state = ReplicaState.Starting;
    rep.gen++;
    rep.coldStart = coldStart;
    if (!this.depsUp(comp)) {
      this.waitingStarts.push(rep);
      return;
    }
    let d = coldStart;
    let fetch = 0;
    for (const dep of comp.c.dependsOn) {
      const c = this.comps[dep]!;
      if (c.c.kind === Kind.Config && !c.c.time.isZero) fetch = Math.max(fetch, sample(c.c.time, this.rng));
    }
    d += fetch;
    this.schedule(d, Ev.ReplicaReady, rep, rep.gen);
  }

  protected retryWaitingStarts(): void {
    const waiting = this.waitingStarts.splice(0);
    for (const rep of waiting) {
      if (rep.state !== ReplicaState.Starting) continue;
      this.bootReplica(rep, rep.coldStart);
    }
  }

  protected onReplicaReady(rep: Replica, g: number): void {
    if (rep.gen !== g || rep.state !== ReplicaState.Starting) return;
    const comp = rep.comp;
    this.touch(comp);
    rep.state = ReplicaState.Up;
    comp.cap += slotsOf(comp);
    rep.breakers = null;
    rep.pendingRemoval = false;
    if (!rep.routable && !this.registryDown) {
      rep.routable = true;
      comp.routable.push(rep);
    }
    this.dispatchTo(rep);
    this.retryWaitingStarts();
  }

  protected unroute(rep: Replica): void {
    if (!rep.routable) return;
    rep.routable = false;
    const comp = rep.comp;
    comp.routable = comp.routable.filter((r) => r !== rep);
  }

  /** The registry notices a crash `detection` after it; a replica serving again by then stays listed. */
  protected onRouteRemove(rep: Replica, life: number): void {
    if (rep.life !== life || isServing(rep)) return;
    if (this.registryDown) rep.pendingRemoval = true;
    else this.unroute(rep);
  }

  protected crashReplica(rep: Replica): void {
    const comp = rep.comp;
    const st = rep.state;
    if (st === ReplicaState.Crashed || st === ReplicaState.Gone) return;
    this.touch(comp);
    if (st === ReplicaState.Up || st === ReplicaState.Draining) comp.cap -= slotsOf(comp);
    rep.wasDraining = st === ReplicaState.Draining;
    rep.state = ReplicaState.Crashed;
    rep.gen++;
    rep.life++;
    this.setReplicaCount(comp, comp.nRep - 1);
    if (this.hasRegistry && this.detection > 0 && comp.c.kind === Kind.Service) {
      this.schedule(this.detection, Ev.RouteRemove, rep, rep.life);
    } else if (this.registryDown) {
      rep.pendingRemoval = true;
    } else {
      this.unroute(rep);
    }
    for (const exec of rep.running.slice()) this.finishExec(exec, Cause.Crashed);
    const queued = rep.queue.drain();
    if (queued.length) {
      this.touch(comp);
      comp.queued -= queued.length;
      for (const exec of queued) this.finishExec(exec, Cause.Crashed);
    }
    // Bulkhead counts stay: calls the replica had in flight still release their places when they end.
    rep.breakers = null;
  }

  /** A drained replica goes away. */
  protected removeReplica(rep: Replica): void {
    const comp = rep.comp;
    this.touch(comp);
    if (rep.state === ReplicaState.Draining) comp.cap -= slotsOf(comp);
    this.discardReplica(rep);
    this.setReplicaCount(comp, comp.nRep - 1);
  }

  /** Takes a replica out of the service for good (its count is the caller's business). */
  protected discardReplica(rep: Replica): void {
    const comp = rep.comp;
    rep.state = ReplicaState.Gone;
    rep.gen++;
    this.unroute(rep);
    const i = comp.replicas.indexOf(rep);
    if (i >= 0) comp.replicas.splice(i, 1);
  }

  protected onAutoscale(comp: CompRt): void {
    const as = comp.c.autoscale!;
    if (this.now + as.interval < this.end) this.q.push(this.now + as.interval /* heap */, Ev.Autoscale, comp);
    this.touch(comp);
    const dBusy = comp.rBusy - comp.asBusy;
    const dCap = comp.rCap - comp.asCap;
    comp.asBusy = comp.rBusy;
    comp.asCap = comp.rCap;
    if (!comp.replicas.some((r) => r.state !== ReplicaState.Crashed)) return; // a crash covers every replica
    if (dCap <= 0) return;
    const util = dBusy / dCap;
    // Crashed replicas count as existing: they restart when their crash ends, and are not replaced.
    const live = comp.replicas.filter((r) => r.state === ReplicaState.Starting || r.state === ReplicaState.Up);
    const existing = live.length + comp.replicas.filter((r) => r.state === ReplicaState.Crashed).length;
    const desired = Math.min(as.max, Math.max(as.min, Math.ceil((existing * util) / as.target - 1e-9)));
    if (desired > existing) {
      for (let k = existing; k < desired; k++) {
        const rep = new Replica(comp, comp.serial++);
        comp.replicas.push(rep);
        this.setReplicaCount(comp, comp.nRep + 1);
        this.bootReplica(rep, as.coldStart);
      }
    } else if (desired < existing && existing === live.length) {
      // No scale-in while a crash holds replicas: the load it measured is not the real one.
      const newest = live.sort((a, b) => b.serial - a.serial).slice(0, existing - desired);
      for (const rep of newest) {
        if (rep.state === ReplicaState.Starting) {
          this.discardReplica(rep);
          this.setReplicaCount(comp, comp.nRep - 1);
          continue;
        }
        rep.state = ReplicaState.Draining;
        this.unroute(rep);
        if (rep.busy === 0 && rep.queue.length === 0 && rep.incoming === 0) this.removeReplica(rep);
      }
    }
  }
}
