import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../../model";
import { toDesignJson, toFileName } from "./export-files";

describe("toFileName", () => {
  it.each([
    ["E-commerce order processing", "yaml", "e-commerce-order-processing.yaml"],
    ["Ride hailing", "png", "ride-hailing.png"],
    ["Café Über-Straße", "json", "cafe-uber-strasse.json"],
    ["<b>Bold</b> & co", "svg", "b-bold-b-co.svg"],
    ["../../etc/passwd", "yaml", "etc-passwd.yaml"],
    ['a/b\\c:d*e?f"g<h>i|j', "yaml", "a-b-c-d-e-f-g-h-i-j.yaml"],
    [".hidden", "yaml", "hidden.yaml"],
    ["trailing dots...", "yaml", "trailing-dots.yaml"],
    ["v1.2_final", "json", "v1.2_final.json"],
    ["   ", "yaml", "design.yaml"],
    ["日本語", "png", "design.png"],
    ["", "svg", "design.svg"],
    [undefined, "yaml", "design.yaml"],
    ["CON", "yaml", "con-design.yaml"],
    ["lpt1", "json", "lpt1-design.json"],
    ["line\nbreak\ttab\u0000nul", "yaml", "line-break-tab-nul.yaml"],
  ] as const)("%j as %s is %j", (name, format, expected) => {
    expect(toFileName(name, format)).toBe(expected);
  });

  it("cuts a long name to 80 characters without a trailing separator", () => {
    const name = `${"a".repeat(79)} b c`;
    expect(toFileName(name, "yaml")).toBe(`${"a".repeat(79)}.yaml`);
    expect(toFileName("x".repeat(300), "png")).toBe(`${"x".repeat(80)}.png`);
  });
});

describe("toDesignJson", () => {
  it("writes the shipped e-commerce design as JSON that parses back to the same design", () => {
    const text = readFileSync(path.resolve("examples/ecommerce.yaml"), "utf8");
    const design = parseDesign(text).design!;
    const json = toDesignJson(design);
    expect(json.endsWith("}\n")).toBe(true);
    const data = JSON.parse(json) as { archsim: number; name: string; network: { latency: string } };
    expect(data.archsim).toBe(1);
    expect(data.name).toBe("E-commerce order processing");
    // The written form, not the normalized one: durations stay strings with units.
    expect(data.network.latency).toBe("0.5ms");
    const again = parseDesign(json);
    expect(again.errors).toEqual([]);
    expect(again.design).toEqual(design);
  });
});
