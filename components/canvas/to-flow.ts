/**
 * Projects a design onto React Flow nodes and edges. Pure: no DOM, no React, no layout;
 * components without a position in `design.layout` get (0, 0) and `autoPlaced`, for
 * layout.ts to place.
 */
import { formatDuration, walkSteps, type Component, type ComponentKind, type Design } from "../../model";
import {
  NODE_SIZE,
  type ComponentFlowNode,
  type ComponentNodeData,
  type DesignEdgeData,
  type DesignFlowEdge,
  type EdgeKind,
  type FlowElements,
} from "./flow-types";

const KIND_LABEL: Readonly<Record<ComponentKind, string>> = {
  client: "Client",
  gateway: "API gateway",
  service: "Service",
  broker: "Message broker",
  registry: "Service registry",
  config: "Config server",
  observability: "Observability",
  database: "Database",
  cache: "Cache",
};

/**
 * One node per component and one edge per (kind, source, target), with the routes, topics or
 * operations of every step between that pair merged into the edge's `items`.
 * @example
 * const { nodes, edges } = toFlowElements(design);
 */
export function toFlowElements(design: Design): FlowElements {
  const gatewayRoutes = getGatewayRoutesByService(design);
  const nodes = Object.entries(design.components).map(([id, c]) => toNode(design, id, c, gatewayRoutes));
  return { nodes, edges: toEdges(design) };
}

function toNode(
  design: Design,
  id: string,
  c: Component,
  gatewayRoutes: ReadonlyMap<string, string[]>,
): ComponentFlowNode {
  const at = design.layout[id];
  const data: ComponentNodeData = {
    id,
    kind: c.kind,
    title: c.label?.trim() || id,
    techLine: getTechLine(c),
    facts: getFacts(design, id, c),
    autoPlaced: at === undefined,
  };
  if (c.description) data.description = c.description;
  if (c.kind === "service") data.replicas = c.replicas;
  const routes = getEntryRoutes(id, c, gatewayRoutes);
  if (routes.length > 0) data.routes = routes;
  const size = NODE_SIZE[c.kind];
  return {
    id,
    type: c.kind,
    position: at ? { x: at.x, y: at.y } : { x: 0, y: 0 },
    // A size saved in the layout wins; zero or absent means the kind's default.
    width: at?.width || size.width,
    height: at?.height || size.height,
    data,
  };
}

/**
 * The route keys of a run's results (see the simulator's workload compile) that this component
 * answers: every route of a gateway; for a service, the gateway routes that target it and its
 * own operations (`order.create`, the key when a workload enters the service directly).
 */
function getEntryRoutes(id: string, c: Component, gatewayRoutes: ReadonlyMap<string, string[]>): string[] {
  if (c.kind === "gateway") return Object.keys(c.routes);
  if (c.kind !== "service") return [];
  const routes = [...(gatewayRoutes.get(id) ?? [])];
  for (const op of Object.keys(c.operations)) routes.push(`${id}.${op}`);
  return routes;
}

/** The gateway routes that target each service, in the design's order: once per projection. */
function getGatewayRoutesByService(design: Design): Map<string, string[]> {
  const byService = new Map<string, string[]>();
  for (const c of Object.values(design.components)) {
    if (c.kind !== "gateway") continue;
    for (const [route, target] of Object.entries(c.routes)) {
      const service = target.split(".")[0]!;
      const list = byService.get(service) ?? [];
      list.push(route);
      byService.set(service, list);
    }
  }
  return byService;
}

