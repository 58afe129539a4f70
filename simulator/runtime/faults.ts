/**
 * Faults at their time and for their duration: crash, latency, errors, partition, slowdown.
 *
 * Reads: the fault list. Writes: a component's fault state (down, added latency, error
 * rate, slowdown), partitions, the registry's state. Schedules: FaultStart, FaultEnd.
 * Calls: crashReplica, bootReplica, discardReplica, unroute, retryWaitingStarts
 * (lifecycle); releaseConnection and answerTask (data); the broker's outage handlers.
 */
import type { Fault } from "../../model";
import { Kind } from "../compile";
import { compileSampler, ZERO_SAMPLER } from "../engine/sample";
import { EventKind } from "./events";
import { Cause, FaultState, isServing, ReplicaPhase, type ComponentState } from "./entities";
import { setReplicaCount, touch, type SimState } from "./state";

/** Schedules a fault (from the scenario or injected while running). */
export function addFault(sim: SimState, f: Fault): FaultState {
  const at = Math.max(f.at, sim.now);
  const until = f.for === undefined ? Infinity : at + f.for;
  const byId = sim.design.byId;
  const fault =
    f.kind === "partition"
      ? new FaultState(f.kind, at, until, byId.get(f.between[0])!, byId.get(f.between[1])!, 0, null, 0, 1)
      : new FaultState(
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
  sim.faults.push(fault);
  if (at < sim.endMs) sim.queue.push(at, EventKind.FaultStart, fault);
  return fault;
}

/** Ends every active fault now ("heal all"). */
export function healAll(sim: SimState): void {
  for (const f of sim.faults) if (f.active) endFault(sim, f);
}

function partitionKeys(sim: SimState, f: FaultState): number[] {
  const n = sim.componentCount;
  return [f.target * n + f.other, f.other * n + f.target];
}

function combinedErrorRate(comp: ComponentState): number {
  return 1 - comp.errorFaults.reduce((a, p) => a * (1 - p), 1);
}

export function startFault(sim: SimState, f: FaultState): void {
  if (f.active) return;
  f.active = true;
  const comp = f.target >= 0 ? sim.components[f.target]! : null;
  switch (f.kind) {
    case "crash":
      crashComponent(sim, f, comp!);
      break;
    case "latency":
      comp!.addedLatency.push(f.add ?? ZERO_SAMPLER);
      break;
    case "errors":
      comp!.errorFaults.push(f.probability);
      comp!.faultErrorRate = combinedErrorRate(comp!);
      break;
    case "slowdown":
      comp!.slowdown *= f.factor;
      break;
    case "partition":
      sim.activePartitions++;
      for (const key of partitionKeys(sim, f)) sim.partitions.set(key, (sim.partitions.get(key) ?? 0) + 1);
      break;
  }
  if (f.until < sim.endMs) sim.queue.push(f.until, EventKind.FaultEnd, f);
}

export function onFaultEnd(sim: SimState, f: FaultState): void {
  if (f.active) endFault(sim, f);
}

function crashComponent(sim: SimState, f: FaultState, comp: ComponentState): void {
  const kind = comp.spec.kind;
  if (kind === Kind.Service || kind === Kind.Gateway) {
    // `replicas: N` takes the N oldest live replicas; otherwise every replica, including ones
    // another crash already holds, so overlapping crashes end when the last one does.
    const existing = comp.replicas.filter((r) => r.phase !== ReplicaPhase.Gone);
    f.crashed =
      f.replicas > 0 ? existing.filter((r) => r.phase !== ReplicaPhase.Crashed).slice(0, f.replicas) : existing;
    for (const rep of f.crashed) {
      rep.crashHolds++;
      sim.peers.crashReplica(sim, rep);
    }
    return;
  }
  // Overlapping crashes of one component: it is down until the last one ends.
  if (comp.downCount++ > 0) return;
  comp.down = true;
  if (kind === Kind.Database) {
    for (const t of comp.queries.slice()) {
      sim.peers.releaseConnection(sim, t);
      sim.peers.answerTask(sim, t, Cause.Crashed);
    }
    const waiting = comp.connectionQueue.drain();
    touch(sim, comp);
    comp.queued -= waiting.length;
    for (const t of waiting) sim.peers.answerTask(sim, t, Cause.Crashed);
  } else if (kind === Kind.Broker && !comp.spec.durable) {
    sim.peers.dropQueuedCopies(sim);
  } else if (kind === Kind.Registry) {
    sim.registryDown = true;
  }
}

function endFault(sim: SimState, f: FaultState): void {
  f.active = false;
  const comp = f.target >= 0 ? sim.components[f.target]! : null;
  switch (f.kind) {
    case "crash":
      recoverComponent(sim, f, comp!);
      break;
    case "latency": {
      const i = comp!.addedLatency.indexOf(f.add ?? ZERO_SAMPLER);
      if (i >= 0) comp!.addedLatency.splice(i, 1);
      break;
    }
    case "errors": {
      const i = comp!.errorFaults.indexOf(f.probability);
      if (i >= 0) comp!.errorFaults.splice(i, 1);
      comp!.faultErrorRate = combinedErrorRate(comp!);
      break;
    }
    case "slowdown":
      comp!.slowdown = sim.faults
        .filter((x) => x.active && x.kind === "slowdown" && x.target === f.target)
        .reduce((a, x) => a * x.factor, 1);
      break;
    case "partition":
      sim.activePartitions--;
      for (const key of partitionKeys(sim, f)) sim.partitions.set(key, sim.partitions.get(key)! - 1);
      sim.peers.flushOutbox(sim);
      sim.peers.dispatchAll(sim);
      break;
  }
}

function recoverComponent(sim: SimState, f: FaultState, comp: ComponentState): void {
  const kind = comp.spec.kind;
  if (kind === Kind.Service || kind === Kind.Gateway) {
    for (const rep of f.crashed) {
      if (--rep.crashHolds > 0 || rep.phase !== ReplicaPhase.Crashed) continue;
      // A replica that was draining when it crashed was on its way out: it does not come back.
      if (rep.wasDraining) sim.peers.discardReplica(sim, rep);
      else {
        setReplicaCount(sim, comp, comp.replicaCount + 1);
        sim.peers.bootReplica(sim, rep, comp.spec.coldStart);
      }
    }
    f.crashed = [];
    return;
  }
  if (--comp.downCount > 0) return;
  comp.down = false;
  if (kind === Kind.Broker) {
    sim.peers.brokerRecovered(sim);
  } else if (kind === Kind.Registry) {
    sim.registryDown = false;
    for (const c of sim.components) {
      for (const rep of c.replicas) {
        if (rep.pendingRemoval) {
          rep.pendingRemoval = false;
          if (!isServing(rep)) sim.peers.unroute(sim, rep);
        }
        if (rep.phase === ReplicaPhase.Up && !rep.routable) {
          rep.routable = true;
          c.routable.push(rep);
        }
      }
    }
  }
  sim.peers.retryWaitingStarts(sim);
}
