import { expect, test, type Locator, type Page } from "@playwright/test";
import { savedText, storeDesign } from "./support";

/**
 * The YAML editor's help from the design's JSON Schema, end to end on a design of its own:
 * Ctrl+Space offers a service's fields and an enum's values, a component id where a field
 * names one, hovering a key shows what it means; the theme follows the page's; Ctrl+S saves
 * typing that has not reached the document yet. All of it offline, under the page's CSP.
 */
const NAME = "Code assist test";
const START = [
  "archsim: 1",
  `name: ${NAME}`,
  "components:",
  "  api:",
  "    kind: service",
  "    operations:",
  "      get: { work: 2ms }",
  "  orders-db:",
  "    kind: database",
  "",
].join("\n");

/** Opens the design with the YAML panel shown; returns the editor. */
async function openYaml(page: Page, id: string): Promise<Locator> {
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-name")).toHaveText(NAME);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  const toggle = page.getByRole("button", { name: "YAML" });
  if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
  const code = page.getByTestId("yaml-editor");
  await expect(code.locator(".view-lines")).toContainText("kind: service", { timeout: 30_000 });
  return code;
}

/** Puts the cursor on a new line after the line holding `text`, at that line's indentation. */
async function newLineAfter(code: Locator, text: string): Promise<void> {
  await code.locator(".view-line", { hasText: text }).first().click();
  await code.page().keyboard.press("End");
  await code.page().keyboard.press("Enter");
}

test("Ctrl+Space offers a service's fields, enum values and component ids; hover shows a key's meaning", async ({
  page,
}, testInfo) => {
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
  const code = await openYaml(page, id);
  const suggest = code.locator(".suggest-widget.visible");
  const rows = suggest.locator(".monaco-list-row");

  /** Opens the suggestions unless typing opened them already. */
  const suggestions = async () => {
    if (!(await suggest.isVisible())) await page.keyboard.press("Control+Space");
    await expect(suggest).toBeVisible();
  };

  // The fields of a service, not of a database, each with what it means.
  await newLineAfter(code, "kind: service");
  await page.keyboard.press("Control+Space");
  await expect(suggest).toBeVisible();
  await expect(rows.filter({ hasText: /^replicas/ })).toHaveCount(1);
  await expect(rows.filter({ hasText: /^balancer/ })).toHaveCount(1);
  await expect(rows.filter({ hasText: /^operations/ })).toHaveCount(0); // it has operations already
  await expect(rows.filter({ hasText: /^pool/ })).toHaveCount(0);
  await page.keyboard.type("repl");
  await expect(rows.first()).toContainText("replicas");
  await page.keyboard.press("Control+Space"); // again: the details of the focused item
  await expect(code.locator(".suggest-details")).toContainText("Initial replica count");
  await page.screenshot({ path: testInfo.outputPath("suggest-page.png") });
  await page.keyboard.press("Enter");
  await page.keyboard.type("2");
  await expect(code.locator(".view-lines")).toContainText("replicas: 2");

  // Pick a field, then one of its values.
  await page.keyboard.press("Enter");
  await page.keyboard.type("balan");
  await suggestions();
  await expect(rows.first()).toContainText("balancer");
  await page.keyboard.press("Enter");
  await expect(code.locator(".view-lines")).toContainText("balancer:");
  await suggestions();
  await expect(rows.filter({ hasText: /^round-robin/ })).toHaveCount(1);
  await expect(rows.filter({ hasText: /^least-outstanding/ })).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("suggest-enum.png") });
  await page.keyboard.type("least");
  await page.keyboard.press("Enter");
  await expect(code.locator(".view-lines")).toContainText("balancer: least-outstanding");

  // A field that names a component: the design's ids.
  await page.keyboard.press("Enter");
  // Both brackets typed (Monaco overtypes a `]` it closed itself), then back inside them:
  // whether the `[` was auto-closed is Monaco's timing, not what this test is about.
  await page.keyboard.type("dependsOn: []");
  await page.keyboard.press("ArrowLeft");
  await expect(code.locator(".view-lines")).toContainText("dependsOn: []");
  await suggestions();
  await expect(rows.filter({ hasText: /^orders-db/ })).toHaveCount(1);
  await expect(rows.filter({ hasText: /^api/ })).toHaveCount(0); // not itself
  await page.keyboard.press("Enter");
  await expect(code.locator(".view-lines")).toContainText("dependsOn: [orders-db]");

  // The document has it (the typing reached the store, and Ctrl+S saved it).
  await page.keyboard.press("Control+s");
  await expect(page.getByRole("region", { name: "Problems" })).toHaveCount(0);
  await expect
    .poll(() => savedText(page, id))
    .toContain("    kind: service\n    replicas: 2\n    balancer: least-outstanding\n    dependsOn: [orders-db]\n");

  // Hover a key: its description from the schema, and its choices.
  await page.keyboard.press("Escape");
  await code.locator(".view-line span", { hasText: /^balancer$/ }).hover();
  const hover = page.locator(".monaco-hover").filter({ hasText: "How callers pick a replica" });
  await expect(hover).toBeVisible();
  await expect(hover).toContainText("One of: round-robin, least-outstanding, random");
  await page.screenshot({ path: testInfo.outputPath("hover-page.png") });

  expect(refused).toEqual([]);
  expect(offsite).toEqual([]);
});

