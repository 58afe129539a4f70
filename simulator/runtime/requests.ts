/**
 * Requests from clients: arrivals, the entry (the gateway's rate limit, or a direct
 * service entry), and their outcomes as the client sees them.
 *
 * Reads: the workload, the entry component. Writes: request counts and latency, per route
 * and per second. Schedules: Arrival, Entry, RequestAnswer. Calls: admit (executions).
 */
import { FAILURE_CAUSES } from "../result";
import { Kind, type CWorkload } from "../compile";
import { sample } from "../engine/sample";
import { Histogram } from "../metrics/histogram";
import { nextArrival } from "./arrivals";
import { EventKind } from "./events";
import { Cause, isServing, ParentKind, Request, type Replica } from "./entities";
import { discardExec, inWindow, isParted, newExec, pickReplica, schedule, type SimState } from "./state";
import { traceExecOpen, traceExecRefused, traceRateLimited, traceRequest, traceRequestNote } from "./trace-hooks";
import { endTrace } from "./trace";

/** The workload's next request: draws its operation, sends it, and schedules the one after. */
export function onArrival(sim: SimState): void {
  const workload = sim.workload;
  const w = workload.spec;
  const next = nextArrival(w, sim.now, sim.rng);
  if (next < sim.endMs) sim.queue.push(next, EventKind.Arrival, workload);
  const op = w.mixOps.length > 1 ? drawRoute(sim, w) : w.mixOps[0]!;
  const r = (sim.requestPool.pop() ?? new Request()).init(workload, op, sim.now, sim.now >= sim.warmupMs);
  sim.inFlight++;
  if (r.counted) {
    sim.total++;
    sim.routes[op]!.sent++;
  }
  if (sim.tracer !== null && r.counted) traceRequest(sim, r);
  const d = w.clientLatency.isZero ? 0 : sample(w.clientLatency, sim.rng);
  if (d > 0) schedule(sim, d, EventKind.Entry, r, r.gen);
  else arriveEntry(sim, r);
}

/** A gateway's route, drawn by the workload's mix. */
function drawRoute(sim: SimState, w: CWorkload): number {
  const u = sim.rng.next();
  const cum = w.mixCum;
  let k = 0;
  while (k < cum.length - 1 && u >= cum[k]!) k++;
  return w.mixOps[k]!;
}

export function arriveEntry(sim: SimState, r: Request): void {
  const w = r.workload.spec;
  const comp = sim.components[w.entry]!;
  const c = comp.spec;
  // A partition between the drawn client and its entry cuts the request off at once.
  if (w.source >= 0 && isParted(sim, w.source, w.entry)) {
    if (r.tr !== null) traceRequestNote(r, `partitioned from ${c.id}`);
    return respond(sim, r, Cause.Partitioned);
  }
  let rep: Replica | null;
  if (c.kind === Kind.Gateway) {
    rep = comp.replicas[0] ?? null;
    if (!rep || !isServing(rep)) {
      if (r.tr !== null) traceRequestNote(r, `${c.id} is down`);
      return respond(sim, r, Cause.Crashed);
    }
    if (c.rateLimit) {
      const rl = c.rateLimit;
      comp.tokens = Math.min(rl.burst, comp.tokens + ((sim.now - comp.tokensAt) * rl.rps) / 1000);
      comp.tokensAt = sim.now;
      if (comp.tokens < 1) {
        r.rejected = true;
        if (r.tr !== null) traceRateLimited(sim, r, comp);
        return respond(sim, r, Cause.RateLimited);
      }
      comp.tokens -= 1;
    }
  } else {
    rep = pickReplica(sim, comp);
    if (!rep || !isServing(rep)) {
      if (r.tr !== null) traceRequestNote(r, `no serving replica of ${c.id}`);
      return respond(sim, r, Cause.Crashed);
    }
  }
  const exec = newExec(sim, c.ops[r.route]!, comp, rep, ParentKind.Request, r, r.gen);
  exec.arrivedAt = sim.now;
  if (r.tr !== null) traceExecOpen(sim, exec, r.tr, 0);
  if (!sim.peers.admit(sim, exec)) {
    if (exec.tr !== null) traceExecRefused(sim, exec);
    discardExec(sim, exec);
    r.rejected = true;
    comp.secondFailed++;
    if (inWindow(sim)) comp.failed++;
    respond(sim, r, Cause.Rejected);
  }
}

/** Sends the answer back to the client (after its latency). */
export function respond(sim: SimState, r: Request, cause: Cause): void {
  const lat = r.workload.spec.clientLatency;
  const d = lat.isZero ? 0 : sample(lat, sim.rng);
  if (d > 0) schedule(sim, d, EventKind.RequestAnswer + cause, r, r.gen);
  else completeRequest(sim, r, r.gen, cause);
}

/** The client has its answer: the request counts, in its second and (after the warm-up) in the result. */
export function completeRequest(sim: SimState, r: Request, gen: number, cause: Cause): void {
  if (r.gen !== gen) return;
  const routeIndex = r.route;
  const sentAt = r.sentAt;
  const rejected = r.rejected;
  const counted = r.counted;
  if (r.tr !== null) endTrace(sim.tracer!, r.tr, sim.now, cause, rejected);
  // Back to the pool: any later event for this request is stale.
  r.gen++;
  sim.requestPool.push(r);
  sim.inFlight--;
  if (sim.onRequestDone !== null) reportOutcome(sim, r.workload.spec.routeKeys[routeIndex]!, sentAt, cause, rejected);
  const route = sim.routes[routeIndex]!;
  const latency = sim.now - sentAt;
  route.secondCount++;
  if (cause === Cause.Ok) {
    sim.secondOk++;
    if (sim.trackSeconds) {
      sim.secondLatency.record(latency);
      route.secondLatency.record(latency);
    }
  } else {
    // Only on the failure path: a success costs nothing more.
    sim.secondCauses[cause]!++;
    if (rejected) {
      route.secondRejected++;
      sim.secondRejected++;
    } else {
      route.secondFailed++;
      sim.secondFailed++;
    }
  }
  if (!counted) return;
  route.count++;
  if (cause === Cause.Ok) {
    sim.succeeded++;
    route.succeeded++;
    const b = Histogram.bucketOf(latency);
    sim.latency.recordIn(b, latency);
    route.latency.recordIn(b, latency);
    return;
  }
  sim.causes[cause]!++;
  if (rejected) {
    sim.rejected++;
    route.rejected++;
  } else {
    sim.failed++;
    route.failed++;
  }
}

function reportOutcome(sim: SimState, route: string, sentAt: number, cause: Cause, rejected: boolean): void {
  sim.onRequestDone!({
    route,
    sentAt,
    doneAt: sim.now,
    ok: cause === Cause.Ok,
    cause: cause === Cause.Ok ? undefined : FAILURE_CAUSES[cause - 1],
    rejected,
  });
}
