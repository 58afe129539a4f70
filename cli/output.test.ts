import { describe, expect, it } from "vitest";
import { escapeControl } from "./output";

describe("escapeControl", () => {
  it("escapes what a terminal obeys: ESC sequences, BEL, newlines, CR, DEL, C1, bidi overrides", () => {
    expect(escapeControl("a\u001b]0;title\u0007b")).toBe("a\\u001b]0;title\\u0007b");
    expect(escapeControl("x\nfile.yaml:1:1: forged\r\t")).toBe("x\\nfile.yaml:1:1: forged\\r\\t");
    expect(escapeControl("\u007f\u009b\u202e\u2028\u0000")).toBe("\\u007f\\u009b\\u202e\\u2028\\u0000");
  });

  it("leaves printable text alone, including non-ASCII and a literal backslash", () => {
    const text = 'service "inventori" does not exist (did you mean "inventory"?) — ±95% «é» 日本 \\n';
    expect(escapeControl(text)).toBe(text);
  });
});
