import { describe, expect, it } from "vitest";
import { isExampleId, listExampleIds, loadExampleDesign } from "./examples";

describe("loadExampleDesign", () => {
  it("loads and parses a shipped example", async () => {
    const { design, errors } = await loadExampleDesign("ecommerce");
    expect(errors).toEqual([]);
    expect(design?.name).toBe("E-commerce order processing");
  });

  it.each([
    "../package",
    "..",
    "a/b",
    "ecommerce.yaml",
    "/etc/passwd",
    "Ecommerce",
    "",
    "eco\u0000mmerce",
    "-x",
    "a".repeat(64),
  ])("refuses %j before reading", async (name) => {
    expect(isExampleId(name)).toBe(false);
    await expect(loadExampleDesign(name)).rejects.toThrow(/not an example id/);
  });

  it("lists the examples, ecommerce included", async () => {
    expect(await listExampleIds()).toContain("ecommerce");
  });
});
