/**
 * Cross-reference, sum and cycle checks of the format's Validation section.
 * They run on every part that passed the schema, so one run reports schema and
 * reference errors together. Each rule is one function in CHECKS; they share a CheckContext.
 */
import type { DesignIssue, PathSegment } from "./diagnostics";
import type { DesignParts, RawComponents } from "./parts";
import { quote } from "./quote";
import { COMPONENT_KINDS, type ServiceComponent, type Step } from "./schema";
import { MAX_SUGGEST_CANDIDATES, suggest } from "./suggest";
import { clip, formatCount, formatDuration, listSome } from "./units";

const MIX_TOLERANCE = 1e-6;

const FAULT_TARGET_KINDS: Record<string, readonly string[] | "any-but-client"> = {
  crash: "any-but-client",
  latency: ["service", "database"],
  errors: ["service"],
  slowdown: ["service"],
};
const DEPENDS_ON_KINDS = ["config", "registry", "database", "broker", "service"];
const ALL_KINDS: readonly string[] = COMPONENT_KINDS;

interface CallEdge {
  from: string; // service.operation
  to: string; // service.operation
  path: PathSegment[];
}

/** A step of a service's operation, with where it is. */
interface StepSite {
  service: string;
  operation: string;
  step: Step;
  path: PathSegment[];
}

/** What the checks share: the design, lookups made once, and where issues go. */
interface CheckContext {
  readonly design: DesignParts;
  readonly raw: RawComponents;
  readonly rawWorkloads: ReadonlySet<string>;
  /** Every component id in the source, also of components that failed the schema. */
  readonly ids: readonly string[];
  readonly brokers: readonly string[];
  /** Every step of every operation that passed the schema, depth first. */
  readonly steps: readonly StepSite[];
  /** Calls to operations that exist: the edges of the call graph. */
  readonly callEdges: readonly CallEdge[];
  /** The kind of a component, also of one that failed the schema; undefined if its kind is itself an error. */
  kindOf(id: string): string | undefined;
  exists(id: string): boolean;
  /** `<what> "id" does not exist`, suggesting the closest id among components of the kinds that fit. */
  missing(what: string, id: string, kinds?: readonly string[]): string;
  /** Operation names of a service, from the parsed part or, if it failed the schema, from the source. */
  operationsOf(id: string): { names: string[]; has: Set<string> } | undefined;
  /** What is wrong with a `<service>.<operation>` reference, if anything. */
  targetProblem(target: string): string | undefined;
  hint(word: string, candidates: readonly string[], listKey: string): string | undefined;
  error(segments: PathSegment[], message: string, atKey?: boolean): void;
  warn(segments: PathSegment[], message: string, atKey?: boolean): void;
}

type Check = (ctx: CheckContext) => void;

/** Every check beyond the schema, in the order of the format's Validation section. */
const CHECKS: readonly Check[] = [
  checkCallTargets,
  checkQueryTargets,
  checkCacheTargets,
  checkPublishBroker,
  checkSubscriptions,
  checkDependsOn,
  checkAutoscaleBounds,
  checkGatewayRoutes,
  checkWorkloadSources,
  checkWorkloadEntries,
  checkSlos,
  checkScenarioWorkloads,
  checkFaultTimes,
  checkFaultTargets,
  checkCallCycles,
  checkTopics,
  checkMessageLoops,
  checkFanOut,
  checkLayout,
];

/** Runs every check beyond the schema; returns errors and warnings with their paths. */
export function checkDesign(
  d: DesignParts,
  raw: RawComponents,
  rawWorkloads: ReadonlySet<string> = new Set(),
): DesignIssue[] {
  const issues: DesignIssue[] = [];
  const ctx = createContext(d, raw, rawWorkloads, issues);
  for (const check of CHECKS) check(ctx);
  return issues;
}

