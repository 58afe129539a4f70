import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parseDesign } from "../model";
import { createRun, type Trace } from "../simulator";
import {
  formatMs,
  outcomeLabel,
  spanName,
  tracesThrough,
  waterfallRows,
} from "../components/run-panel/trace-waterfall-data";
import { storeDesign } from "./support";

const TEXT = readFileSync("examples/ecommerce.yaml", "utf8");
/** What simulation.worker.ts traces in the designer. */
const EVERY = 10;

async function openPanel(page: Page) {
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  const id = await storeDesign(page, TEXT);
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  await page.getByRole("button", { name: "Simulate" }).click();
  return page.getByTestId("run-panel");
}

test("inventory-slow at full speed: a failed POST /orders trace's waterfall shows the engine's own spans", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  // The engine's traces for the same design, scenario and seed (the panel's seed is 1).
  const run = createRun(parseDesign(TEXT).design!, { scenario: "inventory-slow", seed: 1, traces: { every: EVERY } });
  run.finish();
  const expected = run.traces();
  // The story: inventory answers in over a second, order's 800 ms timeout fires, it retries after
  // a backoff, and its circuit opens and refuses calls.
  const target = expected.find(
    (t) =>
      t.route === "POST /orders" &&
      t.outcome !== "ok" &&
      t.spans.some((s) => s.kind === "call" && s.outcome === "timeout") &&
      t.spans.some((s) => s.kind === "backoff"),
  );
  expect(target, "a failed POST /orders trace with a timeout and a retry").toBeDefined();
  const trace = target as Trace;
  expect(expected.some((t) => t.spans.some((s) => s.outcome === "circuitOpen" && s.kind === "call"))).toBe(true);

  const panel = await openPanel(page);
  await panel.getByRole("tab", { name: /^Traces/ }).click();
  await expect(panel.getByTestId("traces-empty")).toHaveText(/Run the design to sample/);
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("inventory-slow");
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "As fast as possible" });
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 150_000 });

  // The list holds what the engine kept, no more, no less.
  await expect(panel.getByRole("button", { name: `All (${expected.length})` })).toHaveAttribute("aria-pressed", "true");
  await expect(panel.getByTestId("trace-item")).toHaveCount(expected.length);
  const failed = expected.filter((t) => t.outcome !== "ok");
  await panel.getByRole("button", { name: `Failed (${failed.length})` }).click();
  await expect(panel.getByTestId("trace-item")).toHaveCount(failed.length);
  const ids = await panel
    .getByTestId("trace-item")
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-trace-id"))));
  expect(ids).toEqual(failed.sort((a, b) => a.startMs - b.startMs || a.id - b.id).map((t) => t.id));

  const item = panel.locator(`[data-testid="trace-item"][data-trace-id="${trace.id}"]`);
  await panel.getByRole("tabpanel").screenshot({ path: testInfo.outputPath("trace-list.png") });
  await expect(item).toContainText(`POST /orders #${trace.id}`);
  await expect(item).toContainText(formatMs(trace.durationMs));
  await expect(item).toContainText(outcomeLabel(trace.outcome));
  await item.focus();
  await page.keyboard.press("Enter");

  // One row per span, in the engine's tree order, named and labelled as it recorded them.
  const waterfall = panel.getByTestId("trace-waterfall");
  await expect(waterfall).toHaveAttribute("data-trace-id", String(trace.id));
  const rows = waterfallRows(trace);
  const shown = waterfall.getByTestId("trace-span");
  await expect(shown).toHaveCount(rows.length);
  const got = await shown.evaluateAll((els) =>
    els.map((e) => [
      Number(e.getAttribute("data-span-id")),
      e.getAttribute("data-kind"),
      e.getAttribute("data-outcome"),
      e.textContent,
    ]),
  );
  expect(got.map(([id, kind, outcome]) => [id, kind, outcome])).toEqual(
    rows.map((r) => [r.span.id, r.span.kind, r.span.outcome]),
  );
  rows.forEach((r, i) => {
    const name = spanName(r.span);
    expect(got[i]![3]).toContain(`${name.component} ${name.label}`);
  });

  // The timed-out attempt, its backoff and the retry are rows of their own.
  const timedOut = trace.spans.find((s) => s.kind === "call" && s.outcome === "timeout")!;
  const timedOutRow = waterfall.locator(`[data-span-id="${timedOut.id}"]`);
  await expect(timedOutRow).toContainText(
    `attempt ${timedOut.attempt} · ${formatMs(timedOut.endMs - timedOut.startMs)} · ◷ timeout`,
  );
  await timedOutRow.click();
  const details = panel.getByTestId("trace-span-details");
  await expect(details).toContainText(`Attempt${timedOut.attempt}`);
  await expect(details).toContainText(`Note${timedOut.note}`);
  expect(timedOut.note).toMatch(/timeout after 800 ms$/);
  const backoff = trace.spans.find((s) => s.kind === "backoff")!;
  await expect(waterfall.locator(`[data-span-id="${backoff.id}"]`)).toContainText(backoff.note!);
  const retry = trace.spans.filter((s) => s.kind === "call" && s.parentId === timedOut.parentId && s.attempt === 2);
  expect(retry).toHaveLength(1);
  await expect(waterfall.locator(`[data-span-id="${retry[0]!.id}"]`)).toContainText(`#2attempt 2 · `);

  await waterfall.screenshot({ path: testInfo.outputPath("trace-waterfall.png") });
  // And in the dark theme, through the header's Theme button.
  const theme = page.getByRole("button", { name: /^Theme:/ });
  for (let i = 0; i < 3 && (await page.locator("html").getAttribute("data-theme")) !== "dark"; i++) await theme.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await waterfall.screenshot({ path: testInfo.outputPath("trace-waterfall-dark.png") });
  await timedOutRow.click();

  // Escape closes it and gives the focus back to the trace in the list.
  await page.keyboard.press("Escape");
  await expect(waterfall).toHaveCount(0);
  await expect(item).toBeFocused();

  // Selecting a component on the canvas lists the traces through it, until "Show all".
  await page.getByTestId("design-canvas").locator('.react-flow__node[data-id="inventory-db"]').click();
  const through = tracesThrough(expected, "inventory-db");
  const failedThrough = through.filter((t) => t.outcome !== "ok");
  expect(failedThrough.length).toBeGreaterThan(0);
  expect(failedThrough.length).toBeLessThan(failed.length);
  await expect(panel.getByTestId("traces-through")).toContainText(
    `Through inventory-db: ${through.length} of ${expected.length}`,
  );
  await expect(panel.getByTestId("trace-item")).toHaveCount(failedThrough.length);
  await panel.getByRole("button", { name: "Show all" }).click();
  await expect(panel.getByTestId("trace-item")).toHaveCount(failed.length);
});
