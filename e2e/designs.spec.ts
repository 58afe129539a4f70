import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Download, type Page } from "@playwright/test";
import { parseDesign } from "../model";
import { savedText, storeDesign } from "./support";

/**
 * The design list (/designs) and the editor's Export menu, end to end: new blank and from an
 * example, rename, duplicate, delete, import by the file chooser and by a drop (a broken file
 * creates nothing and says where it is broken; an oversize one is refused), and export as
 * YAML, JSON, PNG and SVG. Every test names its designs with a suffix of its own, as the
 * other specs share the store.
 */
const MINIMAL = readFileSync("examples/minimal.yaml", "utf8");
const ECOMMERCE = readFileSync("examples/ecommerce.yaml", "utf8");

type Summary = { id: string; name: string; version: number; updatedAt: string };

function uid(): string {
  return Math.random().toString(36).slice(2, 8);
}

async function listed(page: Page): Promise<Summary[]> {
  return (await (await page.request.get("/api/designs")).json()) as Summary[];
}

async function openList(page: Page): Promise<void> {
  await page.goto("/designs");
  await expect(page.getByRole("heading", { level: 1, name: "Designs" })).toBeVisible();
  // Clicks before hydration would be lost.
  await expect(page.locator(".as-designs")).toHaveAttribute("data-ready", "true");
}

function row(page: Page, name: string) {
  return page.getByRole("listitem", { name, exact: true });
}

