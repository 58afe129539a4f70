import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDesign } from "../model";
import { FileMapBuilder, getPorts, toSafePath } from ".";

describe("toSafePath", () => {
  it("keeps a relative POSIX path", () => {
    expect(toSafePath("services/order/src/main.ts")).toBe("services/order/src/main.ts");
    expect(toSafePath(".env.example")).toBe(".env.example");
    expect(toSafePath("packages/@app/runtime/package.json")).toBe("packages/@app/runtime/package.json");
  });
  it.each([
    ["", "1 to 240"],
    ["../etc/passwd", '"." or ".."'],
    ["services/../../x", '"." or ".."'],
    ["/etc/passwd", "relative"],
    ["C:/x", "relative"],
    ["a\\b", "/ only"],
    ["a//b", "empty"],
    ["a/./b", '"." or ".."'],
    ["a/b c", "not allowed"],
    ["a/\u0000b", "not allowed"],
    ["a/".repeat(20) + "b", "more than 16 parts"],
    ["x".repeat(241), "1 to 240"],
  ])("refuses %j (%s)", (path, why) => {
    expect(() => toSafePath(path)).toThrow(why);
  });
});

describe("FileMapBuilder", () => {
  it("sorts by path, ends every file with a newline, marks user files, and refuses a path twice", () => {
    const b = new FileMapBuilder().add("z.ts", "z").addUserFile("a/handler.ts", "h\n").add("m.json", "{}");
    const map = b.build();
    expect([...map.keys()]).toEqual(["a/handler.ts", "m.json", "z.ts"]);
    expect(map.get("z.ts")).toEqual({ path: "z.ts", content: "z\n", owner: "archsim" });
    expect(map.get("a/handler.ts")!.owner).toBe("user");
    expect(() => b.add("z.ts", "again")).toThrow("z.ts is generated twice");
    expect(() => b.add("../x", "")).toThrow("unsafe output path");
  });
});

describe("getPorts", () => {
  it("gives the gateway 8080 and the other processes 8081 up in sorted order of ids", () => {
    const design = parseDesign(readFileSync("examples/ecommerce.yaml", "utf8")).design!;
    expect(Object.fromEntries(getPorts(design))).toEqual({
      config: 8081,
      gateway: 8080,
      inventory: 8082,
      notification: 8083,
      order: 8084,
      payment: 8085,
    });
  });
});
