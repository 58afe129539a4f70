/** The shape of the built CLI (dist/archsim, built from the current sources by the test setup). */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const DIST = resolve("dist/archsim");

/** The files a module loads before it runs: its static imports, transitively (dynamic ones excluded). */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  // The engine imports nothing of the package; its text holds generated sources with import lines.
  if (file === "engine.mjs") return seen;
  const text = readFileSync(join(DIST, file), "utf8");
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"\.\/([^"]+)"/gm)) staticGraph(m[1]!, seen);
  for (const m of text.matchAll(/^import\s*"\.\/([^"]+)"/gm)) staticGraph(m[1]!, seen);
  return seen;
}

describe("the built CLI", () => {
  it("does not load the engine to print --help: only the commands import engine.mjs", () => {
    const atStart = staticGraph("archsim.mjs");
    expect(atStart.size).toBeGreaterThan(1); // the entry and the chunk it shares with the commands
    expect([...atStart]).not.toContain("engine.mjs");
    const entry = readFileSync(join(DIST, "archsim.mjs"), "utf8");
    const commands = [...entry.matchAll(/import\("\.\/([^"]+)"\)/g)].map((m) => m[1]!);
    expect(commands).toHaveLength(3);
    for (const c of commands) expect(staticGraph(c)).toContain("engine.mjs");
  });

  it("runs one engine: the command and its worker import engine.mjs rather than holding a copy", () => {
    const engine = readFileSync(join(DIST, "engine.mjs"), "utf8");
    expect(engine).toMatch(/export\s*\{[^}]*\bcreateRun\b/);
    for (const file of ["archsim.mjs", "simulate-worker.mjs"])
      for (const f of staticGraph(file))
        if (f !== "engine.mjs")
          expect(readFileSync(join(DIST, f), "utf8")).not.toMatch(/var (SimCore|Histogram) = class/);
    expect(staticGraph("simulate-worker.mjs")).toContain("engine.mjs");
  });
});
