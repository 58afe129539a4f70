import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRun, parseDesign, poolReplications, type Replication } from "./engine";
import { toJsonChunks } from "./json-chunks";

const design = parseDesign(readFileSync("examples/ecommerce.yaml", "utf8")).design!;

function runOf(seed: number, timeseries: boolean): Replication {
  const run = createRun(design, { scenario: "payment-outage", seed, durationMs: 30_000, timeseries });
  return { result: run.finish(), histograms: run.histograms() };
}

describe("toJsonChunks", () => {
  it("writes exactly JSON.stringify(result, null, 2) for a run with a timeseries and for pooled replications", () => {
    const one = runOf(1, true).result;
    const pooled = poolReplications([runOf(1, true), runOf(2, true), runOf(3, false)]);
    for (const value of [one, pooled]) {
      const chunks = [...toJsonChunks(value)];
      expect(chunks.join("")).toBe(JSON.stringify(value, null, 2));
    }
  });

  it("matches JSON.stringify on what it skips, replaces and calls: undefined, NaN, functions, toJSON, empties", () => {
    const big = Array.from({ length: 3000 }, (_, i) => ({ i, s: `line\n${i}`, u: undefined, n: i % 2 ? NaN : -0 }));
    const values: unknown[] = [
      { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol("x")], d: {}, e: [], f: null, g: Infinity },
      { date: new Date(0), nested: { toJSON: (k: string) => `key ${k}` }, boxed: [new Number(3), new String("s")] },
      { big, deep: { deeper: { deepest: big } } },
      [[], [[]], {}, "\u001b]0;x\u0007", 1e21, 5e-7],
      "just a string",
      42,
      null,
    ];
    for (const v of values) expect([...toJsonChunks(v)].join("")).toBe(JSON.stringify(v, null, 2));
  });

  it("never builds the whole text: a 15 MB result comes in pieces of at most a few hundred KB", () => {
    const timeseries = Array.from({ length: 100_000 }, (_, t) => ({
      t,
      requests: { succeeded: t, failed: 0, rejected: 0 },
      latency: { p50: 1.5, p99: 7.25 },
    }));
    const chunks = [...toJsonChunks({ scenario: "long", timeseries })];
    const total = chunks.reduce((a, c) => a + c.length, 0);
    expect(total).toBeGreaterThan(15_000_000);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(300_000);
  });
});
