import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign, type Design } from "../../model";
import type { DesignFlowEdge, EdgeKind } from "./flow-types";
import { toFlowElements } from "./to-flow";

function parse(text: string): Design {
  const { design, errors } = parseDesign(text);
  if (!design) throw new Error(errors.map((e) => `${e.line}:${e.col} ${e.message}`).join("\n"));
  return design;
}

const ecommerce = parse(readFileSync(new URL("../../examples/ecommerce.yaml", import.meta.url), "utf8"));

function findEdge(edges: DesignFlowEdge[], kind: EdgeKind, source: string, target: string): DesignFlowEdge | undefined {
  return edges.find((e) => e.data?.kind === kind && e.source === source && e.target === target);
}

describe("toFlowElements on the e-commerce example", () => {
  const { nodes, edges } = toFlowElements(ecommerce);

  it("makes one node per component, typed by kind, with its label or id", () => {
    const ids = Object.keys(ecommerce.components);
    expect(nodes.map((n) => n.id)).toEqual(ids);
    for (const n of nodes) {
      const c = ecommerce.components[n.id]!;
      expect(n.type).toBe(c.kind);
      expect(n.data.title).toBe(c.label ?? n.id);
      expect(n.width).toBeGreaterThan(0);
      expect(n.height).toBeGreaterThan(0);
    }
    expect(nodes.find((n) => n.id === "web")!.data.title).toBe("Web & mobile shoppers");
    expect(nodes.find((n) => n.id === "orders-db")!.data.techLine).toBe("Database · postgres");
    expect(nodes.find((n) => n.id === "broker")!.data.techLine).toBe("Message broker · RabbitMQ");
  });

  it("lists the run's route keys a gateway or service answers, for its live p99", () => {
    const routes = (id: string) => nodes.find((n) => n.id === id)!.data.routes;
    expect(routes("gateway")).toEqual(["POST /orders", "GET /orders/{id}", "GET /products"]);
    expect(routes("order")).toEqual([
      "POST /orders",
      "GET /orders/{id}",
      "order.create",
      "order.get",
      "order.confirm",
      "order.cancel",
    ]);
    expect(routes("orders-db")).toBeUndefined();
  });

  it("marks every node for auto-layout when the design has no layout", () => {
    expect(nodes.every((n) => n.data.autoPlaced && n.position.x === 0 && n.position.y === 0)).toBe(true);
  });

  it("draws sync calls, gateway routes and the client's workloads", () => {
    expect(findEdge(edges, "call", "order", "inventory")?.data?.items).toEqual(["reserve"]);
    expect(findEdge(edges, "route", "gateway", "order")?.data).toEqual({
      kind: "route",
      items: ["POST /orders", "GET /orders/{id}"],
      protocol: "HTTP",
    });
    expect(findEdge(edges, "route", "gateway", "inventory")?.data?.items).toEqual(["GET /products"]);
    expect(findEdge(edges, "request", "web", "gateway")?.data?.items).toEqual(["steady", "peak-sale"]);
  });

  it("draws publishes to the broker and subscriptions from it, labelled by topic", () => {
    expect(findEdge(edges, "publish", "order", "broker")?.data).toEqual({
      kind: "publish",
      items: ["order.created", "order.confirmed"],
      protocol: "AMQP",
    });
    // Topics published inside a branch count too.
    expect(findEdge(edges, "publish", "payment", "broker")?.data?.items).toEqual([
      "payment.completed",
      "payment.failed",
    ]);
    expect(findEdge(edges, "subscribe", "broker", "payment")?.data?.items).toEqual(["order.created"]);
    expect(findEdge(edges, "subscribe", "broker", "order")?.data?.items).toEqual([
      "payment.completed",
      "payment.failed",
    ]);
    expect(findEdge(edges, "subscribe", "broker", "inventory")?.data?.items).toEqual(["payment.failed"]);
    expect(findEdge(edges, "subscribe", "broker", "notification")?.data?.items).toEqual(["order.confirmed"]);
  });

  it("merges every query of a service to one database into one edge", () => {
    const q = edges.filter((e) => e.source === "order" && e.target === "orders-db");
    expect(q).toHaveLength(1);
    expect(q[0]!.data).toEqual({ kind: "query", items: ["create", "get", "confirm", "cancel"], protocol: "query" });
    expect(findEdge(edges, "query", "inventory", "inventory-db")).toBeDefined();
  });

  it("draws dependsOn as its own faint edge", () => {
    for (const svc of ["order", "inventory", "payment"])
      expect(findEdge(edges, "depends", svc, "config")).toBeDefined();
  });

  it("gives every edge a unique id and a known source and target", () => {
    expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
    for (const e of edges) {
      expect(ecommerce.components[e.source]).toBeDefined();
      expect(ecommerce.components[e.target]).toBeDefined();
      expect(e.type).toBe("design");
    }
    expect(edges.map((e) => e.id).sort()).toEqual([
      "call:order->inventory",
      "depends:inventory->config",
      "depends:order->config",
      "depends:payment->config",
      "publish:order->broker",
      "publish:payment->broker",
      "query:inventory->inventory-db",
      "query:order->orders-db",
      "request:web->gateway",
      "route:gateway->inventory",
      "route:gateway->order",
      "subscribe:broker->inventory",
      "subscribe:broker->notification",
      "subscribe:broker->order",
      "subscribe:broker->payment",
    ]);
  });

  it("is pure: the same design gives the same elements, and the design is not changed", () => {
    const before = JSON.stringify(ecommerce);
    expect(toFlowElements(ecommerce)).toEqual(toFlowElements(ecommerce));
    expect(JSON.stringify(ecommerce)).toBe(before);
  });
});

describe("toFlowElements on small designs", () => {
  it("keeps positions from layout, draws caches and nested steps, and drops dependsOn covered by a query", () => {
    const design = parse(`
archsim: 1
components:
  api:
    kind: service
    dependsOn: [db]
    operations:
      get:
        steps:
          - cache: hot
            miss:
              - parallel: [ { query: db }, { call: other.ping } ]
  other: { kind: service, operations: { ping: { work: 1ms } } }
  hot: { kind: cache, hitRatio: 0.8 }
  db: { kind: database }
layout:
  api: { x: 10, y: 20 }
`);
    const { nodes, edges } = toFlowElements(design);
    const api = nodes.find((n) => n.id === "api")!;
    expect(api.position).toEqual({ x: 10, y: 20 });
    expect(api.data.autoPlaced).toBe(false);
    expect(nodes.find((n) => n.id === "db")!.data.autoPlaced).toBe(true);
    expect(nodes.find((n) => n.id === "hot")!.data.facts).toEqual(["hit 80%"]);
    expect(edges.map((e) => e.id).sort()).toEqual(["cache:api->hot", "call:api->other", "query:api->db"]);
    expect(findEdge(edges, "call", "api", "other")?.data?.protocol).toBe("RPC");
  });
});
