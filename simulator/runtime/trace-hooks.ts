/**
 * Where the behaviours tell a sampled trace what happened (see trace.ts). Each hook is called
 * only behind a `x.tr !== null` check at its call site, so a run without traces pays one null
 * check per hop. Hooks read entities and never change them beyond their trace fields; they
 * draw no random number and schedule nothing.
 */
import { causeName, closeSpan, instantSpan, openSpan, spanOf, TraceRec, type TraceSpanKind } from "./trace";
import {
  Cause,
  ParentKind,
  ReplicaPhase,
  type Call,
  type ComponentState,
  type Copy,
  type Exec,
  type Request,
  type Task,
} from "./entities";
import type { SimState } from "./state";

/** Simulated ms as a note shows them: at most three decimals. */
export function fmtMs(ms: number): string {
  return String(Math.round(ms * 1000) / 1000);
}

/** A counted request was sent: traced when the sample picks it. */
export function traceRequest(sim: SimState, r: Request): void {
  const id = sim.tracer!.sample();
  if (id < 0) return;
  const w = r.workload.spec;
  const route = w.routeKeys[r.route]!;
  const entry = sim.components[w.entry]!.spec.id;
  const tr = new TraceRec(id, route, entry, r.sentAt);
  openSpan(tr, null, "request", entry, route, r.sentAt);
  r.tr = tr;
}

/** The request ended before any execution began: why, on its root span. */
export function traceRequestNote(r: Request, note: string): void {
  const s = spanOf(r.tr!, 0);
  if (s !== null) s.note = note;
}

export function traceRateLimited(sim: SimState, r: Request, gateway: ComponentState): void {
  const rl = gateway.spec.rateLimit!;
  instantSpan(
    r.tr!,
    0,
    "gateway",
    gateway.spec.id,
    r.workload.spec.routeKeys[r.route]!,
    sim.now,
    Cause.RateLimited,
    `rate limit ${rl.rps} rps (burst ${rl.burst}): no token left`,
  );
}

/** An execution begins (waiting for a slot or not) under `parent` of `tr`. */
export function traceExecOpen(sim: SimState, exec: Exec, tr: TraceRec, parent: number, note?: string): void {
  if (parent < 0) return;
  const id = openSpan(tr, parent, "exec", exec.component.spec.id, exec.op.name, sim.now);
  if (id < 0) return;
  exec.tr = tr;
  exec.sp = id;
  const s = tr.spans[id]!;
  s.replica = exec.replica.serial;
  if (exec.parentKind === ParentKind.Delivery) s.followsFrom = true;
  if (note !== undefined) s.note = note;
}

/** The replica's queue was full: the execution never ran. */
export function traceExecRefused(sim: SimState, exec: Exec): void {
  closeSpan(exec.tr!, exec.sp, sim.now, Cause.Rejected, `queue full (${exec.component.spec.queue} waiting): 503`);
}

/** The execution took a slot: the time before it was a wait. */
export function traceSlot(sim: SimState, exec: Exec): void {
  const s = spanOf(exec.tr!, exec.sp);
  if (s !== null && sim.now > s.startMs) s.wait = { startMs: s.startMs, endMs: sim.now };
}

export function traceExecDone(sim: SimState, exec: Exec, cause: Cause, wasRunning: boolean): void {
  let note: string | undefined;
  if (cause === Cause.Crashed && exec.replica.phase === ReplicaPhase.Crashed) {
    note = wasRunning
      ? `replica ${exec.replica.serial} crashed`
      : `replica ${exec.replica.serial} crashed while it waited`;
  } else if (cause === Cause.Error && exec.failed) note = "failed (its error rate or an error fault)";
  else if (cause !== Cause.Ok) note = `a step failed (${causeName(cause)})`;
  if (exec.parentKind === ParentKind.Call && (exec.parent as Call).attemptGen !== exec.parentGen) {
    note = (note ? note + "; " : "") + "ended after the caller stopped waiting: wasted work";
  }
  closeSpan(exec.tr!, exec.sp, sim.now, cause, note);
}

function callLabel(call: Call): string {
  const callee = call.callee.spec;
  return `→ ${callee.id}.${callee.ops[call.step.op]!.name}`;
}

/** A call of a traced execution begins: its attempts are children of the execution's span. */
export function traceCallStart(call: Call, exec: Exec): void {
  call.tr = exec.tr;
  call.sp = exec.sp;
}

/** A call refused before an attempt: circuit open, or the bulkhead full. */
export function traceCallRefused(sim: SimState, call: Call, cause: Cause, note: string): void {
  const tr = call.tr!;
  const id = openSpan(tr, call.sp, "call", call.caller.component.spec.id, callLabel(call), sim.now);
  if (id < 0) return;
  tr.spans[id]!.target = call.callee.spec.id;
  tr.spans[id]!.attempt = call.attempt + 1;
  closeSpan(tr, id, sim.now, cause, note);
}

