import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../model";
import { createRun } from "../simulator";
import { main } from "./main";
import { captureOutput as capture } from "./capture-output";
import { driveRun } from "./commands/simulate";
import type { Output } from "./output";

const dir = mkdtempSync(join(tmpdir(), "archsim-sim-"));

describe("archsim simulate", () => {
  it("prints exactly the result object with --json (the real binary, stdout only JSON)", () => {
    const p = spawnSync(
      process.execPath,
      ["bin/archsim.mjs", "simulate", "examples/ecommerce.yaml", "--scenario", "payment-outage", "--json"],
      { encoding: "utf8" },
    );
    expect(p.status).toBe(0);
    const r = JSON.parse(p.stdout);
    expect(Object.keys(r)).toEqual([
      "scenario",
      "seed",
      "simulatedSeconds",
      "wallSeconds",
      "events",
      "eventsPerSecond",
      "partial",
      "requests",
      "latency",
      "routes",
      "components",
      "topics",
    ]);
    expect(r.scenario).toBe("payment-outage");
    expect(r.simulatedSeconds).toBe(300);
    expect(r.requests.total).toBe(r.requests.succeeded + r.requests.failed + r.requests.rejected + r.requests.inFlight);
    expect(Object.keys(r.components)).not.toContain("web");
    expect(Object.keys(r.topics).sort()).toEqual([
      "order.confirmed",
      "order.created",
      "payment.completed",
      "payment.failed",
    ]);
  });

  it("--replications runs seeds on worker threads and reports replications and ci", () => {
    const p = spawnSync(
      process.execPath,
      ["bin/archsim.mjs", "simulate", "examples/minimal.yaml", "--replications", "3", "--seed", "5", "--json"],
      { encoding: "utf8" },
    );
    expect(p.status, p.stderr).toBe(0);
    const r = JSON.parse(p.stdout);
    expect(r.replications.map((x: { seed: number }) => x.seed)).toEqual([5, 6, 7]);
    expect(r.requests.total).toBe(
      r.replications.reduce((a: number, x: { requests: { total: number } }) => a + x.requests.total, 0),
    );
    expect(r.ci.latency.p99).toEqual({ mean: expect.any(Number), halfWidth: expect.any(Number) });
    expect(r.ci.latency.p99.halfWidth).toBeGreaterThan(0);
  });

  it("--replications with --timeseries gives each replication its timeseries", () => {
    const p = spawnSync(
      process.execPath,
      ["bin/archsim.mjs", "simulate", "examples/minimal.yaml", "-r", "2", "--timeseries", "--duration", "5s", "--json"],
      { encoding: "utf8" },
    );
    expect(p.status, p.stderr).toBe(0);
    const r = JSON.parse(p.stdout);
    expect(r.timeseries).toBeUndefined();
    expect(r.replications.map((x: { timeseries: unknown[] }) => x.timeseries.length)).toEqual([5, 5]);
  });

  it("--traces writes the run's sampled traces, the engine's own, and leaves the result as it was", async () => {
    const file = join(dir, "traces.json");
    const args = ["simulate", "examples/ecommerce.yaml", "-s", "inventory-slow", "--duration", "65s", "--json"];
    const traced = capture();
    expect(await main([...args, "--traces", file, "--trace-every", "20"], traced)).toBe(0);
    const plain = capture();
    expect(await main(args, plain)).toBe(0);
    const strip = (text: string) => ({ ...JSON.parse(text), wallSeconds: 0, eventsPerSecond: 0 });
    expect(strip(traced.stdout.join(""))).toEqual(strip(plain.stdout.join("")));
    const design = parseDesign(readFileSync("examples/ecommerce.yaml", "utf8")).design!;
    const run = createRun(design, { scenario: "inventory-slow", durationMs: 65_000, traces: { every: 20 } });
    run.finish();
    const written = JSON.parse(readFileSync(file, "utf8"));
    expect(written).toEqual(run.traces());
    expect(written.some((t: { outcome: string }) => t.outcome !== "ok")).toBe(true);
  });

  it("--traces refuses --replications and an unwritable file; --trace-every needs --traces", async () => {
    const usage = async (argv: string[], message: RegExp) => {
      const o = capture();
      expect(await main(["simulate", "examples/minimal.yaml", ...argv], o)).toBe(2);
      expect(o.stderr.join("\n")).toMatch(message);
    };
    await usage(["--traces", join(dir, "t.json"), "-r", "2"], /--traces records the traces of one run/);
    await usage(["--trace-every", "5"], /--trace-every needs --traces <file>/);
    await usage(["--traces", join(dir, "t.json"), "--trace-every", "0"], /--trace-every must be a whole number from 1/);
    await usage(["--traces", join(dir, "no-such-dir", "t.json"), "--duration", "2s"], /cannot write the traces to/);
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
      const p = spawnSync(
        process.execPath,
        [
          "bin/archsim.mjs",
          "simulate",
          "examples/ecommerce.yaml",
          "-s",
          "inventory-slow",
          "--seed",
          "11",
          "--duration",
          "90s",
          "--json",
        ],
        { encoding: "utf8" },
      );
      const { wallSeconds: _w, eventsPerSecond: _e, ...rest } = JSON.parse(p.stdout);
      return JSON.stringify(rest);
    };
    expect(run()).toBe(run());
  });

  it("refuses bad input with the right exit codes", async () => {
    const unknown = capture();
    expect(await main(["simulate", "examples/ecommerce.yaml", "--scenario", "nope"], unknown)).toBe(2);
    expect(unknown.stderr.join("\n")).toMatch(
      /no scenario "nope".*baseline, peak-sale, payment-outage, inventory-slow, broker-outage/,
    );
    const choose = capture();
    expect(await main(["simulate", "examples/ecommerce.yaml"], choose)).toBe(2);
    expect(choose.stderr.join("\n")).toMatch(/choose a scenario with --scenario/);
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "archsim: 1\ncomponents:\n  a: { kind: service, operations: { x: { steps: [ { call: b.y } ] } } }\n",
    );
    const invalid = capture();
    expect(await main(["simulate", bad, "-s", "x"], invalid)).toBe(1);
    expect(invalid.stderr.join("\n")).toMatch(
      /bad\.yaml:3:\d+: components\.a\.operations\.x\.steps\[0\]\.call: service "b" does not exist/,
    );
    expect(await main(["simulate", "examples/ecommerce.yaml", "-s", "baseline", "--seed", "x"], capture())).toBe(2);
    expect(
      await main(["simulate", "examples/ecommerce.yaml", "-s", "baseline", "--duration", "5 parsecs"], capture()),
    ).toBe(2);
    const partial = capture();
    expect(
      await main(["simulate", "examples/ecommerce.yaml", "-s", "baseline", "--max-events", "2000", "--json"], partial),
    ).toBe(0);
    expect(JSON.parse(partial.stdout.join("\n"))).toMatchObject({ partial: true, stopReason: "events" });
    expect(partial.stderr.join("\n")).toMatch(/stopped early \(event limit reached/);
  });

  it("takes plain whole numbers only, and answers negative values with the range", async () => {
    for (const bad of [
      ["--seed", "1e3"],
      ["--seed", "0x10"],
      ["--seed", "+5"],
      ["--seed=", ""],
      ["--seed", "-1"],
      ["--seed", "4294967296"],
      ["-r", "1001"],
      ["--max-events", "1.5"],
    ]) {
      const o = capture();
      expect(await main(["simulate", "examples/minimal.yaml", ...bad.filter((x) => x !== "")], o), bad.join(" ")).toBe(
        2,
      );
      expect(o.stderr.join("\n")).toMatch(/must be a whole number from \d+ to [\d,]+/);
    }
    const dur = capture();
    expect(await main(["simulate", "examples/minimal.yaml", "--duration", "abc"], dur)).toBe(2);
    expect(dur.stderr.join("\n")).toMatch(/"abc" is not a duration: write seconds \(30\) or a number with a unit/);
  });

  it("stops an overload that never drains with stopReason inFlight instead of running out of memory", async () => {
    const file = join(dir, "overload.yaml");
    writeFileSync(
      file,
      "archsim: 1\ncomponents:\n  a: { kind: service, concurrency: 1, operations: { op: { work: 10ms } } }\nworkloads:\n  w: { entry: a.op, rate: 100000 }\nscenarios:\n  s: { workload: w, duration: 60s }\n",
    );
    const o = capture();
    expect(await main(["simulate", file, "--max-in-flight", "20000", "--json"], o)).toBe(0);
    const r = JSON.parse(o.stdout.join("\n"));
    expect(r).toMatchObject({ partial: true, stopReason: "inFlight" });
    expect(r.requests.inFlight).toBeGreaterThan(20000);
    expect(o.stderr.join("\n")).toMatch(/too many requests in flight/);
  });

  it("Ctrl-C stops a run with a partial result (cancelled), and a closed pipe ends it quietly", async () => {
    const child = spawn(
      process.execPath,
      ["bin/archsim.mjs", "simulate", "examples/ecommerce.yaml", "-s", "peak-sale", "--duration", "2h", "--json"],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ARCHSIM_PROGRESS: "1" } },
    );
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    // Ctrl-C once the run has started, which its first progress line says; not after a fixed time.
    child.stderr.once("data", () => child.kill("SIGINT"));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ partial: true, stopReason: "cancelled" });

    const piped = spawnSync(
      "bash",
      ["-c", "node bin/archsim.mjs simulate examples/ecommerce.yaml -s baseline --timeseries --json | head -c 10"],
      { encoding: "utf8" },
    );
    expect(piped.stderr).not.toMatch(/EPIPE|Error/);
  });

  it("Ctrl-C stops a publish loop stuck at one instant of simulated time (the real binary)", async () => {
    const file = join(dir, "zero-time-loop.yaml");
    writeFileSync(
      file,
      [
        "archsim: 1",
        "components:",
        "  mq: { kind: broker }",
        "  echo:",
        "    kind: service",
        "    operations:",
        "      start: { work: 0, steps: [ { publish: ping } ] }",
        "      handle: { work: 0, steps: [ { publish: ping } ] }",
        "    subscribes: { ping: handle }",
        "workloads:",
        "  w: { entry: echo.start, rate: 1 }",
        "scenarios:",
        "  s: { workload: w, duration: 10s }",
        "",
      ].join("\n"),
    );
    const child = spawn(process.execPath, ["bin/archsim.mjs", "simulate", file, "--json"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ARCHSIM_PROGRESS: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    // The loop warning comes first; the first progress line says the run (and its handler) started.
    child.stderr.on("data", (d: Buffer) => {
      const first = !/simulating/.test(stderr);
      stderr += d.toString();
      if (first && /simulating/.test(stderr)) child.kill("SIGINT");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r).toMatchObject({ partial: true, stopReason: "cancelled" });
    expect(r.simulatedSeconds).toBeLessThan(1);
    expect(stderr).toMatch(/messages loop: ping → ping/);
  });

  it("yields to the event loop after every step, so Ctrl-C stops a run whose steps do not move time", async () => {
    let steps = 0;
    let interrupted = false;
    // A run stuck at one instant: the engine returns after a batch of events, simulated time unmoved.
    const stuck = { advance: () => ++steps > 0, simulatedMs: 0, durationMs: 1000 };
    setImmediate(() => (interrupted = true));
    await driveRun(stuck, () => interrupted);
    expect(steps).toBe(1);
  });

  it("refuses --duration over the 720 h cap while parsing options, naming the cap", async () => {
    const o = capture();
    expect(await main(["simulate", "examples/minimal.yaml", "--duration", "1000000h"], o)).toBe(2);
    expect(o.stderr[0]!.split("\n")[0]).toBe(
      'archsim simulate: --duration must be at most 720h (30 days), the longest a scenario may run; got "1000000h"',
    );
    expect(
      await main(["simulate", "examples/minimal.yaml", "--duration", "720h", "--max-events", "1"], capture()),
    ).toBe(0);
  });

  it("exits 2 with one line on stderr when stdout cannot be written (> /dev/full)", () => {
    for (const args of [
      "simulate examples/minimal.yaml --duration 5s --json",
      "simulate examples/minimal.yaml --duration 5s",
      "validate examples/ecommerce.yaml --json",
    ]) {
      const p = spawnSync("bash", ["-c", `node bin/archsim.mjs ${args} > /dev/full`], { encoding: "utf8" });
      expect(p.status, args).toBe(2);
      expect(p.stderr, args).toBe("archsim: cannot write the output: no space left on the device (ENOSPC)\n");
    }
  });

  it("streams --json: the result comes in pieces, never as one string", async () => {
    const pieces: string[] = [];
    const lines: string[] = [];
    const o: Output = {
      out: (l) => lines.push(l),
      err: () => {},
      outChunks: async (chunks) => {
        for (const c of chunks) pieces.push(c);
      },
    };
    const args = [
      "simulate",
      "examples/ecommerce.yaml",
      "-s",
      "baseline",
      "--duration",
      "900s",
      "--timeseries",
      "--json",
    ];
    expect(await main(args, o)).toBe(0);
    expect(lines).toEqual([]);
    const text = pieces.join("");
    expect(JSON.parse(text).timeseries).toHaveLength(900);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(text.length / 4);
  });

  it("escapes control characters from the design in diagnostics, summaries and errors", async () => {
    const evil = "x\u001b]0;pwned\u0007\nfake.yaml:1:1: forged";
    const file = join(dir, "evil.yaml");
    writeFileSync(
      file,
      [
        "archsim: 1",
        "components:",
        `  ${JSON.stringify(evil)}: { kind: service, operations: { op: { work: 1ms } } }`,
        "workloads:",
        `  w: { entry: ${JSON.stringify(`${evil}.op`)}, rate: 10 }`,
        "scenarios:",
        `  ${JSON.stringify(evil)}: { workload: w, duration: 2s }`,
        "",
      ].join("\n"),
    );
    const printed: string[] = [];
    for (const args of [
      ["validate", file],
      ["simulate", file],
      ["simulate", file, "-s", "nope"],
      ["simulate", file, "-s", evil],
      ["simulate", file, `--bad-option${evil}`],
      [`bad-command${evil}`],
    ]) {
      const o = capture();
      await main(args, o);
      printed.push(...o.stdout, ...o.stderr);
    }
    const all = printed.join("\n");
    expect(all).toContain("x\\u001b]0;pwned\\u0007\\nfake.yaml:1:1: forged");
    for (const text of printed) expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });
});
