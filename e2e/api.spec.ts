import { expect, test } from "@playwright/test";

/**
 * The designs API over HTTP, through the production server and its SQLite store (a folder of
 * its own for the run: ARCHSIM_DATA from playwright.config.ts). server/api/designs-api.test.ts
 * covers every status in detail; this proves the routes, the native SQLite addon in the
 * built server, and the headers, end to end.
 */
const SHOP = `# kept as written
archsim: 1
name: E2E shop
components:
  order: { kind: service, operations: { create: { work: 2ms } } }
`;

test("the designs API creates, reads, saves, refuses a stale save and deletes, over HTTP", async ({ request }) => {
  const list = await request.get("/api/designs");
  expect(list.status()).toBe(200);
  // A new store is seeded with the shipped examples, the e-commerce one first.
  const seeded = (await list.json()) as { name: string }[];
  expect(seeded.map((d) => d.name)).toContain("E-commerce order processing");

  const created = await request.post("/api/designs", { data: SHOP, headers: { "Content-Type": "application/yaml" } });
  expect(created.status()).toBe(201);
  const { id, version } = (await created.json()) as { id: string; version: number };
  expect(version).toBe(1);
  expect(created.headers()["x-content-type-options"]).toBe("nosniff");

  const got = await request.get(`/api/designs/${id}`);
  expect(got.status()).toBe(200);
  expect(((await got.json()) as { yaml: string }).yaml).toBe(SHOP);

  const [a, b] = await Promise.all([
    request.put(`/api/designs/${id}`, { data: SHOP.replace("E2E shop", "A"), headers: { "If-Match": '"1"' } }),
    request.put(`/api/designs/${id}`, { data: SHOP.replace("E2E shop", "B"), headers: { "If-Match": '"1"' } }),
  ]);
  expect([a.status(), b.status()].sort()).toEqual([200, 409]);
  const conflict = (await (a.status() === 409 ? a : b).json()) as { version: number; yaml: string };
  expect(conflict.version).toBe(2);

  const versions = await request.get(`/api/designs/${id}/versions`);
  expect(((await versions.json()) as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
  const v1 = await request.get(`/api/designs/${id}/versions/1`);
  expect(((await v1.json()) as { yaml: string }).yaml).toBe(SHOP);

  const invalid = await request.post("/api/designs", { data: "archsim: 1\ncomponents:\n  x: { kind: servise }\n" });
  expect(invalid.status()).toBe(400);
  const { errors } = (await invalid.json()) as { errors: { line: number; col: number; path: string }[] };
  expect(errors[0]).toMatchObject({ line: 3, path: "components.x.kind" });

  const big = await request.post("/api/designs", { data: "#".repeat(5 * 1024 * 1024 + 1) });
  expect(big.status()).toBe(413);
  expect((await request.put(`/api/designs/${id}`, { data: SHOP })).status()).toBe(428);
  expect((await request.get("/api/designs/unknown-id")).status()).toBe(404);

  expect((await request.delete(`/api/designs/${id}`)).status()).toBe(204);
  expect((await request.get(`/api/designs/${id}`)).status()).toBe(404);
});