function createContext(
  d: DesignParts,
  raw: RawComponents,
  rawWorkloads: ReadonlySet<string>,
  issues: DesignIssue[],
): CheckContext {
  const ids = [...raw.keys()];
  const kindOf = (id: string): string | undefined => {
    const c = d.components[id];
    if (c) return c.kind;
    const r = raw.get(id) as { kind?: unknown } | undefined;
    return typeof r?.kind === "string" && (COMPONENT_KINDS as string[]).includes(r.kind) ? r.kind : undefined;
  };
  const exists = (id: string) => raw.has(id);
  const idsOfKinds = memo(
    (kinds: readonly string[]) => ids.filter((x) => kinds.includes(kindOf(x) ?? "")),
    (kinds) => kinds.join(","),
  );
  const hint = hinter();
  const missing = (what: string, id: string, kinds?: readonly string[]) => {
    const h = kinds ? hint(id, idsOfKinds(kinds), kinds.join(",")) : hint(id, ids, "*");
    return `${what} ${quote(id)} does not exist${h ? ` (did you mean ${quote(h)}?)` : ""}`;
  };
  const operationsOf = memo((id: string): { names: string[]; has: Set<string> } | undefined => {
    const c = d.components[id];
    let names: string[] | undefined;
    if (c?.kind === "service") names = Object.keys(c.operations);
    else {
      const r = raw.get(id) as { operations?: unknown } | undefined;
      if (r?.operations && typeof r.operations === "object" && !Array.isArray(r.operations))
        names = Object.keys(r.operations);
    }
    return names && { names, has: new Set(names) };
  });
  const targetProblem = memo((target: string): string | undefined => {
    const dot = target.indexOf(".");
    const svc = target.slice(0, dot);
    const op = target.slice(dot + 1);
    if (!exists(svc)) return missing("service", svc, ["service"]);
    const kind = kindOf(svc);
    if (kind !== undefined && kind !== "service")
      return `${quote(svc)} is ${withArticle(kind)}, not a service: only services have operations`;
    const ops = operationsOf(svc);
    if (ops && !ops.has.has(op)) {
      const h = hint(op, ops.names, `ops:${svc}`);
      return `service ${quote(svc)} has no operation ${quote(op)}${h ? ` (did you mean ${quote(h)}?)` : ""}; it has ${listSome(ops.names) || "none"}`;
    }
    return undefined;
  });

  const steps: StepSite[] = [];
  for (const [service, c] of Object.entries(d.components)) {
    if (c.kind !== "service") continue;
    for (const [operation, op] of Object.entries(c.operations))
      walkSteps(op.steps, ["components", service, "operations", operation, "steps"], (step, path) =>
        steps.push({ service, operation, step, path }),
      );
  }
  const callEdges: CallEdge[] = [];
  for (const { service, operation, step, path } of steps)
    if ("call" in step && targetProblem(step.call) === undefined)
      callEdges.push({ from: `${service}.${operation}`, to: step.call, path: [...path, "call"] });

  return {
    design: d,
    raw,
    rawWorkloads,
    ids,
    brokers: ids.filter((id) => kindOf(id) === "broker"),
    steps,
    callEdges,
    kindOf,
    exists,
    missing,
    operationsOf,
    targetProblem,
    hint,
    error: (segments, message, atKey = false) => issues.push({ severity: "error", segments, message, atKey }),
    warn: (segments, message, atKey = false) => issues.push({ severity: "warning", segments, message, atKey }),
  };
}

// ---------------------------------------------------------------- steps

/** A `call` names an operation of an existing service. */
function checkCallTargets(ctx: CheckContext): void {
  for (const { step, path } of ctx.steps) {
    if (!("call" in step)) continue;
    const problem = ctx.targetProblem(step.call);
    if (problem) ctx.error([...path, "call"], problem);
  }
}

/** A `query` names a database. */
function checkQueryTargets(ctx: CheckContext): void {
  for (const { step, path } of ctx.steps) {
    if (!("query" in step)) continue;
    const k = ctx.kindOf(step.query);
    if (!ctx.exists(step.query)) ctx.error([...path, "query"], ctx.missing("database", step.query, ["database"]));
    else if (k !== undefined && k !== "database")
      ctx.error([...path, "query"], `query needs a database; ${quote(step.query)} is ${withArticle(k)}`);
  }
}

