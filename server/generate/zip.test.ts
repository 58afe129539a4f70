import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateRepo } from "../../generators";
import { parseDesign } from "../../model";
import { getDesignCode } from "../api/designs-api";
import { DesignStore } from "../store/design-store";
import { unzipToText, zipFileMap } from "./zip";

const ECOMMERCE = readFileSync(path.join(import.meta.dirname, "../../examples/ecommerce.yaml"), "utf8");
const files = generateRepo(parseDesign(ECOMMERCE).design!);

describe("zipFileMap", () => {
  it("holds exactly the file map: the same paths in its order, the same bytes", () => {
    const unzipped = unzipToText(zipFileMap(files));
    expect([...unzipped.keys()]).toEqual([...files.keys()]);
    for (const [p, f] of files) expect(unzipped.get(p), p).toBe(f.content);
  });

  it("is deterministic: the same design gives a byte-identical zip", () => {
    const again = zipFileMap(generateRepo(parseDesign(ECOMMERCE).design!));
    expect(Buffer.from(again).equals(Buffer.from(zipFileMap(files)))).toBe(true);
  });
});

describe("GET /api/designs/{id}/code.zip", () => {
  let dir: string;
  let store: DesignStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "archsim-zip-"));
    store = DesignStore.open(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the stored design's repository as a zip named after it", async () => {
    const { id } = store.create(ECOMMERCE, "E-commerce shop");
    const res = await getDesignCode(store, id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="E-commerce-shop-code.zip"');
    const unzipped = unzipToText(new Uint8Array(await res.arrayBuffer()));
    expect([...unzipped.keys()]).toEqual([...files.keys()]);
  });

  it("answers 422 with the model's errors for a design that has errors", async () => {
    const bad = "archsim: 1\nname: Bad\ncomponents:\n  a: { kind: nonsense }\n";
    const { id } = store.create(bad, "Bad");
    const res = await getDesignCode(store, id);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { message: string }[] };
    const expected = parseDesign(bad).errors.map((e) => e.message);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.errors.map((e) => e.message)).toEqual(expected);
  });

  it("answers 404 for an unknown id", async () => {
    const res = await getDesignCode(store, "d_doesnotexist0000");
    expect(res.status).toBe(404);
  });
});
