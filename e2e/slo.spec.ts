import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { blastRadius, parseDesign } from "../model";
import { getFaultSpans } from "../model/scenario-faults";
import { simulate } from "../simulator";
import { confirmBlastRadius, getCrashWindows } from "../simulator/blast-confirm";
import { evaluateSlos, formatSloMs, formatSloPercent } from "../simulator/slo";
import { savedText, storeDesign } from "./support";

const TEXT = readFileSync("examples/ecommerce.yaml", "utf8");

async function open(page: Page, text: string): Promise<string> {
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  const id = await storeDesign(page, text);
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  return id;
}

async function openPanel(page: Page) {
  const simulateButton = page.getByRole("button", { name: "Simulate" });
  await simulateButton.click();
  await expect(simulateButton).toHaveAttribute("aria-pressed", "true");
  return page.getByTestId("run-panel");
}

async function runAtFullSpeed(page: Page, scenario: string) {
  const panel = page.getByTestId("run-panel");
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption(scenario);
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "As fast as possible" });
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 90_000 });
}

test("SLOs set in the SLOs tab go into the YAML; after inventory-slow one route fails and one passes, as the engine says", async ({
  page,
}, testInfo) => {
  const id = await open(page, TEXT);
  const panel = await openPanel(page);
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("inventory-slow");
  await panel.getByRole("tab", { name: "SLOs" }).click();
  const slos = panel.getByTestId("slo-panel");
  await expect(slos.getByTestId("slo-route-POST /orders")).toHaveAttribute("data-verdict", "none");

  // Typed as a user would: the p99 target, Tab to the budget (in percent), Enter.
  await slos.getByRole("textbox", { name: "p99 target of POST /orders" }).fill("300ms");
  await slos.getByRole("textbox", { name: "p99 target of POST /orders" }).press("Tab");
  await expect(slos.getByRole("textbox", { name: "Error budget of POST /orders (%)" })).toBeFocused();
  await slos.getByRole("textbox", { name: "Error budget of POST /orders (%)" }).fill("0.1");
  await slos.getByRole("textbox", { name: "Error budget of POST /orders (%)" }).press("Enter");
  await slos.getByRole("textbox", { name: "p99 target of GET /orders/{id}" }).fill("50ms");
  await slos.getByRole("textbox", { name: "Error budget of GET /orders/{id} (%)" }).fill("0.1");
  await slos.getByRole("textbox", { name: "Error budget of GET /orders/{id} (%)" }).press("Enter");
  // A value that is not a duration is refused, with the reason, and writes nothing.
  await slos.getByRole("textbox", { name: "p99 target of GET /products" }).fill("fast");
  await slos.getByRole("textbox", { name: "p99 target of GET /products" }).press("Enter");
  await expect(slos.getByRole("alert")).toContainText('p99 target of GET /products: invalid duration "fast"');
  await slos.getByRole("textbox", { name: "p99 target of GET /products" }).fill("");
  await slos.getByRole("textbox", { name: "p99 target of GET /products" }).press("Enter");
  await expect(slos.getByRole("alert")).toHaveCount(0);

  // The design's text gains the slos (saved as the user edits).
  const slosYaml =
    "    slos:\n      POST /orders: { p99: 300ms, errorBudget: 0.001 }\n      GET /orders/{id}: { p99: 50ms, errorBudget: 0.001 }\n";
  await expect.poll(() => savedText(page, id), { timeout: 15_000 }).toContain(slosYaml);
  const text = await savedText(page, id);
  // And the YAML panel shows them (then it is closed again, to give the run panel its room).
  const yamlToggle = page.getByRole("button", { name: "YAML" });
  if ((await yamlToggle.getAttribute("aria-pressed")) !== "true") await yamlToggle.click();
  await expect(page.getByTestId("yaml-editor").locator(".view-lines")).toContainText(
    "POST /orders: { p99: 300ms, errorBudget: 0.001 }",
    { timeout: 30_000 },
  );
  await yamlToggle.click();

  // What the engine says for that design, scenario and seed.
  const design = parseDesign(text).design!;
  const reports = evaluateSlos(design, simulate(design, { scenario: "inventory-slow", seed: 1 }));
  expect(reports.map((r) => [r.route, r.verdict])).toEqual([
    ["POST /orders", "fail"],
    ["GET /orders/{id}", "pass"],
  ]);

  await runAtFullSpeed(page, "inventory-slow");
  await expect(panel.getByRole("tab", { name: /SLOs/ })).toContainText("1 fail");
  for (const r of reports) {
    const row = slos.getByTestId(`slo-route-${r.route}`);
    await expect(row).toHaveAttribute("data-verdict", r.verdict);
    await expect(row.getByTestId("verdict")).toHaveText(r.verdict === "pass" ? "✓ Pass" : "✕ Fail");
    await expect(row.getByTestId("observed-p99")).toHaveAttribute("data-value", String(r.p99));
    await expect(row.getByTestId("observed-p99")).toHaveText(formatSloMs(r.p99!));
    await expect(row.getByTestId("error-rate")).toHaveAttribute("data-value", String(r.errorRate));
    await expect(row.getByTestId("error-rate")).toHaveText(formatSloPercent(r.errorRate!));
    await expect(row.getByTestId("budget-used")).toHaveAttribute("data-value", String(r.budgetConsumed));
    await expect(row.getByTestId("budget-used")).toHaveText(formatSloPercent(r.budgetConsumed!));
  }
  await expect(slos.getByTestId("slo-reason-POST /orders")).toHaveText(`POST /orders: ${reports[0]!.reason}`);
  await expect(slos.getByTestId("slo-route-GET /products")).toHaveAttribute("data-verdict", "none");
  await panel.getByTestId("slo-panel").scrollIntoViewIfNeeded();
  await panel.screenshot({ path: testInfo.outputPath("slo-results.png") });

  // Undo takes the last SLO back out of the YAML; the verdicts follow.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(slos.getByRole("textbox", { name: "Error budget of GET /orders/{id} (%)" })).toHaveValue("");
  await expect(panel.getByRole("tab", { name: /SLOs/ })).toContainText("1 fail");

  // The tabs, in order; a badge is read after its tab's name with a pause, not run into it
  // ("SLOs1 fail"); only the open tab points at a panel, the one mounted.
  const tabs = panel.getByRole("tab");
  await expect(tabs).toHaveCount(5);
  expect(await tabs.evaluateAll((all) => all.map((t) => (t as HTMLElement).dataset.tab))).toEqual([
    "live",
    "slos",
    "traces",
    "compare",
    "scenario",
  ]);
  const sloTab = panel.getByRole("tab", { name: "SLOs, 1 fail", exact: true });
  await expect(sloTab).toHaveAttribute("aria-selected", "true");
  await expect(panel.getByRole("tab", { name: /^Traces, \d+$/ })).toHaveCount(1);
  await expect(panel.getByRole("tab", { name: "Live", exact: true })).not.toHaveAttribute("aria-controls");
  await expect(panel.getByRole("tab", { name: "Scenario", exact: true })).not.toHaveAttribute("aria-controls");
  const tabPanel = panel.getByRole("tabpanel");
  await expect(tabPanel).toHaveCount(1);
  await expect(sloTab).toHaveAttribute("aria-controls", (await tabPanel.getAttribute("id"))!);

  // Another scenario chosen: the tab shows no verdicts for it (the run was of inventory-slow), and
  // neither does its badge.
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("baseline");
  await expect(slos).toContainText("the last run was of inventory-slow");
  await expect(panel.getByRole("tab", { name: "SLOs", exact: true })).toHaveAttribute("aria-selected", "true");
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("inventory-slow");
  await expect(panel.getByRole("tab", { name: "SLOs, 1 fail", exact: true })).toBeVisible();
});

