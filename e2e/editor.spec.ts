import { expect, test, type Page } from "@playwright/test";
import { parseDesign } from "../model";
import { savedText, storeDesign } from "./support";

/**
 * The editor end to end, on a design of its own (made through the API, so the other specs'
 * designs are untouched): add from the palette, connect by dragging, rename, delete, undo and
 * redo, autosave that survives a reload, and a stale save from a second tab shown as a conflict.
 */
const START = "# made by the editor test\narchsim: 1\nname: Editor test\ncomponents: {}\n";

async function openEditor(page: Page, id: string): Promise<void> {
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-name")).toHaveText("Editor test");
  // The canvas is ready once the page has hydrated: clicks before that would be lost.
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
}

/**
 * Drags from `from`'s source handle to `to`'s target handle, as a person does: press, move in
 * steps, rest on the target, release. Under CPU load React Flow needs the rests to register.
 */
async function dragConnect(page: Page, from: string, to: string): Promise<void> {
  await page.getByTestId(`node-${from}`).hover();
  const handle = page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`);
  const target = page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`);
  const a = (await handle.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  const b = (await target.boundingBox())!;
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 10 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.waitForTimeout(100);
  await page.mouse.up();
}

test("draw, connect, rename, delete, undo and redo; autosaved and kept over a reload", async ({ page }) => {
  const id = await storeDesign(page, START);
  await openEditor(page, id);
  const status = page.getByRole("status").filter({ hasText: /./ }).last();

  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByTestId("node-service")).toBeVisible();
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByTestId("node-service-2")).toBeVisible();
  await page.getByRole("button", { name: "Add database" }).click();
  await expect(page.getByTestId("node-database")).toBeVisible();
  // New components land on free spots near the centre of the view; move them by dragging.
  for (const [node, dx, dy] of [
    ["service", -320, -120],
    ["service-2", 0, 160],
    ["database", 320, -120],
  ] as const) {
    const box = (await page.getByTestId(`node-${node}`).boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 40 + dx, box.y + 20 + dy, { steps: 8 });
    await page.mouse.up();
  }

  await dragConnect(page, "service", "service-2");
  await expect(status).toHaveText("Connected service → service-2 (call service-2.handle)");
  await dragConnect(page, "service", "database");
  await expect(status).toHaveText("Connected service → database (query database)");
  await expect(page.locator('.react-flow__edge[data-id="call:service->service-2"]')).toHaveCount(1);

  // Rename with F2: every reference follows.
  await page.getByTestId("node-service-2").click();
  await page.keyboard.press("F2");
  const dialog = page.getByRole("dialog", { name: "Rename service-2" });
  await dialog.getByLabel("New id").fill("Bad Name");
  await dialog.getByRole("button", { name: "Rename" }).click();
  await expect(dialog.getByText(/a component id is lowercase letters/)).toBeVisible();
  await dialog.getByLabel("New id").fill("inventory");
  await dialog.getByRole("button", { name: "Rename" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("node-inventory")).toBeVisible();
  await expect(page.locator('.react-flow__edge[data-id="call:service->inventory"]')).toHaveCount(1);

  // Delete the database with its query; undo brings both back, redo removes them again.
  await page.getByTestId("node-database").click();
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("node-database")).toHaveCount(0);
  await expect(status).toHaveText("Removed database with 1 reference");
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("node-database")).toBeVisible();
  await expect(page.locator('.react-flow__edge[data-id="query:service->database"]')).toHaveCount(1);
  await page.keyboard.press("Control+Shift+z");
  await expect(page.getByTestId("node-database")).toHaveCount(0);
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("node-database")).toBeVisible();

  // Autosave: the store has the design, with the test's comment, and a reload shows it.
  await expect(page.getByTestId("save-status")).toHaveText(/^Saved · version \d+$/, { timeout: 15_000 });
  const text = await savedText(page, id);
  expect(text.startsWith("# made by the editor test\n")).toBe(true);
  const { design, errors } = parseDesign(text);
  expect(errors).toEqual([]);
  expect(Object.keys(design!.components).sort()).toEqual(["database", "inventory", "service"]);
  const steps = (design!.components.service as unknown as { operations: { handle: { steps: unknown[] } } }).operations
    .handle.steps;
  expect(steps).toEqual([
    expect.objectContaining({ call: "inventory.handle" }),
    expect.objectContaining({ query: "database" }),
  ]);
  expect(Object.keys(design!.layout).sort()).toEqual(["database", "inventory", "service"]);

  await page.reload();
  await expect(page.getByTestId("node-inventory")).toBeVisible();
  await expect(page.getByTestId("node-database")).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText(/^Saved · version \d+$/);
});

