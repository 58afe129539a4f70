import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { parseDesign } from "../model";
import { savedText, storeDesign } from "./support";

/**
 * The editor's workspace: find a component, copy/paste and duplicate, auto-layout, the light
 * and dark themes (screenshots with the inspector and the code editor open), accessibility
 * (axe) and a phone-sized screen.
 */
const START = `# made by the workspace test
archsim: 1
name: Workspace test
components:
  shop:
    kind: service
    operations:
      buy:
        work: { exp: 3ms } # measured
        steps:
          - query: shop-db
  shop-db:
    kind: database
  ledger:
    kind: service
    label: Ledger of every payment
    operations:
      record:
        work: 1ms
layout:
  shop: { x: 0, y: 0 }
  shop-db: { x: 300, y: 0 }
  ledger: { x: 0, y: 200 }
`;

async function openEditor(page: Page, id: string, name: string): Promise<void> {
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-name")).toHaveText(name);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
}

test("find with Ctrl+K, copy and paste, duplicate, arrange; each one undo step, all saved", async ({ page }) => {
  const id = await storeDesign(page, START);
  await openEditor(page, id, "Workspace test");
  const status = page.getByRole("status").filter({ hasText: /./ }).last();

  // Find by label words; Enter selects the component.
  await page.getByTestId("design-canvas").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+k");
  const find = page.getByRole("dialog", { name: "Find a component" });
  await find.getByRole("combobox").fill("payment ledger");
  await expect(find.getByRole("option")).toHaveText([/ledger/]);
  await page.keyboard.press("Enter");
  await expect(find).toBeHidden();
  await expect(page.locator('.react-flow__node[data-id="ledger"]')).toHaveClass(/selected/);

  // Copy the service and its database together, paste: references among them follow.
  await page.getByTestId("node-shop").click();
  await page.getByTestId("node-shop-db").click({ modifiers: ["Shift"] });
  await page.keyboard.press("Control+c");
  await expect(status).toHaveText("Copied 2 components");
  await page.keyboard.press("Control+v");
  await expect(status).toHaveText("Pasted 2 components");
  await expect(page.getByTestId("node-shop-copy")).toBeVisible();
  await expect(page.getByTestId("node-shop-db-copy")).toBeVisible();
  await expect(page.locator('.react-flow__edge[data-id="query:shop-copy->shop-db-copy"]')).toHaveCount(1);

  // Duplicate one component with Ctrl+D.
  await page.getByTestId("node-ledger").click();
  await page.keyboard.press("Control+d");
  await expect(status).toHaveText("Pasted ledger-copy");

  await expect(page.getByTestId("save-status")).toHaveText(/Saved · version \d+/);
  let text = await savedText(page, id);
  const design = parseDesign(text).design!;
  expect(Object.keys(design.components)).toEqual([
    "shop",
    "shop-db",
    "ledger",
    "shop-copy",
    "shop-db-copy",
    "ledger-copy",
  ]);
  // The user's comment and styles survive, in the original and in the copy.
  expect(text.startsWith(START.slice(0, START.indexOf("layout:")))).toBe(true);
  expect(text).toContain(
    "  shop-copy:\n    kind: service\n    operations:\n      buy:\n        work: { exp: 3ms } # measured\n        steps:\n          - query: shop-db-copy\n",
  );
  expect(design.layout?.["shop-copy"]).toEqual({ x: 40, y: 40 });
  expect(design.layout?.["ledger-copy"]).toEqual({ x: 40, y: 240 });

  // Arrange: every component gets a position from the auto-layout, in one undo step.
  await page.getByRole("button", { name: "Arrange" }).click();
  await expect(status).toHaveText("Arranged the design (Ctrl+Z to undo)");
  await expect(page.getByTestId("save-status")).toHaveText(/Saved · version \d+/);
  text = await savedText(page, id);
  const arranged = parseDesign(text).design!;
  expect(arranged.layout?.["shop-copy"]).not.toEqual({ x: 40, y: 40 });
  // No two components overlap after arranging.
  const boxes = await page
    .locator(".react-flow__node")
    .evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })),
    );
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
    }
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByTestId("save-status")).toHaveText(/Saved · version \d+/);
  expect(parseDesign(await savedText(page, id)).design!.layout?.["shop-copy"]).toEqual({ x: 40, y: 40 });
});

test("light and dark themes, with the inspector and the YAML editor open; axe finds nothing serious", async ({
  page,
}, info) => {
  await page.setViewportSize({ width: 1720, height: 960 });
  const id = await storeDesign(page, readFileSync("examples/ecommerce.yaml", "utf8"));
  await openEditor(page, id, "E-commerce order processing");
  await expect(page.getByRole("region", { name: "Design as YAML" }).locator(".monaco-editor")).toBeVisible();
  await page.getByTestId("node-order").click();
  await expect(page.getByRole("complementary", { name: /Inspector/ })).toContainText("order");

  for (const theme of ["light", "dark"] as const) {
    // The toggle cycles system → light → dark.
    while ((await page.locator("html").getAttribute("data-theme")) !== theme)
      await page.getByRole("button", { name: /^Theme:/ }).click();
    await expect(page.locator(".monaco-editor").first()).toHaveClass(theme === "dark" ? /vs-dark/ : /\bvs\b/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: info.outputPath(`editor-${theme}.png`) });
    await info.attach(`editor-${theme}`, { path: info.outputPath(`editor-${theme}.png`), contentType: "image/png" });
    const axe = await new AxeBuilder({ page }).exclude(".monaco-editor").analyze();
    const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  }
  // The choice is kept: a reload opens dark at once.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
});

test("usable on a 390 px wide phone: panels collapse and the canvas stays in view", async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const id = await storeDesign(page, START);
  await openEditor(page, id, "Workspace test");
  // Nothing is wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const canvas = (await page.getByTestId("design-canvas").boundingBox())!;
  // All of the width but the palette's icon column (52 px).
  expect(canvas.width).toBeGreaterThanOrEqual(390 - 52);
  expect(canvas.height).toBeGreaterThanOrEqual(300);
  // The palette still adds components.
  await page.getByRole("button", { name: "Add cache" }).click();
  await expect(page.getByTestId("node-cache")).toBeVisible();
  await page.screenshot({ path: info.outputPath("editor-390.png") });
  await info.attach("editor-390", { path: info.outputPath("editor-390.png"), contentType: "image/png" });
});
