/**
 * The generated chaos scripts run: played 60 times faster (CHAOS_TIME_SCALE) against a local
 * HTTP server standing in for a process's fault flag, and a `docker` on PATH that records its
 * arguments, they apply and revert each fault of the scenario in order.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../../../../model";
import { FileMapBuilder } from "../../../file-map";
import { addDeployFiles } from ".";

const TSX = resolve("node_modules/.bin/tsx");

function chaosScripts(): Map<string, string> {
  const b = new FileMapBuilder();
  addDeployFiles(b, parseDesign(readFileSync("examples/ecommerce.yaml", "utf8")).design!);
  return new Map([...b.build()].filter(([p]) => p.startsWith("chaos/")).map(([p, f]) => [p, f.content]));
}

function run(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done) => {
    const child = spawn(TSX, [script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.on("close", (code) => done({ code, stdout }));
  });
}

describe("chaos scripts, played fast", () => {
  const dir = mkdtempSync(join(tmpdir(), "archsim-chaos-"));
  mkdirSync(join(dir, "chaos"));
  for (const [path, content] of chaosScripts()) writeFileSync(join(dir, path), content);
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const dockerLog = join(dir, "docker.log");
  writeFileSync(join(bin, "docker"), `#!/bin/sh\necho "$@" >> ${JSON.stringify(dockerLog)}\n`);
  chmodSync(join(bin, "docker"), 0o755);
  const env = { CHAOS_TIME_SCALE: "60", PATH: `${bin}:${process.env.PATH}` };

  it("inventory-slow: sets the latency flag on inventory at 60 s and clears it at 120 s", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        seen.push(`${req.method} ${req.url} ${body}`.trim());
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const port = (server.address() as AddressInfo).port;
    const r = await run(join(dir, "chaos/inventory-slow.ts"), { ...env, INVENTORY_URL: `http://127.0.0.1:${port}` });
    server.close();
    expect(r.code).toBe(0);
    expect(seen).toEqual([
      'POST /__archsim/faults {"kind":"latency","add":{"type":"const","value":1000}}',
      "DELETE /__archsim/faults",
    ]);
    // In order; the times printed depend on the machine's timers, so only the order is asserted.
    expect(r.stdout.replace(/^\[[\d.]+ s\] /gm, "")).toBe(
      "apply: latency on inventory\nrevert: latency on inventory\nscenario over\n",
    );
  }, 30_000);

  it("payment-outage: stops the payment container at 60 s and starts it again 90 s later", async () => {
    const r = await run(join(dir, "chaos/payment-outage.ts"), env);
    expect(r.code).toBe(0);
    expect(readFileSync(dockerLog, "utf8")).toBe("compose stop payment\ncompose start payment\n");
    expect(r.stdout.replace(/^\[[\d.]+ s\] /gm, "")).toBe(
      "apply: crash payment\nrevert: crash payment\nscenario over\n",
    );
  }, 30_000);
});