test("a save based on a stale version shows the conflict; take theirs loads the other version", async ({ browser }) => {
  const context = await browser.newContext();
  const one = await context.newPage();
  const two = await context.newPage();
  const id = await storeDesign(one, START);
  await openEditor(one, id);
  await openEditor(two, id);

  await one.getByRole("button", { name: "Add cache" }).click();
  await expect(one.getByTestId("save-status")).toHaveText("Saved · version 2", { timeout: 15_000 });

  await two.getByRole("button", { name: "Add broker" }).click();
  const banner = two.getByRole("alert").filter({ hasText: "Someone saved" });
  await expect(banner).toContainText("Someone saved version 2 of this design", { timeout: 15_000 });
  await expect(two.getByTestId("save-status")).toHaveText("Not saved: version 2 was saved elsewhere");
  // Nothing was overwritten.
  expect(Object.keys(parseDesign(await savedText(one, id)).design!.components)).toEqual(["cache"]);

  await banner.getByRole("button", { name: "Take theirs" }).click();
  await expect(two.getByTestId("node-cache")).toBeVisible();
  await expect(two.getByTestId("node-broker")).toHaveCount(0);
  await expect(two.getByTestId("save-status")).toHaveText("Saved · version 2");
  await context.close();
});

test("keep mine saves on top of the newer version", async ({ browser }) => {
  const context = await browser.newContext();
  const one = await context.newPage();
  const two = await context.newPage();
  const id = await storeDesign(one, START);
  await openEditor(one, id);
  await openEditor(two, id);
  await one.getByRole("button", { name: "Add cache" }).click();
  await expect(one.getByTestId("save-status")).toHaveText("Saved · version 2", { timeout: 15_000 });
  await two.getByRole("button", { name: "Add broker" }).click();
  await two.getByRole("alert").getByRole("button", { name: "Keep mine" }).click();
  await expect(two.getByTestId("save-status")).toHaveText("Saved · version 3", { timeout: 15_000 });
  expect(Object.keys(parseDesign(await savedText(two, id)).design!.components)).toEqual(["broker"]);
  await context.close();
});

test("the inspector edits the selected component's fields, with the model's errors inline", async ({ page }) => {
  const id = await storeDesign(page, START);
  await openEditor(page, id);
  await page.getByRole("button", { name: "Add service" }).click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await expect(inspector.getByRole("heading", { name: /^service/ })).toBeVisible();

  const replicas = inspector.getByLabel("Replicas");
  await replicas.fill("0");
  await replicas.press("Enter");
  await expect(replicas).toHaveAttribute("aria-invalid", "true");
  await expect(inspector.getByText(/replicas must be/i)).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText(/^Not saved: 1 error to fix/);
  await replicas.fill("3");
  await replicas.press("Enter");
  await expect(replicas).not.toHaveAttribute("aria-invalid", "true");
  await inspector.getByLabel("Balancer").selectOption("least-outstanding");
  const work = inspector.getByRole("group", { name: "handle" }).getByLabel("Work");
  await work.fill("{ exp: 3ms }");
  await work.press("Enter");

  await expect(page.getByTestId("save-status")).toHaveText(/^Saved · version \d+$/, { timeout: 15_000 });
  const { design } = parseDesign(await savedText(page, id));
  expect(design!.components.service).toMatchObject({
    replicas: 3,
    balancer: "least-outstanding",
    operations: { handle: { work: { type: "exp", mean: 3 } } },
  });
  // Undo walks back through the inspector's edits too.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(work).toHaveValue("1ms");
});