/** A `cache` step names a cache. */
function checkCacheTargets(ctx: CheckContext): void {
  for (const { step, path } of ctx.steps) {
    if (!("cache" in step)) continue;
    const k = ctx.kindOf(step.cache);
    if (!ctx.exists(step.cache)) ctx.error([...path, "cache"], ctx.missing("cache", step.cache, ["cache"]));
    else if (k !== undefined && k !== "cache")
      ctx.error([...path, "cache"], `cache needs a cache component; ${quote(step.cache)} is ${withArticle(k)}`);
  }
}

/** A `publish` needs exactly one broker in the design. */
function checkPublishBroker(ctx: CheckContext): void {
  const n = ctx.brokers.length;
  if (n === 1) return;
  for (const { step, path } of ctx.steps) {
    if ("publish" in step)
      ctx.error(
        [...path, "publish"],
        `publish needs exactly one broker in the design; it has ${n === 0 ? "none" : `${n} (${listSome(ctx.brokers)})`}`,
      );
  }
}

// ---------------------------------------------------------------- services

/** A `subscribes` entry names an operation of its service, and needs exactly one broker. */
function checkSubscriptions(ctx: CheckContext): void {
  for (const [id, c] of Object.entries(ctx.design.components)) {
    if (c.kind !== "service") continue;
    for (const [topic, opName] of Object.entries(c.subscribes)) {
      const path = ["components", id, "subscribes", topic];
      if (!Object.hasOwn(c.operations, opName)) {
        const h = ctx.hint(opName, ctx.operationsOf(id)?.names ?? [], `ops:${id}`);
        ctx.error(
          path,
          `subscribes names operation ${quote(opName)}, which ${quote(id)} does not have${h ? ` (did you mean ${quote(h)}?)` : ""}`,
        );
      }
      if (ctx.brokers.length !== 1)
        ctx.error(
          path,
          `subscribing needs exactly one broker in the design; it has ${ctx.brokers.length === 0 ? "none" : ctx.brokers.length}`,
          true,
        );
    }
  }
}

/** `dependsOn` names another component of a kind a replica can wait for. */
function checkDependsOn(ctx: CheckContext): void {
  for (const [id, c] of Object.entries(ctx.design.components)) {
    if (c.kind !== "service") continue;
    c.dependsOn.forEach((dep, i) => {
      const path = ["components", id, "dependsOn", i];
      if (dep === id) ctx.error(path, `${quote(id)} cannot depend on itself`);
      else if (!ctx.exists(dep)) ctx.error(path, ctx.missing("component", dep, DEPENDS_ON_KINDS));
      else {
        const k = ctx.kindOf(dep);
        if (k !== undefined && !DEPENDS_ON_KINDS.includes(k))
          ctx.error(
            path,
            `dependsOn may name a config, registry, database, broker or service; ${quote(dep)} is ${withArticle(k)}`,
          );
      }
    });
  }
}

/** `autoscale.min` ≤ `autoscale.max`. */
function checkAutoscaleBounds(ctx: CheckContext): void {
  for (const [id, c] of Object.entries(ctx.design.components)) {
    if (c.kind === "service" && c.autoscale && c.autoscale.min > c.autoscale.max)
      ctx.error(
        ["components", id, "autoscale", "min"],
        `autoscale.min (${c.autoscale.min}) is greater than autoscale.max (${c.autoscale.max})`,
      );
  }
}

/** A gateway route calls an existing operation whose `http` is that route. */
function checkGatewayRoutes(ctx: CheckContext): void {
  for (const [id, c] of Object.entries(ctx.design.components)) {
    if (c.kind !== "gateway") continue;
    for (const [route, target] of Object.entries(c.routes)) {
      const path = ["components", id, "routes", route];
      const problem = ctx.targetProblem(target);
      if (problem) {
        ctx.error(path, problem);
        continue;
      }
      const [svc, op] = target.split(".") as [string, string];
      const service = ctx.design.components[svc];
      if (service?.kind !== "service") continue;
      const http = service.operations[op]?.http;
      if (http !== route)
        ctx.error(
          path,
          `route ${quote(route)} points to ${target}, whose http is ${http ? quote(http) : "not set"}; give ${target} \`http: ${clip(route)}\``,
        );
    }
  }
}

