import { describe, expect, it } from "vitest";
import { APT_INSTALL, decideChromium, SYSTEM_CHROMIUM, type ChromiumFacts } from "./preflight.mjs";

/** A machine: which files are executables, who runs, whether apt-get is there. */
function machine(over: Partial<ChromiumFacts> & { executables?: string[] } = {}): ChromiumFacts {
  const executables = new Set(over.executables ?? []);
  return {
    envPath: undefined,
    isExecutable: (f) => executables.has(f),
    isRoot: false,
    hasAptGet: true,
    getPlaywrightChromium: () => undefined,
    ...over,
  };
}

describe("decideChromium", () => {
  it("uses PLAYWRIGHT_CHROMIUM_PATH first, and stops at once if it is not an executable", () => {
    expect(decideChromium(machine({ envPath: "/opt/chrome", executables: ["/opt/chrome", SYSTEM_CHROMIUM] }))).toEqual({
      action: "use",
      path: "/opt/chrome",
      source: "PLAYWRIGHT_CHROMIUM_PATH",
    });
    const d = decideChromium(machine({ envPath: "/nope", executables: [SYSTEM_CHROMIUM], isRoot: true }));
    expect(d).toMatchObject({ action: "stop" });
    expect(d.action === "stop" && d.message).toMatch(/PLAYWRIGHT_CHROMIUM_PATH is \/nope, which is not an executable/);
  });

  it("then Debian's /usr/bin/chromium, then Playwright's own build", () => {
    expect(decideChromium(machine({ executables: [SYSTEM_CHROMIUM, "/pw/chrome"] }))).toMatchObject({
      action: "use",
      path: SYSTEM_CHROMIUM,
    });
    expect(
      decideChromium(machine({ executables: ["/pw/chrome"], getPlaywrightChromium: () => "/pw/chrome" })),
    ).toMatchObject({ action: "use", path: "/pw/chrome" });
  });

  it("installs Debian's chromium when it can: root with apt-get", () => {
    expect(decideChromium(machine({ isRoot: true, hasAptGet: true }))).toEqual({
      action: "install",
      commands: [["apt-get", "update"], APT_INSTALL],
    });
    expect(APT_INSTALL).toEqual(["apt-get", "install", "-y", "--no-install-recommends", "chromium"]);
  });

  it("otherwise stops with the one command to run", () => {
    const notRoot = decideChromium(machine({ isRoot: false, hasAptGet: true }));
    expect(notRoot.action === "stop" && notRoot.message).toContain(
      "sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium",
    );
    const noApt = decideChromium(machine({ isRoot: true, hasAptGet: false }));
    expect(noApt.action === "stop" && noApt.message).toContain("export PLAYWRIGHT_CHROMIUM_PATH=/path/to/chromium");
  });
});
