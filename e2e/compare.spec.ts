import { readFileSync } from "node:fs";
import { expect, test, type Locator } from "@playwright/test";
import { parseDesign } from "../model";
import { simulate, type SimulationResult } from "../simulator";
import { compareRuns, formatValue, summarizeRoutes, type Unit } from "../components/run-panel/run-compare-data";
import { savedText, storeDesign } from "./support";

const TEXT = readFileSync("examples/ecommerce.yaml", "utf8");
const BREAKER = "      circuitBreaker: { failureRate: 0.5, window: 20, openFor: 10s, halfOpenProbes: 3 }";
const WITHOUT_BREAKER = TEXT.replace(`${BREAKER}\n`, "");

/** The figures the Compare table shows for one route of a result (the panel's seed is 1). */
function routeFigures(result: SimulationResult, route: string): Record<string, [Unit, number]> {
  const r = result.routes[route]!;
  return {
    requests: ["count", r.count],
    success: ["ratio", r.succeeded / r.count],
    p50: ["ms", r.latency.p50],
    p99: ["ms", r.latency.p99],
  };
}

async function expectColumn(group: Locator, column: "a" | "b", figures: Record<string, [Unit, number]>) {
  for (const [measure, [unit, value]] of Object.entries(figures)) {
    const cell = group.locator(`tr[data-measure="${measure}"]`).getByTestId(column);
    await expect(cell, `${measure} ${column}`).toHaveAttribute("data-value", String(value));
    await expect(cell, `${measure} ${column}`).toHaveText(formatValue(unit, value));
  }
}