// ---------------------------------------------------------------- workloads and scenarios

/** A workload's `source` is a client. */
function checkWorkloadSources(ctx: CheckContext): void {
  for (const [name, w] of Object.entries(ctx.design.workloads)) {
    if (w.source === undefined) continue;
    const path = ["workloads", name, "source"];
    const k = ctx.kindOf(w.source);
    if (!ctx.exists(w.source)) ctx.error(path, ctx.missing("client", w.source, ["client"]));
    else if (k !== undefined && k !== "client")
      ctx.error(path, `source must be a client; ${quote(w.source)} is ${withArticle(k)}`);
  }
}

/** A workload enters at a gateway, with a mix of its routes summing to 1, or at `<service>.<operation>`, without one. */
function checkWorkloadEntries(ctx: CheckContext): void {
  const routesOf = memo((gateway: string): string[] => {
    const gw = ctx.design.components[gateway];
    return gw?.kind === "gateway" ? Object.keys(gw.routes) : [];
  });
  for (const [name, w] of Object.entries(ctx.design.workloads)) {
    const base: PathSegment[] = ["workloads", name];
    const entryKind = ctx.exists(w.entry) ? ctx.kindOf(w.entry) : undefined;
    if (entryKind === "gateway") {
      const gw = ctx.design.components[w.entry];
      if (w.mix === undefined)
        ctx.error(
          [...base, "entry"],
          `a workload whose entry is the gateway ${quote(w.entry)} needs a mix of its routes`,
        );
      else if (gw?.kind === "gateway") {
        const routes = routesOf(w.entry);
        let sum = 0;
        for (const [route, weight] of Object.entries(w.mix)) {
          sum += weight;
          if (!Object.hasOwn(gw.routes, route)) {
            const h = ctx.hint(route, routes, `routes:${w.entry}`);
            ctx.error(
              [...base, "mix", route],
              `${quote(route)} is not a route of gateway ${quote(w.entry)}${h ? ` (did you mean ${quote(h)}?)` : `; its routes are ${listSome(routes)}`}`,
              true,
            );
          }
        }
        if (Math.abs(sum - 1) > MIX_TOLERANCE)
          ctx.error([...base, "mix"], `mix weights must sum to 1; they sum to ${round(sum)}`);
      }
    } else if (ctx.exists(w.entry) && entryKind !== undefined) {
      ctx.error(
        [...base, "entry"],
        `entry must be a gateway or <service>.<operation>; ${quote(w.entry)} is ${withArticle(entryKind)}`,
      );
    } else if (w.entry.includes(".")) {
      const msg = /^[a-z][a-z0-9-]*\.[a-z][a-zA-Z0-9]*$/.test(w.entry)
        ? ctx.targetProblem(w.entry)
        : `invalid entry ${quote(w.entry)}: expected a gateway id or <service>.<operation>`;
      if (msg) ctx.error([...base, "entry"], msg);
      if (w.mix !== undefined)
        ctx.error(
          [...base, "mix"],
          "mix is only for a gateway entry; a <service>.<operation> entry takes all the traffic",
          true,
        );
    } else if (!ctx.exists(w.entry)) {
      ctx.error(
        [...base, "entry"],
        `${ctx.missing("entry", w.entry, ["gateway"])}: expected a gateway id or <service>.<operation>`,
      );
    }
  }
}

