/**
 * An operation's steps as TypeScript statements, run after the user's handler: calls through the
 * typed clients, queries on the repositories, cache lookups, publishes (through the outbox when
 * `outbox: true`), parallel and branch, each wrapped for `optional` and `probability`.
 */
import type { Design, Operation, ServiceComponent, Step } from "../../../model";
import { lit, num } from "./code";
import { flattenSteps, getOperationRoute, getPolicyKey, type ResilienceSpecJson } from "./design-info";

/**
 * Where an operation's `outbox: true` publishes write: each into the Postgres database of the
 * nearest `query` step before it (in the order the steps are written), else into memory. The
 * operation's steps then run in one unit of work whose transaction the query steps on those
 * databases join.
 */
export interface OutboxPlan {
  /** Each outbox publish step → the database it writes its row to (undefined: the in-memory outbox). */
  readonly databaseOf: ReadonlyMap<Step, string | undefined>;
  /** The databases whose query steps run in the unit of work's transaction. */
  readonly joined: ReadonlySet<string>;
}

/** The operation's outbox plan, or undefined when it has no `outbox: true` publish (no unit of work). */
export function getOutboxPlan(design: Design, op: Operation): OutboxPlan | undefined {
  const databaseOf = new Map<Step, string | undefined>();
  let lastPostgres: string | undefined;
  for (const step of flattenSteps(op.steps)) {
    if ("query" in step) {
      const db = design.components[step.query];
      if (db?.kind === "database" && db.tech?.toLowerCase() === "postgres") lastPostgres = step.query;
    } else if ("publish" in step && step.outbox) databaseOf.set(step, lastPostgres);
  }
  if (databaseOf.size === 0) return undefined;
  const joined = new Set([...databaseOf.values()].filter((d): d is string => d !== undefined));
  return { databaseOf, joined };
}

export interface StepEmitContext {
  readonly design: Design;
  readonly serviceId: string;
  readonly service: ServiceComponent;
  readonly operationId: string;
  /** The method the operation is reached by (GET reads records; anything else writes). */
  readonly method: string;
  readonly policies: Map<string, { callee: string; spec: ResilienceSpecJson }>;
  /** The operation's outbox plan: when set, the steps run inside `inUnitOfWork(async (uow) => …)`. */
  readonly outbox: OutboxPlan | undefined;
}

/** A step in a few words: "call inventory.reserve", "publish order.created", "parallel". */
export function describeStep(step: Step): string {
  if ("call" in step) return `call ${step.call}`;
  if ("query" in step) return `query ${step.query}`;
  if ("cache" in step) return `cache ${step.cache}`;
  if ("publish" in step) return `publish ${step.publish}`;
  if ("parallel" in step) return "parallel";
  return "branch";
}

function indent(lines: readonly string[], by = "  "): string[] {
  return lines.map((l) => (l.length > 0 ? by + l : l));
}

/** The statements of one step, without its optional/probability wrapping. */
function emitBare(step: Step, c: StepEmitContext): string[] {
  if ("call" in step) {
    const [callee, op] = [step.call.slice(0, step.call.indexOf(".")), step.call.slice(step.call.indexOf(".") + 1)];
    const key = getPolicyKey(c.policies, c.service, step);
    return [
      `await ctx.clients[${lit(callee)}][${lit(op)}]({ params: input.params, body: input.body }, ctx.policies[${lit(key)}]);`,
    ];
  }
  if ("query" in step) {
    const repo = `ctx.repositories[${lit(step.query)}]`;
    return [
      "{",
      `  const record = await query(${c.outbox?.joined.has(step.query) ? `uow.join(${repo})` : repo}, ${lit(c.serviceId)}, ${lit(c.method)}, input, result);`,
      "  if (record) result = { ...record, ...asRecord(result) };",
      "}",
    ];
  }
  if ("cache" in step)
    return [
      "{",
      `  const cache = ctx.caches[${lit(step.cache)}];`,
      `  const key = ${lit(`${c.operationId} `)} + JSON.stringify(input.params);`,
      "  const hit = await cache.get(key);",
      "  if (hit !== undefined) result = hit;",
      "  else {",
      ...indent(emitList(step.miss, c), "    "),
      "    await cache.set(key, result);",
      "  }",
      "}",
    ];
  if ("publish" in step) {
    const message = `{ topic: ${lit(step.publish)}, source: ${lit(`${c.serviceId}.${c.operationId}`)}, data: result }`;
    if (!step.outbox) return [`await ctx.broker.publish(${lit(step.publish)}, ${message});`];
    const db = c.outbox?.databaseOf.get(step);
    const args = [lit(step.publish), message, ...(db === undefined ? [] : [`ctx.repositories[${lit(db)}]`])];
    return [`await ctx.outbox.publish(uow, ${args.join(", ")});`];
  }
  if ("parallel" in step)
    return [
      "await parallel([",
      ...step.parallel.flatMap((s) => indent(["async () => {", ...indent(emitStep(s, c)), "},"])),
      "]);",
    ];
  return [
    "await branch([",
    ...step.branch.flatMap((alt) =>
      indent([`{ weight: ${num(alt.weight)}, run: async () => {`, ...indent(emitList(alt.steps, c)), "} },"]),
    ),
    "], branches);",
  ];
}

/** One step with its `optional` and `probability` wrappers. */
export function emitStep(step: Step, c: StepEmitContext): string[] {
  let lines = emitBare(step, c);
  if (step.optional)
    lines = [`await optional(ctx.log, ${lit(describeStep(step))}, async () => {`, ...indent(lines), "});"];
  if (step.probability < 1) lines = [`await maybe(${num(step.probability)}, async () => {`, ...indent(lines), "});"];
  return lines;
}

export function emitList(steps: readonly Step[], c: StepEmitContext): string[] {
  return steps.flatMap((s) => emitStep(s, c));
}

/** The method and path a call to `<service>.<operation>` uses. */
export function getCallRoute(design: Design, target: string): { method: string; path: string } {
  const dot = target.indexOf(".");
  const svc = design.components[target.slice(0, dot)];
  const opId = target.slice(dot + 1);
  if (svc?.kind !== "service" || !svc.operations[opId]) throw new Error(`generator bug: no operation ${target}`);
  return getOperationRoute(opId, svc.operations[opId]);
}
