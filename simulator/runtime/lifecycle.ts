/**
 * Replicas' lives: cold starts, dependencies, the registry's view (stale routes until
 * detection), crashes and restarts, autoscaling and scale-in.
 *
 * Reads: dependencies, the registry, autoscale settings. Writes: replicas, their phases
 * and routes, capacity and replica counts. Schedules: ReplicaReady, RouteRemove,
 * Autoscale. Calls: finishExec (executions), dispatchTo (broker).
 */
import { Kind } from "../compile";
import { sample } from "../engine/sample";
import { EventKind } from "./events";
import { Cause, isServing, Replica, ReplicaPhase, type ComponentState } from "./entities";
import { schedule, setPhase, setReplicaCount, slotsOf, touch, type SimState } from "./state";

function dependenciesUp(sim: SimState, comp: ComponentState): boolean {
  for (const d of comp.spec.dependsOn) {
    const dep = sim.components[d]!;
    if (dep.down) return false;
    const replicated = dep.spec.kind === Kind.Service || dep.spec.kind === Kind.Gateway;
    if (replicated && dep.up + dep.draining === 0) return false;
  }
  return true;
}

/** Starts a replica: it serves after its cold start (plus config fetch), once its dependencies are up. */
export function bootReplica(sim: SimState, rep: Replica, coldStart: number): void {
  const comp = rep.component;
  setPhase(rep, ReplicaPhase.Starting);
  rep.gen++;
  rep.coldStart = coldStart;
  if (!dependenciesUp(sim, comp)) {
    sim.waitingStarts.push(rep);
    return;
  }
  let fetch = 0;
  for (const dep of comp.spec.dependsOn) {
    const c = sim.components[dep]!;
    if (c.spec.kind === Kind.Config && !c.spec.time.isZero) fetch = Math.max(fetch, sample(c.spec.time, sim.rng));
  }
  schedule(sim, coldStart + fetch, EventKind.ReplicaReady, rep, rep.gen);
}

/** Something came up: replicas waiting for their dependencies try again. */
export function retryWaitingStarts(sim: SimState): void {
  const waiting = sim.waitingStarts.splice(0);
  for (const rep of waiting) {
    if (rep.phase !== ReplicaPhase.Starting) continue;
    bootReplica(sim, rep, rep.coldStart);
  }
}

export function onReplicaReady(sim: SimState, rep: Replica, g: number): void {
  if (rep.gen !== g || rep.phase !== ReplicaPhase.Starting) return;
  const comp = rep.component;
  touch(sim, comp);
  setPhase(rep, ReplicaPhase.Up);
  comp.capacity += slotsOf(comp);
  rep.breakers = null;
  rep.pendingRemoval = false;
  if (!rep.routable && !sim.registryDown) {
    rep.routable = true;
    comp.routable.push(rep);
  }
  sim.peers.dispatchTo(sim, rep);
  retryWaitingStarts(sim);
}

export function unroute(_sim: SimState, rep: Replica): void {
  if (!rep.routable) return;
  rep.routable = false;
  const comp = rep.component;
  comp.routable = comp.routable.filter((r) => r !== rep);
}

/** The registry notices a crash `detection` after it; a replica serving again by then stays listed. */
export function onRouteRemove(sim: SimState, rep: Replica, life: number): void {
  if (rep.life !== life || isServing(rep)) return;
  if (sim.registryDown) rep.pendingRemoval = true;
  else unroute(sim, rep);
}