test("inventory-slow with and without order's circuit breaker, compared side by side", async ({ page }, testInfo) => {
  expect(TEXT).toContain(`${BREAKER}\n`);
  // What the engine says for both designs, scenario and seed.
  const withBreaker = simulate(parseDesign(TEXT).design!, { scenario: "inventory-slow", seed: 1 });
  const without = simulate(parseDesign(WITHOUT_BREAKER).design!, { scenario: "inventory-slow", seed: 1 });
  // The story: the breaker's fast failures become bulkhead rejections and timeouts, and GET /products waits longer.
  expect(withBreaker.requests.causes.circuitOpen).toBeGreaterThan(0);
  expect(without.requests.causes.circuitOpen).toBe(0);
  expect(without.routes["GET /products"]!.latency.p99).toBeGreaterThan(
    withBreaker.routes["GET /products"]!.latency.p99,
  );

  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  const id = await storeDesign(page, TEXT);
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  await page.getByRole("button", { name: "Simulate" }).click();
  const panel = page.getByTestId("run-panel");
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("inventory-slow");
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "As fast as possible" });

  // Before two runs, Compare says what to do.
  await panel.getByRole("tab", { name: /^Compare/ }).click();
  await expect(panel.getByTestId("compare-empty")).toHaveText(/^Run the design twice/);

  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(panel.getByRole("tab", { name: /^Compare/ })).toHaveText("Compare1 run");
  await expect(panel.getByTestId("compare-empty")).toHaveText(/^Run the design once more/);

  // Remove the breaker in the YAML: the line goes, nothing else changes.
  const toggle = page.getByRole("button", { name: "YAML" });
  if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
  const code = page.getByTestId("yaml-editor");
  await expect(code.locator(".view-lines")).toContainText("archsim: 1", { timeout: 30_000 });
  await code.locator(".view-lines").click();
  // Go to the line (Ctrl+G) and delete it (Ctrl+Shift+K): long lines wrap, so arrows would miscount.
  await page.keyboard.press("Control+g");
  await page.keyboard.type(String(TEXT.split("\n").indexOf(BREAKER) + 1));
  await page.keyboard.press("Enter");
  await page.keyboard.press("Control+Shift+K");
  await expect(page.getByTestId("save-status")).toHaveText(/^Saved · version 2$/, { timeout: 15_000 });
  expect(await savedText(page, id)).toBe(WITHOUT_BREAKER);

  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(panel.getByRole("tab", { name: /^Compare/ })).toHaveText("Compare2 runs");

  // The previous run against the latest, by default.
  const compare = panel.getByTestId("run-compare");
  const runA = compare.getByRole("combobox", { name: "Run A" });
  const runB = compare.getByRole("combobox", { name: "Run B" });
  await expect(runA.locator("option:checked")).toHaveText(/^#1 inventory-slow · seed 1 · \d\d:\d\d$/);
  await expect(runA).toHaveValue("run-1");
  await expect(runB).toHaveValue("run-2");
  // Labels are the user's to change (Enter keeps one); the pickers follow.
  await compare.locator("summary", { hasText: "Kept runs (2 of 10" }).click();
  for (const [n, label] of [
    [1, "with breaker"],
    [2, "without breaker"],
  ] as const) {
    const box = compare.getByRole("textbox", { name: `Label of #${n}` });
    await box.fill(label);
    await box.press("Enter");
  }
  await expect(runA.locator("option:checked")).toHaveText("with breaker");
  await expect(runB.locator("option:checked")).toHaveText("without breaker");

  // Which routes got better or worse, in one sentence, as the engine's figures say.
  await expect(compare.getByTestId("compare-summary")).toHaveText(
    summarizeRoutes(compareRuns(withBreaker, without).routes),
  );
  // POST /orders in both columns: the engine's figures for each design.
  const orders = compare.getByTestId("compare-route-POST /orders");
  await expectColumn(orders, "a", routeFigures(withBreaker, "POST /orders"));
  await expectColumn(orders, "b", routeFigures(without, "POST /orders"));
  // GET /products waits longer without the breaker: its p99 is marked worse in words.
  const products = compare.getByTestId("compare-route-GET /products");
  await expect(products.locator('tr[data-measure="p99"]').getByTestId("change")).toContainText("✕ worse");
  // Failures by cause: the breaker's fast failures are gone in B.
  const circuitOpen = compare.getByTestId("compare-causes").locator('tr[data-measure="circuitOpen"]');
  await expect(circuitOpen.getByTestId("a")).toHaveAttribute(
    "data-value",
    String(withBreaker.requests.causes.circuitOpen),
  );
  await expect(circuitOpen.getByTestId("b")).toHaveAttribute("data-value", "0");
  await expect(circuitOpen.getByTestId("change")).toContainText("✓ better");

  // What changed: the circuitBreaker line alone, and the same scenario, seed and duration.
  const changes = compare.getByRole("region", { name: "What changed" });
  await expect(changes).toContainText("Same scenario, seed and duration.");
  await expect(changes).toContainText("1 line only in A (−), 0 only in B (+)");
  const diff = changes.getByTestId("compare-diff");
  await expect(diff.locator('[data-kind="removed"]')).toHaveCount(1);
  await expect(diff.locator('[data-kind="removed"]')).toContainText(BREAKER.trim());
  await expect(diff.locator('[data-kind="added"]')).toHaveCount(0);
  // Both runs over time on one axis: two plots, each with a line per run.
  const charts = compare.getByTestId("compare-charts");
  await expect(charts.locator(".uplot")).toHaveCount(2);
  await expect(charts.getByTestId("compare-chart-p99")).toHaveAttribute("data-points", "180");

  // Swapping the runs swaps the columns.
  await compare.getByRole("button", { name: "Swap A and B" }).click();
  await expect(runA).toHaveValue("run-2");
  await expectColumn(orders, "a", routeFigures(without, "POST /orders"));

  await compare.getByRole("button", { name: "Swap A and B" }).click();
  // Screenshots: beside the YAML editor (a narrow panel), then across the whole width.
  await page.setViewportSize({ width: 1440, height: 1600 });
  // The panel scrolled so that the tabs are near its top.
  const top = () =>
    compare.evaluate((el) => {
      const run = el.closest(".as-run")!;
      run.scrollTop += el.getBoundingClientRect().top - run.getBoundingClientRect().top - 60;
    });
  await top();
  await panel.screenshot({ path: testInfo.outputPath("compare-runs-narrow.png") });
  await toggle.click();
  await expect(code).toHaveCount(0);
  await top();
  await panel.screenshot({ path: testInfo.outputPath("compare-runs.png") });
  const toCharts = () =>
    compare.getByRole("region", { name: "Over time" }).evaluate((el) => {
      const run = el.closest(".as-run")!;
      run.scrollTop += el.getBoundingClientRect().top - run.getBoundingClientRect().top - 10;
    });
  await toCharts();
  await panel.screenshot({ path: testInfo.outputPath("compare-runs-charts.png") });
  // Pin the first run; the kept runs, then the same view in the dark theme (the charts redraw in its colours).
  await compare.getByRole("button", { name: "Pin #1" }).click();
  await expect(compare.getByRole("button", { name: "Pin #1" })).toHaveAttribute("aria-pressed", "true");
  await compare.locator("details").screenshot({ path: testInfo.outputPath("compare-kept-runs.png") });
  const theme = page.getByRole("button", { name: /^Theme:/ });
  for (let i = 0; i < 3 && (await page.locator("html").getAttribute("data-theme")) !== "dark"; i++) await theme.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await toCharts();
  await panel.screenshot({ path: testInfo.outputPath("compare-runs-charts-dark.png") });

  // A run of another scenario and length still compares, and the view says what that means.
  const baseline = simulate(parseDesign(WITHOUT_BREAKER).design!, { scenario: "baseline", seed: 1 });
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("baseline");
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(panel.getByRole("tab", { name: /^Compare/ })).toHaveText("Compare3 runs");
  await runB.selectOption({ label: (await runB.locator("option").last().textContent())! });
  await expect(runB).toHaveValue("run-3");
  await expect(runB.locator("option:checked")).toHaveText(/^#3 baseline · seed 1 · \d\d:\d\d$/);
  await expectColumn(orders, "a", routeFigures(withBreaker, "POST /orders"));
  await expectColumn(orders, "b", routeFigures(baseline, "POST /orders"));
  await expect(compare).toContainText("The runs ran different scenarios");
  await expect(compare).toContainText("The runs lasted different times");
  // 180 s against 120 s: counts are not judged (a longer run counts more failures), and the view says why.
  const scenarios = parseDesign(WITHOUT_BREAKER).design!.scenarios;
  const counted = (name: string, seconds: number) => seconds - scenarios[name]!.warmup / 1000;
  await expect(compare).toContainText(
    `Run A counted ${counted("inventory-slow", withBreaker.simulatedSeconds)} s and run B ${counted("baseline", baseline.simulatedSeconds)} s (after warm-up): errors, failures and peak depths are not judged better or worse`,
  );
  const allFailed = compare.getByTestId("compare-causes").locator('tr[data-measure="total"]').getByTestId("change");
  await expect(allFailed).toHaveAttribute("data-judgement", "neutral");
  await expect(allFailed).not.toContainText(/better|worse/);
  await expect(changes.locator("li")).toHaveText([
    "Scenario: inventory-slow in A, baseline in B",
    "Duration: 180 s in A, 120 s in B",
  ]);
  await expect(diff.locator('[data-kind="removed"]')).toHaveCount(1);
  // One time axis: the longer run's 180 seconds.
  await expect(charts.getByTestId("compare-chart-p99")).toHaveAttribute("data-points", "180");
});
