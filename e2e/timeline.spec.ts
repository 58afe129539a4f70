import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parseDesign } from "../model";
import { formatTimelineDuration } from "../model/scenario-faults";
import { simulate } from "../simulator";
import { formatCount } from "../components/canvas/live-view";
import { formatSeconds } from "../components/run-panel/run-status";
import { moveFaultAt } from "../components/run-panel/scenario-editor-model";
import { savedText, storeDesign } from "./support";

const TEXT = readFileSync("examples/ecommerce.yaml", "utf8");
/** The ×10 run's duration, typed in the Duration field (the baseline's own is 120 s). */
const RUN_S = 300;

async function openPanel(page: Page, id: string) {
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  await page.getByRole("button", { name: "Simulate" }).click();
  return page.getByTestId("run-panel");
}

test("scrubbing a finished payment-outage back to 90 s shows that second on the canvas, then Live again", async ({
  page,
}, testInfo) => {
  // What the engine says for second 90 (inside the outage: payment crashed from 60 s for 90 s).
  const design = parseDesign(TEXT).design!;
  const expected = simulate(design, { scenario: "payment-outage", seed: 1, timeseries: true });
  const at90 = expected.timeseries!.find((s) => s.t === 90)!;
  const last = expected.timeseries!.at(-1)!;
  expect(at90.components.payment!.replicas).toBe(0);
  const depth90 = at90.topics["order.created"]!.depth;
  expect(depth90).toBeGreaterThan(1000);
  expect(last.topics["order.created"]!.depth).not.toBe(depth90);

  const panel = await openPanel(page, await storeDesign(page, TEXT));
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("payment-outage");
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "As fast as possible" });
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 60_000 });

  const slider = panel.getByRole("slider", { name: "Simulated second shown" });
  await expect(slider).toHaveAttribute("aria-valuemax", "299");
  await expect(slider).toHaveAttribute("aria-valuenow", "299");
  await expect(panel.getByTestId("timeline-viewing")).toHaveText("● Live · 299 s");
  // One second back holds 298 s; the right arrow onto the latest second is Live again, not "Viewing 299 s".
  await slider.press("ArrowLeft");
  await expect(panel.getByTestId("timeline-viewing")).toHaveText(/Viewing 298 s/);
  await slider.press("ArrowRight");
  await expect(panel.getByTestId("timeline-viewing")).toHaveText("● Live · 299 s");
  await expect(panel.getByRole("button", { name: "Live", exact: true })).toBeDisabled();
  // The scenario's crash is a band on the timeline, with its times.
  const band = panel.getByTestId("timeline-band");
  await expect(band).toHaveCount(1);
  await expect(band).toHaveAttribute("data-source", "scenario");
  await expect(band).toHaveAttribute("title", "crash payment (the scenario's): from 60 s to 150 s");

  // A click picks the second under the pointer; the keys move from there.
  const box = (await slider.boundingBox())!;
  await page.mouse.click(box.x + box.width * (90.5 / 300), box.y + box.height - 8);
  await expect(slider).toHaveAttribute("aria-valuenow", "90");
  await expect(slider).toHaveAttribute("aria-valuetext", "90 s");
  await slider.press("ArrowRight");
  await expect(slider).toHaveAttribute("aria-valuenow", "91");
  await slider.press("PageDown");
  await expect(slider).toHaveAttribute("aria-valuenow", "81");
  await slider.press("PageUp");
  await slider.press("ArrowLeft");
  await expect(slider).toHaveAttribute("aria-valuenow", "90");

  await expect(panel.getByTestId("timeline-viewing")).toHaveText(/Viewing 90 s/);
  await expect(page.getByTestId("canvas-viewing")).toHaveText(/Viewing 90 s of 299 s, not live/);
  const canvas = page.getByTestId("design-canvas");
  await expect(canvas.getByTestId("node-health-payment")).toHaveAttribute("data-health", "down");
  const topic = canvas.getByTestId("topic-depths-broker").locator('[data-topic="order.created"]');
  await expect(topic).toHaveAttribute("title", `order.created: ${depth90} queued`);
  await expect(topic.locator(".as-topic-count")).toHaveText(formatCount(depth90));
  // The scenario's crash (60 s for 90 s) hangs under payment with what is left of it after second 90.
  await expect(canvas.getByTestId("node-faults-payment")).toHaveText("crash payment · 59 s left");
  await expect(canvas.getByTestId("node-faults-order")).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("timeline-scrub.png") });
  await toDarkTheme(page);
  await panel.screenshot({ path: testInfo.outputPath("timeline-scrub-panel-dark.png") });

  // Home holds the first second; Live (or End) follows the run's latest second again.
  await slider.press("Home");
  await expect(slider).toHaveAttribute("aria-valuenow", "0");
  await panel.getByRole("button", { name: "Live", exact: true }).click();
  await expect(slider).toHaveAttribute("aria-valuenow", "299");
  await expect(panel.getByTestId("timeline-viewing")).toHaveText("● Live · 299 s");
  await expect(page.getByTestId("canvas-viewing")).toHaveCount(0);
  await expect(topic).toHaveAttribute("title", `order.created: ${last.topics["order.created"]!.depth} queued`);
  await expect(canvas.getByTestId("node-health-payment")).not.toHaveAttribute("data-health", "down");
  await expect(canvas.getByTestId("node-faults-payment")).toHaveCount(0);
});