/** A gateway's `slos` name its own routes; a workload's `slo` is for a `<service>.<operation>` entry. */
function checkSlos(ctx: CheckContext): void {
  for (const [id, c] of Object.entries(ctx.design.components)) {
    if (c.kind !== "gateway" || !c.slos) continue;
    const routes = Object.keys(c.routes);
    for (const route of Object.keys(c.slos)) {
      if (Object.hasOwn(c.routes, route)) continue;
      const h = ctx.hint(route, routes, `routes:${id}`);
      ctx.error(
        ["components", id, "slos", route],
        `${quote(route)} has an slo but is not a route of gateway ${quote(id)}${h ? ` (did you mean ${quote(h)}?)` : routes.length ? `; its routes are ${listSome(routes)}` : ""}`,
        true,
      );
    }
  }
  for (const [name, w] of Object.entries(ctx.design.workloads)) {
    if (w.slo !== undefined && ctx.kindOf(w.entry) === "gateway")
      ctx.error(
        ["workloads", name, "slo"],
        `a workload's slo is for a <service>.<operation> entry; give the routes of gateway ${quote(w.entry)} their slos there (components.${w.entry}.slos)`,
        true,
      );
  }
}

/** A scenario's `workload` exists (it may have failed the schema: that is reported once, there). */
function checkScenarioWorkloads(ctx: CheckContext): void {
  const workloadNames = Object.keys(ctx.design.workloads);
  for (const [name, s] of Object.entries(ctx.design.scenarios)) {
    if (ctx.rawWorkloads.has(s.workload)) continue;
    const h = ctx.hint(s.workload, workloadNames, "workloads");
    ctx.error(
      ["scenarios", name, "workload"],
      `workload ${quote(s.workload)} does not exist${h ? ` (did you mean ${quote(h)}?)` : ""}`,
    );
  }
}

/** Warns about a fault that starts at or after the end of its scenario. */
function checkFaultTimes(ctx: CheckContext): void {
  for (const [name, s] of Object.entries(ctx.design.scenarios)) {
    s.faults.forEach((f, i) => {
      if (f.at >= s.duration)
        ctx.warn(
          ["scenarios", name, "faults", i, "at"],
          `this fault starts at ${formatDuration(f.at)}, at or after the scenario's end (${formatDuration(s.duration)}): it never happens`,
        );
    });
  }
}

/** A fault targets an existing component of a kind it takes; a partition is between two different ones. */
function checkFaultTargets(ctx: CheckContext): void {
  for (const [name, s] of Object.entries(ctx.design.scenarios)) {
    s.faults.forEach((f, i) => {
      const path: PathSegment[] = ["scenarios", name, "faults", i];
      if (f.kind === "partition") {
        const [x, y] = f.between;
        if (x === y) ctx.error([...path, "between"], "a partition is between two different components");
        for (const [j, id] of [x, y].entries())
          if (!ctx.exists(id)) ctx.error([...path, "between", j], ctx.missing("component", id, ALL_KINDS));
        return;
      }
      const allowed = FAULT_TARGET_KINDS[f.kind]!;
      if (!ctx.exists(f.target)) {
        const kinds = allowed === "any-but-client" ? ALL_KINDS.filter((x) => x !== "client") : allowed;
        ctx.error([...path, "target"], ctx.missing("component", f.target, kinds));
        return;
      }
      const k = ctx.kindOf(f.target);
      if (k === undefined) return;
      if (allowed === "any-but-client" ? k === "client" : !allowed.includes(k)) {
        const takes =
          allowed === "any-but-client" ? "any component but a client" : allowed.map(withArticle).join(" or ");
        ctx.error(
          [...path, "target"],
          `${withArticle(f.kind)} fault takes ${takes}; ${quote(f.target)} is ${withArticle(k)}`,
        );
      }
      if (f.kind === "crash" && f.replicas !== undefined && k !== "service")
        ctx.error([...path, "replicas"], `replicas applies only to a service; ${quote(f.target)} is ${withArticle(k)}`);
    });
  }
}

// ---------------------------------------------------------------- graphs

