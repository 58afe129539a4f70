import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDesign, simulate } from "./engine";
import { evaluateSlos, formatSloPercent } from "../simulator/slo";
import { captureOutput as capture } from "./capture-output";
import { main } from "./main";

const dir = mkdtempSync(join(tmpdir(), "archsim-slo-"));
// The e-commerce example with SLOs on two routes: inventory-slow breaks POST /orders' budget.
const text = readFileSync("examples/ecommerce.yaml", "utf8").replace(
  "      GET /products: inventory.list\n",
  "      GET /products: inventory.list\n    slos:\n      POST /orders: { p99: 60ms, errorBudget: 0.001 }\n      GET /orders/{id}: { p99: 50ms, errorBudget: 0.001 }\n",
);
const file = join(dir, "ecommerce-slos.yaml");
writeFileSync(file, text);

describe("archsim simulate: SLO verdicts", () => {
  it("prints each route's targets, what the run observed and the verdict, with the reason of a failure", async () => {
    const o = capture();
    expect(await main(["simulate", file, "-s", "inventory-slow", "--duration", "120s"], o)).toBe(0);
    const out = o.stdout.join("\n");
    const design = parseDesign(text).design!;
    const reports = evaluateSlos(
      design,
      simulate(design, { scenario: "inventory-slow", seed: 1, durationMs: 120_000 }),
    );
    expect(reports.map((r) => [r.route, r.verdict])).toEqual([
      ["POST /orders", "fail"],
      ["GET /orders/{id}", "pass"],
    ]);
    expect(out).toContain("SLOs      1 pass · 1 fail");
    expect(out).toMatch(/route\s+p99 target\s+p99\s+error budget\s+errors\s+budget used\s+verdict/);
    // Nothing failed, but the few requests still running at the end count against the budget.
    expect(reports[1]).toMatchObject({ errors: reports[1]!.unanswered });
    expect(out).toMatch(
      new RegExp(
        `GET /orders/\\{id\\}\\s+50\\.0 ms\\s+\\d+\\.\\d ms\\s+0\\.1%\\s+${formatSloPercent(reports[1]!.errorRate!)}\\s+${formatSloPercent(reports[1]!.budgetConsumed!)}\\s+✓ PASS`,
      ),
    );
    expect(out).toMatch(/POST \/orders\s+60\.0 ms\s+\d+\.\d ms\s+0\.1%\s+[\d.]+%\s+[\d,]+%\s+✕ FAIL/);
    expect(out).toContain(`POST /orders: ${reports[0]!.reason}`);
  });

  it("judges no route of a run stopped early, and says why", async () => {
    const o = capture();
    expect(await main(["simulate", file, "-s", "baseline", "--max-events", "20000"], o)).toBe(0);
    const out = o.stdout.join("\n");
    expect(out).toContain("SLOs      0 pass · 0 fail · 2 no data");
    expect(out).toMatch(/POST \/orders\s+60\.0 ms\s+.*– NO DATA/);
    expect(out).toContain("POST /orders: partial run: events");
    expect(out).toContain("GET /orders/{id}: partial run: events");
  });

  it("leaves --json's result as the format gives it: no SLO field", async () => {
    const o = capture();
    expect(await main(["simulate", file, "-s", "baseline", "--duration", "20s", "--json"], o)).toBe(0);
    const result = JSON.parse(o.stdout.join(""));
    expect(Object.keys(result)).not.toContain("slos");
    expect(o.stdout.join("")).not.toMatch(/slo/i);
  });

  it("prints no SLO lines for a design without slos", async () => {
    const o = capture();
    expect(await main(["simulate", "examples/ecommerce.yaml", "-s", "baseline", "--duration", "20s"], o)).toBe(0);
    expect(o.stdout.join("\n")).not.toContain("SLOs");
  });
});
