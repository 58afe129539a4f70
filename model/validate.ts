/**
 * Cross-reference, sum and cycle checks of the format's Validation section.
 * They run on every part that passed the schema, so one run reports schema and
 * reference errors together.
 */
import type { DesignIssue, PathSegment } from "./diagnostics";
import type { DesignParts, RawComponents } from "./parts";
import { COMPONENT_KINDS, type Step } from "./schema";
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

/** Runs every check beyond the schema; returns errors and warnings with their paths. */
export function checkDesign(
  d: DesignParts,
  raw: RawComponents,
  rawWorkloads: ReadonlySet<string> = new Set(),
): DesignIssue[] {
  const issues: DesignIssue[] = [];
  const error = (segments: PathSegment[], message: string, atKey = false) =>
    issues.push({ severity: "error", segments, message, atKey });
  const warn = (segments: PathSegment[], message: string, atKey = false) =>
    issues.push({ severity: "warning", segments, message, atKey });

  const ids = [...raw.keys()];
  /** The kind of a component, also of one that failed the schema; undefined if its kind is itself an error. */
  const kindOf = (id: string): string | undefined => {
    const c = d.components[id];
    if (c) return c.kind;
    const r = raw.get(id) as { kind?: unknown } | undefined;
    return typeof r?.kind === "string" && (COMPONENT_KINDS as string[]).includes(r.kind) ? r.kind : undefined;
  };
  const exists = (id: string) => raw.has(id);
  const idsByKind = new Map<string, string[]>();
  for (const id of ids) {
    const k = kindOf(id) ?? "";
    const list = idsByKind.get(k);
    if (list) list.push(id);
    else idsByKind.set(k, [id]);
  }
  const idsOfKinds = memo(
    (kinds: readonly string[]) => ids.filter((x) => kinds.includes(kindOf(x) ?? "")),
    (kinds) => kinds.join(","),
  );
  const hint = hinter();
  /** "<what> "id" does not exist", suggesting the closest id among components of the kinds that fit. */
  const missing = (what: string, id: string, kinds?: readonly string[]) => {
    const h = kinds ? hint(id, idsOfKinds(kinds), kinds.join(",")) : hint(id, ids, "*");
    return `${what} "${clip(id)}" does not exist${h ? ` (did you mean "${h}"?)` : ""}`;
  };
  /** Operation names of a service, from the parsed part or, if it failed the schema, from the source. */
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
  /** Checks `<service>.<operation>`; returns an error message or undefined. */
  const checkTarget = (target: string): string | undefined => {
    const dot = target.indexOf(".");
    const svc = target.slice(0, dot);
    const op = target.slice(dot + 1);
    if (!exists(svc)) return missing("service", svc, ["service"]);
    const kind = kindOf(svc);
    if (kind !== undefined && kind !== "service")
      return `"${svc}" is ${withArticle(kind)}, not a service: only services have operations`;
    const ops = operationsOf(svc);
    if (ops && !ops.has.has(op)) {
      const h = hint(op, ops.names, `ops:${svc}`);
      return `service "${svc}" has no operation "${clip(op)}"${h ? ` (did you mean "${h}"?)` : ""}; it has ${listSome(ops.names) || "none"}`;
    }
    return undefined;
  };

  const brokers = idsByKind.get("broker") ?? [];
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
            else if (k !== undefined && k !== "database")
              error([...path, "query"], `query needs a database; "${step.query}" is ${withArticle(k)}`);
          } else if ("cache" in step) {
            const k = kindOf(step.cache);
            if (!exists(step.cache)) error([...path, "cache"], missing("cache", step.cache, ["cache"]));
            else if (k !== undefined && k !== "cache")
              error([...path, "cache"], `cache needs a cache component; "${step.cache}" is ${withArticle(k)}`);
          } else if ("publish" in step) {
            if (brokers.length !== 1)
              error(
                [...path, "publish"],
                `publish needs exactly one broker in the design; it has ${brokers.length === 0 ? "none" : `${brokers.length} (${listSome(brokers)})`}`,
              );
            if (!published.has(step.publish)) published.set(step.publish, [...path, "publish"]);
          }
        });
      }
      for (const [topic, opName] of Object.entries(c.subscribes)) {
        const path = [...base, "subscribes", topic];
        if (!Object.hasOwn(c.operations, opName)) {
          const h = hint(opName, operationsOf(id)?.names ?? [], `ops:${id}`);
          error(
            path,
            `subscribes names operation "${opName}", which "${id}" does not have${h ? ` (did you mean "${h}"?)` : ""}`,
          );
        }
        if (brokers.length !== 1)
          error(
            path,
            `subscribing needs exactly one broker in the design; it has ${brokers.length === 0 ? "none" : brokers.length}`,
            true,
          );
        if (!subscribed.has(topic)) subscribed.set(topic, path);
      }
      c.dependsOn.forEach((dep, i) => {
        const path = [...base, "dependsOn", i];
        if (dep === id) error(path, `"${id}" cannot depend on itself`);
        else if (!exists(dep)) error(path, missing("component", dep, DEPENDS_ON_KINDS));
        else {
          const k = kindOf(dep);
          if (k !== undefined && !DEPENDS_ON_KINDS.includes(k))
            error(
              path,
              `dependsOn may name a config, registry, database, broker or service; "${dep}" is ${withArticle(k)}`,
            );
        }
      });
      if (c.autoscale && c.autoscale.min > c.autoscale.max) {
        error(
          [...base, "autoscale", "min"],
          `autoscale.min (${c.autoscale.min}) is greater than autoscale.max (${c.autoscale.max})`,
        );
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
          if (http !== route)
            error(
              path,
              `route "${clip(route)}" points to ${target}, whose http is ${http ? `"${clip(http)}"` : "not set"}; give ${target} \`http: ${clip(route)}\``,
            );
        }
      }
    }
  }

  // Workloads
  const routesOf = memo((gateway: string): string[] => {
    const gw = d.components[gateway];
    return gw?.kind === "gateway" ? Object.keys(gw.routes) : [];
  });
  const workloadNames = Object.keys(d.workloads);
  for (const [name, w] of Object.entries(d.workloads)) {
    const base: PathSegment[] = ["workloads", name];
    if (w.source !== undefined) {
      const k = kindOf(w.source);
      if (!exists(w.source)) error([...base, "source"], missing("client", w.source, ["client"]));
      else if (k !== undefined && k !== "client")
        error([...base, "source"], `source must be a client; "${w.source}" is ${withArticle(k)}`);
    }
    const entryKind = exists(w.entry) ? kindOf(w.entry) : undefined;
    if (entryKind === "gateway") {
      const gw = d.components[w.entry];
      if (w.mix === undefined)
        error([...base, "entry"], `a workload whose entry is the gateway "${clip(w.entry)}" needs a mix of its routes`);
      else if (gw?.kind === "gateway") {
        const routes = routesOf(w.entry);
        let sum = 0;
        for (const [route, weight] of Object.entries(w.mix)) {
          sum += weight;
          if (!Object.hasOwn(gw.routes, route)) {
            const h = hint(route, routes, `routes:${w.entry}`);
            error(
              [...base, "mix", route],
              `"${clip(route)}" is not a route of gateway "${clip(w.entry)}"${h ? ` (did you mean "${h}"?)` : `; its routes are ${listSome(routes)}`}`,
              true,
            );
          }
        }
        if (Math.abs(sum - 1) > MIX_TOLERANCE)
          error([...base, "mix"], `mix weights must sum to 1; they sum to ${round(sum)}`);
      }
    } else if (exists(w.entry) && entryKind !== undefined) {
      error(
        [...base, "entry"],
        `entry must be a gateway or <service>.<operation>; "${clip(w.entry)}" is ${withArticle(entryKind)}`,
      );
    } else if (w.entry.includes(".")) {
      const msg = /^[a-z][a-z0-9-]*\.[a-z][a-zA-Z0-9]*$/.test(w.entry)
        ? checkTarget(w.entry)
        : `invalid entry "${clip(w.entry)}": expected a gateway id or <service>.<operation>`;
      if (msg) error([...base, "entry"], msg);
      if (w.mix !== undefined)
        error(
          [...base, "mix"],
          "mix is only for a gateway entry; a <service>.<operation> entry takes all the traffic",
          true,
        );
    } else if (!exists(w.entry)) {
      error(
        [...base, "entry"],
        `${missing("entry", w.entry, ["gateway"])}: expected a gateway id or <service>.<operation>`,
      );
    }
  }

  // Scenarios
  for (const [name, s] of Object.entries(d.scenarios)) {
    const base: PathSegment[] = ["scenarios", name];
    if (!rawWorkloads.has(s.workload)) {
      const h = hint(s.workload, workloadNames, "workloads");
      error([...base, "workload"], `workload "${s.workload}" does not exist${h ? ` (did you mean "${h}"?)` : ""}`);
    }
    s.faults.forEach((f, i) => {
      const path: PathSegment[] = [...base, "faults", i];
      if (f.at >= s.duration)
        warn(
          [...path, "at"],
          `this fault starts at ${formatDuration(f.at)}, at or after the scenario's end (${formatDuration(s.duration)}): it never happens`,
        );
      if (f.kind === "partition") {
        const [x, y] = f.between;
        if (x === y) error([...path, "between"], "a partition is between two different components");
        for (const [j, id] of [x, y].entries())
          if (!exists(id)) error([...path, "between", j], missing("component", id, ALL_KINDS));
        return;
      }
      const allowed = FAULT_TARGET_KINDS[f.kind]!;
      if (!exists(f.target)) {
        error(
          [...path, "target"],
          missing(
            "component",
            f.target,
            allowed === "any-but-client" ? ALL_KINDS.filter((x) => x !== "client") : allowed,
          ),
        );
        return;
      }
      const k = kindOf(f.target);
      if (k === undefined) return;
      if (allowed === "any-but-client" ? k === "client" : !allowed.includes(k)) {
        const takes =
          allowed === "any-but-client" ? "any component but a client" : allowed.map(withArticle).join(" or ");
        error([...path, "target"], `${withArticle(f.kind)} fault takes ${takes}; "${f.target}" is ${withArticle(k)}`);
      }
      if (f.kind === "crash" && f.replicas !== undefined && k !== "service")
        error([...path, "replicas"], `replicas applies only to a service; "${f.target}" is ${withArticle(k)}`);
    });
  }

  // Cycles of sync calls between operations, and between services.
  const opCycles = findCycles(callEdges);
  const inOpCycle = new Set<string>();
  for (const cycle of opCycles) {
    const names = cycle.map((e) => e.from);
    names.forEach((n) => inOpCycle.add(n.split(".")[0]!));
    error(cycle[0]!.path, `a cycle of sync calls: ${nameCycle(names)}`);
  }
  const serviceEdges: CallEdge[] = [];
  const seenServiceEdge = new Set<string>();
  for (const e of callEdges) {
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
    warn(
      cycle[0]!.path,
      `services call each other in a cycle (${nameCycle(names)}), though no operation calls itself back; this is fragile under load`,
    );
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
    if (!exists(id)) warn(["layout", id], `layout names "${clip(id)}", which is not a component`, true);
  }
  return issues;
}

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
      if (h !== undefined) h = clip(h);
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
