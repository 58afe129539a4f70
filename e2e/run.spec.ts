import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parseDesign } from "../model";
import { simulate } from "../simulator";

const EXAMPLE = "examples/ecommerce.yaml";
const TEXT = readFileSync(EXAMPLE, "utf8");

/** A copy of its own: other specs create and edit designs in parallel. */
async function openCopy(page: Page): Promise<void> {
  const res = await page.request.post("/api/designs", {
    data: TEXT,
    headers: { "Content-Type": "application/yaml" },
  });
  expect(res.status()).toBe(201);
  await page.goto(`/designs/${((await res.json()) as { id: string }).id}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
}

async function openPanel(page: Page) {
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  const simulateButton = page.getByRole("button", { name: "Simulate" });
  await expect(simulateButton).toHaveAttribute("aria-pressed", "false");
  await simulateButton.click();
  await expect(simulateButton).toHaveAttribute("aria-pressed", "true");
  return page.getByTestId("run-panel");
}

const number = (s: string | null) => Number((s ?? "").replace(/,/g, ""));

test("payment-outage at full speed: the order.created backlog rises and drains, POST /orders succeeds", async ({
  page,
}, testInfo) => {
  // What the engine says for the same design, scenario and seed (the panel's seed is 1).
  const design = parseDesign(TEXT).design!;
  const expected = simulate(design, { scenario: "payment-outage", seed: 1, timeseries: true });
  const depths = expected.timeseries!.map((s) => s.topics["order.created"]!.depth);
  const peak = Math.max(...depths);
  const final = depths.at(-1)!;
  const orders = expected.routes["POST /orders"]!;
  // The story the scenario tells: payment is down, orders queue up, then drain once it returns.
  expect(peak).toBeGreaterThan(1000);
  expect(final).toBeLessThan(peak / 100);
  expect(orders.succeeded / orders.count).toBeGreaterThanOrEqual(0.99);

  await openCopy(page);
  const panel = await openPanel(page);
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("payment-outage");
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "As fast as possible" });
  await expect(panel.getByRole("button", { name: "Pause" })).toBeDisabled();
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(panel.getByTestId("run-status")).toHaveText(/^Done: /);
  await expect(panel.getByTestId("run-progress")).toHaveText("300 s of 300 s simulated");

  const topic = panel.getByTestId("run-topic-order.created");
  expect(number(await topic.getByTestId("peak").textContent())).toBe(peak);
  expect(number(await topic.getByTestId("depth").textContent())).toBe(final);
  const route = panel.getByTestId("run-route-POST /orders");
  expect(number(await route.getByTestId("requests").textContent())).toBe(orders.count);
  const success = Number(await route.getByTestId("success").getAttribute("data-value"));
  expect(success).toBeGreaterThanOrEqual(0.99);
  expect(success).toBe(orders.succeeded / orders.count);

  // After the run: Run and Restart again, nothing to pause or stop.
  await expect(panel.getByRole("button", { name: "Run" })).toBeEnabled();
  await expect(panel.getByRole("button", { name: "Restart" })).toBeEnabled();
  await expect(panel.getByRole("button", { name: "Stop" })).toBeDisabled();
  expect(await page.evaluate(() => window.__archsimSimulationWorkers?.())).toBe(0);
  await panel.screenshot({ path: testInfo.outputPath("run-panel-after-run.png") });
  // Export results: the CLI's own JSON for the same design, scenario and seed (with the same
  // per-second timeseries), but for the two wall-clock fields; and the timeseries as CSV.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    panel.getByRole("button", { name: "Export results" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("e-commerce-order-processing-payment-outage-seed1.json");
  const exported = JSON.parse(readFileSync((await download.path())!, "utf8")) as Record<string, unknown>;
  const cli = JSON.parse(
    execFileSync(
      process.execPath,
      ["bin/archsim.mjs", "simulate", EXAMPLE, "--scenario", "payment-outage", "--seed", "1", "--json", "--timeseries"],
      {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
    ),
  ) as Record<string, unknown>;
  const wallAside = ({ wallSeconds: _w, eventsPerSecond: _e, ...rest }: Record<string, unknown>) => rest;
  expect(wallAside(exported)).toEqual(wallAside(cli));
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    panel.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  const lines = readFileSync((await csv.path())!, "utf8")
    .trimEnd()
    .split("\n");
  expect(lines[0]!.startsWith("t,succeeded,failed,rejected,latency:p50,latency:p95,latency:p99,")).toBe(true);
  expect(lines).toHaveLength(1 + 300);
  // The charts follow the run: six panels for the whole system, two for one route.
  const charts = panel.getByTestId("run-charts");
  await expect(charts.locator(".uplot")).toHaveCount(6);
  // The scenario's payment crash (60 s to 150 s) is one shaded region on every panel.
  for (const figure of await charts.locator("figure.as-chart").all())
    await expect(figure).toHaveAttribute("data-regions", "1");
  // Expanded, the panel takes most of the height and the charts sit two abreast: all six in view.
  const expand = panel.getByRole("button", { name: "Expand panel" });
  await expand.click();
  await expect(panel.getByRole("button", { name: "Shrink panel" })).toHaveAttribute("aria-pressed", "true");
  const [first, second] = [charts.locator("figure.as-chart").nth(0), charts.locator("figure.as-chart").nth(1)];
  expect((await first.boundingBox())!.y).toBe((await second.boundingBox())!.y);
  await charts.scrollIntoViewIfNeeded();
  await charts.screenshot({ path: testInfo.outputPath("run-charts.png") });
  // A click on a chart shows that second on the canvas: the timeline's cursor moves there.
  const plot = charts.locator('figure[data-panel="throughput"] .u-over');
  const box = (await plot.boundingBox())!;
  await plot.click({ position: { x: box.width * 0.35, y: box.height / 2 } });
  const slider = panel.getByRole("slider");
  await expect(slider).toHaveAttribute("aria-valuetext", /^\d+ s$/);
  const shown = Number((await slider.getAttribute("aria-valuenow")) ?? "");
  // 35% of the way along an axis from 0 to 299 s, give or take the axis' rounding.
  expect(Math.abs(shown - 0.35 * 299)).toBeLessThanOrEqual(3);
  await expect(page.getByText(`Viewing ${shown} s`).first()).toBeVisible();
  // The readout follows the cursor: order.created's depth at that second, as the engine had it.
  await expect(topic.getByTestId("depth")).toHaveText(depths[shown]!.toLocaleString("en-US"));
  await expect(panel.getByTestId("run-topics").locator("caption")).toHaveText(`Topics at ${shown} s`);
  await charts.screenshot({ path: testInfo.outputPath("run-charts-cursor.png") });
  await panel.getByRole("button", { name: "Live" }).click();
  await expect(topic.getByTestId("depth")).toHaveText(final.toLocaleString("en-US"));
  await panel.getByRole("button", { name: "Shrink panel" }).click();
  await panel.getByRole("combobox", { name: "Charts for" }).selectOption({ label: "POST /orders" });
  await expect(charts.locator(".uplot")).toHaveCount(2);
  await panel.getByRole("combobox", { name: "Charts for" }).selectOption({ label: "the whole system" });
  await page.setViewportSize({ width: 390, height: 800 });
  // The panel takes its room from the canvas, which fits the design again (the view was not
  // moved by hand): every component shows above the panel, inside the canvas.
  const canvas = page.getByTestId("design-canvas");
  await expect(async () => {
    const box = (await canvas.boundingBox())!;
    const panelTop = (await panel.boundingBox())!.y;
    expect(box.y + box.height).toBeLessThanOrEqual(panelTop + 1);
    for (const id of ["web", "order", "payment", "inventory-db", "telemetry"]) {
      const node = (await canvas.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
      expect(node.x, id).toBeGreaterThanOrEqual(box.x - 1);
      expect(node.y, id).toBeGreaterThanOrEqual(box.y - 1);
      expect(node.x + node.width, id).toBeLessThanOrEqual(box.x + box.width + 1);
      expect(node.y + node.height, id).toBeLessThanOrEqual(box.y + box.height + 1);
    }
  }).toPass({ timeout: 5_000 });
  await page.screenshot({ path: testInfo.outputPath("run-panel-390.png") });
});

test("stop in the middle of a real-time run ends its worker; pause and resume in between", async ({ page }) => {
  await openCopy(page);
  const panel = await openPanel(page);
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("payment-outage");
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "×10" });
  const [worker] = await Promise.all([page.waitForEvent("worker"), panel.getByRole("button", { name: "Run" }).click()]);
  await expect(panel.getByTestId("run-progress")).toHaveText(/^[1-9][\d.]* s of 300 s simulated/, { timeout: 20_000 });
  expect(await page.evaluate(() => window.__archsimSimulationWorkers?.())).toBe(1);

  await panel.getByRole("button", { name: "Pause" }).click();
  await expect(panel.getByTestId("run-status")).toHaveText("Paused.");
  const at = await panel.getByTestId("run-progress").textContent();
  await page.waitForTimeout(700); // ×10: 7 simulated seconds would pass if the pause did not hold
  await expect(panel.getByTestId("run-progress")).toHaveText(at!);
  await panel.getByRole("button", { name: "Resume" }).click();
  await expect(panel.getByTestId("run-progress")).not.toHaveText(at!);

  const closed = new Promise<void>((resolve) => worker.once("close", () => resolve()));
  await panel.getByRole("button", { name: "Stop" }).click();
  await expect(panel.getByTestId("run-status")).toHaveText("Stopped.");
  await closed; // the browser reports the worker ended
  expect(await page.evaluate(() => window.__archsimSimulationWorkers?.())).toBe(0);
  await expect(panel.getByRole("button", { name: "Run" })).toBeEnabled();
  await expect(panel.getByRole("button", { name: "Pause" })).toBeDisabled();
});

test("restart mid-run ends the old run's worker; leaving for the designs list mid-run ends the running one", async ({
  page,
}) => {
  await openCopy(page);
  const panel = await openPanel(page);
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("payment-outage");
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "×10" });
  const [first] = await Promise.all([page.waitForEvent("worker"), panel.getByRole("button", { name: "Run" }).click()]);
  await expect(panel.getByTestId("run-progress")).toHaveText(/^[1-9][\d.]* s of 300 s simulated/, { timeout: 20_000 });
  const firstClosed = new Promise<void>((resolve) => first.once("close", () => resolve()));
  const [second] = await Promise.all([
    page.waitForEvent("worker"),
    panel.getByRole("button", { name: "Restart" }).click(),
  ]);
  await firstClosed;
  expect(second).not.toBe(first);
  expect(await page.evaluate(() => window.__archsimSimulationWorkers?.())).toBe(1);
  await expect(panel.getByTestId("run-status")).toHaveText("Running…");
  // Another page of the app (client-side navigation, the same document): the run's worker ends with the designer.
  const secondClosed = new Promise<void>((resolve) => second.once("close", () => resolve()));
  await page.getByRole("link", { name: "Designs", exact: true }).click();
  await expect(page).toHaveURL(/\/designs$/);
  await secondClosed;
  expect(page.workers().filter((w) => w.url() === second.url())).toHaveLength(0);
  expect(await page.evaluate(() => window.__archsimSimulationWorkers)).toBeUndefined();
});

test("a design with an error cannot be run, and the panel says why", async ({ page }) => {
  await openCopy(page);
  const panel = await openPanel(page);
  await page.locator('.react-flow__node[data-id="inventory"]').click();
  const replicas = page.getByRole("complementary", { name: "Inspector" }).getByLabel("Replicas");
  await replicas.fill("0");
  await replicas.press("Enter");
  await expect(panel.getByTestId("run-problem")).toHaveText(/^This design has 1 error; fix it to run it: .*replicas/i);
  await expect(panel.getByRole("button", { name: "Run" })).toBeDisabled();
  await replicas.fill("2");
  await replicas.press("Enter");
  await expect(panel.getByTestId("run-problem")).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Run" })).toBeEnabled();
});

test("in a real-time run, crashing inventory from its node menu fails POST /orders within 2 simulated seconds; GET /orders/{id} stays healthy", async ({
  page,
}, testInfo) => {
  await openCopy(page);
  const panel = await openPanel(page);
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("baseline");
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "Real time ×1" });
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-progress")).toHaveText(/^[3-9][\d.]* s of 120 s simulated/, { timeout: 20_000 });

  // The node's own menu (right-click), during the run.
  await page.locator('.react-flow__node[data-id="inventory"]').click({ button: "right" });
  const menu = page.getByRole("menu", { name: "Faults for inventory" });
  await expect(menu.getByRole("menuitem")).toHaveText(["Crash", "Add latency", "Errors", "Slow down"]);
  await menu.getByRole("menuitem", { name: "Crash" }).click();
  await expect(menu).toBeHidden();
  const logged = panel.getByTestId("fault-log").locator("li", { hasText: "crash inventory until recovered" });
  await expect(logged).toBeVisible();
  const crashedAt = Number(await logged.getAttribute("data-at-ms"));

  // The canvas shows it down, and the routes that need it fail.
  await expect(page.getByTestId("node-health-inventory")).toHaveAttribute("data-health", "down", { timeout: 10_000 });
  await expect(async () => {
    const history = await page.evaluate(() => window.__archsimLiveMetrics!.getHistory());
    const failing = history.filter((s) => s.routes["POST /orders"]!.failed > 0);
    expect(failing.length).toBeGreaterThan(0);
    // Second t covers [t, t+1) s: the first failures come within 2 simulated seconds of the crash.
    expect(failing[0]!.t * 1000).toBeGreaterThanOrEqual(Math.floor(crashedAt / 1000) * 1000);
    expect(failing[0]!.t * 1000).toBeLessThan(crashedAt + 2000);
    expect(history.at(-1)!.t * 1000).toBeGreaterThanOrEqual(crashedAt + 3000);
    for (const s of history) expect(s.routes["GET /orders/{id}"]!.failed, `t=${s.t}`).toBe(0);
    for (const s of history.filter((s) => s.t * 1000 >= crashedAt + 1000))
      expect(s.routes["POST /orders"]!.failed, `t=${s.t}`).toBe(s.routes["POST /orders"]!.count);
  }).toPass({ timeout: 15_000 });
  await page.screenshot({ path: testInfo.outputPath("run-crash-inventory.png") });

  await panel.getByRole("button", { name: "Recover all" }).click();
  await expect(panel.getByTestId("fault-log")).toContainText("recovered everything");
  await panel.getByRole("button", { name: "Stop" }).click();
  // After the run the canvas's right-click is the browser's again: no fault menu.
  await page.locator('.react-flow__node[data-id="order"]').click({ button: "right" });
  await expect(page.getByRole("menu")).toHaveCount(0);
});

test("a flood that outgrows the run's limits ends as a partial result, and the panel says which limit and when", async ({
  page,
}) => {
  // 300,000 requests a second into one slot that takes 1 s each: they pile up until the
  // engine's bound on live executions (500,000) stops the run, well before the minute ends.
  const text = `archsim: 1
name: Flood
components:
  users: { kind: client }
  hello:
    kind: service
    concurrency: 1
    operations: { greet: { work: 1s } }
workloads:
  flood: { source: users, entry: hello.greet, rate: 300000 }
scenarios:
  flood: { workload: flood, duration: 60s }
`;
  const expected = simulate(parseDesign(text).design!, { scenario: "flood", seed: 1 });
  expect(expected.partial).toBe(true);
  expect(expected.stopReason).toBe("executions");
  const seconds = expected.simulatedSeconds.toFixed(1);

  const res = await page.request.post("/api/designs", { data: text, headers: { "Content-Type": "application/yaml" } });
  expect(res.status()).toBe(201);
  await page.goto(`/designs/${((await res.json()) as { id: string }).id}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  const panel = await openPanel(page);
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "As fast as possible" });
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(panel.getByTestId("run-status")).toHaveText(
    `Partial result after ${seconds} s: more than 500,000 executions live at once (requests arrive faster than they finish and pile up, or a fan-out multiplies).`,
  );
  // The partial result is still a result: it can be exported, and the page lives on.
  await expect(panel.getByRole("button", { name: "Export results" })).toBeEnabled();
  await expect(panel.getByRole("button", { name: "Run" })).toBeEnabled();
  expect(await page.evaluate(() => window.__archsimSimulationWorkers?.())).toBe(0);
});
