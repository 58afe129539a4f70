/**
 * Hostile but valid input through the real command: it ends with a result, in bounded memory.
 * (The in-process engine limits are tested in simulator/hostile.test.ts.)
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("archsim simulate under hostile input", () => {
  it(
    "100 replications of a 10,000-component design stream their JSON within a 1.5 GB heap",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "archsim-hostile-"));
      const design = join(dir, "big.yaml");
      const lines = ["archsim: 1", "components:"];
      for (let i = 0; i < 10_000; i++) lines.push(`  s${i}: { kind: service, operations: { op: { work: 1ms } } }`);
      lines.push(
        "workloads:",
        "  w: { entry: s0.op, rate: 10 }",
        "scenarios:",
        "  x: { workload: w, duration: 60s }",
        "",
      );
      writeFileSync(design, lines.join("\n"));
      const outFile = join(dir, "out.json");
      const fd = openSync(outFile, "w");
      const r = spawnSync(
        process.execPath,
        ["--max-old-space-size=1536", "bin/archsim.mjs", "simulate", design, "-r", "100", "--json"],
        { stdio: ["ignore", fd, "pipe"], encoding: "utf8" },
      );
      closeSync(fd);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      // More than one string can hold (about 512 MiB) is not needed to prove it: the pooled
      // result alone is hundreds of MB, once "Invalid string length" (exit 70) or out of memory.
      const size = statSync(outFile).size;
      expect(size).toBeGreaterThan(100 * 2 ** 20);
      const head = Buffer.alloc(200);
      const rfd = openSync(outFile, "r");
      readSync(rfd, head, 0, 200, 0);
      const tail = Buffer.alloc(64);
      readSync(rfd, tail, 0, 64, size - 64);
      closeSync(rfd);
      expect(head.toString()).toMatch(/^\{\n {2}"scenario": "x",\n {2}"seed": 1,/);
      expect(tail.toString()).toMatch(/\n\}\n$/);
    },
    5 * 60_000,
  );
});