test("lists designs; creates blank and from an example; renames, duplicates and deletes", async ({ page }) => {
  const tag = uid();
  const listedId = await storeDesign(page, `# listed\narchsim: 1\nname: Listed ${tag}\ncomponents: {}\n`);
  await openList(page);
  const listedRow = row(page, `Listed ${tag}`);
  await expect(listedRow).toContainText(listedId);
  await expect(listedRow).toContainText("version 1");
  await expect(listedRow).toContainText(/updated just now \(/);
  await expect(listedRow.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);

  // A blank design: the smallest valid one, named as typed; it opens in the editor.
  await page.getByLabel("Start from").selectOption({ label: "Blank design" });
  await page.getByLabel("Name", { exact: true }).fill(`Blank ${tag}`);
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page).toHaveURL(/\/designs\/[A-Za-z0-9_-]{12}$/);
  await expect(page.getByTestId("design-name")).toHaveText(`Blank ${tag}`);
  const blankId = page.url().split("/").pop()!;
  expect(await savedText(page, blankId)).toBe(`archsim: 1\nname: Blank ${tag}\ncomponents: {}\n`);

  // Back by the editor's header link; then a design from the shipped minimal example, unchanged.
  await page.getByRole("link", { name: "Designs", exact: true }).click();
  await expect(page).toHaveURL(/\/designs$/);
  await expect(page.locator(".as-designs")).toHaveAttribute("data-ready", "true");
  await page.getByLabel("Start from").selectOption("minimal");
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("placeholder", "Hello service");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByTestId("design-name")).toHaveText("Hello service");
  const exampleId = page.url().split("/").pop()!;
  expect(exampleId).not.toBe(blankId);
  expect(await savedText(page, exampleId)).toBe(MINIMAL);

  // Rename: a name with markup shows as text; only the name: line changes, as version 2.
  await openList(page);
  await row(page, `Listed ${tag}`)
    .getByRole("button", { name: `Rename Listed ${tag}` })
    .click();
  const dialog = page.getByRole("dialog", { name: "Rename design" });
  await expect(dialog.getByLabel("Name")).toBeFocused();
  await dialog.getByLabel("Name").fill("   ");
  await dialog.getByRole("button", { name: "Rename" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("A design needs a name");
  const fancy = `<b>Bold</b> & "co" ${tag}`;
  await dialog.getByLabel("Name").fill(fancy);
  await dialog.getByRole("button", { name: "Rename" }).click();
  await expect(dialog).toBeHidden();
  const renamed = row(page, fancy);
  await expect(renamed.getByRole("link", { name: fancy })).toHaveText(fancy);
  await expect(renamed.locator("b")).toHaveCount(0);
  await expect(renamed).toContainText("version 2");
  expect(await savedText(page, listedId)).toBe(
    `# listed\narchsim: 1\nname: <b>Bold</b> & "co" ${tag}\ncomponents: {}\n`,
  );

  // Duplicate: the same text under "(copy)".
  await renamed.getByRole("button", { name: `Duplicate ${fancy}` }).click();
  const copy = row(page, `${fancy} (copy)`);
  await expect(copy).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(`Duplicated “${fancy}”.`);
  const copyId = (await listed(page)).find((d) => d.name === `${fancy} (copy)`)!.id;
  expect(await savedText(page, copyId)).toBe(
    `# listed\narchsim: 1\nname: <b>Bold</b> & "co" ${tag} (copy)\ncomponents: {}\n`,
  );

  // Delete asks first; Cancel (focused) keeps it, Delete removes it and its history.
  await copy.getByRole("button", { name: `Delete ${fancy} (copy)` }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete this design?" });
  await expect(confirm).toContainText(`${fancy} (copy) and its one saved version will be deleted`);
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(copy).toBeVisible();
  await copy.getByRole("button", { name: `Delete ${fancy} (copy)` }).click();
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(copy).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText(`Deleted “${fancy} (copy)”.`);
  expect((await page.request.get(`/api/designs/${copyId}`)).status()).toBe(404);
  await expect(renamed).toBeVisible();

  // Open: the name is the link to the editor.
  await renamed.getByRole("link", { name: fancy }).click();
  await expect(page.getByTestId("design-name")).toHaveText(fancy);
});

test("imports a valid file, names an unnamed one, refuses a broken or oversize one and creates nothing", async ({
  page,
}) => {
  const tag = uid();
  await openList(page);

  const valid = `# imported, comment kept\narchsim: 1\nname: Imported ${tag}\ncomponents:\n  api: { kind: service, operations: { get: { work: 1ms } } }\n`;
  let chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Open file…" }).click();
  await (
    await chooser
  ).setFiles({ name: `imported-${tag}.yaml`, mimeType: "application/yaml", buffer: Buffer.from(valid) });
  await expect(page.getByRole("status")).toHaveText(`Imported “Imported ${tag}”.`);
  const importedRow = row(page, `Imported ${tag}`);
  await expect(importedRow).toBeVisible();
  const imported = (await listed(page)).find((d) => d.name === `Imported ${tag}`)!;
  expect(await savedText(page, imported.id)).toBe(valid);

  // JSON without a name: named after its file, kept as the same design.
  const json = JSON.stringify({ archsim: 1, components: { db: { kind: "database" } } });
  chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Open file…" }).click();
  await (
    await chooser
  ).setFiles({ name: `From JSON ${tag}.json`, mimeType: "application/json", buffer: Buffer.from(json) });
  await expect(page.getByRole("status")).toHaveText(`Imported “From JSON ${tag}”.`);
  const fromJson = (await listed(page)).find((d) => d.name === `From JSON ${tag}`)!;
  const stored = parseDesign(await savedText(page, fromJson.id));
  expect(stored.errors).toEqual([]);
  expect(stored.design?.components).toEqual(parseDesign(json).design?.components);

  // A broken design: the model's errors at line:col, and nothing created.
  const broken = `archsim: 1\nname: Broken ${tag}\ncomponents:\n  a:\n    kind: spaceship\n`;
  chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Open file…" }).click();
  await (
    await chooser
  ).setFiles({ name: `broken-${tag}.yaml`, mimeType: "application/yaml", buffer: Buffer.from(broken) });
  const problems = page.getByRole("alert").filter({ hasText: "1 file was not imported" });
  await expect(problems).toBeVisible();
  await expect(problems).toContainText(`broken-${tag}.yaml`);
  await expect(problems.locator(".as-designs-at").first()).toHaveText("5:11");
  await expect(problems).toContainText("components.a.kind");
  await expect(page.getByRole("status")).toHaveText("Nothing was imported: the file has problems.");
  expect((await listed(page)).some((d) => d.name === `Broken ${tag}`)).toBe(false);
  await expect(row(page, `Broken ${tag}`)).toHaveCount(0);

  // Over 5 MiB: refused before it is read or sent.
  const posts: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith("/api/designs")) posts.push(r.url());
  });
  const big = Buffer.alloc(5 * 1024 * 1024 + 1, "#");
  chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Open file…" }).click();
  await (await chooser).setFiles({ name: `big-${tag}.yaml`, mimeType: "application/yaml", buffer: big });
  await expect(problems).toContainText(
    `big-${tag}.yaml: the file is 5.0 MiB, over the 5 MiB limit (5,242,880 bytes); nothing was imported`,
  );
  expect(posts).toEqual([]);

  // A file dropped anywhere on the page is imported too.
  const dropped = `archsim: 1\nname: Dropped ${tag}\ncomponents: {}\n`;
  const transfer = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: "application/yaml" }));
      return dt;
    },
    { name: `dropped-${tag}.yml`, text: dropped },
  );
  await page.locator(".as-designs-list").dispatchEvent("dragover", { dataTransfer: transfer });
  await expect(page.locator(".as-designs-drop")).toBeVisible();
  await page.locator(".as-designs-list").dispatchEvent("drop", { dataTransfer: transfer });
  await expect(page.getByRole("status")).toHaveText(`Imported “Dropped ${tag}”.`);
  await expect(page.locator(".as-designs-drop")).toHaveCount(0);
  await expect(row(page, `Dropped ${tag}`)).toBeVisible();
});

