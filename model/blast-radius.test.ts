import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { blastRadius } from "./blast-radius";
import { parseDesign } from "./parse";

function load(text: string) {
  const { design, errors } = parseDesign(text);
  if (!design) throw new Error(errors.map((e) => `${e.line}:${e.col} ${e.message}`).join("; "));
  return design;
}

const ecommerce = load(readFileSync("examples/ecommerce.yaml", "utf8"));
const byRoute = (component: string) =>
  Object.fromEntries(blastRadius(ecommerce, component).routes.map((r) => [r.route, [r.impact, r.path.join(" > ")]]));

describe("blastRadius on the e-commerce example (worked out from its steps)", () => {
  it("inventory: creating an order calls it, listing products is it; reading an order does not touch it", () => {
    expect(byRoute("inventory")).toEqual({
      "POST /orders": ["fails", "gateway > order > inventory"],
      "GET /orders/{id}": ["none", ""],
      "GET /products": ["fails", "gateway > inventory"],
    });
  });

  it("payment: reached only through order.created, so orders queue rather than fail", () => {
    expect(byRoute("payment")).toEqual({
      "POST /orders": ["queues", "gateway > order > broker > payment"],
      "GET /orders/{id}": ["none", ""],
      "GET /products": ["none", ""],
    });
  });

  it("broker: order.created goes through an outbox, so creating an order only queues", () => {
    expect(byRoute("broker")).toEqual({
      "POST /orders": ["queues", "gateway > order > broker"],
      "GET /orders/{id}": ["none", ""],
      "GET /products": ["none", ""],
    });
  });

  it("orders-db: both order routes query it", () => {
    expect(byRoute("orders-db")).toEqual({
      "POST /orders": ["fails", "gateway > order > orders-db"],
      "GET /orders/{id}": ["fails", "gateway > order > orders-db"],
      "GET /products": ["none", ""],
    });
  });

  it("notification: three message hops behind an order, it only makes work wait", () => {
    expect(byRoute("notification")["POST /orders"]).toEqual([
      "queues",
      "gateway > order > broker > payment > broker > order > broker > notification",
    ]);
  });

  it("gateway: every route", () => {
    expect(Object.values(byRoute("gateway"))).toEqual([
      ["fails", "gateway"],
      ["fails", "gateway"],
      ["fails", "gateway"],
    ]);
  });

  it("config: no route fails, but the services that depend on it cannot start replicas", () => {
    const blast = blastRadius(ecommerce, "config");
    expect(blast.routes.every((r) => r.impact === "none")).toBe(true);
    expect(blast.blocksStarts).toEqual(["inventory", "order", "payment"]);
  });
});

describe("blastRadius: partial, optional and direct entries", () => {
  const design = load(`archsim: 1
components:
  web: { kind: client }
  broker: { kind: broker }
  db: { kind: database }
  other-db: { kind: database }
  c: { kind: cache, hitRatio: 0.8 }
  a:
    kind: service
    operations:
      cached:
        steps:
          - cache: c
            miss: [ { query: db } ]
      maybe:
        steps:
          - query: db
            probability: 0.5
      extra:
        steps:
          - query: db
            optional: true
      split:
        steps:
          - branch:
              - weight: 1
                steps: [ { query: db } ]
              - weight: 1
                steps: [ { query: other-db } ]
      both:
        steps:
          - branch:
              - weight: 1
                steps: [ { query: db } ]
              - weight: 1
                steps: [ { query: db } ]
      direct:
        steps:
          - publish: t
workloads:
  w1: { source: web, entry: a.cached, rate: 1 }
  w2: { source: web, entry: a.maybe, rate: 1 }
  w3: { source: web, entry: a.extra, rate: 1 }
  w4: { source: web, entry: a.split, rate: 1 }
  w5: { source: web, entry: a.both, rate: 1 }
  w6: { source: web, entry: a.direct, rate: 1 }
scenarios:
  s: { workload: w1, duration: 1s }
`);
  const impacts = (component: string) =>
    Object.fromEntries(blastRadius(design, component).routes.map((r) => [r.route, r.impact]));

  it("db down: a cache miss, a probability and one branch of two fail some requests; optional degrades; both branches fail all", () => {
    expect(impacts("db")).toEqual({
      "a.cached": "partly",
      "a.maybe": "partly",
      "a.extra": "degraded",
      "a.split": "partly",
      "a.both": "fails",
      "a.direct": "none",
    });
  });

  it("the cache itself down fails every lookup; the broker down fails a publish without an outbox", () => {
    expect(impacts("c")["a.cached"]).toBe("fails");
    expect(impacts("broker")["a.direct"]).toBe("fails");
  });
});