/** A cycle of sync calls between operations is an error; one between services only, a warning. */
function checkCallCycles(ctx: CheckContext): void {
  const inOpCycle = new Set<string>();
  for (const cycle of findCycles(ctx.callEdges)) {
    const names = cycle.map((e) => e.from);
    names.forEach((n) => inOpCycle.add(n.split(".")[0]!));
    ctx.error(cycle[0]!.path, `a cycle of sync calls: ${nameCycle(names)}`);
  }
  const serviceEdges: CallEdge[] = [];
  const seenServiceEdge = new Set<string>();
  for (const e of ctx.callEdges) {
    const from = e.from.split(".")[0]!;
    const to = e.to.split(".")[0]!;
    const key = `${from} ${to}`;
    if (seenServiceEdge.has(key)) continue;
    seenServiceEdge.add(key);
    serviceEdges.push({ from, to, path: e.path });
  }
  for (const cycle of findCycles(serviceEdges)) {
    const names = cycle.map((e) => e.from);
    if (names.every((n) => inOpCycle.has(n))) continue;
    ctx.warn(
      cycle[0]!.path,
      `services call each other in a cycle (${nameCycle(names)}), though no operation calls itself back; this is fragile under load`,
    );
  }
}

/** Warns about a topic published with no subscriber, or subscribed and never published. */
function checkTopics(ctx: CheckContext): void {
  const published = new Map<string, PathSegment[]>();
  for (const { step, path } of ctx.steps)
    if ("publish" in step && !published.has(step.publish)) published.set(step.publish, [...path, "publish"]);
  const subscribed = new Map<string, PathSegment[]>();
  for (const [id, c] of Object.entries(ctx.design.components)) {
    if (c.kind !== "service") continue;
    for (const topic of Object.keys(c.subscribes))
      if (!subscribed.has(topic)) subscribed.set(topic, ["components", id, "subscribes", topic]);
  }
  for (const [topic, path] of subscribed) {
    if (!published.has(topic)) ctx.warn(path, `topic ${quote(topic)} is subscribed but never published`, true);
  }
  for (const [topic, path] of published) {
    if (!subscribed.has(topic)) ctx.warn(path, `topic ${quote(topic)} is published but nothing subscribes to it`);
  }
}

/**
 * Warns about messages that loop: a handler of a topic that publishes, itself or through the
 * operations it calls, a topic whose handlers lead back to the first. Every message then
 * brings another (or several) forever.
 */
function checkMessageLoops(ctx: CheckContext): void {
  const publishes = new Map<string, [string, PathSegment[]][]>();
  for (const { service, operation, step, path } of ctx.steps) {
    if (!("publish" in step)) continue;
    const key = `${service}.${operation}`;
    const list = publishes.get(key);
    if (list) list.push([step.publish, [...path, "publish"]]);
    else publishes.set(key, [[step.publish, [...path, "publish"]]]);
  }
  if (publishes.size === 0) return;
  const callees = calleesOf(ctx.callEdges);
  /** Topics an operation publishes, itself or through its calls, each with one publish step. */
  const reachable = memo((op: string): Map<string, PathSegment[]> => {
    const out = new Map<string, PathSegment[]>();
    const seen = new Set([op]);
    const queue = [op];
    for (let i = 0; i < queue.length; i++) {
      for (const [topic, path] of publishes.get(queue[i]!) ?? []) if (!out.has(topic)) out.set(topic, path);
      for (const next of callees.get(queue[i]!) ?? [])
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
    }
    return out;
  });
  const edges: { from: string; to: string; path: PathSegment[] }[] = [];
  for (const [id, c] of Object.entries(ctx.design.components)) {
    if (c.kind !== "service") continue;
    for (const [topic, handler] of Object.entries(c.subscribes)) {
      if (!Object.hasOwn(c.operations, handler)) continue;
      for (const [next, path] of reachable(`${id}.${handler}`)) edges.push({ from: topic, to: next, path });
    }
  }
  for (const cycle of findCycles(edges)) {
    ctx.warn(
      cycle[0]!.path,
      `messages loop: ${nameCycle(cycle.map((e) => e.from))} (each topic's handler publishes the next, itself or through its calls): every message brings another, forever`,
    );
  }
}

/** Above this many operation runs per request, expected from the calls' counts and probabilities, fan-out draws a warning. */
export const FAN_OUT_WARNING = 10_000;

