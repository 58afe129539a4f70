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

const failureCauseSchema = z.enum(FAILURE_CAUSES);
const ms = z.number().finite().nonnegative();
const traceSpanSchema = z.object({
  id: z.number().int().nonnegative(),
  parentId: z.number().int().nonnegative().nullable(),
  kind: z.enum(["request", "gateway", "exec", "call", "backoff", "query", "cache", "publish"]),
  component: z.string(),
  label: z.string(),
  startMs: ms,
  endMs: ms,
  outcome: z.union([z.literal("ok"), z.literal("unfinished"), failureCauseSchema]),
  note: z.string().optional(),
  attempt: z.number().int().positive().optional(),
  replica: z.number().int().nonnegative().optional(),
  wait: z.object({ startMs: ms, endMs: ms }).optional(),
  followsFrom: z.literal(true).optional(),
});
/** A sampled trace as the engine records it (simulator/runtime/trace.ts), within its limits. */
export const traceSchema: z.ZodType<Trace> = z.object({
  id: z.number().int().nonnegative(),
  route: z.string(),
  entry: z.string(),
  startMs: ms,
  endMs: ms,
  durationMs: ms,
  outcome: z.union([z.literal("ok"), failureCauseSchema]),
  rejected: z.boolean(),
  spans: z.array(traceSpanSchema).min(1).max(TRACE_LIMITS.spansPerTrace),
  droppedSpans: z.number().int().nonnegative(),
});

export const runEventSchema = z.discriminatedUnion("type", [
  /** Snapshots since the last batch, in simulated order (one per simulated second). */
  z.object({ type: z.literal("snapshots"), snapshots: z.array(runSnapshotSchema) }),
  z.object({ type: z.literal("progress"), simulatedMs: count, durationMs: count }),
  z.object({ type: z.literal("done"), result: resultSchema }),
  /** The sampled traces kept so far (sent before `done`, and when paused); each replaces the last. */
  z.object({ type: z.literal("traces"), traces: z.array(traceSchema).max(TRACE_LIMITS.traces) }),
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