function getTechLine(c: Component): string {
  const kind = KIND_LABEL[c.kind];
  const tech = c.tech?.trim() || (c.kind === "broker" ? (c.flavor === "kafka" ? "Kafka" : "RabbitMQ") : "");
  return tech ? `${kind} · ${tech}` : kind;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function getFacts(design: Design, id: string, c: Component): string[] {
  switch (c.kind) {
    case "client": {
      const n = Object.values(design.workloads).filter((w) => w.source === id).length;
      return n > 0 ? [plural(n, "workload")] : [];
    }
    case "gateway":
      return [plural(Object.keys(c.routes).length, "route"), ...(c.rateLimit ? [`limit ${c.rateLimit.rps} rps`] : [])];
    case "service":
      return [plural(c.replicas, "replica"), plural(Object.keys(c.operations).length, "op")];
    case "broker":
      return [c.durable ? "durable" : "not durable"];
    case "registry":
      return c.detection > 0 ? [`detects in ${formatDuration(c.detection)}`] : [];
    case "config":
      return [];
    case "observability":
      return c.sampling < 1 ? [`sampling ${Math.round(c.sampling * 1000) / 10}%`] : [];
    case "database":
      return Number.isFinite(c.pool) ? [`pool ${c.pool}`] : [];
    case "cache":
      return [`hit ${Math.round(c.hitRatio * 100)}%`];
  }
}

/** Edges in first-seen order; a pair's items keep first-seen order, without repeats. */
class EdgeCollector {
  readonly byId = new Map<string, DesignFlowEdge & { data: DesignEdgeData }>();

  add(kind: EdgeKind, source: string, target: string, item?: string, protocol?: string): void {
    const id = `${kind}:${source}->${target}`;
    let edge = this.byId.get(id);
    if (!edge) {
      const data: DesignEdgeData = { kind, items: [] };
      if (protocol) data.protocol = protocol;
      edge = { id, type: "design", source, target, data };
      this.byId.set(id, edge);
    }
    if (item !== undefined && !edge.data.items.includes(item)) edge.data.items.push(item);
  }
}

function toEdges(design: Design): DesignFlowEdge[] {
  const { components } = design;
  const has = (id: string): boolean => Object.hasOwn(components, id);
  const broker = Object.entries(components).find(([, c]) => c.kind === "broker");
  const brokerId = broker?.[0];
  const messaging = broker && broker[1].kind === "broker" && broker[1].flavor === "kafka" ? "Kafka" : "AMQP";
  const edges = new EdgeCollector();

  for (const [name, w] of Object.entries(design.workloads)) {
    const entry = w.entry.split(".")[0]!;
    if (w.source && has(w.source) && has(entry)) edges.add("request", w.source, entry, name, "HTTP");
  }

  for (const [id, c] of Object.entries(components)) {
    if (c.kind === "gateway") {
      for (const [route, target] of Object.entries(c.routes)) {
        const svc = target.split(".")[0]!;
        if (has(svc)) edges.add("route", id, svc, route, "HTTP");
      }
      continue;
    }
    if (c.kind !== "service") continue;
    for (const [opName, op] of Object.entries(c.operations)) {
      walkSteps(op.steps, [], (step) => {
        if ("call" in step) {
          const [svc, calledOp] = step.call.split(".") as [string, string];
          const callee = components[svc];
          if (!callee) return;
          const http = callee.kind === "service" ? callee.operations[calledOp]?.http : undefined;
          edges.add("call", id, svc, calledOp, http ? "HTTP" : "RPC");
        } else if ("query" in step) {
          if (has(step.query)) edges.add("query", id, step.query, opName, "query");
        } else if ("cache" in step) {
          if (has(step.cache)) edges.add("cache", id, step.cache, opName, "cache");
        } else if ("publish" in step) {
          if (brokerId) edges.add("publish", id, brokerId, step.publish, messaging);
        }
      });
    }
    if (brokerId) {
      for (const topic of Object.keys(c.subscribes)) edges.add("subscribe", brokerId, id, topic, messaging);
    }
  }

  // dependsOn says less than any concrete edge between the same pair, so it only fills gaps.
  const linked = new Set([...edges.byId.values()].map((e) => `${e.source}->${e.target}`));
  for (const [id, c] of Object.entries(components)) {
    if (c.kind !== "service") continue;
    for (const dep of c.dependsOn) {
      if (has(dep) && !linked.has(`${id}->${dep}`)) edges.add("depends", id, dep);
    }
  }
  return [...edges.byId.values()];
}
