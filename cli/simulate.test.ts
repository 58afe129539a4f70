import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./main";
import { captureOutput as capture } from "./capture-output";

const dir = mkdtempSync(join(tmpdir(), "archsim-sim-"));

describe("archsim simulate", () => {
  it("prints exactly the result object with --json (the real binary, stdout only JSON)", () => {
    const p = spawnSync(process.execPath, ["bin/archsim.mjs", "simulate", "examples/ecommerce.yaml", "--scenario", "payment-outage", "--json"], { encoding: "utf8" });
    expect(p.status).toBe(0);
    const r = JSON.parse(p.stdout);
    expect(Object.keys(r)).toEqual(["scenario", "seed", "simulatedSeconds", "wallSeconds", "events", "eventsPerSecond", "partial", "requests", "latency", "routes", "components", "topics"]);
    expect(r.scenario).toBe("payment-outage");
    expect(r.simulatedSeconds).toBe(300);
    expect(r.requests.total).toBe(r.requests.succeeded + r.requests.failed + r.requests.rejected + r.requests.inFlight);
    expect(Object.keys(r.components)).not.toContain("web");
    expect(Object.keys(r.topics).sort()).toEqual(["order.confirmed", "order.created", "payment.completed", "payment.failed"]);
  });

  it("--replications runs seeds on worker threads and reports replications and ci", () => {
    const p = spawnSync(process.execPath, ["bin/archsim.mjs", "simulate", "examples/minimal.yaml", "--replications", "3", "--seed", "5", "--json"], { encoding: "utf8" });
    expect(p.status, p.stderr).toBe(0);
    const r = JSON.parse(p.stdout);
    expect(r.replications.map((x: { seed: number }) => x.seed)).toEqual([5, 6, 7]);
    expect(r.requests.total).toBe(r.replications.reduce((a: number, x: { requests: { total: number } }) => a + x.requests.total, 0));
    expect(r.ci.latency.p99).toEqual({ mean: expect.any(Number), halfWidth: expect.any(Number) });
    expect(r.ci.latency.p99.halfWidth).toBeGreaterThan(0);
  });

  it("--replications with --timeseries gives each replication its timeseries", () => {
    const p = spawnSync(process.execPath, ["bin/archsim.mjs", "simulate", "examples/minimal.yaml", "-r", "2", "--timeseries", "--duration", "5s", "--json"], { encoding: "utf8" });
    expect(p.status, p.stderr).toBe(0);
    const r = JSON.parse(p.stdout);
    expect(r.timeseries).toBeUndefined();
    expect(r.replications.map((x: { timeseries: unknown[] }) => x.timeseries.length)).toEqual([5, 5]);
  });

  it("prints a readable summary by default", async () => {
    const o = capture();
    expect(await main(["simulate", "examples/ecommerce.yaml", "-s", "baseline", "--duration", "20s"], o)).toBe(0);
    const text = o.stdout.join("\n");
    expect(text).toMatch(/scenario baseline, seed 1: 20 s simulated/);
    expect(text).toMatch(/^POST \/orders\s+[\d,]+\s+100\.00%/m);
    expect(text).toMatch(/^order\.created\s+[\d,]+/m);
  });

  it("is deterministic across processes: the same seed gives the same JSON minus wall fields", () => {
    const run = () => {
      const p = spawnSync(process.execPath, ["bin/archsim.mjs", "simulate", "examples/ecommerce.yaml", "-s", "inventory-slow", "--seed", "11", "--duration", "90s", "--json"], { encoding: "utf8" });
      const { wallSeconds: _w, eventsPerSecond: _e, ...rest } = JSON.parse(p.stdout);
      return JSON.stringify(rest);
    };
    expect(run()).toBe(run());
  });

  it("refuses bad input with the right exit codes", async () => {
    const unknown = capture();
    expect(await main(["simulate", "examples/ecommerce.yaml", "--scenario", "nope"], unknown)).toBe(2);
    expect(unknown.stderr.join("\n")).toMatch(/no scenario "nope".*baseline, peak-sale, payment-outage, inventory-slow, broker-outage/);
    const choose = capture();
    expect(await main(["simulate", "examples/ecommerce.yaml"], choose)).toBe(2);
    expect(choose.stderr.join("\n")).toMatch(/choose a scenario with --scenario/);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "archsim: 1\ncomponents:\n  a: { kind: service, operations: { x: { steps: [ { call: b.y } ] } } }\n");
    const invalid = capture();
    expect(await main(["simulate", bad, "-s", "x"], invalid)).toBe(1);
    expect(invalid.stderr.join("\n")).toMatch(/bad\.yaml:3:\d+: components\.a\.operations\.x\.steps\[0\]\.call: service "b" does not exist/);
    expect(await main(["simulate", "examples/ecommerce.yaml", "-s", "baseline", "--seed", "x"], capture())).toBe(2);
    expect(await main(["simulate", "examples/ecommerce.yaml", "-s", "baseline", "--duration", "5 parsecs"], capture())).toBe(2);
    const partial = capture();
    expect(await main(["simulate", "examples/ecommerce.yaml", "-s", "baseline", "--max-events", "2000", "--json"], partial)).toBe(0);
    expect(JSON.parse(partial.stdout.join("\n"))).toMatchObject({ partial: true, stopReason: "events" });
    expect(partial.stderr.join("\n")).toMatch(/stopped early \(event limit reached/);
  });
});