export function traceAttempt(sim: SimState, call: Call): void {
  const tr = call.tr!;
  call.attemptSp = openSpan(tr, call.sp, "call", call.caller.component.spec.id, callLabel(call), sim.now);
  const s = spanOf(tr, call.attemptSp);
  if (s === null) return;
  s.target = call.callee.spec.id;
  s.attempt = call.attempt;
  if (call.probe) s.note = "a half-open circuit's probe";
}

export function traceAttemptDone(sim: SimState, call: Call, cause: Cause): void {
  const tr = call.tr!;
  const s = spanOf(tr, call.attemptSp);
  if (s === null) return;
  const callee = call.callee.spec.id;
  let note: string | undefined;
  switch (cause) {
    case Cause.Timeout:
      note = `timeout after ${fmtMs(call.step.resilience.timeout)} ms`;
      break;
    case Cause.Rejected:
      note = `${callee} refused it: queue full (503)`;
      break;
    case Cause.Crashed:
      note = `no serving replica of ${callee}`;
      break;
    case Cause.Partitioned:
      note = `partitioned from ${callee}`;
      break;
    case Cause.Ok:
      break;
    default:
      note = `${callee} answered ${causeName(cause)}`;
  }
  if (s.note !== undefined && note !== undefined) note = `${s.note}; ${note}`;
  closeSpan(tr, call.attemptSp, sim.now, cause, note);
  call.attemptSp = -1;
}

/** The wait before retry `call.attempt` (so the next attempt is number call.attempt + 1). */
export function traceBackoff(sim: SimState, call: Call, delay: number): void {
  const tr = call.tr!;
  const id = openSpan(tr, call.sp, "backoff", call.caller.component.spec.id, "backoff", sim.now);
  if (id >= 0) closeSpan(tr, id, sim.now + delay, Cause.Ok, `retry ${call.attempt} after ${fmtMs(delay)} ms backoff`);
}

/** A query or publish of a traced execution is sent. */
export function traceTaskOpen(sim: SimState, t: Task, exec: Exec, kind: TraceSpanKind, label: string): void {
  const id = openSpan(exec.tr!, exec.sp, kind, t.component.spec.id, label, sim.now);
  if (id < 0) return;
  t.tr = exec.tr;
  t.sp = id;
}

/** A query got its connection: the time since it arrived was a wait for the pool. */
export function traceConnection(sim: SimState, t: Task): void {
  const s = spanOf(t.tr!, t.sp);
  if (s !== null && sim.now > t.arrivedAt) s.wait = { startMs: t.arrivedAt, endMs: sim.now };
}

/** A query's or publish's answer is on its way back; it reaches the step at `endMs`. */
export function traceTaskDone(t: Task, cause: Cause, endMs: number): void {
  const name = t.component.spec.id;
  const note =
    cause === Cause.Crashed
      ? `${name} is down`
      : cause === Cause.BrokerDown
        ? `${name} is down`
        : cause === Cause.Partitioned
          ? `partitioned from ${name}`
          : undefined;
  closeSpan(t.tr!, t.sp, endMs, cause, note);
}

/** A step that ended as it began: a partition, a broker outage, an outbox write. */
export function traceStepInstant(
  sim: SimState,
  exec: Exec,
  kind: TraceSpanKind,
  target: ComponentState,
  label: string,
  cause: Cause,
  note: string,
): number {
  const tr = exec.tr!;
  const id = openSpan(tr, exec.sp, kind, target.spec.id, label, sim.now);
  if (id >= 0) closeSpan(tr, id, sim.now, cause, note);
  return id;
}

/** A cache lookup: its answer time and hit or miss are known when it starts. */
export function traceCache(sim: SimState, exec: Exec, cache: ComponentState, d: number, miss: boolean | null): void {
  const tr = exec.tr!;
  const id = openSpan(tr, exec.sp, "cache", cache.spec.id, "lookup", sim.now);
  if (id < 0) return;
  const note = miss === null ? `${cache.spec.id} unreachable: counted as a miss` : miss ? "miss" : "hit";
  closeSpan(tr, id, sim.now + d, Cause.Ok, note);
}

/** Copies of a traced publish carry its span, for their consumers' executions. */
export function traceCopies(tr: TraceRec, sp: number, copies: readonly Copy[]): void {
  if (sp < 0) return;
  for (const c of copies) {
    c.tr = tr;
    c.sp = sp;
  }
}
