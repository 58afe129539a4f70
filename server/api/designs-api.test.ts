import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseDesign } from "../../model";
import { DesignStore, STORE_FILE } from "../store/design-store";
import {
  createDesign,
  deleteDesign,
  getDesign,
  getVersion,
  listDesigns,
  listVersions,
  updateDesign,
  withStore,
} from "./designs-api";

let dir: string;
let store: DesignStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "archsim-api-"));
  store = DesignStore.open(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const SHOP = `# The shop, with a comment the store must keep
archsim: 1
name: Shop
components:
  order:   # aligned on purpose
    kind: service
    operations: { create: { work: 2ms } }
`;

function req(method: string, body?: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/designs", { method, body, headers, duplex: "half" } as RequestInit);
}

async function create(text = SHOP): Promise<string> {
  const res = await createDesign(store, req("POST", text, { "Content-Type": "application/yaml" }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function put(id: string, text: string, ifMatch?: string): Promise<Response> {
  return updateDesign(store, id, req("PUT", text, ifMatch === undefined ? {} : { "If-Match": ifMatch }));
}

describe("designs API", () => {
  it("POST stores a YAML design as sent and answers 201 with its id and version 1", async () => {
    const res = await createDesign(store, req("POST", SHOP));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; version: number };
    expect(body).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/), version: 1 });
    expect(res.headers.get("location")).toBe(`/api/designs/${body.id}`);
    const got = await getDesign(store, body.id);
    expect(got.status).toBe(200);
    expect(got.headers.get("etag")).toBe('"1"');
    expect(await got.json()).toEqual({
      id: body.id,
      name: "Shop",
      version: 1,
      updatedAt: expect.any(String),
      yaml: SHOP,
    });
  });

  it("POST of a JSON design keeps it as the same design in YAML", async () => {
    const json = JSON.stringify({
      archsim: 1,
      name: "J",
      components: { a: { kind: "service", operations: { op: { work: "2ms" } } } },
    });
    const res = await createDesign(store, req("POST", json, { "Content-Type": "application/json" }));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const { yaml } = (await (await getDesign(store, id)).json()) as { yaml: string };
    expect(yaml).not.toContain('{"');
    expect(parseDesign(yaml).design).toEqual(parseDesign(json).design);
  });

  it("GET /api/designs lists every design, most recently updated first", async () => {
    const a = await create();
    const b = await create(SHOP.replace("name: Shop", "name: Other"));
    const res = await listDesigns(store);
    expect(res.status).toBe(200);
    const list = (await res.json()) as { id: string; name: string; version: number; updatedAt: string }[];
    expect(list.map((d) => d.id).sort()).toEqual([a, b].sort());
    expect(Object.keys(list[0]!).sort()).toEqual(["id", "name", "updatedAt", "version"]);
  });

  it("400 with the model's errors at their line and column for an invalid design, and nothing stored", async () => {
    const broken = "archsim: 1\ncomponents:\n  order:\n    kind: servise\n";
    const res = await createDesign(store, req("POST", broken));
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: { line: number; col: number; path: string; message: string }[] };
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toEqual({
      line: 4,
      col: 11,
      path: "components.order.kind",
      message: expect.stringContaining("servise"),
    });
    expect(store.list()).toEqual([]);
  });

  it("400 for an empty body and for bytes that are not UTF-8", async () => {
    const empty = await createDesign(store, req("POST", "  \n"));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/body is empty/);
    const latin1 = await createDesign(store, req("POST", new Uint8Array([0x61, 0xe9, 0x0a])));
    expect(latin1.status).toBe(400);
    expect(((await latin1.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/not UTF-8/);
  });

  it("413 for a body over 5 MiB, counted as it streams in even without a Content-Length", async () => {
    const big = "#".repeat(5 * 1024 * 1024 + 1);
    const declared = await createDesign(store, req("POST", big, { "Content-Length": String(big.length) }));
    expect(declared.status).toBe(413);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent > 6 * 1024 * 1024) return c.close();
        sent += 64 * 1024;
        c.enqueue(new Uint8Array(64 * 1024).fill(0x23));
      },
    });
    const streamed = await createDesign(store, req("POST", stream));
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/5 MiB limit/);
    // It stopped reading right after the limit, not at the end of the stream.
    expect(sent).toBeLessThanOrEqual(5 * 1024 * 1024 + 128 * 1024);
    expect(store.list()).toEqual([]);
  });

  it("404 for an unknown id and for one that is not an id, with the id quoted", async () => {
    const res = await getDesign(store, "AAAAAAAAAAAA");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      errors: [{ line: 0, col: 0, path: "", message: 'no design has the id "AAAAAAAAAAAA"' }],
    });
    const hostile = await getDesign(store, "../../etc/passwd\u001b[2J");
    expect(hostile.status).toBe(404);
    expect(((await hostile.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(
      'no design has the id "../../etc/passwd\\u001b[2J"',
    );
    expect((await deleteDesign(store, "nope")).status).toBe(404);
    expect((await listVersions(store, "nope")).status).toBe(404);
    expect((await getVersion(store, "nope", "1")).status).toBe(404);
    expect((await put("nope", SHOP, '"1"')).status).toBe(404);
  });

  it("PUT with If-Match of the current version saves the next version: 200", async () => {
    const id = await create();
    const edited = SHOP.replace("work: 2ms", "work: 3ms");
    const res = await put(id, edited, '"1"');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: 2 });
    expect(res.headers.get("etag")).toBe('"2"');
    expect(((await (await getDesign(store, id)).json()) as { yaml: string }).yaml).toBe(edited);
    // A bare number works as well as an entity tag.
    expect((await put(id, SHOP, "2")).status).toBe(200);
  });

  it("PUT based on a stale version: 409 with the current version and text; nothing overwritten", async () => {
    const id = await create();
    const mine = SHOP.replace("Shop", "Mine");
    expect((await put(id, mine, '"1"')).status).toBe(200);
    const res = await put(id, SHOP.replace("Shop", "Theirs"), '"1"');
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ version: 2, yaml: mine });
    expect(store.versions(id)!.length).toBe(2);
  });

  it("two concurrent saves based on one version end in one new version and one 409", async () => {
    const id = await create();
    const [a, b] = await Promise.all([
      put(id, SHOP.replace("Shop", "A"), '"1"'),
      put(id, SHOP.replace("Shop", "B"), '"1"'),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? "A" : "B";
    const conflict = (await (a.status === 409 ? a : b).json()) as { version: number; yaml: string };
    expect(conflict).toEqual({ version: 2, yaml: SHOP.replace("Shop", winner) });
    expect(store.versions(id)!.map((v) => v.version)).toEqual([2, 1]);
  });

  it("PUT without If-Match: 428; with a malformed one: 400; with an invalid design: 400, unchanged", async () => {
    const id = await create();
    const missing = await put(id, SHOP);
    expect(missing.status).toBe(428);
    expect(((await missing.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/If-Match/);
    expect((await put(id, SHOP, "latest")).status).toBe(400);
    expect((await put(id, SHOP, '"0"')).status).toBe(400);
    expect((await put(id, SHOP, '"1')).status).toBe(400);
    const invalid = await put(id, "archsim: 2\n", '"1"');
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: { line: number }[] }).errors[0]!.line).toBe(1);
    expect(store.get(id)!.version).toBe(1);
  });

  it("versions: the list newest first, one version's text, 404 past the last, 400 for a non-number", async () => {
    const id = await create();
    await put(id, SHOP.replace("Shop", "Two"), '"1"');
    const list = await listVersions(store, id);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { version: number; name: string }[]).map((v) => [v.version, v.name])).toEqual([
      [2, "Two"],
      [1, "Shop"],
    ]);
    const first = await getVersion(store, id, "1");
    expect(first.status).toBe(200);
    expect(((await first.json()) as { yaml: string }).yaml).toBe(SHOP);
    expect((await getVersion(store, id, "3")).status).toBe(404);
    expect((await getVersion(store, id, "one")).status).toBe(400);
    expect((await getVersion(store, id, "1.5")).status).toBe(400);
    expect((await getVersion(store, id, "1e0")).status).toBe(400);
    expect((await getVersion(store, id, "0x1")).status).toBe(400);
  });

  it("DELETE: 204, then the design and its versions are gone (404)", async () => {
    const id = await create();
    const res = await deleteDesign(store, id);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect((await getDesign(store, id)).status).toBe(404);
    expect((await listVersions(store, id)).status).toBe(404);
  });

  it("a store that cannot be opened answers 503 with why; an unexpected failure 500, neither with a stack", async () => {
    const bad = mkdtempSync(path.join(tmpdir(), "archsim-bad-"));
    try {
      writeFileSync(path.join(bad, STORE_FILE), "not a database ".repeat(100));
      const res = await withStore(
        () => DesignStore.open(bad),
        (s) => listDesigns(s),
      );
      expect(res.status).toBe(503);
      const message = ((await res.json()) as { errors: { message: string }[] }).errors[0]!.message;
      expect(message).toMatch(/not a readable SQLite database/);
      expect(message).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await withStore(
      () => store,
      () => Promise.reject(new Error("boom at secret/path.ts:12")),
    );
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("boom");
    expect(text).not.toContain("secret");
    expect(log).toHaveBeenCalledOnce();
    log.mockRestore();
  });
});
