/** What the specs share: designs of their own through the API (specs run in parallel). */
import { expect, type Page } from "@playwright/test";

/** Stores `text` (YAML or JSON) as a new design through the API; returns its id. */
export async function storeDesign(page: Page, text: string): Promise<string> {
  const res = await page.request.post("/api/designs", { data: text, headers: { "Content-Type": "application/yaml" } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The design's text as last saved. */
export async function savedText(page: Page, id: string): Promise<string> {
  return ((await (await page.request.get(`/api/designs/${id}`)).json()) as { yaml: string }).yaml;
}
