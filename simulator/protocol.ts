/**
 * The messages between the page and a simulation (a Web Worker today, a socket.io session
 * later): commands to the simulation, events from it. Both are discriminated unions on `type`
 * and are validated with zod where they cross a thread or the network, so a malformed message
 * is refused at the edge instead of failing deep inside the engine or the UI.
 */
import { z } from "zod";
import { faultSchema, type Design, type Fault } from "../model";
import type { RunSnapshot } from "./run";
import { FAILURE_CAUSES, type SimulationResult } from "./result";
import { TRACE_LIMITS } from "./runtime/limits";
import type { Trace } from "./runtime/trace";

/** How fast simulated time runs: as fast as possible, or wall time × 1, × 10, × 100. */
export const RUN_SPEEDS = ["max", 1, 10, 100] as const;
export type RunSpeed = (typeof RUN_SPEEDS)[number];
const speedSchema = z.union([z.literal("max"), z.literal(1), z.literal(10), z.literal(100)]);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

// A parsed design was already validated by parseDesign on the sending side; checking its deep
// shape again per message would cost more than it protects, so only its outline is checked.
const parsedDesignSchema = z.custom<Design>(
  (v) => isPlainObject(v) && isPlainObject(v.components) && isPlainObject(v.scenarios),
  "a parsed design (with components and scenarios)",
);

export const startCommandSchema = z.object({
  type: z.literal("start"),
  design: z.union([z.object({ text: z.string().max(5 * 1024 * 1024) }), z.object({ parsed: parsedDesignSchema })]),
  scenario: z.string().min(1),
  seed: z.number().int(),
  durationMs: z.number().positive().optional(),
  speed: speedSchema,
});

export const runCommandSchema = z.discriminatedUnion("type", [
  startCommandSchema,
  z.object({ type: z.literal("pause") }),
  z.object({ type: z.literal("resume") }),
  z.object({ type: z.literal("setSpeed"), speed: speedSchema }),
  z.object({ type: z.literal("stop") }),
  /**
   * A fault now, written as in a scenario (`{ kind: crash, target: inventory, for: 30s }`,
   * checked by the format's own schema); its `at` is replaced by the current simulated time.
   */
  z.object({ type: z.literal("inject"), fault: faultSchema }),
  /** Ends every active fault now. */
  z.object({ type: z.literal("heal") }),
]);
export type RunCommand = z.infer<typeof runCommandSchema>;
/** A command as sent: an `inject` carries its fault as written in a scenario ("30s", "200ms"). */
export type RunCommandMessage = z.input<typeof runCommandSchema>;
/** A fault as written in a scenario, before parsing. */
export type FaultInput = z.input<typeof faultSchema>;
export type StartCommand = z.infer<typeof startCommandSchema>;

const count = z.number().nonnegative();
const circuitSchema = z.enum(["closed", "open", "halfOpen"]);
// Loose objects: a field the engine adds later passes through instead of being stripped here.
export const runSnapshotSchema: z.ZodType<RunSnapshot> = z.looseObject({
  t: z.number().int().nonnegative(),
  simulatedMs: count,
  done: z.boolean(),
  requests: z.looseObject({ succeeded: count, failed: count, rejected: count }),
  latency: z.looseObject({ p50: count, p95: count.optional(), p99: count }),
  causes: z.record(z.string(), count).optional(),
  routes: z.record(
    z.string(),
    z.looseObject({ count, failed: count, rejected: count.optional(), p50: count, p95: count.optional(), p99: count }),
  ),
  components: z.record(
    z.string(),
    z.looseObject({
      throughput: count,
      utilization: count,
      queue: count,
      replicas: count,
      failed: count,
      circuits: z.record(z.string(), circuitSchema),
    }),
  ),
  topics: z.record(z.string(), z.looseObject({ depth: count })),
}) as z.ZodType<RunSnapshot>;

// The result is made by the engine on the other side; its figures are checked in outline
// (the fields the UI reads), the rest passes through as the engine wrote it.
const resultSchema = z.custom<SimulationResult>(
  (v) =>
    isPlainObject(v) &&
    typeof v.scenario === "string" &&
    typeof v.partial === "boolean" &&
    typeof v.simulatedSeconds === "number" &&
    isPlainObject(v.requests) &&
    isPlainObject(v.routes) &&
    isPlainObject(v.topics),
  "a simulation result",
);

const SPAN_KINDS: ReadonlySet<unknown> = new Set([
  "request",
  "gateway",
  "exec",
  "call",
  "backoff",
  "query",
  "cache",
  "publish",
]);
const TRACE_OUTCOMES: ReadonlySet<unknown> = new Set(["ok", ...FAILURE_CAUSES]);
const SPAN_OUTCOMES: ReadonlySet<unknown> = new Set(["ok", "unfinished", ...FAILURE_CAUSES]);

const isMs = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const isOptional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
const isString = (v: unknown) => typeof v === "string";

