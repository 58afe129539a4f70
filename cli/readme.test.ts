/**
 * The README's command line section is true: every command in it runs verbatim (from a
 * directory holding the examples, so `> run.json` writes nowhere in the checkout) and the output
 * it shows is what the command prints.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const readme = readFileSync("README.md", "utf8");
const section = readme.slice(readme.indexOf("## The command line"), readme.indexOf("## Benchmarks"));
const bin = resolve("bin/archsim.mjs");

/** Runs a README line in bash with `npm run [-s] archsim --` as the built command (the test setup built it). */
function runLine(line: string, cwd: string) {
  const command = line.replace(/npm run (-s )?archsim --/g, `node ${bin}`);
  return spawnSync("bash", ["-o", "pipefail", "-c", `${command} 2>&1`], { cwd, encoding: "utf8" });
}

describe("README: the command line", () => {
  const shBlock = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  const commands = shBlock.split("\n").filter((l) => l.startsWith("npm run"));

  it("has commands, each of which runs with its documented exit code", () => {
    expect(commands.length).toBeGreaterThanOrEqual(6);
    const dir = mkdtempSync(join(tmpdir(), "archsim-readme-"));
    symlinkSync(resolve("examples"), join(dir, "examples"));
    for (const line of commands) {
      const r = runLine(line.replace(/\s+#.*$/, ""), dir);
      // With pipefail, `validate` of the broken example keeps its exit code 1 through `| jq`.
      expect(r.status, `${line}\n${r.stdout}`).toBe(line.includes("broken") ? 1 : 0);
      if (line.includes("broken")) expect(r.stdout).toBe("5\n");
    }
  });

  it("shows exactly what `validate examples/broken/broken.yaml` prints", () => {
    const block = /```console\n\$ (npm run -s archsim -- validate examples\/broken\/broken\.yaml)\n([\s\S]*?)```/.exec(
      section,
    )!;
    const r = runLine(block[1]!, process.cwd());
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(block[2]);
  });
});
