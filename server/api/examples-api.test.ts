import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ExampleSummary, ExampleText } from "../../model";
import { getExample, listExamples } from "./examples-api";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "archsim-examples-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const SHOP = `# a comment the answer keeps
archsim: 1
name: "  Shop  "
description: >
  Orders and
  payments.
components:
  order: { kind: service, operations: { create: { work: 2ms } } }
  db: { kind: database }
`;

function write(name: string, text: string): void {
  writeFileSync(path.join(dir, name), text);
}

async function errorOf(res: Response): Promise<string> {
  const body = (await res.json()) as { errors: { line: number; col: number; message: string }[] };
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]).toMatchObject({ line: 0, col: 0, path: "" });
  return body.errors[0]!.message;
}

describe("GET /api/examples", () => {
  it("lists the valid examples by id, with name, one-line description and component count", async () => {
    write("shop.yaml", SHOP);
    write("blank.yaml", "archsim: 1\ncomponents: {}\n");
    write("broken.yaml", "archsim: 2\ncomponents: {}\n");
    write("notes.txt", "not an example");
    write("Upper.yaml", SHOP);
    mkdirSync(path.join(dir, "nested.yaml"));
    const res = await listExamples(dir);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await res.json()) as ExampleSummary[]).toEqual([
      { id: "blank", name: "blank", description: "", components: 0 },
      { id: "shop", name: "Shop", description: "Orders and payments.", components: 2 },
    ]);
  });

  it("shortens a long description to 240 characters ending in an ellipsis", async () => {
    write("long.yaml", `archsim: 1\ndescription: "${"word ".repeat(100)}"\ncomponents: {}\n`);
    const [ex] = (await (await listExamples(dir)).json()) as ExampleSummary[];
    expect(ex!.description).toHaveLength(240);
    expect(ex!.description.endsWith("word…")).toBe(true);
  });

  it("answers an empty list when there is no examples folder", async () => {
    const res = await listExamples(path.join(dir, "missing"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });

  it("answers 500 as JSON, without the error's details, when the folder cannot be read", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    write("file", "x");
    const res = await listExamples(path.join(dir, "file"));
    expect(res.status).toBe(500);
    const message = await errorOf(res);
    expect(message).toBe("the server failed to read the examples; it is logged on the server");
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it("lists the shipped examples from the default folder, e-commerce included", async () => {
    const list = (await (await listExamples()).json()) as ExampleSummary[];
    expect(list.map((e) => e.id)).toEqual(expect.arrayContaining(["ecommerce", "minimal"]));
    expect(list.find((e) => e.id === "ecommerce")?.name).toBe("E-commerce order processing");
  });
});

describe("GET /api/examples/{id}", () => {
  it("answers the example's text exactly, comments included, with its trimmed name", async () => {
    write("shop.yaml", SHOP);
    const res = await getExample("shop", dir);
    expect(res.status).toBe(200);
    expect((await res.json()) as ExampleText).toEqual({ id: "shop", name: "Shop", yaml: SHOP });
  });

  it("answers the shipped e-commerce example byte for byte", async () => {
    const body = (await (await getExample("ecommerce")).json()) as ExampleText;
    expect(body.yaml).toBe(readFileSync(path.resolve("examples/ecommerce.yaml"), "utf8"));
  });

  it.each(["../package", "shop.yaml", "Shop", "", "a/b", "%2e%2e"])("answers 404 for the id %j", async (id) => {
    write("shop.yaml", SHOP);
    const res = await getExample(id, dir);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toBe(`no example has the id ${JSON.stringify(id)}`);
  });

  it("answers 404 for an example that does not exist or that the model refuses", async () => {
    write("broken.yaml", "archsim: 2\ncomponents: {}\n");
    mkdirSync(path.join(dir, "folder.yaml"));
    expect((await getExample("missing", dir)).status).toBe(404);
    expect((await getExample("folder", dir)).status).toBe(404);
    const res = await getExample("broken", dir);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toBe('no example has the id "broken"');
  });
});
