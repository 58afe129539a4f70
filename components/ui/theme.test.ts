import { describe, expect, it } from "vitest";
import { applyThemeChoice, nextThemeChoice, readThemeChoice, THEME_BOOT_SCRIPT, THEME_STORAGE_KEY } from "./theme";

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    map: m,
  };
}

function fakeRoot() {
  const attrs = new Map<string, string>();
  return {
    setAttribute: (k: string, v: string) => void attrs.set(k, v),
    removeAttribute: (k: string) => void attrs.delete(k),
    attrs,
  };
}

describe("theme choice", () => {
  it("reads light and dark, and anything else as system", () => {
    expect(readThemeChoice(memoryStorage({ [THEME_STORAGE_KEY]: "dark" }))).toBe("dark");
    expect(readThemeChoice(memoryStorage({ [THEME_STORAGE_KEY]: "light" }))).toBe("light");
    expect(readThemeChoice(memoryStorage({ [THEME_STORAGE_KEY]: "<b>" }))).toBe("system");
    expect(readThemeChoice(memoryStorage())).toBe("system");
    expect(readThemeChoice(null)).toBe("system");
    expect(
      readThemeChoice({
        getItem: () => {
          throw new Error("blocked");
        },
      }),
    ).toBe("system");
  });

  it("cycles system → light → dark → system", () => {
    expect(nextThemeChoice("system")).toBe("light");
    expect(nextThemeChoice("light")).toBe("dark");
    expect(nextThemeChoice("dark")).toBe("system");
  });

  it("applies a choice to the root and the storage; system removes both", () => {
    const root = fakeRoot();
    const storage = memoryStorage();
    applyThemeChoice("dark", root as unknown as HTMLElement, storage as unknown as Storage);
    expect(root.attrs.get("data-theme")).toBe("dark");
    expect(storage.map.get(THEME_STORAGE_KEY)).toBe("dark");
    applyThemeChoice("system", root as unknown as HTMLElement, storage as unknown as Storage);
    expect(root.attrs.has("data-theme")).toBe(false);
    expect(storage.map.has(THEME_STORAGE_KEY)).toBe(false);
  });

  it("the boot script applies a stored dark theme before React runs", () => {
    const root = fakeRoot();
    const storage = memoryStorage({ [THEME_STORAGE_KEY]: "dark" });
    new Function("localStorage", "document", THEME_BOOT_SCRIPT)(storage, { documentElement: root });
    expect(root.attrs.get("data-theme")).toBe("dark");
    const root2 = fakeRoot();
    new Function("localStorage", "document", THEME_BOOT_SCRIPT)(memoryStorage({ [THEME_STORAGE_KEY]: "x" }), {
      documentElement: root2,
    });
    expect(root2.attrs.has("data-theme")).toBe(false);
  });
});
