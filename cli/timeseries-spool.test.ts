import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../model";
import { createRun } from "../simulator";
import { toJsonChunks } from "./json-chunks";
import { TimeseriesSpool } from "./timeseries-spool";

const design = parseDesign(readFileSync(new URL("../examples/ecommerce.yaml", import.meta.url), "utf8")).design!;

describe("TimeseriesSpool", () => {
  it("streams a result with its spooled timeseries exactly as JSON.stringify writes it", () => {
    const kept = createRun(design, { scenario: "payment-outage", durationMs: 12_500, timeseries: true }).finish();
    const spool = new TimeseriesSpool();
    try {
      const run = createRun(design, { scenario: "payment-outage", durationMs: 12_500 });
      run.subscribe(({ simulatedMs: _m, done: _d, ...entry }) => spool.add(entry));
      const result = run.finish();
      expect(result.timeseries).toBeUndefined();
      expect(spool.length).toBe(13);
      const text = [...spool.withResult(toJsonChunks(result))].join("");
      expect(text).toBe(JSON.stringify(kept, null, 2));
    } finally {
      spool.dispose();
    }
  });

  it("writes an empty timeseries as JSON.stringify does", () => {
    const spool = new TimeseriesSpool();
    try {
      const value = { a: 1, b: { c: [1, 2] } };
      expect([...spool.withResult(toJsonChunks(value))].join("")).toBe(
        JSON.stringify({ ...value, timeseries: [] }, null, 2),
      );
    } finally {
      spool.dispose();
    }
  });

  it("keeps a day's timeseries out of memory: the CLI finishes it in a 48 MB heap", () => {
    // 86,400 entries: about 100 MB as objects, which a 48 MB heap cannot hold.
    const dir = mkdtempSync(join(tmpdir(), "archsim-spool-"));
    const file = join(dir, "idle.yaml");
    writeFileSync(
      file,
      [
        "archsim: 1",
        "components:",
        "  a: { kind: service, operations: { op: { work: 1ms } } }",
        "  b: { kind: service, operations: { op: { work: 1ms } } }",
        "workloads:",
        "  w: { entry: a.op, rate: 0.001 }",
        "scenarios:",
        "  s: { workload: w, duration: 24h }",
        "",
      ].join("\n"),
    );
    const r = spawnSync(
      process.execPath,
      ["--max-old-space-size=48", "bin/archsim.mjs", "simulate", file, "--timeseries", "--json"],
      { encoding: "utf8", maxBuffer: 1 << 30 },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { timeseries: { t: number }[] };
    expect(out.timeseries).toHaveLength(86_400);
    expect(out.timeseries[86_399]!.t).toBe(86_399);
  });
});