test("a crash injected in a ×10 run is saved as a new scenario at the time it took effect; the scenario editor edits it, Ctrl+Z undoes", async ({
  page,
}, testInfo) => {
  const id = await storeDesign(page, TEXT);
  const panel = await openPanel(page, id);
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("baseline");
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "×10" });
  // The baseline's 120 s last 12 s of wall time at ×10: too little for the steps below on a loaded
  // machine (the run could end before Stop). 300 s (30 s of wall time) leaves room; the saved
  // scenario takes the run's duration.
  await panel.getByRole("textbox", { name: "Duration (s)" }).fill(String(RUN_S));
  const save = panel.getByRole("button", { name: "Save faults as scenario" });
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(save).toBeDisabled();
  const slider = panel.getByRole("slider", { name: "Simulated second shown" });
  await expect
    .poll(async () => Number(await slider.getAttribute("aria-valuemax")), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(3);

  // Scrubbed back while the run goes on, the view stays on that second.
  await slider.focus();
  await slider.press("Home");
  await expect(slider).toHaveAttribute("aria-valuenow", "0");
  const held = Number(await slider.getAttribute("aria-valuemax"));
  await expect.poll(async () => Number(await slider.getAttribute("aria-valuemax"))).toBeGreaterThan(held + 2);
  await expect(slider).toHaveAttribute("aria-valuenow", "0");
  await expect(page.getByTestId("canvas-viewing")).toBeVisible();
  // A click past the latest second follows the run again (Live), rather than freezing on that second.
  const track = (await slider.boundingBox())!;
  await page.mouse.click(track.x + track.width - 4, track.y + track.height - 8);
  await expect(page.getByTestId("canvas-viewing")).toHaveCount(0);
  await expect(panel.getByTestId("run-timeline")).toHaveAttribute("data-scrubbed", "false");
  await expect(panel.getByRole("button", { name: "Live", exact: true })).toBeDisabled();
  const followed = Number(await slider.getAttribute("aria-valuenow"));
  await expect.poll(async () => Number(await slider.getAttribute("aria-valuenow"))).toBeGreaterThan(followed + 1);

  await page.locator('.react-flow__node[data-id="inventory"]').click();
  await panel.getByRole("button", { name: "Crash" }).click();
  const logged = panel.getByTestId("fault-log").locator("li", { hasText: "crash inventory until recovered" });
  await expect(logged).toBeVisible();
  const crashedAt = Number(await logged.getAttribute("data-at-ms"));
  // Recover a few simulated seconds later.
  await expect
    .poll(async () => Number(await slider.getAttribute("aria-valuemax")))
    .toBeGreaterThanOrEqual(Math.ceil(crashedAt / 1000) + 3);
  await panel.getByRole("button", { name: "Recover all" }).click();
  const healed = panel.getByTestId("fault-log").locator("li", { hasText: "recovered everything" });
  await expect(healed).toBeVisible();
  const healedAt = Number(await healed.getAttribute("data-at-ms"));
  expect(healedAt).toBeGreaterThan(crashedAt);
  await panel.getByRole("button", { name: "Stop" }).click();
  await expect(panel.getByTestId("run-status")).toHaveText("Stopped.");

  const injectedBand = panel.locator('[data-testid="timeline-band"][data-source="injected"]');
  await expect(injectedBand).toHaveAttribute(
    "title",
    /^crash inventory \(injected during the run\): from [\d.]+ s to [\d.]+ s \(recovered by hand\)$/,
  );

  await expect(save).toBeEnabled();
  await save.click();
  await expect(panel.getByRole("combobox", { name: "Scenario" })).toHaveValue("baseline-faults");
  // Saved once: a second click would add the same faults again as baseline-faults-2.
  await expect(save).toBeDisabled();
  await expect(save).toHaveAttribute(
    "title",
    "Saved as scenario baseline-faults; inject another fault during a run to save again",
  );
  await expect(panel.getByRole("tab", { name: "Scenario" })).toHaveAttribute("aria-selected", "true");
  // The saved design has the fault where the log put it, for as long as it lasted.
  const at = formatTimelineDuration(crashedAt);
  const lasted = formatTimelineDuration(Math.round(healedAt) - Math.round(crashedAt));
  await expect.poll(() => savedText(page, id)).toContain("baseline-faults:");
  const saved = parseDesign(await savedText(page, id));
  expect(saved.errors).toEqual([]);
  const scenario = saved.design!.scenarios["baseline-faults"]!;
  expect(scenario).toMatchObject({ workload: "steady", duration: RUN_S * 1000, warmup: 10_000 });
  expect(scenario.faults).toEqual([
    {
      kind: "crash",
      target: "inventory",
      at: Math.round(crashedAt),
      for: Math.round(healedAt) - Math.round(crashedAt),
    },
  ]);
  const yaml = await savedText(page, id);
  expect(yaml).toContain(`at: ${at}`);
  expect(yaml).toContain(`for: ${lasted}`);
  // The log's own words agree: it showed the crash at that second.
  await expect(logged).toContainText(formatSeconds(crashedAt / 1000));

  // The scenario editor: a bar for the fault, and its form. Change `for`, see the YAML follow, undo.
  const editor = panel.getByTestId("scenario-editor");
  await expect(editor.getByTestId("scenario-bar-1")).toHaveAccessibleName(new RegExp(`^Fault 1: crash inventory, `));
  const fault = editor.getByRole("group", { name: "Fault 1" });
  await expect(fault.getByRole("combobox", { name: "Kind" })).toHaveValue("crash");
  await expect(fault.getByRole("combobox", { name: "Target" })).toHaveValue("inventory");
  const forField = fault.getByRole("textbox", { name: "For" });
  await expect(forField).toHaveValue(lasted);
  await forField.fill("45s");
  await forField.press("Enter");
  await expect.poll(() => savedText(page, id)).toContain("for: 45s");
  await expect(forField).toHaveValue("45s");
  await editor.screenshot({ path: testInfo.outputPath("scenario-editor.png") });
  await page.keyboard.press("Control+z");
  await expect(forField).toHaveValue(lasted);
  await expect.poll(() => savedText(page, id)).toContain(`for: ${lasted}`);
  expect(await savedText(page, id)).not.toContain("for: 45s");

  // A bad value is shown next to its field, with the model's own message.
  await forField.fill("5 parsecs");
  await forField.press("Enter");
  await expect(forField).toHaveAttribute("aria-invalid", "true");
  await expect(fault.locator(".as-field-error")).toContainText("duration");
  await page.keyboard.press("Control+z");
  await expect(forField).toHaveValue(lasted);

  // A bar moves by its arrow keys (whole seconds) and by dragging; each move is one undo step.
  const bar = editor.getByTestId("scenario-bar-1");
  const atField = fault.getByRole("textbox", { name: "At" });
  await bar.focus();
  await bar.press("ArrowRight");
  await expect(atField).toHaveValue(formatTimelineDuration(moveFaultAt(Math.round(crashedAt), 1000, RUN_S * 1000)));
  await page.keyboard.press("Control+z");
  await expect(atField).toHaveValue(at);
  const lanes = (await editor.locator(".as-scenario-lanes").boundingBox())!;
  const barBox = (await bar.boundingBox())!;
  // Dragged by 10 s: to the middle of the whole second 10 s on, so a pixel's rounding cannot miss it.
  const draggedMs = moveFaultAt(Math.round(crashedAt), 10_000, RUN_S * 1000);
  const dx = lanes.width * ((draggedMs - Math.round(crashedAt)) / (RUN_S * 1000));
  await page.mouse.move(barBox.x + 10, barBox.y + barBox.height / 2);
  await page.mouse.down();
  await page.mouse.move(barBox.x + 10 + dx / 2, barBox.y + barBox.height / 2, { steps: 4 });
  await page.mouse.move(barBox.x + 10 + dx, barBox.y + barBox.height / 2, { steps: 4 });
  await page.mouse.up();
  const dragged = formatTimelineDuration(draggedMs);
  await expect(atField).toHaveValue(dragged);
  await expect.poll(() => savedText(page, id)).toContain(`at: ${dragged}`);

  // Add a fault, then remove it.
  await editor.getByRole("button", { name: "Add fault" }).click();
  const second = editor.getByRole("group", { name: "Fault 2" });
  await expect(second.getByRole("combobox", { name: "Kind" })).toHaveValue("crash");
  await expect(editor.getByTestId("scenario-bar-2")).toBeVisible();
  await second.getByRole("combobox", { name: "Kind" }).selectOption("errors");
  // An errors fault hits a service only: the target select offers services.
  const services = Object.entries(parseDesign(TEXT).design!.components)
    .filter(([, c]) => c.kind === "service")
    .map(([id]) => id);
  await expect(second.getByRole("combobox", { name: "Target" }).locator("option")).toHaveText(services);
  await expect(second.getByRole("textbox", { name: "Probability" })).toHaveValue("0.2");
  await toDarkTheme(page);
  await editor.screenshot({ path: testInfo.outputPath("scenario-editor-dark.png") });
  await editor.getByRole("button", { name: "Remove fault 2 of baseline-faults" }).click();
  await expect(second).toHaveCount(0);
  await expect
    .poll(async () => parseDesign(await savedText(page, id)).design?.scenarios["baseline-faults"]?.faults)
    .toEqual([
      {
        kind: "crash",
        target: "inventory",
        at: draggedMs,
        for: Math.round(healedAt) - Math.round(crashedAt),
      },
    ]);
});

async function toDarkTheme(page: Page) {
  const theme = page.getByRole("button", { name: /^Theme:/ });
  for (let i = 0; i < 3 && (await page.locator("html").getAttribute("data-theme")) !== "dark"; i++) await theme.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
}