/**
 * Warns about fan-out that multiplies: an operation whose one run makes more than
 * FAN_OUT_WARNING operation runs through its calls (nested `parallel` calls, a call repeated
 * at each level), counted on the call graph with each step's probability, branch weights and
 * cache hit ratios. Only the operation where the count crosses the threshold is named, not
 * its callers.
 */
function checkFanOut(ctx: CheckContext): void {
  const callees = calleesOf(ctx.callEdges);
  const runs = new Map<string, number>();
  const hitRatio = (id: string) => {
    const c = ctx.design.components[id];
    return c?.kind === "cache" ? c.hitRatio : 0;
  };
  const expected = (steps: readonly Step[]): number => {
    let n = 0;
    for (const step of steps) {
      let inner = 0;
      // An operation in a cycle of calls (an error) counts as nothing where the cycle closes.
      if ("call" in step) inner = runs.get(step.call) ?? 0;
      else if ("parallel" in step) inner = expected(step.parallel);
      else if ("cache" in step) inner = (1 - hitRatio(step.cache)) * expected(step.miss);
      else if ("branch" in step) {
        const total = step.branch.reduce((sum, b) => sum + b.weight, 0);
        for (const b of step.branch) inner += (b.weight / total) * expected(b.steps);
      }
      n += step.probability * inner;
    }
    return n;
  };
  for (const op of postOrder(ctx.design, callees)) {
    const [svc, name] = splitTarget(op);
    // A callee whose service failed the schema has no steps to count.
    const operation = (ctx.design.components[svc] as ServiceComponent | undefined)?.operations?.[name];
    if (operation) runs.set(op, 1 + expected(operation.steps));
  }
  for (const [op, n] of runs) {
    if (!(n > FAN_OUT_WARNING)) continue;
    if ((callees.get(op) ?? []).some((c) => (runs.get(c) ?? 0) > FAN_OUT_WARNING)) continue;
    const [svc, name] = splitTarget(op);
    ctx.warn(
      ["components", svc, "operations", name],
      `one run of ${op} makes about ${n < 1e15 ? formatCount(Math.round(n)) : n.toPrecision(3)} operation runs through its calls, more than ${formatCount(FAN_OUT_WARNING)}: calls repeated or in parallel multiply at each level`,
      true,
    );
  }
}

/** The operations of every service, callees before their callers (iterative: a call chain may be long). */
function postOrder(d: DesignParts, callees: ReadonlyMap<string, string[]>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const [id, c] of Object.entries(d.components)) {
    if (c.kind !== "service") continue;
    for (const name of Object.keys(c.operations)) {
      const root = `${id}.${name}`;
      if (seen.has(root)) continue;
      seen.add(root);
      const stack = [{ op: root, next: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const list = callees.get(top.op) ?? [];
        if (top.next < list.length) {
          const c = list[top.next++]!;
          if (!seen.has(c)) {
            seen.add(c);
            stack.push({ op: c, next: 0 });
          }
        } else {
          stack.pop();
          order.push(top.op);
        }
      }
    }
  }
  return order;
}

/** Each operation's callees, once each, from the call edges. */
function calleesOf(edges: readonly CallEdge[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = out.get(e.from);
    if (list) list.push(e.to);
    else out.set(e.from, [e.to]);
  }
  return out;
}

function splitTarget(target: string): [string, string] {
  const dot = target.indexOf(".");
  return [target.slice(0, dot), target.slice(dot + 1)];
}

/** Warns about a `layout` entry for an id that is not a component. */
function checkLayout(ctx: CheckContext): void {
  for (const id of Object.keys(ctx.design.layout)) {
    if (!ctx.exists(id)) ctx.warn(["layout", id], `layout names ${quote(id)}, which is not a component`, true);
  }
}

// ---------------------------------------------------------------- helpers

/** Visits every step, depth first, with its path (through parallel, branch and cache misses). */
export function walkSteps(
  steps: readonly Step[],
  path: PathSegment[],
  visit: (step: Step, path: PathSegment[]) => void,
): void {
  steps.forEach((step, i) => {
    const p = [...path, i];
    visit(step, p);
    if ("parallel" in step) walkSteps(step.parallel, [...p, "parallel"], visit);
    else if ("branch" in step) step.branch.forEach((b, j) => walkSteps(b.steps, [...p, "branch", j, "steps"], visit));
    else if ("cache" in step) walkSteps(step.miss, [...p, "miss"], visit);
  });
}

