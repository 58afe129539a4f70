/**
 * Cross-reference, sum and cycle checks of the format's Validation section.
 * They run on every part that passed the schema, so one run reports schema and
 * reference errors together.
 */
import type { DesignIssue, PathSegment } from "./diagnostics";
import type { DesignParts, RawComponents } from "./parts";
import { COMPONENT_KINDS, type Step } from "./schema";
import { suggest } from "./suggest";
import { formatDuration } from "./units";

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

/** Runs every check beyond the schema; returns errors and warnings with their paths. */
export function checkDesign(d: DesignParts, raw: RawComponents, rawWorkloads: ReadonlySet<string> = new Set()): DesignIssue[] {
  const issues: DesignIssue[] = [];
  const error = (segments: PathSegment[], message: string, atKey = false) => issues.push({ severity: "error", segments, message, atKey });
  const warn = (segments: PathSegment[], message: string, atKey = false) => issues.push({ severity: "warning", segments, message, atKey });

  const ids = [...raw.keys()];
  /** The kind of a component, also of one that failed the schema; undefined if its kind is itself an error. */
  const kindOf = (id: string): string | undefined => {
    const c = d.components[id];
    if (c) return c.kind;
    const r = raw.get(id) as { kind?: unknown } | undefined;
    return typeof r?.kind === "string" && (COMPONENT_KINDS as string[]).includes(r.kind) ? r.kind : undefined;
  };
  const exists = (id: string) => raw.has(id);
  /** "<what> "id" does not exist", suggesting the closest id among components of the kinds that fit. */
  const missing = (what: string, id: string, kinds?: readonly string[]) => {
    const hint = suggest(id, kinds ? ids.filter((x) => kinds.includes(kindOf(x) ?? "")) : ids);
    return `${what} "${id}" does not exist${hint ? ` (did you mean "${hint}"?)` : ""}`;
  };
  /** Operation names of a service, from the parsed part or, if it failed the schema, from the source. */
  const operationsOf = (id: string): string[] | undefined => {
    const c = d.components[id];
    if (c?.kind === "service") return Object.keys(c.operations);
    const r = raw.get(id) as { operations?: unknown } | undefined;
    if (r?.operations && typeof r.operations === "object" && !Array.isArray(r.operations)) return Object.keys(r.operations);
    return undefined;
  };
  /** Checks `<service>.<operation>`; returns an error message or undefined. */
  const checkTarget = (target: string): string | undefined => {
    const dot = target.indexOf(".");
    const svc = target.slice(0, dot);
    const op = target.slice(dot + 1);
    if (!exists(svc)) return missing("service", svc, ["service"]);
    const kind = kindOf(svc);
    if (kind !== undefined && kind !== "service") return `"${svc}" is ${withArticle(kind)}, not a service: only services have operations`;
    const ops = operationsOf(svc);
    if (ops && !ops.includes(op)) {
      const hint = suggest(op, ops);
      return `service "${svc}" has no operation "${op}"${hint ? ` (did you mean "${hint}"?)` : ""}; it has ${ops.join(", ") || "none"}`;
    }
    return undefined;
  };

  const brokers = ids.filter((id) => kindOf(id) === "broker");
  const published = new Map<string, PathSegment[]>();
  const subscribed = new Map<string, PathSegment[]>();
  const callEdges: CallEdge[] = [];

  for (const [id, c] of Object.entries(d.components)) {
    const base: PathSegment[] = ["components", id];
    if (c.kind === "service") {
      for (const [opName, op] of Object.entries(c.operations)) {
        const opPath = [...base, "operations", opName];
        walkSteps(op.steps, [...opPath, "steps"], (step, path) => {
          if ("call" in step) {
            const msg = checkTarget(step.call);
            if (msg) error([...path, "call"], msg);
            else callEdges.push({ from: `${id}.${opName}`, to: step.call, path: [...path, "call"] });
          } else if ("query" in step) {
            const k = kindOf(step.query);
            if (!exists(step.query)) error([...path, "query"], missing("database", step.query, ["database"]));
            else if (k !== undefined && k !== "database") error([...path, "query"], `query needs a database; "${step.query}" is ${withArticle(k)}`);
          } else if ("cache" in step) {
            const k = kindOf(step.cache);
            if (!exists(step.cache)) error([...path, "cache"], missing("cache", step.cache, ["cache"]));
            else if (k !== undefined && k !== "cache") error([...path, "cache"], `cache needs a cache component; "${step.cache}" is ${withArticle(k)}`);
          } else if ("publish" in step) {
            if (brokers.length !== 1) error([...path, "publish"], `publish needs exactly one broker in the design; it has ${brokers.length === 0 ? "none" : `${brokers.length} (${brokers.join(", ")})`}`);
            if (!published.has(step.publish)) published.set(step.publish, [...path, "publish"]);
          }
        });
      }
      for (const [topic, opName] of Object.entries(c.subscribes)) {
        const path = [...base, "subscribes", topic];
        if (!Object.hasOwn(c.operations, opName)) {
          const hint = suggest(opName, Object.keys(c.operations));
          error(path, `subscribes names operation "${opName}", which "${id}" does not have${hint ? ` (did you mean "${hint}"?)` : ""}`);
        }
        if (brokers.length !== 1) error(path, `subscribing needs exactly one broker in the design; it has ${brokers.length === 0 ? "none" : brokers.length}`, true);
        if (!subscribed.has(topic)) subscribed.set(topic, path);
      }
      c.dependsOn.forEach((dep, i) => {
        const path = [...base, "dependsOn", i];
        if (dep === id) error(path, `"${id}" cannot depend on itself`);
        else if (!exists(dep)) error(path, missing("component", dep, DEPENDS_ON_KINDS));
        else {
          const k = kindOf(dep);
          if (k !== undefined && !DEPENDS_ON_KINDS.includes(k)) error(path, `dependsOn may name a config, registry, database, broker or service; "${dep}" is ${withArticle(k)}`);
        }
      });
      if (c.autoscale && c.autoscale.min > c.autoscale.max) {
        error([...base, "autoscale", "min"], `autoscale.min (${c.autoscale.min}) is greater than autoscale.max (${c.autoscale.max})`);
      }
    } else if (c.kind === "gateway") {
      for (const [route, target] of Object.entries(c.routes)) {
        const path = [...base, "routes", route];
        const msg = checkTarget(target);
        if (msg) {
          error(path, msg);
          continue;
        }
        const [svc, op] = target.split(".") as [string, string];
        const service = d.components[svc];
        if (service?.kind === "service") {
          const http = service.operations[op]?.http;
          if (http !== route) error(path, `route "${route}" points to ${target}, whose http is ${http ? `"${http}"` : "not set"}; give ${target} \`http: ${route}\``);
        }
      }
    }
  }

  // Workloads
  for (const [name, w] of Object.entries(d.workloads)) {
    const base: PathSegment[] = ["workloads", name];
    if (w.source !== undefined) {
      const k = kindOf(w.source);
      if (!exists(w.source)) error([...base, "source"], missing("client", w.source, ["client"]));
      else if (k !== undefined && k !== "client") error([...base, "source"], `source must be a client; "${w.source}" is ${withArticle(k)}`);
    }
    const entryKind = exists(w.entry) ? kindOf(w.entry) : undefined;
    if (entryKind === "gateway") {
      const gw = d.components[w.entry];
      if (w.mix === undefined) error([...base, "entry"], `a workload whose entry is the gateway "${w.entry}" needs a mix of its routes`);
      else if (gw?.kind === "gateway") {
        const routes = Object.keys(gw.routes);
        let sum = 0;
        for (const [route, weight] of Object.entries(w.mix)) {
          sum += weight;
          if (!routes.includes(route)) {
            const hint = suggest(route, routes);
            error([...base, "mix", route], `"${route}" is not a route of gateway "${w.entry}"${hint ? ` (did you mean "${hint}"?)` : `; its routes are ${routes.join(", ")}`}`, true);
          }
        }
        if (Math.abs(sum - 1) > MIX_TOLERANCE) error([...base, "mix"], `mix weights must sum to 1; they sum to ${round(sum)}`);
      }
    } else if (exists(w.entry) && entryKind !== undefined) {
      error([...base, "entry"], `entry must be a gateway or <service>.<operation>; "${w.entry}" is ${withArticle(entryKind)}`);
    } else if (w.entry.includes(".")) {
      const msg = /^[a-z][a-z0-9-]*\.[a-z][a-zA-Z0-9]*$/.test(w.entry) ? checkTarget(w.entry) : `invalid entry "${w.entry}": expected a gateway id or <service>.<operation>`;
      if (msg) error([...base, "entry"], msg);
      if (w.mix !== undefined) error([...base, "mix"], "mix is only for a gateway entry; a <service>.<operation> entry takes all the traffic", true);
    } else if (!exists(w.entry)) {
      error([...base, "entry"], `${missing("entry", w.entry, ["gateway"])}: expected a gateway id or <service>.<operation>`);
    }
  }

  // Scenarios
  for (const [name, s] of Object.entries(d.scenarios)) {
    const base: PathSegment[] = ["scenarios", name];
    if (!rawWorkloads.has(s.workload)) {
      const hint = suggest(s.workload, Object.keys(d.workloads));
      error([...base, "workload"], `workload "${s.workload}" does not exist${hint ? ` (did you mean "${hint}"?)` : ""}`);
    }
    s.faults.forEach((f, i) => {
      const path: PathSegment[] = [...base, "faults", i];
      if (f.at >= s.duration) warn([...path, "at"], `this fault starts at ${formatDuration(f.at)}, after the scenario ends (${formatDuration(s.duration)}): it never happens`);
      if (f.kind === "partition") {
        const [x, y] = f.between;
        if (x === y) error([...path, "between"], "a partition is between two different components");
        for (const [j, id] of [x, y].entries()) if (!exists(id)) error([...path, "between", j], missing("component", id, ALL_KINDS));
        return;
      }
      const allowed = FAULT_TARGET_KINDS[f.kind]!;
      if (!exists(f.target)) {
        error([...path, "target"], missing("component", f.target, allowed === "any-but-client" ? ALL_KINDS.filter((x) => x !== "client") : allowed));
        return;
      }
      const k = kindOf(f.target);
      if (k === undefined) return;
      if (allowed === "any-but-client" ? k === "client" : !allowed.includes(k)) {
        const takes = allowed === "any-but-client" ? "any component but a client" : allowed.map(withArticle).join(" or ");
        error([...path, "target"], `${withArticle(f.kind)} fault takes ${takes}; "${f.target}" is ${withArticle(k)}`);
      }
      if (f.kind === "crash" && f.replicas !== undefined && k !== "service") error([...path, "replicas"], `replicas applies only to a service; "${f.target}" is ${withArticle(k)}`);
    });
  }

  // Cycles of sync calls between operations, and between services.
  const opCycles = findCycles(callEdges);
  const inOpCycle = new Set<string>();
  for (const cycle of opCycles) {
    const names = cycle.map((e) => e.from);
    names.forEach((n) => inOpCycle.add(n.split(".")[0]!));
    error(cycle[0]!.path, `a cycle of sync calls: ${[...names, names[0]].join(" → ")}`);
  }
  const serviceEdges = callEdges
    .map((e) => ({ from: e.from.split(".")[0]!, to: e.to.split(".")[0]!, path: e.path }))
    .filter((e, i, all) => all.findIndex((x) => x.from === e.from && x.to === e.to) === i);
  for (const cycle of findCycles(serviceEdges)) {
    const names = cycle.map((e) => e.from);
    if (names.every((n) => inOpCycle.has(n))) continue;
    warn(cycle[0]!.path, `services call each other in a cycle (${[...names, names[0]].join(" → ")}), though no operation calls itself back; this is fragile under load`);
  }

  // Topics
  for (const [topic, path] of subscribed) {
    if (!published.has(topic)) warn(path, `topic "${topic}" is subscribed but never published`, true);
  }
  for (const [topic, path] of published) {
    if (!subscribed.has(topic)) warn(path, `topic "${topic}" is published but nothing subscribes to it`);
  }

  // Layout
  for (const id of Object.keys(d.layout)) {
    if (!exists(id)) warn(["layout", id], `layout names "${id}", which is not a component`, true);
  }
  return issues;
}