/** Why a span is not one (the first field that is wrong), or null. */
function spanProblem(v: unknown): [string, string] | null {
  if (!isPlainObject(v)) return ["", "expected a span object"];
  if (!isCount(v.id)) return ["id", "expected a whole number ≥ 0"];
  if (v.parentId !== null && !isCount(v.parentId)) return ["parentId", "expected a whole number ≥ 0 or null"];
  if (!SPAN_KINDS.has(v.kind)) return ["kind", "not a span kind"];
  if (!isString(v.component)) return ["component", "expected a string"];
  if (!isOptional(v.target, isString)) return ["target", "expected a string"];
  if (!isString(v.label)) return ["label", "expected a string"];
  if (!isMs(v.startMs)) return ["startMs", "expected ms ≥ 0"];
  if (!isMs(v.endMs)) return ["endMs", "expected ms ≥ 0"];
  if (!SPAN_OUTCOMES.has(v.outcome)) return ["outcome", "not a span outcome"];
  if (!isOptional(v.note, isString)) return ["note", "expected a string"];
  if (!isOptional(v.attempt, (a) => isCount(a) && (a as number) > 0)) return ["attempt", "expected a whole number > 0"];
  if (!isOptional(v.replica, isCount)) return ["replica", "expected a whole number ≥ 0"];
  if (!isOptional(v.wait, (w) => isPlainObject(w) && isMs(w.startMs) && isMs(w.endMs)))
    return ["wait", "expected { startMs, endMs }"];
  if (!isOptional(v.followsFrom, (f) => f === true)) return ["followsFrom", "expected true"];
  return null;
}

/** Why a trace is not one, or null. */
function traceProblem(v: unknown): [string, string] | null {
  if (!isPlainObject(v)) return ["", "expected a trace object"];
  if (!isCount(v.id)) return ["id", "expected a whole number ≥ 0"];
  if (!isString(v.route)) return ["route", "expected a string"];
  if (!isString(v.entry)) return ["entry", "expected a string"];
  for (const k of ["startMs", "endMs", "durationMs"] as const) if (!isMs(v[k])) return [k, "expected ms ≥ 0"];
  if (!TRACE_OUTCOMES.has(v.outcome)) return ["outcome", "not a trace outcome"];
  if (typeof v.rejected !== "boolean") return ["rejected", "expected a boolean"];
  if (!isCount(v.droppedSpans)) return ["droppedSpans", "expected a whole number ≥ 0"];
  const spans = v.spans;
  if (!Array.isArray(spans) || spans.length < 1 || spans.length > TRACE_LIMITS.spansPerTrace)
    return ["spans", `expected 1 to ${TRACE_LIMITS.spansPerTrace} spans`];
  for (let i = 0; i < spans.length; i++) {
    const p = spanProblem(spans[i]);
    if (p) return [`spans.${i}${p[0] ? "." + p[0] : ""}`, p[1]];
  }
  return null;
}

/**
 * The sampled traces as the engine records them (simulator/runtime/trace.ts), within their
 * limits: at most TRACE_LIMITS.traces, TRACE_LIMITS.spansPerTrace spans each and
 * TRACE_LIMITS.totalSpans in all. Checked by hand, not field by field with zod: the page
 * receives this message during a run, and a zod object per span cost ~1 µs each on the main
 * thread; the hand check is several times cheaper and passes the engine's objects through.
 */
export const tracesSchema = z.custom<Trace[]>(Array.isArray, "expected a list of traces").check((ctx) => {
  const traces = ctx.value;
  const issue = (path: (string | number)[], message: string): void => {
    ctx.issues.push({ code: "custom", input: traces, path, message });
  };
  if (traces.length > TRACE_LIMITS.traces) return issue([], `at most ${TRACE_LIMITS.traces} traces`);
  let total = 0;
  for (let i = 0; i < traces.length; i++) {
    const p = traceProblem(traces[i]);
    if (p) return issue([i, ...(p[0] ? p[0].split(".") : [])], p[1]);
    total += traces[i]!.spans.length;
  }
  if (total > TRACE_LIMITS.totalSpans) issue([], `at most ${TRACE_LIMITS.totalSpans} spans in all`);
});

export const runEventSchema = z.discriminatedUnion("type", [
  /** Snapshots since the last batch, in simulated order (one per simulated second). */
  z.object({ type: z.literal("snapshots"), snapshots: z.array(runSnapshotSchema) }),
  z.object({ type: z.literal("progress"), simulatedMs: count, durationMs: count }),
  z.object({ type: z.literal("done"), result: resultSchema }),
  /** The sampled traces kept so far (sent before `done`, and when paused); each replaces the last. */
  z.object({ type: z.literal("traces"), traces: tracesSchema }),
  z.object({ type: z.literal("error"), message: z.string() }),
  /** A fault took effect at `atMs` simulated (the fault as parsed: durations in ms). */
  z.object({ type: z.literal("injected"), fault: z.custom<Fault>(isPlainObject, "a fault"), atMs: count }),
  /** Every active fault ended at `atMs`. */
  z.object({ type: z.literal("healed"), atMs: count }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;

/** A command from an untrusted sender, or the reason it is not one. */
export function parseRunCommand(data: unknown): { ok: true; command: RunCommand } | { ok: false; message: string } {
  const r = runCommandSchema.safeParse(data);
  return r.success ? { ok: true, command: r.data } : { ok: false, message: describe(r.error) };
}

/** An event from an untrusted sender, or the reason it is not one. */
export function parseRunEvent(data: unknown): { ok: true; event: RunEvent } | { ok: false; message: string } {
  const r = runEventSchema.safeParse(data);
  return r.success ? { ok: true, event: r.data } : { ok: false, message: describe(r.error) };
}

function describe(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join(".") || "message"}: ${first.message}` : "not a valid message";
}
