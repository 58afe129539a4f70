import { describe, expect, it } from "vitest";
import { DIFF_CELL_LIMIT, diffLines } from "./line-diff";

const kinds = (d: ReturnType<typeof diffLines>) => d.map((l) => `${l.kind[0]} ${l.text}`);

describe("diffLines", () => {
  it("marks the lines that went and came, in order, keeping the common ones", () => {
    expect(kinds(diffLines("a\nb\nc\nd", "a\nc\nx\nd"))).toEqual(["s a", "r b", "s c", "a x", "s d"]);
  });

  it("gives identical texts as all same, and an empty before as all added", () => {
    expect(kinds(diffLines("a\nb", "a\nb"))).toEqual(["s a", "s b"]);
    expect(kinds(diffLines("", "x"))).toEqual(["r ", "a x"]);
  });

  it("rebuilds both texts: the same and removed lines are before, the same and added after", () => {
    const before = "archsim: 1\ncomponents:\n  a: { kind: cache }\n  b: { kind: cache }\nlayout: {}\n";
    const after = "archsim: 1\nname: X\ncomponents:\n  b: { kind: cache }\n  c: { kind: broker }\nlayout: {}\n";
    const d = diffLines(before, after);
    expect(
      d
        .filter((l) => l.kind !== "added")
        .map((l) => l.text)
        .join("\n"),
    ).toBe(before);
    expect(
      d
        .filter((l) => l.kind !== "removed")
        .map((l) => l.text)
        .join("\n"),
    ).toBe(after);
    expect(d.filter((l) => l.kind !== "same").length).toBe(3);
  });

  it("past the cell limit shows the changed middle as removed then added, still rebuilding both", () => {
    const n = Math.ceil(Math.sqrt(DIFF_CELL_LIMIT)) + 1;
    const before = ["head", ...Array.from({ length: n }, (_, i) => `x${i}`), "tail"].join("\n");
    const after = ["head", ...Array.from({ length: n }, (_, i) => `y${i}`), "tail"].join("\n");
    const d = diffLines(before, after);
    expect(d[0]).toEqual({ kind: "same", text: "head" });
    expect(d[1]).toEqual({ kind: "removed", text: "x0" });
    expect(d[n + 1]).toEqual({ kind: "added", text: "y0" });
    expect(d.at(-1)).toEqual({ kind: "same", text: "tail" });
  });
});