test("the YAML editor and the canvas follow each other; invalid YAML keeps the last valid drawing", async ({
  page,
}) => {
  // Monaco is self-hosted and runs under the page's CSP: no refused script, worker or style.
  const refused: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  const offsite: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["127.0.0.1", "localhost"].includes(url.hostname) && !["data:", "blob:"].includes(url.protocol))
      offsite.push(r.url());
  });
  const id = await storeDesign(page, START);
  await openEditor(page, id);
  const toggle = page.getByRole("button", { name: "YAML" });
  if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
  const code = page.getByTestId("yaml-editor");
  await expect(code.locator(".view-lines")).toContainText("name: Editor test", { timeout: 30_000 });

  // Text → canvas.
  await code.locator(".view-lines").click();
  await page.keyboard.press("Control+a");
  await page.keyboard.insertText(
    "# typed\narchsim: 1\nname: Editor test\ncomponents:\n  api: { kind: service, operations: { get: { work: 2ms } } }\n",
  );
  await expect(page.getByTestId("node-api")).toBeVisible();

  // Canvas → text.
  await page.getByRole("button", { name: "Add cache" }).click();
  await expect(code.locator(".view-lines")).toContainText("cache:");
  await expect(code.locator(".view-lines")).toContainText("# typed");

  // Broken YAML: the canvas keeps the last valid design and the problem is listed and marked.
  await code.locator(".view-lines").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText("  broken: [\n");
  await expect(page.getByRole("region", { name: "Problems" })).toBeVisible();
  await expect(page.getByTestId("node-api")).toBeVisible();
  await expect(code.locator(".squiggly-error").first()).toBeVisible();

  // Ctrl+Z in the editor is the document's undo: the broken line goes.
  await page.keyboard.press("Control+z");
  await expect(page.getByRole("region", { name: "Problems" })).toHaveCount(0);
  await expect(page.getByTestId("save-status")).toHaveText(/^Saved · version \d+$/, { timeout: 15_000 });
  const saved = await savedText(page, id);
  expect(saved.startsWith("# typed\n")).toBe(true);
  expect(Object.keys(parseDesign(saved).design!.components)).toEqual(["api", "cache"]);
  expect(refused).toEqual([]);
  expect(offsite).toEqual([]);
});

test("the history shows how an old version differs and restores it as a new version", async ({ page }) => {
  const id = await storeDesign(page, START);
  await openEditor(page, id);
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByTestId("save-status")).toHaveText("Saved · version 2", { timeout: 15_000 });
  await page.getByRole("button", { name: "Add cache" }).click();
  await expect(page.getByTestId("save-status")).toHaveText("Saved · version 3", { timeout: 15_000 });

  await page.getByRole("button", { name: "History" }).click();
  const dialog = page.getByRole("dialog", { name: "Version history" });
  await expect(dialog.getByRole("button", { name: /^Version \d$/ })).toHaveCount(3);
  await dialog.getByRole("button", { name: "Version 2" }).click();
  const changes = dialog.getByRole("region", { name: "Changes" });
  await expect(changes).toContainText("Restoring version 2 changes");
  await expect(changes.locator(".as-diff-removed").first()).toContainText("cache");
  await dialog.getByRole("button", { name: "Restore this version" }).click();

  await expect(page.getByTestId("node-cache")).toHaveCount(0);
  await expect(page.getByTestId("node-service")).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText("Saved · version 4", { timeout: 15_000 });
  const v2 = ((await (await page.request.get(`/api/designs/${id}/versions/2`)).json()) as { yaml: string }).yaml;
  expect(await savedText(page, id)).toBe(v2);
  // Restoring is one undo step.
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("node-cache")).toBeVisible();
});

