/**
 * What a user gets: `npm pack` of the built CLI (dist/archsim, made by the test setup from the
 * current sources) installed globally into a temporary prefix, with no network and no
 * dependencies to fetch, then run from outside the checkout.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const quiet = ["--no-audit", "--no-fund", "--loglevel=error"];

const tmp = mkdtempSync(join(tmpdir(), "archsim-pack-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("npm pack of dist/archsim, installed with npm install -g", () => {
  it("gives a working archsim that depends on nothing", () => {
    const cliDir = resolve("dist/archsim");
    const pkg = JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "archsim", bin: { archsim: "archsim.mjs" } });
    expect(pkg.dependencies).toBeUndefined();

    const packed = spawnSync(npm, ["pack", cliDir, "--pack-destination", tmp, "--json", ...quiet], {
      encoding: "utf8",
    });
    expect(packed.status, packed.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(["archsim.mjs", "engine.mjs", "simulate-worker.mjs", "package.json"]),
    );

    const prefix = join(tmp, "prefix");
    const installed = spawnSync(
      npm,
      ["install", "-g", "--prefix", prefix, "--offline", join(tmp, filename), ...quiet],
      {
        encoding: "utf8",
      },
    );
    expect(installed.status, installed.stderr).toBe(0);

    // Run from the temporary directory, so nothing of the checkout is on hand but the designs.
    const bin = join(prefix, "bin", "archsim");
    const run = (args: string[]) => spawnSync(bin, args, { encoding: "utf8", cwd: tmp });
    const valid = run(["validate", resolve("examples/ecommerce.yaml")]);
    expect(valid.status, valid.stderr).toBe(0);
    expect(valid.stderr).toMatch(/ecommerce\.yaml: valid \(12 components\)/);

    const sim = run(["simulate", resolve("examples/ecommerce.yaml"), "-s", "baseline", "--duration", "20s", "--json"]);
    expect(sim.status, sim.stderr).toBe(0);
    const result = JSON.parse(sim.stdout);
    expect(result).toMatchObject({ scenario: "baseline", simulatedSeconds: 20, partial: false });
    expect(result.requests.succeeded).toBeGreaterThan(0);

    // --replications starts worker threads from the package's own simulate-worker.mjs.
    const reps = run(["simulate", resolve("examples/minimal.yaml"), "-r", "2", "--duration", "5s", "--json"]);
    expect(reps.status, reps.stderr).toBe(0);
    expect(JSON.parse(reps.stdout).replications.map((r: { seed: number }) => r.seed)).toEqual([1, 2]);
  });
});
