import { describe, expect, it } from "vitest";
import { DesignApiClient } from "./design-api-client";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("DesignApiClient", () => {
  it("sends a save with If-Match and maps every answer to a result", async () => {
    const seen: { url: string; init?: RequestInit }[] = [];
    const answers = [
      json(200, { version: 4 }),
      json(409, { version: 5, yaml: "theirs" }),
      json(400, { errors: [{ line: 2, col: 3, path: "components", message: "bad" }] }),
      json(503, { errors: [{ line: 0, col: 0, path: "", message: "the store is locked" }] }),
    ];
    const client = new DesignApiClient(async (url, init) => {
      seen.push({ url, init });
      return answers.shift()!;
    });
    expect(await client.save("a b", "text", 3)).toEqual({ kind: "saved", version: 4 });
    expect(seen[0]!.url).toBe("/api/designs/a%20b");
    expect(seen[0]!.init!.method).toBe("PUT");
    expect((seen[0]!.init!.headers as Record<string, string>)["If-Match"]).toBe('"3"');
    expect(await client.save("a", "text", 3)).toEqual({ kind: "conflict", version: 5, yaml: "theirs" });
    expect(await client.save("a", "text", 3)).toEqual({
      kind: "invalid",
      errors: [{ line: 2, col: 3, path: "components", message: "bad" }],
    });
    expect(await client.save("a", "text", 3)).toEqual({ kind: "failed", status: 503, message: "the store is locked" });
  });

  it("reports an unreachable server as a failed save, and a missing design as null", async () => {
    const down = new DesignApiClient(async () => {
      throw new TypeError("fetch failed");
    });
    expect(await down.save("a", "t", 1)).toEqual({
      kind: "failed",
      status: 0,
      message: "the server cannot be reached (fetch failed)",
    });
    const client = new DesignApiClient(async () => json(404, { errors: [] }));
    expect(await client.get("x")).toBeNull();
  });

  it("creates from YAML or JSON with the matching Content-Type, and returns a refusal's errors", async () => {
    const seen: RequestInit[] = [];
    const answers = [
      json(201, { id: "abc", version: 1 }),
      json(201, { id: "def", version: 1 }),
      json(400, { errors: [{ line: 1, col: 10, path: "archsim", message: "unsupported" }] }),
      json(413, { errors: [{ line: 0, col: 0, path: "", message: "too large" }] }),
    ];
    const client = new DesignApiClient(async (_url, init) => {
      seen.push(init!);
      return answers.shift()!;
    });
    expect(await client.create("archsim: 1")).toEqual({ id: "abc", version: 1 });
    expect((seen[0]!.headers as Record<string, string>)["Content-Type"]).toBe("application/yaml");
    expect(await client.create('{"archsim":1}', "json")).toEqual({ id: "def", version: 1 });
    expect((seen[1]!.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
    expect(seen[1]!.body).toBe('{"archsim":1}');
    expect(await client.create("archsim: 2")).toEqual({
      errors: [{ line: 1, col: 10, path: "archsim", message: "unsupported" }],
    });
    expect(await client.create("x")).toEqual({ errors: [{ line: 0, col: 0, path: "", message: "too large" }] });
  });

  it("reads the examples from their own base, and throws an error's message", async () => {
    const urls: string[] = [];
    const answers = [
      json(200, [{ id: "shop", name: "Shop", description: "", components: 2 }]),
      json(200, { id: "shop", name: "Shop", yaml: "archsim: 1" }),
      json(404, { errors: [{ line: 0, col: 0, path: "", message: 'no example has the id "x y"' }] }),
    ];
    const client = new DesignApiClient(async (url) => {
      urls.push(url);
      return answers.shift()!;
    });
    expect(await client.listExamples()).toEqual([{ id: "shop", name: "Shop", description: "", components: 2 }]);
    expect(await client.getExample("shop")).toEqual({ id: "shop", name: "Shop", yaml: "archsim: 1" });
    await expect(client.getExample("x y")).rejects.toThrow('no example has the id "x y"');
    expect(urls).toEqual(["/api/examples", "/api/examples/shop", "/api/examples/x%20y"]);
  });
});
