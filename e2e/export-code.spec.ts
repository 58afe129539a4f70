import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { unzipSync } from "fflate";
import { generateRepo } from "../generators";
import { parseDesign } from "../model";
import { storeDesign } from "./support";

const TEXT = readFileSync("examples/ecommerce.yaml", "utf8");
const FILES = generateRepo(parseDesign(TEXT).design!);
const HANDLER = "services/order/src/handlers/create.ts";

/** A copy of its own: other specs create and edit designs in parallel. */
async function openCopy(page: Page): Promise<void> {
  await page.goto(`/designs/${await storeDesign(page, TEXT)}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
}

/** The text Monaco shows, its lines in order of their position (Monaco draws spaces as U+00A0). */
async function monacoText(page: Page): Promise<string> {
  return page.getByTestId("export-code-editor").evaluate((el) =>
    Array.from(el.querySelectorAll<HTMLElement>(".view-lines .view-line"))
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => (l.textContent ?? "").replaceAll("\u00a0", " "))
      .join("\n"),
  );
}

test("Export code: the generator's files in a tree, a file in read-only Monaco, the zip holds the same files", async ({
  page,
}, testInfo) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1400, height: 900 });
  await openCopy(page);
  await page.getByRole("button", { name: "Export", exact: true }).click();
  await page.getByRole("menuitem", { name: /Export code/ }).click();
  const dialog = page.getByRole("dialog", { name: "Export code" });
  await expect(dialog).toBeVisible();

  // Every folder starts open: the tree's files are exactly the generator's paths.
  const tree = dialog.getByRole("tree", { name: "Generated files" });
  const paths = await tree
    .locator("[role=treeitem][data-kind=file]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-path")));
  expect([...paths].sort()).toEqual([...FILES.keys()].sort());
  // The user's handlers, and only they, are marked "yours".
  const yours = await tree
    .locator("[role=treeitem][data-kind=file]")
    .filter({ hasText: "yours" })
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-path")));
  expect(yours.sort()).toEqual(
    [...FILES.values()]
      .filter((f) => f.owner === "user")
      .map((f) => f.path)
      .sort(),
  );

  // A file opens in a read-only Monaco with the generator's text.
  await tree.locator(`[data-path="${HANDLER}"]`).click();
  await expect(dialog.getByTestId("export-code-path")).toContainText(HANDLER);
  await expect(dialog.getByTestId("export-code-editor").locator(".view-lines")).toContainText("export", {
    timeout: 30_000,
  });
  // Monaco shows the file's final newline as an empty last line: its lines joined are the file.
  await expect.poll(() => monacoText(page)).toBe(FILES.get(HANDLER)!.content);
  await dialog.getByTestId("export-code-editor").locator(".view-lines").click();
  await page.keyboard.type("typed");
  expect(await monacoText(page)).toBe(FILES.get(HANDLER)!.content);

  // The keyboard: a folder collapses with ArrowLeft (its files leave the tree) and opens with ArrowRight.
  const services = tree.locator('[data-path="services"]');
  await services.focus();
  await page.keyboard.press("ArrowLeft");
  await expect(services).toHaveAttribute("aria-expanded", "false");
  await expect(tree.locator(`[data-path="${HANDLER}"]`)).toHaveCount(0);
  await page.keyboard.press("ArrowRight");
  await expect(services).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowDown");
  await expect(tree.locator('[data-path="services/config"]')).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(tree.locator('[data-path="services/config"]')).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("ArrowRight");
  await tree.locator(`[data-path="${HANDLER}"]`).click();

  await dialog.screenshot({ path: testInfo.outputPath("export-code.png") });

  // The zip (the saved design, through GET /api/designs/{id}/code.zip) holds exactly the map.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    dialog.getByRole("link", { name: "Download zip" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/-code\.zip$/);
  const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
  expect(Object.keys(zip)).toEqual([...FILES.keys()]);
  expect(new TextDecoder().decode(zip[HANDLER])).toBe(FILES.get(HANDLER)!.content);

  // Escape closes the view and gives the focus back to the menu button.
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Export", exact: true })).toBeFocused();
  expect(errors).toEqual([]);
});
