/**
 * The e-commerce example's scenarios behave as its story says: the outbox and
 * the broker isolate order creation from payment and broker outages; the
 * bulkhead and circuit breaker isolate reads from a slow inventory; autoscaling
 * follows a sales peak.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../model";
import { simulate, type RequestOutcome, type SimulationResult } from "./index";

const design = parseDesign(readFileSync(new URL("../examples/ecommerce.yaml", import.meta.url), "utf8")).design!;
const SEED = 1;

function expectConservation(r: SimulationResult): void {
  const q = r.requests;
  expect(q.total).toBe(q.succeeded + q.failed + q.rejected + q.inFlight);
  expect(Object.values(q.causes).reduce((a, b) => a + b, 0)).toBe(q.failed + q.rejected);
  for (const t of Object.values(r.topics)) expect(t.published).toBe(t.delivered + t.deadLettered + t.lost + t.depth);
  for (const route of Object.values(r.routes))
    expect(route.count).toBe(route.succeeded + route.failed + route.rejected);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe("e-commerce scenarios", () => {
  it("payment-outage: orders keep succeeding, the order.created backlog grows and drains, nothing is lost", () => {
    const r = simulate(design, { scenario: "payment-outage", seed: SEED, timeseries: true });
    expectConservation(r);
    const post = r.routes["POST /orders"]!;
    expect(post.succeeded / post.count).toBeGreaterThanOrEqual(0.99);
    const depth = (t: number) => r.timeseries![t]!.topics["order.created"]!.depth;
    // The crash lasts from 60 s to 150 s.
    expect(depth(59)).toBeLessThan(50);
    expect(depth(100)).toBeGreaterThan(depth(80));
    expect(depth(149)).toBeGreaterThan(depth(100));
    expect(depth(149)).toBeGreaterThan(1000);
    expect(depth(299)).toBeLessThan(50);
    for (const t of Object.values(r.topics)) {
      expect(t.deadLettered).toBe(0);
      expect(t.lost).toBe(0);
    }
    expect(r.components.payment!.replicas.min).toBe(0);
  });

  it("inventory-slow: orders fail fast once the circuit opens, reads are isolated", () => {
    const outcomes: RequestOutcome[] = [];
    const r = simulate(design, {
      scenario: "inventory-slow",
      seed: SEED,
      timeseries: true,
      onRequestDone: (o) => outcomes.push(o),
    });
    const baseline = simulate(design, { scenario: "baseline", seed: SEED });
    expectConservation(r);
    const inWindow = outcomes.filter((o) => o.route === "POST /orders" && o.sentAt >= 61_000 && o.sentAt <= 120_000);
    expect(inWindow.length).toBeGreaterThan(3000);
    const failedShare = inWindow.filter((o) => !o.ok).length / inWindow.length;
    expect(failedShare).toBeGreaterThanOrEqual(0.9);

    const openedAt = r.timeseries!.findIndex((e) => e.t >= 60 && e.components.order!.circuits.inventory === "open");
    expect(openedAt).toBeGreaterThan(60);
    const afterOpen = inWindow.filter((o) => !o.ok && o.sentAt >= (openedAt + 1) * 1000);
    expect(afterOpen.length).toBeGreaterThan(1000);
    expect(median(afterOpen.map((o) => o.doneAt - o.sentAt))).toBeLessThan(20);

    const get = r.routes["GET /orders/{id}"]!;
    expect(get.failed + get.rejected).toBe(0);
    expect(get.latency.p99).toBeLessThanOrEqual(1.25 * baseline.routes["GET /orders/{id}"]!.latency.p99 + 5);
  });

  it("peak-sale: order and payment scale out during the peak and back in after it", () => {
    const r = simulate(design, { scenario: "peak-sale", seed: SEED, timeseries: true });
    expectConservation(r);
    const reps = (id: string, t: number) => r.timeseries![t]!.components[id]!.replicas;
    for (const id of ["order", "payment"]) {
      const atStart = reps(id, 5);
      const peak = Math.max(
        ...r.timeseries!.filter((e) => e.t >= 60 && e.t < 240).map((e) => e.components[id]!.replicas),
      );
      const atEnd = reps(id, 359);
      expect(peak, `${id} scales out`).toBeGreaterThan(atStart);
      expect(atEnd, `${id} scales back in`).toBeLessThan(peak);
      expect(r.components[id]!.replicas.max).toBe(peak);
    }
  });

  it("broker-outage: with the outbox no order fails, and the events arrive late", () => {
    const r = simulate(design, { scenario: "broker-outage", seed: SEED, timeseries: true });
    const baseline = simulate(design, { scenario: "baseline", seed: SEED });
    expectConservation(r);
    const post = r.routes["POST /orders"]!;
    expect(post.failed + post.rejected).toBe(0);
    expect(r.requests.causes.brokerDown).toBe(0);
    const created = r.topics["order.created"]!;
    expect(created.lost).toBe(0);
    // Events published during the 30 s outage wait for the broker: seconds late, not milliseconds.
    expect(created.latency.max).toBeGreaterThan(20_000);
    expect(created.latency.p99).toBeGreaterThan(10 * baseline.topics["order.created"]!.latency.p99);
    expect(r.timeseries![89]!.topics["order.created"]!.depth).toBeGreaterThan(1000);
    expect(r.timeseries![179]!.topics["order.created"]!.depth).toBeLessThan(50);
  });
});
