import { describe, expect, it } from "vitest";
import { getEditorTheme } from "./editor-theme";

describe("getEditorTheme", () => {
  it("follows data-theme when it is light or dark, whatever the system prefers", () => {
    expect(getEditorTheme("dark", false)).toBe("vs-dark");
    expect(getEditorTheme("light", true)).toBe("vs");
  });

  it("follows the system's preference without the attribute or with another value", () => {
    expect(getEditorTheme(null, true)).toBe("vs-dark");
    expect(getEditorTheme(null, false)).toBe("vs");
    expect(getEditorTheme(undefined, true)).toBe("vs-dark");
    expect(getEditorTheme("system", false)).toBe("vs");
  });
});