test("the editor's theme follows data-theme on <html>, and the system's preference without it", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  const id = await storeDesign(page, START);
  const code = await openYaml(page, id);
  const editor = code.locator(".monaco-editor").first();
  const setTheme = (theme: string | null) =>
    page.evaluate((t) => {
      if (t === null) document.documentElement.removeAttribute("data-theme");
      else document.documentElement.setAttribute("data-theme", t);
    }, theme);

  await setTheme(null);
  await expect(editor).toHaveClass(/(^|\s)vs(\s|$)/);
  await setTheme("dark");
  await expect(editor).toHaveClass(/(^|\s)vs-dark(\s|$)/);
  await setTheme("light");
  await expect(editor).toHaveClass(/(^|\s)vs(\s|$)/);
  // No attribute: the system's preference, followed as it changes.
  await setTheme(null);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(editor).toHaveClass(/(^|\s)vs-dark(\s|$)/);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(editor).toHaveClass(/(^|\s)vs(\s|$)/);
});

test("Ctrl+S in the editor saves what was just typed, before it would reach the document by itself", async ({
  page,
}) => {
  await page.clock.install();
  const id = await storeDesign(page, START);
  const code = await openYaml(page, id);
  await newLineAfter(code, "kind: service");
  // Time stands still: the typing would reach the document only when its timer fires.
  await page.clock.pauseAt(Date.now() + 60_000);
  await page.keyboard.insertText("replicas: 3");
  const saved = page.waitForRequest((r) => r.method() === "PUT" && r.url().includes(`/api/designs/${id}`));
  await page.keyboard.press("Control+s");
  expect((await saved).postData()).toContain("    kind: service\n    replicas: 3\n");
  await page.clock.resume();
  await expect.poll(() => savedText(page, id)).toContain("    replicas: 3\n");
});

test("typing not yet sent survives an edit made on the canvas meanwhile", async ({ page }) => {
  await page.clock.install();
  const id = await storeDesign(page, START);
  const code = await openYaml(page, id);
  await newLineAfter(code, "kind: service");
  // Time stands still while typing and clicking: the typing stays in the editor only,
  // unless something sends it before the canvas's edit replaces the editor's text.
  await page.clock.pauseAt(Date.now() + 60_000);
  await page.keyboard.insertText("replicas: 4");
  await page.getByRole("button", { name: "Add cache" }).click();
  await page.clock.resume();
  await expect(page.getByTestId("node-cache")).toBeVisible();
  await expect(code.locator(".view-lines")).toContainText("replicas: 4");
  await expect(code.locator(".view-lines")).toContainText("kind: cache");
  await code.locator(".view-lines").click();
  await page.keyboard.press("Control+s");
  await expect.poll(() => savedText(page, id)).toMatch(/ {4}kind: service\n {4}replicas: 4\n[^]* {4}kind: cache\n/);
});

test("Space and Backspace in the editor edit the text, even with a component selected on the canvas", async ({
  page,
}) => {
  const id = await storeDesign(page, START);
  const code = await openYaml(page, id);
  await page.getByTestId("node-api").click();
  await newLineAfter(code, "kind: service");
  await page.keyboard.type("replicas: 33");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Backspace");
  await expect(code.locator(".view-lines")).toContainText("replicas: 3");
  await page.keyboard.press("Control+s");
  await expect.poll(() => savedText(page, id)).toContain("    kind: service\n    replicas: 3\n");
  await expect(page.getByTestId("node-api")).toBeVisible();
  await expect(page.getByTestId("node-orders-db")).toBeVisible();
});
