import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../../model";
import { blankDesignText, copyName, formatRelativeTime, formatUtc, setDesignName } from "./design-names";

describe("blankDesignText", () => {
  it("is the smallest valid design, named", () => {
    expect(blankDesignText()).toBe("archsim: 1\nname: Untitled design\ncomponents: {}\n");
    const { design, errors, warnings } = parseDesign(blankDesignText());
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(design?.name).toBe("Untitled design");
    expect(design?.components).toEqual({});
  });

  it("quotes a name YAML would read as something else", () => {
    expect(blankDesignText("123")).toBe('archsim: 1\nname: "123"\ncomponents: {}\n');
    expect(parseDesign(blankDesignText("a: b # c")).design?.name).toBe("a: b # c");
  });
});

describe("setDesignName", () => {
  it("changes only the name line, keeping its comment and every other line", () => {
    const text = "# ours\narchsim: 1\nname:   Shop   # the shop\ncomponents:  {}   # none yet\n";
    expect(setDesignName(text, "Store")).toEqual({
      text: "# ours\narchsim: 1\nname:   Store   # the shop\ncomponents:  {}   # none yet\n",
    });
  });

  it("keeps the shipped e-commerce example byte for byte except its name", () => {
    const text = readFileSync(path.resolve("examples/ecommerce.yaml"), "utf8");
    const out = setDesignName(text, "Shop <b>bold</b> & co");
    if (!("text" in out)) throw new Error(out.error);
    const before = text.split("\n");
    const after = out.text.split("\n");
    expect(after).toHaveLength(before.length);
    const changed = after.map((l, i) => (l === before[i] ? null : i)).filter((i) => i !== null);
    expect(changed).toHaveLength(1);
    expect(after[changed[0]!]).toBe("name: Shop <b>bold</b> & co");
    expect(parseDesign(out.text).design?.name).toBe("Shop <b>bold</b> & co");
  });

  it("adds a name to a design that has none", () => {
    const out = setDesignName("archsim: 1\ncomponents: {}\n", "Named");
    expect(out).toEqual({ text: "archsim: 1\ncomponents: {}\nname: Named\n" });
  });

  it("trims the name and folds runs of white space (a name is one line)", () => {
    const out = setDesignName("archsim: 1\nname: A\ncomponents: {}\n", "  two\n  words\t ");
    expect(out).toEqual({ text: "archsim: 1\nname: two words\ncomponents: {}\n" });
  });

  it("edits a design stored as JSON text in place", () => {
    const out = setDesignName('{"archsim": 1, "name": "J", "components": {}}', 'K "quoted"');
    if (!("text" in out)) throw new Error(out.error);
    expect(parseDesign(out.text).design?.name).toBe('K "quoted"');
  });

  it.each([
    ["", "a design needs a name"],
    [" \t ", "a design needs a name"],
    ["x".repeat(201), "a name has at most 200 characters"],
  ])("refuses %j: %s", (name, error) => {
    expect(setDesignName("archsim: 1\nname: A\ncomponents: {}\n", name)).toEqual({ error });
  });

  it("accepts a name of exactly 200 characters", () => {
    expect("text" in setDesignName("archsim: 1\nname: A\ncomponents: {}\n", "x".repeat(200))).toBe(true);
  });

  it("refuses a text that is not YAML or that the model refuses, saying where", () => {
    expect(setDesignName("archsim: 1\nname: [\n", "B")).toEqual({
      error: expect.stringMatching(/^the YAML must be fixed first/),
    });
    expect(setDesignName("archsim: 2\nname: A\ncomponents: {}\n", "B")).toEqual({
      error: expect.stringMatching(/^the design has errors: 1:10 unsupported format version 2/),
    });
  });
});

describe("copyName", () => {
  it("adds (copy), then counts up past the names taken", () => {
    expect(copyName("Shop", [])).toBe("Shop (copy)");
    expect(copyName("Shop", ["Shop", "Shop (copy)"])).toBe("Shop (copy 2)");
    expect(copyName("Shop", ["Shop (copy)", "Shop (copy 2)", "Shop (copy 4)"])).toBe("Shop (copy 3)");
  });

  it("counts a copy of a copy from the original's name", () => {
    expect(copyName("Shop (copy)", ["Shop", "Shop (copy)"])).toBe("Shop (copy 2)");
    expect(copyName("Shop (copy 7)", ["Shop (copy)"])).toBe("Shop (copy 2)");
  });

  it("stays within the 200-character limit and names an empty name", () => {
    const long = copyName("x".repeat(200), ["x".repeat(188) + " (copy)"]);
    expect(long).toBe(`${"x".repeat(188)} (copy 2)`);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(copyName("   ", [])).toBe("Untitled design (copy)");
  });
});

describe("formatRelativeTime", () => {
  const now = Date.parse("2026-11-30T12:00:00.000Z");
  it.each([
    ["2026-11-30T12:00:00.000Z", "just now"],
    ["2026-11-30T11:59:16.000Z", "just now"],
    ["2026-11-30T11:59:15.000Z", "1 minute ago"],
    ["2026-11-30T11:58:59.000Z", "1 minute ago"],
    ["2026-11-30T11:55:00.000Z", "5 minutes ago"],
    ["2026-11-30T11:00:00.000Z", "1 hour ago"],
    ["2026-11-30T09:30:00.000Z", "2 hours ago"],
    ["2026-11-29T11:00:00.000Z", "yesterday"],
    ["2026-11-27T12:00:00.000Z", "3 days ago"],
    ["2026-11-16T12:00:00.000Z", "2 weeks ago"],
    ["2026-09-30T12:00:00.000Z", "2 months ago"],
    ["2024-11-30T12:00:00.000Z", "2 years ago"],
    ["2026-11-30T12:05:00.000Z", "just now"],
    ["not a date", "at an unknown time"],
  ])("%s is %j", (iso, expected) => {
    expect(formatRelativeTime(iso, now)).toBe(expected);
  });
});

describe("formatUtc", () => {
  it("prints minutes in UTC, the same everywhere", () => {
    expect(formatUtc("2026-11-30T05:03:14.123Z")).toBe("2026-11-30 05:03 UTC");
    expect(formatUtc("nonsense")).toBe("nonsense");
  });
});
