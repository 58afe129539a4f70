/**
 * The SLOs tab on runs whose requests are not all answered: an overload whose queue never drains
 * fails its budget on the requests still waiting at the end, and a run stopped by a limit gets no
 * verdict, with the reason. The numbers come from the engine, run here on the same design and seed.
 */
import { expect, test, type Page } from "@playwright/test";
import { parseDesign } from "../model";
import { simulate } from "../simulator";
import { evaluateSlos, formatSloPercent } from "../simulator/slo";
import { storeDesign } from "./support";

/** One slot, 20 ms of work, 100 requests a second: half of them are never answered. */
const OVERLOAD = `archsim: 1
components:
  a: { kind: service, concurrency: 1, operations: { op: { work: 20ms } } }
workloads:
  w: { entry: a.op, rate: 100, arrivals: constant, slo: { errorBudget: 0.01 } }
scenarios:
  overload: { workload: w, duration: 20s }
`;

/** 300,000 requests a second into one slot of 1 s: the run stops at the executions limit. */
const FLOOD = `archsim: 1
components:
  users: { kind: client }
  hello:
    kind: service
    concurrency: 1
    operations: { greet: { work: 1s } }
workloads:
  flood: { source: users, entry: hello.greet, rate: 300000, slo: { errorBudget: 0.001 } }
scenarios:
  flood: { workload: flood, duration: 60s }
`;

async function runInPanel(page: Page, text: string, scenario: string) {
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  const id = await storeDesign(page, text);
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  const simulateButton = page.getByRole("button", { name: "Simulate" });
  await simulateButton.click();
  await expect(simulateButton).toHaveAttribute("aria-pressed", "true");
  const panel = page.getByTestId("run-panel");
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption(scenario);
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "As fast as possible" });
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 90_000 });
  await panel.getByRole("tab", { name: /SLOs/ }).click();
  return panel;
}

test("an overload whose queue never drains fails its error budget on the requests still unanswered", async ({
  page,
}, testInfo) => {
  const design = parseDesign(OVERLOAD).design!;
  const result = simulate(design, { scenario: "overload", seed: 1 });
  const [report] = evaluateSlos(design, result);
  // Every answered request succeeded; 1,000 of the 1,999 sent are still waiting at the end.
  expect(result.routes["a.op"]).toMatchObject({ failed: 0, rejected: 0, inFlight: 1000 });
  expect(report).toMatchObject({ verdict: "fail", unanswered: 1000, sent: 1999 });

  const panel = await runInPanel(page, OVERLOAD, "overload");
  await expect(panel.getByRole("tab", { name: /SLOs/ })).toContainText("1 fail");
  const slos = panel.getByTestId("slo-panel");
  const row = slos.getByTestId("slo-route-a.op");
  await expect(row).toHaveAttribute("data-verdict", "fail");
  await expect(row.getByTestId("verdict")).toHaveText("✕ Fail");
  await expect(row.getByTestId("error-rate")).toHaveAttribute("data-value", String(report!.errorRate));
  await expect(row.getByTestId("error-rate")).toHaveText(formatSloPercent(report!.errorRate!));
  await expect(slos.getByTestId("slo-reason-a.op")).toHaveText(`a.op: ${report!.reason}`);
  await expect(slos.getByTestId("slo-reason-a.op")).toContainText(
    "1,000 of 1,999 requests still unanswered at the end: the queue never drained",
  );
  await slos.screenshot({ path: testInfo.outputPath("slo-unanswered.png") });
});

test("a run stopped by a limit has no SLO verdict, and says why", async ({ page }, testInfo) => {
  const design = parseDesign(FLOOD).design!;
  const result = simulate(design, { scenario: "flood", seed: 1 });
  expect(result).toMatchObject({ partial: true, stopReason: "executions" });
  expect(evaluateSlos(design, result).map((r) => [r.verdict, r.reason])).toEqual([
    ["noData", "partial run: executions"],
  ]);

  const panel = await runInPanel(page, FLOOD, "flood");
  await expect(panel.getByTestId("run-status")).toContainText("Partial result");
  const slos = panel.getByTestId("slo-panel");
  const row = slos.getByTestId("slo-route-hello.greet");
  await expect(row).toHaveAttribute("data-verdict", "noData");
  await expect(row.getByTestId("verdict")).toHaveText("– No data");
  await expect(slos.getByTestId("slo-reason-hello.greet")).toHaveText("hello.greet: partial run: executions");
  // Neither a pass nor a fail: the tab's badge says nothing.
  await expect(panel.getByRole("tab", { name: "SLOs", exact: true })).toBeVisible();
  await slos.screenshot({ path: testInfo.outputPath("slo-partial.png") });
});
