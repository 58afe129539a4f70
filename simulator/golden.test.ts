/**
 * Golden results: every scenario of every shipped example, and random designs under random
 * faults, give byte-identical JSON across engine changes. A change of semantics must update
 * the golden file on purpose (`UPDATE_GOLDEN=1 npx vitest run simulator/golden.test.ts`) and
 * say why in its commit; a refactor must not touch it.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parseDesign, type Design } from "../model";
import { createRun, simulate } from "./index";
import { generateRandomDesign } from "./testing/random-design";
import { withRandomFaults } from "./testing/random-faults";

const GOLDEN = new URL("./golden.json", import.meta.url);
const update = process.env.UPDATE_GOLDEN === "1";
const golden: Record<string, { result?: unknown; sha256: string }> = existsSync(GOLDEN)
  ? JSON.parse(readFileSync(GOLDEN, "utf8"))
  : {};
const seen: typeof golden = {};

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function check(name: string, full: string, result?: unknown): void {
  seen[name] = result === undefined ? { sha256: sha256(full) } : { result, sha256: sha256(full) };
  if (update) return;
  const want = golden[name];
  expect(want, `no golden result for ${name}: run with UPDATE_GOLDEN=1`).toBeDefined();
  // The readable result first, so a difference shows where it is; then the hash of everything.
  if (want!.result !== undefined) expect(result).toEqual(want!.result);
  expect(sha256(full), name).toBe(want!.sha256);
}

const examplesDir = new URL("../examples/", import.meta.url);
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => {
    const parsed = parseDesign(readFileSync(new URL(f, examplesDir), "utf8"));
    return { file: f, design: parsed.design };
  })
  .filter((e): e is { file: string; design: Design } => e.design !== undefined);

// The longest cases take 20 s on an idle machine; a loaded one (other test files, CPU hogs) may need far more.
describe("golden results", { timeout: 300_000 }, () => {
  for (const { file, design } of examples) {
    for (const scenario of Object.keys(design.scenarios)) {
      it(`${file} ${scenario}: the result and its timeseries are byte-identical`, () => {
        const r = simulate(design, { scenario, seed: 1, timeseries: true });
        const full = JSON.stringify(r);
        const { timeseries: _timeseries, ...summary } = r;
        check(`${file} ${scenario}`, full, summary);
      });
    }
  }

  it.each([
    [11, 5],
    [12, 8],
    [13, 12],
    [14, 3],
    [15, 20],
    [16, 6],
    [17, 9],
    [18, 15],
  ])("random design %i with %i services under random faults", (seed, services) => {
    const parsed = parseDesign(generateRandomDesign({ services, seed }));
    const design = withRandomFaults(parsed.design!, seed * 7919, 6000);
    const outcomes: string[] = [];
    const r = simulate(design, {
      scenario: "load",
      seed,
      timeseries: true,
      onRequestDone: (o) => outcomes.push(`${o.route} ${o.sentAt} ${o.doneAt} ${o.cause ?? "ok"} ${o.rejected}`),
    });
    check(`random ${seed} ${services}`, JSON.stringify(r) + outcomes.join("\n"));
  });

  it("a stepped run with injected faults and heal-all", () => {
    const design = examples.find((e) => e.file === "ecommerce.yaml")!.design;
    const run = createRun(design, { scenario: "baseline", seed: 3, durationMs: 40_000 });
    const snapshots: string[] = [];
    run.subscribe((s) => snapshots.push(JSON.stringify(s)));
    run.advance(5_000);
    run.inject({ kind: "crash", target: "payment", at: 0, for: 10_000 });
    run.inject({ kind: "latency", target: "inventory", at: 0, add: { type: "const", value: 40 } });
    run.advance(10_000);
    run.healAll();
    const r = run.finish();
    check("stepped ecommerce baseline", JSON.stringify(r) + snapshots.join("\n"));
  });
});

afterAll(() => {
  if (update) writeFileSync(GOLDEN, JSON.stringify(seen, null, 1) + "\n");
});