test("builds the e-commerce core from an empty design through the UI alone", async ({ page }) => {
  const id = await storeDesign(page, START);
  await openEditor(page, id);
  const status = page.getByRole("status").filter({ hasText: /./ }).last();
  const add = async (kind: string, as: string, rename?: string) => {
    await page.getByRole("button", { name: `Add ${kind}` }).click();
    await expect(page.getByTestId(`node-${as}`)).toBeVisible();
    if (!rename) return;
    await page.getByTestId(`node-${as}`).dblclick();
    const dialog = page.getByRole("dialog", { name: `Rename ${as}` });
    await dialog.getByLabel("New id").fill(rename);
    await dialog.getByRole("button", { name: "Rename" }).click();
    await expect(page.getByTestId(`node-${rename}`)).toBeVisible();
  };
  await add("gateway", "gateway");
  await add("service", "service", "order");
  await add("service", "service", "inventory");
  await add("service", "service", "payment");
  await add("broker", "broker");
  await add("database", "database", "orders-db");
  await page.getByRole("button", { name: "Fit", exact: true }).click();

  await dragConnect(page, "gateway", "order");
  await expect(status).toHaveText("Connected gateway → order (route POST /order)");
  await dragConnect(page, "order", "inventory");
  await expect(status).toHaveText("Connected order → inventory (call inventory.handle)");
  await dragConnect(page, "order", "payment");
  await expect(status).toHaveText("Connected order → payment (call payment.handle)");
  await dragConnect(page, "order", "orders-db");
  await expect(status).toHaveText("Connected order → orders-db (query orders-db)");
  await dragConnect(page, "order", "broker");
  await expect(status).toHaveText("Connected order → broker (publish order.updated)");
  await dragConnect(page, "broker", "inventory");
  await expect(status).toHaveText("Connected broker → inventory (inventory takes order.updated with handle)");

  // The inspector finishes the job: two replicas of order.
  await page.getByTestId("node-order").click();
  const replicas = page.getByRole("complementary", { name: "Inspector" }).getByLabel("Replicas");
  await replicas.fill("2");
  await replicas.press("Enter");

  await expect(page.getByTestId("save-status")).toHaveText(/^Saved · version \d+$/, { timeout: 15_000 });
  const { design, errors } = parseDesign(await savedText(page, id));
  expect(errors).toEqual([]);
  const d = design!;
  expect(Object.keys(d.components).sort()).toEqual(["broker", "gateway", "inventory", "order", "orders-db", "payment"]);
  expect(d.components.gateway).toMatchObject({ kind: "gateway", routes: { "POST /order": "order.handle" } });
  const order = d.components.order as unknown as {
    replicas: number;
    operations: { handle: { http: string; steps: unknown[] } };
  };
  expect(order.replicas).toBe(2);
  expect(order.operations.handle.http).toBe("POST /order");
  expect(order.operations.handle.steps).toEqual([
    expect.objectContaining({ call: "inventory.handle" }),
    expect.objectContaining({ call: "payment.handle" }),
    expect.objectContaining({ query: "orders-db" }),
    expect.objectContaining({ publish: "order.updated" }),
  ]);
  expect(d.components.inventory).toMatchObject({ subscribes: { "order.updated": "handle" } });
  // For a person to look at: the editor with the inspector open on order.
  await page.screenshot({ path: "test-results/editor-ecommerce-core.png" });
});

test("text that could not be saved survives a reload in this browser, and can be restored", async ({ page }) => {
  const id = await storeDesign(page, START);
  await openEditor(page, id);
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByTestId("save-status")).toHaveText("Saved · version 2", { timeout: 15_000 });
  const replicas = page.getByRole("complementary", { name: "Inspector" }).getByLabel("Replicas");
  await replicas.fill("0");
  await replicas.press("Enter");
  await expect(page.getByTestId("save-status")).toHaveText(/^Not saved: 1 error to fix/);
  // The draft this visit keeps is offered after a reload, not while still editing.
  await page.waitForTimeout(1_000);
  await expect(page.getByRole("region", { name: "Unsaved changes" })).toHaveCount(0);

  page.on("dialog", (d) => void d.accept()); // "Leave site?": yes
  await page.reload();
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  const banner = page.getByRole("region", { name: "Unsaved changes" });
  await expect(banner).toContainText("This browser kept changes to this design that were never saved");
  await banner.getByRole("button", { name: "Restore them" }).click();
  await expect(banner).toHaveCount(0);
  const field = page.getByRole("complementary", { name: "Inspector" }).getByLabel("Replicas");
  await page.getByTestId("node-service").click();
  await expect(field).toHaveValue("0");
  await field.fill("2");
  await field.press("Enter");
  await expect(page.getByTestId("save-status")).toHaveText("Saved · version 3", { timeout: 15_000 });
  expect(parseDesign(await savedText(page, id)).design!.components.service).toMatchObject({ replicas: 2 });
});