export function crashReplica(sim: SimState, rep: Replica): void {
  const comp = rep.component;
  const phase = rep.phase;
  if (phase === ReplicaPhase.Crashed || phase === ReplicaPhase.Gone) return;
  touch(sim, comp);
  if (phase === ReplicaPhase.Up || phase === ReplicaPhase.Draining) comp.capacity -= slotsOf(comp);
  rep.wasDraining = phase === ReplicaPhase.Draining;
  setPhase(rep, ReplicaPhase.Crashed);
  rep.gen++;
  rep.life++;
  setReplicaCount(sim, comp, comp.replicaCount - 1);
  if (sim.hasRegistry && sim.detection > 0 && comp.spec.kind === Kind.Service) {
    schedule(sim, sim.detection, EventKind.RouteRemove, rep, rep.life);
  } else if (sim.registryDown) {
    rep.pendingRemoval = true;
  } else {
    unroute(sim, rep);
  }
  for (const exec of rep.running.slice()) sim.peers.finishExec(sim, exec, Cause.Crashed);
  const queued = rep.queue.drain();
  if (queued.length) {
    touch(sim, comp);
    comp.queued -= queued.length;
    for (const exec of queued) sim.peers.finishExec(sim, exec, Cause.Crashed);
  }
  // Bulkhead counts stay: calls the replica had in flight still release their places when they end.
  rep.breakers = null;
}

/** A drained replica goes away. */
export function removeReplica(sim: SimState, rep: Replica): void {
  const comp = rep.component;
  touch(sim, comp);
  if (rep.phase === ReplicaPhase.Draining) comp.capacity -= slotsOf(comp);
  discardReplica(sim, rep);
  setReplicaCount(sim, comp, comp.replicaCount - 1);
}

/** Takes a replica out of the service for good (its count is the caller's business). */
export function discardReplica(sim: SimState, rep: Replica): void {
  const comp = rep.component;
  setPhase(rep, ReplicaPhase.Gone);
  rep.gen++;
  unroute(sim, rep);
  const i = comp.replicas.indexOf(rep);
  if (i >= 0) comp.replicas.splice(i, 1);
}

/**
 * Every interval: utilization since the last look → the desired replica count, within
 * [min, max]. Costs O(1) plus the replicas it adds or removes.
 */
export function onAutoscale(sim: SimState, comp: ComponentState): void {
  const as = comp.spec.autoscale!;
  if (sim.now + as.interval < sim.endMs) sim.queue.push(sim.now + as.interval /* heap */, EventKind.Autoscale, comp);
  touch(sim, comp);
  const dBusy = comp.busyTotal - comp.autoscaleBusyMark;
  const dCap = comp.capacityTotal - comp.autoscaleCapacityMark;
  comp.autoscaleBusyMark = comp.busyTotal;
  comp.autoscaleCapacityMark = comp.capacityTotal;
  if (comp.starting + comp.up + comp.draining === 0) return; // a crash covers every replica
  if (dCap <= 0) return;
  const util = dBusy / dCap;
  // Crashed replicas count as existing: they restart when their crash ends, and are not replaced.
  const live = comp.starting + comp.up;
  const existing = live + comp.crashed;
  const desired = Math.min(as.max, Math.max(as.min, Math.ceil((existing * util) / as.target - 1e-9)));
  if (desired > existing) {
    for (let k = existing; k < desired; k++) {
      const rep = new Replica(comp, comp.nextSerial++);
      comp.replicas.push(rep);
      setReplicaCount(sim, comp, comp.replicaCount + 1);
      bootReplica(sim, rep, as.coldStart);
    }
  } else if (desired < existing && comp.crashed === 0) {
    // No scale-in while a crash holds replicas: the load it measured is not the real one.
    for (const rep of newestLive(comp, existing - desired)) {
      if (rep.phase === ReplicaPhase.Starting) {
        discardReplica(sim, rep);
        setReplicaCount(sim, comp, comp.replicaCount - 1);
        continue;
      }
      setPhase(rep, ReplicaPhase.Draining);
      unroute(sim, rep);
      if (rep.busy === 0 && rep.queue.length === 0 && rep.incoming === 0) removeReplica(sim, rep);
    }
  }
}

/** The `count` newest starting or up replicas, newest first (replicas are kept in serial order). */
function newestLive(comp: ComponentState, count: number): Replica[] {
  const out: Replica[] = [];
  for (let i = comp.replicas.length - 1; i >= 0 && out.length < count; i--) {
    const rep = comp.replicas[i]!;
    if (rep.phase === ReplicaPhase.Starting || rep.phase === ReplicaPhase.Up) out.push(rep);
  }
  return out;
}
