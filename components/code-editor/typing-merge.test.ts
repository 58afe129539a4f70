import { describe, expect, it } from "vitest";
import { getTextEdit, rebaseEdit, type TextEdit } from "./typing-merge";

const apply = (text: string, e: TextEdit | null) => (e ? text.slice(0, e.from) + e.insert + text.slice(e.to) : text);

describe("getTextEdit", () => {
  it("is the one region that differs", () => {
    expect(getTextEdit("abcdef", "abXYef")).toEqual({ from: 2, to: 4, insert: "XY" });
    expect(getTextEdit("abc", "abc")).toBeNull();
    expect(getTextEdit("abc", "abcd")).toEqual({ from: 3, to: 3, insert: "d" });
    expect(getTextEdit("abcd", "ad")).toEqual({ from: 1, to: 3, insert: "" });
  });
});

describe("rebaseEdit", () => {
  const base = "components:\n  api:\n    kind: service\n";
  const typed = base.replace("    kind: service\n", "    kind: service\n    replicas: 3\n");

  it("keeps my typing below a change made above it", () => {
    const theirs = base.replace("components:\n", "name: Shop\ncomponents:\n");
    const merged = apply(typed, rebaseEdit(base, typed, theirs));
    expect(merged).toBe("name: Shop\ncomponents:\n  api:\n    kind: service\n    replicas: 3\n");
  });

  it("keeps my typing above a change made below it", () => {
    const theirs = base + "  cache:\n    kind: cache\n";
    const merged = apply(typed, rebaseEdit(base, typed, theirs));
    expect(merged).toBe("components:\n  api:\n    kind: service\n    replicas: 3\n  cache:\n    kind: cache\n");
  });

  it("keeps mine alone when both change the same characters", () => {
    expect(rebaseEdit("kind: service\n", "kind: database\n", "kind: cache\n")).toBeNull();
    expect(rebaseEdit("abc", "aXc", "aYc")).toBeNull();
  });

  it("puts theirs after mine when both insert at the same point", () => {
    expect(apply("aXb", rebaseEdit("ab", "aXb", "aYb"))).toBe("aXYb");
  });

  it("is theirs when I typed nothing, and nothing when they changed nothing", () => {
    expect(rebaseEdit("ab", "ab", "aYb")).toEqual({ from: 1, to: 1, insert: "Y" });
    expect(rebaseEdit("ab", "aXb", "ab")).toBeNull();
  });

  it("shifts theirs by what my edit added or removed before it", () => {
    expect(apply("0ABCDE3456789", rebaseEdit("0123456789", "0ABCDE3456789", "01234567X9"))).toBe("0ABCDE34567X9");
    expect(apply("0456789", rebaseEdit("0123456789", "0456789", "012345678"))).toBe("045678");
  });
});
