import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parseDesign } from "../model";
import { createRun, type Trace } from "../simulator";
import {
  DESIGNER_TRACE_EVERY as EVERY,
  formatMs,
  outcomeLabel,
  spanName,
  waterfallRows,
} from "../components/run-panel/trace-waterfall-data";
import { storeDesign } from "./support";

const TEXT = readFileSync("examples/ecommerce.yaml", "utf8");

/**
 * The traces through `component`, worked out here from the raw spans (not with the UI's
 * tracesThrough): a span on it, or a call to it (a call span's label is "→ callee.operation").
 */
function throughByHand(traces: readonly Trace[], component: string): Trace[] {
  return traces.filter((t) =>
    t.spans.some((s) => s.component === component || (s.kind === "call" && s.label.startsWith(`→ ${component}.`))),
  );
}

const byStart = (a: Trace, b: Trace) => a.startMs - b.startMs || a.id - b.id;

async function openPanel(page: Page, text = TEXT) {
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  const id = await storeDesign(page, text);
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
  const through = throughByHand(expected, "inventory-db");
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

test("inventory crashed: the traces it failed are through it, the spans are a tree, a span lights its nodes, a new run closes the old trace", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const text = `${TEXT}  inventory-outage:
    workload: steady
    duration: 90s
    warmup: 10s
    faults:
      - { at: 30s, for: 30s, kind: crash, target: inventory }
`;
  const run = createRun(parseDesign(text).design!, { scenario: "inventory-outage", seed: 1, traces: { every: EVERY } });
  run.finish();
  const expected = run.traces();
  const through = throughByHand(expected, "inventory");
  const failedThrough = through.filter((t) => t.outcome !== "ok").sort(byStart);
  // The crash's victims: failed traces with no span on inventory at all, only calls to it.
  const victims = failedThrough.filter((t) => !t.spans.some((s) => s.component === "inventory"));
  expect(victims.length).toBeGreaterThan(10);
  const victim = victims[0]!;

  const panel = await openPanel(page, text);
  await panel.getByRole("combobox", { name: "Scenario" }).selectOption("inventory-outage");
  await panel.getByRole("combobox", { name: "Speed" }).selectOption({ label: "As fast as possible" });
  await panel.getByRole("button", { name: "Run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 150_000 });
  await panel.getByRole("tab", { name: /^Traces/ }).click();
  await expect(panel.getByRole("button", { name: `All (${expected.length})` })).toBeVisible();

  // Selected on the canvas, inventory lists every trace through it, those it failed by crashing too.
  await page.getByTestId("design-canvas").locator('.react-flow__node[data-id="inventory"]').click();
  await expect(panel.getByTestId("traces-through")).toContainText(
    `Through inventory: ${through.length} of ${expected.length}`,
  );
  await panel.getByRole("button", { name: `Failed (${failedThrough.length})` }).click();
  const ids = await panel
    .getByTestId("trace-item")
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-trace-id"))));
  expect(ids).toEqual(failedThrough.map((t) => t.id));
  await panel.locator(`[data-testid="trace-item"][data-trace-id="${victim.id}"]`).click();

  // The spans are a tree: each row's level is its depth (from its parent chain) plus 1.
  const tree = panel.getByRole("tree", { name: "Spans" });
  const items = tree.getByRole("treeitem");
  await expect(items).toHaveCount(victim.spans.length);
  const level = (id: number): number => {
    const p = victim.spans[id]!.parentId;
    return p === null ? 1 : level(p) + 1;
  };
  const got = await items.evaluateAll((els) =>
    els.map((e) => [Number(e.getAttribute("data-span-id")), Number(e.getAttribute("aria-level"))]),
  );
  expect(got.map(([id, lvl]) => [id, lvl])).toEqual(got.map(([id]) => [id, level(id!)]));
  expect(got.map(([, lvl]) => lvl)).toEqual(waterfallRows(victim).map((r) => r.depth + 1));
  // The keyboard walks it: Tab reaches the selected span, the arrows move the selection.
  await expect(items.first()).toHaveAttribute("aria-selected", "true");
  await items.first().focus();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("End");
  await expect(items.last()).toBeFocused();

  // Hovering the failed call lights its caller and inventory on the canvas.
  const call = victim.spans.find((s) => s.kind === "call" && s.label.startsWith("→ inventory."))!;
  expect(call.outcome).not.toBe("ok");
  await tree.locator(`[data-span-id="${call.id}"]`).hover();
  await expect(page.getByTestId("node-trace-ring-inventory")).toBeVisible();
  await expect(page.getByTestId(`node-trace-ring-${call.component}`)).toBeVisible();
  await expect(page.locator(".as-node-trace-ring")).toHaveCount(2);
  await page.getByTestId("trace-waterfall").screenshot({ path: testInfo.outputPath("trace-waterfall-crashed.png") });
  await panel.getByRole("button", { name: "← All traces" }).hover();
  await expect(page.locator(".as-node-trace-ring")).toHaveCount(0);
  // Focusing it lights them too (the screenshot scrolls, which would move a hovering pointer off it).
  await items.first().focus();
  await expect(page.locator(".as-node-trace-ring")).toHaveCount(1);
  await tree.locator(`[data-span-id="${call.id}"]`).focus();
  await expect(page.locator(".as-node-trace-ring")).toHaveCount(2);
  await page.getByTestId("design-canvas").screenshot({ path: testInfo.outputPath("trace-hover-canvas.png") });
  await expect(page.getByTestId("node-trace-ring-inventory")).toBeVisible();

  // Run again (ids repeat across runs): the trace that was open is the last run's, so it closes.
  await tree.locator(`[data-span-id="${call.id}"]`).click();
  await panel.getByRole("button", { name: "Run", exact: true }).click();
  await expect(panel.getByTestId("run-status")).toHaveAttribute("data-status", "done", { timeout: 150_000 });
  await expect(panel.getByTestId("trace-item").first()).toBeVisible();
  await expect(panel.getByTestId("trace-waterfall")).toHaveCount(0);
});