/** Visits every step, depth first, with its path (through parallel, branch and cache misses). */
export function walkSteps(steps: readonly Step[], path: PathSegment[], visit: (step: Step, path: PathSegment[]) => void): void {
  steps.forEach((step, i) => {
    const p = [...path, i];
    visit(step, p);
    if ("parallel" in step) walkSteps(step.parallel, [...p, "parallel"], visit);
    else if ("branch" in step) step.branch.forEach((b, j) => walkSteps(b.steps, [...p, "branch", j, "steps"], visit));
    else if ("cache" in step) walkSteps(step.miss, [...p, "miss"], visit);
  });
}

/** Elementary cycles, one per strongly connected component (the first found), as edge lists. */
function findCycles<E extends { from: string; to: string }>(edges: readonly E[]): E[][] {
  const out = new Map<string, E[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
  const stack: E[] = [];
  const cycles: E[][] = [];
  const seenCycle = new Set<string>();
  const visit = (node: string): void => {
    state.set(node, 1);
    for (const e of out.get(node) ?? []) {
      const s = state.get(e.to);
      if (s === 1) {
        const startIdx = stack.findIndex((x) => x.from === e.to);
        const cycle = [...(startIdx >= 0 ? stack.slice(startIdx) : []), e];
        const key = [...cycle.map((x) => x.from)].sort().join("|");
        if (!seenCycle.has(key)) {
          seenCycle.add(key);
          cycles.push(cycle);
        }
      } else if (s === undefined) {
        stack.push(e);
        visit(e.to);
        stack.pop();
      }
    }
    state.set(node, 2);
  };
  for (const node of [...out.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** A word with its indefinite article: "a service", "an observability", "an errors". */
function withArticle(word: string): string {
  return `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
