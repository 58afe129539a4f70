import { describe, expect, it } from "vitest";
import { clip, escapeText, listSome, quote } from "./quote";

describe("quote", () => {
  it("quotes plain text as it is", () => {
    expect(quote("order")).toBe('"order"');
    expect(quote("GET /orders/{id}")).toBe('"GET /orders/{id}"');
  });

  it("escapes what could forge a line or drive a terminal: newlines, ESC, BEL, quotes, backslashes", () => {
    expect(quote("a\nb: error")).toBe('"a\\nb: error"');
    expect(quote("\u001b]0;title\u0007")).toBe('"\\u001b]0;title\\u0007"');
    expect(quote('say "hi" \\ bye\r\t')).toBe('"say \\"hi\\" \\\\ bye\\r\\t"');
  });

  it("escapes C1 controls, DEL, line separators and bidirectional overrides, which JSON.stringify keeps", () => {
    expect(escapeText("\u0085\u009b\u007f\u2028\u2029\u202e\u2066\u200b\ufeff")).toBe(
      "\\u0085\\u009b\\u007f\\u2028\\u2029\\u202e\\u2066\\u200b\\ufeff",
    );
    expect(escapeText("é ü 日本 🙂")).toBe("é ü 日本 🙂");
  });

  it("cuts long text to 40 characters before escaping, and never halves a surrogate pair", () => {
    expect(quote("x".repeat(50))).toBe(`"${"x".repeat(37)}..."`);
    expect(clip(`${"x".repeat(36)}🙂${"y".repeat(10)}`)).toBe(`${"x".repeat(36)}...`);
    expect(listSome(["a\nb", "c"])).toBe("a\\nb, c");
  });
});