test("blast radius confirmed: an inventory crash fails POST /orders and GET /products, never GET /orders/{id}", async ({
  page,
}, testInfo) => {
  const text =
    TEXT +
    "  inventory-outage:\n    workload: steady\n    duration: 90s\n    warmup: 10s\n    faults:\n      - { at: 30s, for: 30s, kind: crash, target: inventory }\n";
  await open(page, text);
  const design = parseDesign(text).design!;
  const result = simulate(design, { scenario: "inventory-outage", seed: 1, timeseries: true });
  const spans = getFaultSpans(design.scenarios["inventory-outage"]!.faults, [], [], 90_000);
  const rows = confirmBlastRadius(
    blastRadius(design, "inventory"),
    getCrashWindows("inventory", spans),
    result.timeseries!,
  );
  expect(rows.map((r) => [r.route, r.predicted, r.check])).toEqual([
    ["POST /orders", "fails", "confirmed"],
    ["GET /orders/{id}", "none", "confirmed"],
    ["GET /products", "fails", "confirmed"],
  ]);

  const inspector = page.getByTestId("inspector");
  await page.locator('.react-flow__node[data-id="inventory"]').click();
  await expect(inspector.getByRole("heading", { name: "If inventory goes down" })).toBeVisible();
  await expect(inspector.getByTestId("blast-confirmed")).toHaveCount(0);

  await openPanel(page);
  await runAtFullSpeed(page, "inventory-outage");
  const confirmed = inspector.getByTestId("blast-confirmed");
  await expect(
    confirmed.getByRole("heading", { name: "Confirmed in the last run (inventory-outage, seed 1)" }),
  ).toBeVisible();
  for (const r of rows) {
    const row = confirmed.getByTestId(`blast-check-${r.route}`);
    await expect(row).toHaveAttribute("data-check", "confirmed");
    await expect(row).toHaveAttribute("data-share", String(r.share));
    await expect(row.locator(".as-blast-name")).toHaveText(r.route);
    await expect(row.locator(".as-blast-verdict")).toHaveText("✓ confirmed");
    await expect(row.locator(".as-blast-observed")).toHaveText(
      `predicted ${r.predicted === "fails" ? "fails" : "unaffected"} — ${r.observed}`,
    );
  }
  await expect(confirmed.getByTestId("blast-check-POST /orders")).toContainText("observed 100% failed");
  await expect(confirmed.getByTestId("blast-check-POST /orders")).toContainText("during 30–60 s");
  await expect(confirmed.getByTestId("blast-check-GET /orders/{id}")).toContainText("observed 0.0% failed");
  await expect(confirmed).toContainText("Every prediction with data held while inventory was down.");
  await inspector.getByTestId("blast-radius").scrollIntoViewIfNeeded();
  await inspector.getByTestId("blast-radius").screenshot({ path: testInfo.outputPath("blast-radius-confirmed.png") });

  // A component the run did not take down says so.
  await page.locator('.react-flow__node[data-id="payment"]').click();
  await expect(inspector.getByTestId("blast-confirmed")).toHaveText(
    "The last run (inventory-outage, seed 1) did not take payment down. Crash it in a scenario, or from the run panel while a run goes, to confirm this.",
  );
});
