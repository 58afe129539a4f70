/**
 * Blast radius: what happens to each route of a design when one component is down, read from
 * the design alone, before any run. A route fails when the component lies on its synchronous
 * path (the entry gateway, the operation's service, a call, a query, a cache lookup or a
 * publish without an outbox, all the way down); it fails only in part when that step runs for
 * some requests only (a probability, one alternative of a branch, a cache miss); it is
 * degraded when the step is optional (the route answers without it); it queues when the
 * component is reached only through messages (a subscriber, or the broker behind an outbox):
 * the route answers, the work behind it waits. The simulator confirms it in a run.
 */
import type { Design, Step } from "./schema";

/** Worst first: the order in which impacts combine. */
export const ROUTE_IMPACTS = ["fails", "partly", "degraded", "queues", "none"] as const;
export type RouteImpact = (typeof ROUTE_IMPACTS)[number];

export interface RouteBlast {
  /** The route as the result object keys it: a gateway route, or `<service>.<operation>` for a direct entry. */
  route: string;
  impact: RouteImpact;
  /**
   * How the component is reached: the components from the entry to it, e.g.
   * `["gateway", "order", "inventory"]`; empty when the impact is "none".
   */
  path: string[];
}

export interface BlastRadius {
  component: string;
  routes: RouteBlast[];
  /** Components with it in `dependsOn`: their replicas cannot start or be added while it is down. */
  blocksStarts: string[];
}

type Reach = { impact: RouteImpact; path: string[] };
const NONE: Reach = { impact: "none", path: [] };

const rank = (i: RouteImpact) => ROUTE_IMPACTS.indexOf(i);
const worse = (a: Reach, b: Reach): Reach => (rank(b.impact) < rank(a.impact) ? b : a);

/** A failure that reaches only some requests: "fails" becomes "partly"; milder ones stay. */
function some(r: Reach): Reach {
  return r.impact === "fails" ? { ...r, impact: "partly" } : r;
}
/** A failure the operation survives (an optional step): "fails" and "partly" become "degraded". */
function survived(r: Reach): Reach {
  return r.impact === "fails" || r.impact === "partly" ? { ...r, impact: "degraded" } : r;
}
/** Reached through a message: whatever fails behind it only makes work wait. */
function queued(r: Reach): Reach {
  return r.impact === "none" ? r : { ...r, impact: "queues" };
}

export function blastRadius(design: Design, componentId: string): BlastRadius {
  const components = design.components;
  // Subscribers by topic: "<service>.<operation>" handlers.
  const subscribers = new Map<string, string[]>();
  for (const [id, c] of Object.entries(components)) {
    if (c.kind !== "service") continue;
    for (const [topic, op] of Object.entries(c.subscribes ?? {})) {
      const list = subscribers.get(topic) ?? [];
      list.push(`${id}.${op}`);
      subscribers.set(topic, list);
    }
  }
  const broker = Object.entries(components).find(([, c]) => c.kind === "broker")?.[0];

  // Per operation, how the component reaches it; operations in progress count as none (sync
  // call cycles are invalid; message loops are not, and each message hop only queues).
  const memo = new Map<string, Reach>();
  const visiting = new Set<string>();

  function operation(target: string): Reach {
    const known = memo.get(target);
    if (known) return known;
    if (visiting.has(target)) return NONE;
    visiting.add(target);
    const dot = target.indexOf(".");
    const serviceId = target.slice(0, dot);
    const service = components[serviceId];
    let reach: Reach = NONE;
    if (serviceId === componentId) reach = { impact: "fails", path: [serviceId] };
    else if (service?.kind === "service") {
      const op = service.operations[target.slice(dot + 1)];
      const inner = op ? steps(op.steps) : NONE;
      reach = inner.impact === "none" ? NONE : { ...inner, path: [serviceId, ...inner.path] };
    }
    visiting.delete(target);
    memo.set(target, reach);
    return reach;
  }

  function steps(list: readonly Step[]): Reach {
    let reach = NONE;
    for (const s of list) reach = worse(reach, step(s));
    return reach;
  }

  function step(s: Step): Reach {
    let r = NONE;
    if ("call" in s) r = operation(s.call);
    else if ("query" in s) r = s.query === componentId ? { impact: "fails", path: [s.query] } : NONE;
    else if ("cache" in s) {
      const cache = components[s.cache];
      if (s.cache === componentId) r = { impact: "fails", path: [s.cache] };
      else {
        // The miss steps run only for the lookups the cache does not answer.
        const hitRatio = cache?.kind === "cache" ? cache.hitRatio : 0;
        const miss = steps(s.miss);
        r = hitRatio > 0 ? some(miss) : miss;
      }
    } else if ("publish" in s) {
      let handlers = NONE;
      for (const h of subscribers.get(s.publish) ?? []) handlers = worse(handlers, queued(operation(h)));
      if (handlers.impact !== "none" && broker) handlers = { ...handlers, path: [broker, ...handlers.path] };
      const atBroker: Reach =
        broker === componentId ? { impact: s.outbox ? "queues" : "fails", path: [componentId] } : NONE;
      r = worse(atBroker, handlers);
    } else if ("parallel" in s) r = steps(s.parallel);
    else if ("branch" in s) {
      const alternatives = s.branch.map((b) => steps(b.steps));
      const all = alternatives.every((a) => a.impact === "fails");
      r = alternatives.reduce<Reach>((acc, a) => worse(acc, all ? a : some(a)), NONE);
    }
    if (s.probability < 1) r = some(r);
    if (s.optional) r = survived(r);
    return r;
  }

  // Entries: every gateway's routes, and the direct `<service>.<operation>` entries of workloads.
  const entries: { route: string; gateway?: string; target: string }[] = [];
  const seen = new Set<string>();
  for (const [id, c] of Object.entries(components)) {
    if (c.kind !== "gateway") continue;
    for (const [route, target] of Object.entries(c.routes)) {
      if (seen.has(route)) continue;
      seen.add(route);
      entries.push({ route, gateway: id, target });
    }
  }
  for (const w of Object.values(design.workloads ?? {})) {
    if (components[w.entry]?.kind === "gateway" || seen.has(w.entry)) continue;
    seen.add(w.entry);
    entries.push({ route: w.entry, target: w.entry });
  }

  const routes = entries.map(({ route, gateway, target }): RouteBlast => {
    if (gateway === componentId) return { route, impact: "fails", path: [gateway] };
    const r = operation(target);
    return { route, impact: r.impact, path: r.impact === "none" ? [] : gateway ? [gateway, ...r.path] : r.path };
  });
  const blocksStarts = Object.entries(components)
    .filter(([, c]) => "dependsOn" in c && (c.dependsOn as readonly string[] | undefined)?.includes(componentId))
    .map(([id]) => id)
    .sort();
  return { component: componentId, routes, blocksStarts };
}