/** At most this many cycles are reported (each names its operations). */
const MAX_CYCLES = 100;

/**
 * Cycles found by a depth-first search from each node in sorted order, edges in the order
 * given: one per back edge, as edge lists, each set of nodes once, at most MAX_CYCLES.
 * Iterative, so a call chain of any length does not exhaust the stack.
 */
function findCycles<E extends { from: string; to: string }>(edges: readonly E[]): E[][] {
  const out = new Map<string, E[]>();
  const seenEdge = new Set<string>();
  for (const e of edges) {
    // A second call from one operation to another closes no cycle the first does not.
    const key = `${e.from}\u0000${e.to}`;
    if (seenEdge.has(key)) continue;
    seenEdge.add(key);
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const NONE: E[] = [];
  /** A node on the path: its depth (the index in `path` of the edge that leaves it), or done. */
  const depth = new Map<string, number>();
  const DONE = -1;
  const path: E[] = [];
  const frames: { node: string; edges: E[]; next: number }[] = [];
  const cycles: E[][] = [];
  const seenCycle = new Set<string>();
  for (const root of [...out.keys()].sort()) {
    if (depth.has(root)) continue;
    depth.set(root, 0);
    frames.push({ node: root, edges: out.get(root) ?? NONE, next: 0 });
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.next === frame.edges.length) {
        depth.set(frame.node, DONE);
        frames.pop();
        path.pop();
        continue;
      }
      const e = frame.edges[frame.next++]!;
      const d = depth.get(e.to);
      if (d === undefined) {
        path.push(e);
        depth.set(e.to, path.length);
        frames.push({ node: e.to, edges: out.get(e.to) ?? NONE, next: 0 });
      } else if (d !== DONE && cycles.length < MAX_CYCLES) {
        const cycle = [...path.slice(d), e];
        const key = cycle
          .map((x) => x.from)
          .sort()
          .join("|");
        if (!seenCycle.has(key)) {
          seenCycle.add(key);
          cycles.push(cycle);
        }
      }
    }
  }
  return cycles;
}

/** `a.x → b.y → a.x`; a long cycle is shortened in the middle. */
function nameCycle(names: readonly string[]): string {
  const all = [...names, names[0]!];
  if (all.length <= 25) return all.join(" → ");
  return `${all.slice(0, 10).join(" → ")} → … ${formatCount(all.length - 15)} more … → ${all.slice(-5).join(" → ")} (a cycle of ${formatCount(names.length)})`;
}

/** Memoizes a function of one argument, by that argument or by a key made from it. */
function memo<A, R>(f: (a: A) => R, keyOf: (a: A) => unknown = (a) => a): (a: A) => R {
  const cache = new Map<unknown, R>();
  return (a) => {
    const k = keyOf(a);
    if (cache.has(k)) return cache.get(k)!;
    const r = f(a);
    cache.set(k, r);
    return r;
  };
}

/** Did-you-mean comparisons one checkDesign may make in all; past this budget, no more hints. */
const HINT_BUDGET = 500_000;

/**
 * suggest(), remembered per (word, list of candidates) and within a budget of comparisons,
 * so a design with thousands of broken references stays fast to check.
 */
function hinter(): (word: string, candidates: readonly string[], listKey: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  let budget = HINT_BUDGET;
  return (word, candidates, listKey) => {
    const key = `${listKey}\u0000${word}`;
    if (cache.has(key)) return cache.get(key);
    let h: string | undefined;
    if (candidates.length <= Math.min(budget, MAX_SUGGEST_CANDIDATES)) {
      budget -= candidates.length;
      h = suggest(word, candidates);
    }
    cache.set(key, h);
    return h;
  };
}

/** A word with its indefinite article: "a service", "an observability", "an errors". */
function withArticle(word: string): string {
  return `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