async function downloaded(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test("exports the design as YAML (the text exactly), JSON (the design), PNG and SVG, from the keyboard too", async ({
  page,
}, info) => {
  const tag = uid();
  const text = `# exported with this comment\n${ECOMMERCE.replace("name: E-commerce order processing", `name: Shop Ünïcode/${tag}`)}`;
  const id = await storeDesign(page, text);
  await page.goto(`/designs/${id}`);
  await expect(page.getByTestId("design-canvas")).toHaveAttribute("data-ready", "true");
  await expect(page.locator(".react-flow__node")).toHaveCount(Object.keys(parseDesign(text).design!.components).length);
  const stem = `shop-unicode-${tag}`;

  const exportButton = page.getByRole("button", { name: "Export" });
  async function exportAs(item: RegExp): Promise<Download> {
    await exportButton.click();
    const waiting = page.waitForEvent("download");
    await page.getByRole("menuitem", { name: item }).click();
    return waiting;
  }

  const yaml = await exportAs(/^YAML/);
  expect(yaml.suggestedFilename()).toBe(`${stem}.yaml`);
  expect((await downloaded(yaml)).toString("utf8")).toBe(await savedText(page, id));

  const json = await exportAs(/^JSON/);
  expect(json.suggestedFilename()).toBe(`${stem}.json`);
  const data = JSON.parse((await downloaded(json)).toString("utf8")) as { name: string };
  expect(data.name).toBe(`Shop Ünïcode/${tag}`);
  expect(parseDesign(JSON.stringify(data)).design).toEqual(parseDesign(text).design);

  const png = await exportAs(/^PNG/);
  expect(png.suggestedFilename()).toBe(`${stem}.png`);
  const pngBytes = await downloaded(png);
  await png.saveAs(info.outputPath("export.png"));
  expect(pngBytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  // Width and height from the IHDR chunk: the whole design at twice the pixels, not an empty image.
  expect(pngBytes.readUInt32BE(16)).toBeGreaterThan(600);
  expect(pngBytes.readUInt32BE(20)).toBeGreaterThan(300);
  expect(pngBytes.length).toBeGreaterThan(20_000);

  const svg = await exportAs(/^SVG/);
  expect(svg.suggestedFilename()).toBe(`${stem}.svg`);
  const svgText = (await downloaded(svg)).toString("utf8");
  expect(svgText.startsWith("<svg")).toBe(true);
  expect(svgText).toContain('xmlns="http://www.w3.org/2000/svg"');
  // Every component is drawn, and the arrowheads' definitions came along.
  for (const label of ["order", "inventory", "payment"]) expect(svgText).toContain(label);
  expect(svgText).toContain('id="as-head-filled"');

  // The menu from the keyboard: ArrowDown opens on the first item, arrows move, Escape returns.
  await exportButton.focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: /^YAML/ })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: /^JSON/ })).toBeFocused();
  await page.keyboard.press("End");
  await expect(page.getByRole("menuitem", { name: /^Export code/ })).toBeFocused();
  await page.screenshot({ path: info.outputPath("export-menu.png"), clip: { x: 0, y: 0, width: 1440, height: 320 } });
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: /^YAML/ })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(exportButton).toBeFocused();
  await expect(exportButton).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: /^YAML/ })).toBeFocused();
  const byKeyboard = page.waitForEvent("download");
  await page.keyboard.press("Enter");
  expect((await downloaded(await byKeyboard)).toString("utf8")).toBe(await savedText(page, id));
});

test("the design list in light and dark themes, and on a 390 px phone; axe finds nothing serious", async ({
  page,
}, info) => {
  const tag = uid();
  await storeDesign(
    page,
    `archsim: 1\nname: "A long design name that has to wrap on a phone, ${tag}"\ncomponents: {}\n`,
  );
  await openList(page);
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    await page.screenshot({ path: info.outputPath(`designs-${theme}.png`), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  }
  await page.evaluate(() => delete document.documentElement.dataset.theme);

  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const rename = page.getByRole("button", { name: /^Rename A long design name/ });
  await expect(rename).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: info.outputPath("designs-390.png"), fullPage: true });
  await rename.click();
  await expect(page.getByRole("dialog", { name: "Rename design" })).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: info.outputPath("designs-390-rename.png") });
});
