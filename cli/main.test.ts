import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./main";
import { captureOutput as capture } from "./capture-output";

const dir = mkdtempSync(join(tmpdir(), "archsim-cli-"));

describe("archsim CLI", () => {
  it("prints help for --help on the command and on every subcommand, exit 0", async () => {
    const o = capture();
    expect(await main(["--help"], o)).toBe(0);
    expect(o.stdout.join("\n")).toMatch(/Usage: archsim <command>/);
    const v = capture();
    expect(await main(["validate", "--help"], v)).toBe(0);
    expect(v.stdout.join("\n")).toMatch(/Usage: archsim validate <file>/);
  });

  it("exits 2 on usage errors: no command, unknown command, unknown option, missing file argument", async () => {
    expect(await main([], capture())).toBe(2);
    const u = capture();
    expect(await main(["simulatee"], u)).toBe(2);
    expect(u.stderr.join("\n")).toMatch(/unknown command "simulatee"/);
    expect(await main(["validate", "--jsn", "examples/ecommerce.yaml"], capture())).toBe(2);
    expect(await main(["validate"], capture())).toBe(2);
  });

  it("validates the e-commerce example: exit 0 and a summary on stderr", async () => {
    const o = capture();
    expect(await main(["validate", "examples/ecommerce.yaml"], o)).toBe(0);
    expect(o.stdout).toEqual([]);
    expect(o.stderr.join("\n")).toMatch(/valid \(12 components\)/);
  });

  it("reports a missing file and a directory as I/O errors (exit 2) without a stack trace", async () => {
    const m = capture();
    expect(await main(["validate", join(dir, "nope.yaml")], m)).toBe(2);
    expect(m.stderr.join("\n")).toMatch(/no such file/);
    expect(m.stderr.join("\n")).not.toMatch(/\n\s+at /);
    const d = capture();
    mkdirSync(join(dir, "sub"), { recursive: true });
    expect(await main(["validate", join(dir, "sub")], d)).toBe(2);
    expect(d.stderr.join("\n")).toMatch(/is a directory/);
  });

  it("prints one file:line:col: path: message line per error and exits 1", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      "archsim: 1\ncomponents:\n  svc:\n    kind: service\n    replicas: -2\n    operations:\n      get: { work: 5 parsecs }\n",
    );
    const o = capture();
    expect(await main(["validate", file], o)).toBe(1);
    expect(o.stdout).toEqual([
      `${file}:5:15: components.svc.replicas: replicas must be an integer ≥ 1 (got -2)`,
      expect.stringMatching(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:7:20: components\\.svc\\.operations\\.get\\.work: invalid duration "5 parsecs": .*us, ms, s, m, h`,
        ),
      ),
    ]);
  });

  it("--json prints a machine-readable report on stdout only", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, '{\n  "archsim": 1,\n  "components": { "x": { "kind": "servce" } }\n}\n');
    const o = capture();
    expect(await main(["validate", "--json", file], o)).toBe(1);
    const report = JSON.parse(o.stdout.join("\n"));
    expect(report.valid).toBe(false);
    expect(report.errors[0]).toMatchObject({ line: 3, path: "components.x.kind" });
    expect(report.errors[0].message).toMatch(/did you mean "service"/);
  });

  it("refuses a file over 5 MB with a location and exit 1", async () => {
    const file = join(dir, "huge.yaml");
    writeFileSync(file, `archsim: 1\ndescription: "${"x".repeat(5 * 1024 * 1024)}"\ncomponents: {}\n`);
    const o = capture();
    expect(await main(["validate", file], o)).toBe(1);
    // Reported like any design error: the located line on stdout, the count on stderr.
    expect(o.stdout.join("\n")).toMatch(/huge\.yaml:1:1: the design is [\d,]+ bytes, larger than the 5 MiB limit/);
    expect(o.stderr.join("\n")).toMatch(/huge\.yaml: 1 error/);
  });
});
