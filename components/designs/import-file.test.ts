import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_DESIGN_BYTES } from "../../model";
import { checkImportFile, checkImportText, formatBytes, getImportFormat } from "./import-file";

describe("getImportFormat", () => {
  it.each([
    ["shop.yaml", "yaml"],
    ["shop.YML", "yaml"],
    ["a.b.json", "json"],
    ["Shop.JSON", "json"],
    ["shop.txt", null],
    ["yaml", null],
    ["shop.yaml.zip", null],
    ["shop.jsonl", null],
  ] as const)("%s is %s", (name, format) => {
    expect(getImportFormat(name)).toBe(format);
  });
});

describe("checkImportFile", () => {
  it("lets a design file up to the limit be read", () => {
    expect(checkImportFile({ name: "shop.yaml", size: 120 })).toBeNull();
    expect(checkImportFile({ name: "shop.json", size: MAX_DESIGN_BYTES })).toBeNull();
  });

  it("refuses a file over 5 MiB before reading it, saying its size and the limit", () => {
    expect(checkImportFile({ name: "big.yaml", size: MAX_DESIGN_BYTES + 1 })).toBe(
      "the file is 5.0 MiB, over the 5 MiB limit (5,242,880 bytes); nothing was imported",
    );
    expect(checkImportFile({ name: "big.json", size: 12 * 1024 * 1024 })).toBe(
      "the file is 12 MiB, over the 5 MiB limit (5,242,880 bytes); nothing was imported",
    );
  });

  it("refuses other kinds of file and an empty file", () => {
    expect(checkImportFile({ name: "notes.txt", size: 10 })).toMatch(/^only \.yaml, \.yml and \.json design files/);
    expect(checkImportFile({ name: "empty.yaml", size: 0 })).toBe("the file is empty");
  });
});

describe("checkImportText", () => {
  it("accepts a valid YAML design with its name, keeping the text as it is", () => {
    const text = readFileSync(path.resolve("examples/minimal.yaml"), "utf8");
    expect(checkImportText("minimal.yaml", text)).toEqual({ ok: true, format: "yaml", text, name: "Hello service" });
  });

  it("accepts a JSON design as it is", () => {
    const text = '{ "archsim": 1, "name": "J", "components": {} }';
    expect(checkImportText("j.json", text)).toEqual({ ok: true, format: "json", text, name: "J" });
  });

  it("names an unnamed design after its file, adding only that", () => {
    const check = checkImportText("My system.json", '{ "archsim": 1, "components": {} }');
    if (!check.ok) throw new Error(check.errors[0]!.message);
    expect(check).toMatchObject({ format: "json", name: "My system" });
    expect(JSON.parse(check.text)).toEqual({ archsim: 1, components: {}, name: "My system" });
    const yaml = checkImportText("plain.yml", "# mine\narchsim: 1\ncomponents: {}\n");
    expect(yaml).toEqual({
      ok: true,
      format: "yaml",
      text: "# mine\narchsim: 1\ncomponents: {}\nname: plain\n",
      name: "plain",
    });
  });

  it("refuses a broken design with every error of the model at its line and column", () => {
    const text = "archsim: 1\nname: Broken\ncomponents:\n  a: { kind: service }\n  b: { kind: spaceship }\n";
    const check = checkImportText("broken.yaml", text);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.length).toBeGreaterThanOrEqual(2);
    for (const e of check.errors) {
      expect(e.line).toBeGreaterThanOrEqual(4);
      expect(e.col).toBeGreaterThan(0);
    }
    expect(check.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["components.b.kind"]));
  });

  it("refuses the shipped broken example", () => {
    const text = readFileSync(path.resolve("examples/broken/broken.yaml"), "utf8");
    const check = checkImportText("broken.yaml", text);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors[0]!.line).toBeGreaterThan(0);
  });

  it("refuses malformed JSON at its position, and binary data", () => {
    const check = checkImportText("x.json", '{ "archsim": 1,\n  "components": {\n}');
    expect(check).toMatchObject({ ok: false, errors: [{ line: expect.any(Number), col: expect.any(Number) }] });
    if (!check.ok) expect(check.errors[0]!.line).toBeGreaterThanOrEqual(1);
    const binary = checkImportText("x.yaml", "archsim: 1\n\u0000\u0001");
    expect(binary).toMatchObject({
      ok: false,
      errors: [{ line: 2, col: 1, message: "this is binary data, not a YAML or JSON design" }],
    });
  });

  it("refuses a file name that is not a design file", () => {
    expect(checkImportText("x.txt", "archsim: 1\ncomponents: {}\n")).toMatchObject({
      ok: false,
      errors: [{ line: 0, col: 0, message: expect.stringMatching(/^only \.yaml/) }],
    });
  });
});

describe("formatBytes", () => {
  it.each([
    [1, "1 byte"],
    [512, "512 bytes"],
    [2048, "2 KiB"],
    [5 * 1024 * 1024, "5 MiB"],
    [6.25 * 1024 * 1024, "6.3 MiB"],
  ])("%d is %s", (n, s) => {
    expect(formatBytes(n)).toBe(s);
  });
});
