/**
 * Databases (a connection pool with a FIFO wait) and caches (hit ratio, miss steps).
 *
 * Reads: the database's pool and query time, the cache's hit ratio and latency. Writes:
 * connections, their queue, completions and latency. Schedules: QueryArrive, QueryDone,
 * CacheHit, CacheMiss, TaskAnswer. Calls: stepDone and advance (steps).
 */
import type { CStep } from "../compile";
import { sample } from "../engine/sample";
import { EventKind } from "./events";
import { Cause, Task, type Strand } from "./entities";
import { inWindow, isParted, netDelay, pushFrame, schedule, touch, type SimState } from "./state";
import { traceCache, traceConnection, traceStepInstant, traceTaskDone, traceTaskOpen } from "./trace-hooks";

export function startQuery(sim: SimState, s: Strand, step: CStep): void {
  const db = sim.components[step.target]!;
  if (isParted(sim, s.exec.component.spec.idx, db.spec.idx)) {
    if (s.exec.tr !== null)
      traceStepInstant(sim, s.exec, "query", db, "query", Cause.Partitioned, `partitioned from ${db.spec.id}`);
    return sim.peers.stepDone(sim, s, s.gen, Cause.Partitioned);
  }
  const t = new Task(s, s.gen, step, db);
  t.from = s.exec.component.spec.idx;
  if (s.exec.tr !== null) traceTaskOpen(sim, t, s.exec, "query", "query");
  const d = netDelay(sim);
  if (d > 0) schedule(sim, d, EventKind.QueryArrive, t);
  else onQueryArrive(sim, t);
}

export function onQueryArrive(sim: SimState, t: Task): void {
  const db = t.component;
  if (db.down) return answerTask(sim, t, Cause.Crashed);
  // A partition that started while the query was on its way: it fails on arrival, like a call.
  if (isParted(sim, t.from, db.spec.idx)) return answerTask(sim, t, Cause.Partitioned);
  t.arrivedAt = sim.now;
  if (db.busy < db.spec.pool && db.connectionQueue.length === 0) return holdConnection(sim, t);
  touch(sim, db);
  db.queued++;
  db.connectionQueue.push(t);
}

function holdConnection(sim: SimState, t: Task): void {
  const db = t.component;
  touch(sim, db);
  db.busy++;
  if (t.tr !== null) traceConnection(sim, t);
  t.pos = db.queries.length;
  db.queries.push(t);
  let h = db.spec.time.isZero ? 0 : sample(db.spec.time, sim.rng);
  for (const s of db.addedLatency) h += sample(s, sim.rng);
  schedule(sim, h, EventKind.QueryDone, t, t.gen);
}

export function releaseConnection(sim: SimState, t: Task): void {
  const db = t.component;
  touch(sim, db);
  db.busy--;
  const last = db.queries.pop()!;
  if (last !== t) {
    db.queries[t.pos] = last;
    last.pos = t.pos;
  }
  t.gen++;
}

export function onQueryDone(sim: SimState, t: Task, g: number): void {
  if (t.gen !== g) return;
  const db = t.component;
  releaseConnection(sim, t);
  db.secondCompletions++;
  if (inWindow(sim)) {
    db.completions++;
    db.latency.record(sim.now - t.arrivedAt);
  }
  answerTask(sim, t, Cause.Ok);
  if (db.connectionQueue.length > 0 && !db.down) {
    const next = db.connectionQueue.shift()!;
    touch(sim, db);
    db.queued--;
    holdConnection(sim, next);
  }
}

/** The answer of a query or publish travels back to the step. */
export function answerTask(sim: SimState, t: Task, cause: Cause): void {
  const d = netDelay(sim);
  if (t.tr !== null) traceTaskDone(t, cause, sim.now + d);
  if (d > 0) schedule(sim, d, EventKind.TaskAnswer + cause, t);
  else sim.peers.stepDone(sim, t.strand, t.strandGen, cause);
}

export function onTaskAnswer(sim: SimState, t: Task, cause: Cause): void {
  sim.peers.stepDone(sim, t.strand, t.strandGen, cause);
}

export function startCache(sim: SimState, s: Strand, step: CStep): void {
  const cache = sim.components[step.target]!;
  // A crashed or unreachable cache answers nothing: the lookup counts as a miss at once.
  if (cache.down || isParted(sim, s.exec.component.spec.idx, cache.spec.idx)) {
    if (s.exec.tr !== null) traceCache(sim, s.exec, cache, 0, null);
    return onCacheResult(sim, s, s.gen, true);
  }
  const d = netDelay(sim) + (cache.spec.time.isZero ? 0 : sample(cache.spec.time, sim.rng)) + netDelay(sim);
  const miss = !(sim.rng.next() < cache.spec.hitRatio);
  if (s.exec.tr !== null) traceCache(sim, s.exec, cache, d, miss);
  cache.secondCompletions++;
  if (inWindow(sim)) {
    cache.completions++;
    cache.latency.record(d);
  }
  if (d > 0) schedule(sim, d, miss ? EventKind.CacheMiss : EventKind.CacheHit, s, s.gen);
  else onCacheResult(sim, s, s.gen, miss);
}

/** A hit ends the step; a miss runs the step's `miss` steps in its place. */
export function onCacheResult(sim: SimState, s: Strand, gen: number, miss: boolean): void {
  if (s.gen !== gen || s.execGen !== s.exec.gen || s.current === null) return;
  const step = s.current;
  s.current = null;
  s.gen++;
  if (miss && step.miss.length > 0) pushFrame(s, step.miss, step.optional);
  sim.peers.advance(sim, s);
}
