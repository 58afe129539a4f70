/**
 * The broken-design corpus (model/corpus/): every file is broken in one way, and its header
 * says where and how:
 *
 *   # expect: <line>:<col> <path>: <message substring>    the first error, exactly placed
 *   # errors: <n>                                          how many errors in all (optional)
 *   # also: <line>:<col> <path>: <message substring>      another error (optional, anywhere)
 *   # warning: <line>:<col> <path>: <message substring>   a warning (optional, anywhere)
 *
 * A `.json` file keeps these lines in a sidecar `<name>.expect`. Each file is checked through
 * parseDesign and through the CLI; files too big, deep or binary to commit are made here.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { DesignDiagnostic } from "./diagnostics";
import { MAX_DEPTH, parseDesign } from "./parse";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CORPUS = fileURLToPath(new URL("./corpus/", import.meta.url));

interface Expectation {
  line: number;
  col: number;
  path: string;
  message: string;
}

interface CorpusCase {
  name: string;
  file: string;
  text: string;
  first: Expectation;
  also: Expectation[];
  warnings: Expectation[];
  errorCount?: number;
}

const EXPECT_LINE = /^# (expect|also|warning): (\d+):(\d+) (.*?): (.+)$/;

function readCase(name: string): CorpusCase {
  const file = join(CORPUS, name);
  const text = readFileSync(file, "utf8");
  const header = name.endsWith(".json") ? readFileSync(file.replace(/\.json$/, ".expect"), "utf8") : text;
  const c: Partial<CorpusCase> & { also: Expectation[]; warnings: Expectation[] } = {
    name,
    file,
    text,
    also: [],
    warnings: [],
  };
  for (const line of header.split("\n")) {
    const m = EXPECT_LINE.exec(line);
    if (m) {
      const e: Expectation = { line: Number(m[2]), col: Number(m[3]), path: m[4]!, message: m[5]! };
      if (m[1] === "expect") {
        if (c.first) throw new Error(`${name}: more than one "# expect:" line`);
        c.first = e;
      } else (m[1] === "also" ? c.also : c.warnings).push(e);
      continue;
    }
    const n = /^# errors: (\d+)$/.exec(line);
    if (n) c.errorCount = Number(n[1]);
    else if (line.startsWith("# expect") || line.startsWith("# also") || line.startsWith("# warning"))
      throw new Error(`${name}: malformed expectation line: ${line}`);
  }
  if (!c.first) throw new Error(`${name}: no "# expect: line:col path: message" line`);
  return c as CorpusCase;
}

const names = readdirSync(CORPUS)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();
const cases = names.map(readCase);

function matches(d: DesignDiagnostic, e: Expectation): boolean {
  return d.line === e.line && d.col === e.col && d.path === e.path && d.message.includes(e.message);
}

function show(ds: readonly DesignDiagnostic[]): string {
  return ds.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`).join("\n");
}

describe("the corpus itself", () => {
  it("has at least 45 broken designs, a few of them JSON, each with its expectation", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    expect(cases.filter((c) => c.name.endsWith(".json")).length).toBeGreaterThanOrEqual(3);
    for (const c of cases) expect(c.first.message.length, c.name).toBeGreaterThan(0);
  });

  it("has no stray sidecar: every .expect belongs to a .json file", () => {
    for (const f of readdirSync(CORPUS).filter((x) => x.endsWith(".expect")))
      expect(names, f).toContain(f.replace(/\.expect$/, ".json"));
  });
});

describe("parseDesign on the corpus", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const r = parseDesign(c.text);
    expect(r.design).toBeUndefined();
    expect(r.errors.length, "no errors at all").toBeGreaterThan(0);
    const first = r.errors[0]!;
    expect({ line: first.line, col: first.col, path: first.path }, show(r.errors)).toEqual({
      line: c.first.line,
      col: c.first.col,
      path: c.first.path,
    });
    expect(first.message).toContain(c.first.message);
    if (c.errorCount !== undefined) expect(r.errors.length, show(r.errors)).toBe(c.errorCount);
    for (const e of c.also)
      expect(
        r.errors.some((d) => matches(d, e)),
        `${JSON.stringify(e)} among\n${show(r.errors)}`,
      ).toBe(true);
    for (const e of c.warnings)
      expect(
        r.warnings.some((d) => matches(d, e)),
        `${JSON.stringify(e)} among\n${show(r.warnings)}`,
      ).toBe(true);
    for (const d of [...r.errors, ...r.warnings]) {
      expect(d.message).not.toMatch(/\bundefined\b(?! alias)|\[object Object\]|Invalid input/);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.col).toBeGreaterThanOrEqual(1);
    }
  });
});

// ---------------------------------------------------------------- the CLI

interface CliRun {
  file: string;
  code: number;
  stdout: string[];
  stderr: string[];
}

/**
 * Runs `archsim validate` on many files in one child process, through cli/main.ts as
 * bin/archsim.mjs does (a process per file costs ~0.5 s). A child, not an import: model/
 * may not import cli/, even in tests.
 */
function runCliInChild(files: readonly string[]): Promise<CliRun[]> {
  const script = `
    import { register } from "tsx/esm/api";
    register();
    const { main } = await import("./cli/main.ts");
    const runs = [];
    for (const file of process.argv.slice(1)) {
      const stdout = [], stderr = [];
      const code = await main(["validate", file], { out: (l) => stdout.push(l), err: (l) => stderr.push(l) });
      runs.push({ file, code, stdout, stderr });
    }
    process.stdout.write(JSON.stringify(runs));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script, ...files], { cwd: ROOT });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(JSON.parse(out) as CliRun[]) : reject(new Error(`runner exited ${code}: ${err}`)),
    );
  });
}

/** The real binary, one process. */
function runBinary(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/archsim.mjs"), ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The line the CLI prints for an expectation: `file:line:col: path: message`. */
function cliLinePrefix(file: string, e: Expectation): string {
  return `${file}:${e.line}:${e.col}: ${e.path ? `${e.path}: ` : ""}`;
}

describe("archsim validate on the corpus", () => {
  let runs: Map<string, CliRun>;
  beforeAll(async () => {
    const files = cases.map((c) => relative(ROOT, c.file));
    runs = new Map((await runCliInChild(files)).map((r) => [r.file, r]));
  }, 60_000);

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const file = relative(ROOT, c.file);
    const run = runs.get(file)!;
    expect(run.code, run.stderr.join("\n")).toBe(1);
    const prefix = cliLinePrefix(file, c.first);
    expect(run.stdout[0], run.stdout.join("\n")).toContain(prefix);
    expect(run.stdout[0]!.slice(prefix.length)).toContain(c.first.message);
    if (c.errorCount !== undefined) expect(run.stdout).toHaveLength(c.errorCount);
    expect(run.stderr.at(-1)).toMatch(/: \d+ errors?$/);
  });
});

describe("the real binary (bin/archsim.mjs)", () => {
  const sample = [
    "call-missing-service.yaml",
    "cycle-direct.yaml",
    "yaml-alias-bomb.yaml",
    "json-mix-sum.json",
    "unit-parsecs.yaml",
  ];

  it.each(sample)("%s: exit 1 and file:line:col: path: message on stdout", async (name) => {
    const c = cases.find((x) => x.name === name)!;
    const file = relative(ROOT, c.file);
    const r = await runBinary(["validate", file]);
    expect(r.code, r.stderr).toBe(1);
    const first = r.stdout.split("\n")[0]!;
    expect(first.startsWith(cliLinePrefix(file, c.first)), first).toBe(true);
    expect(first).toContain(c.first.message);
  });

  it("exits 0 on an example and 2 on a missing file or a directory", async () => {
    expect((await runBinary(["validate", "examples/ecommerce.yaml"])).code).toBe(0);
    const missing = await runBinary(["validate", "model/corpus/no-such-design.yaml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    expect(missing.stdout).toBe("");
    const dir = await runBinary(["validate", "model/corpus"]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toMatch(/is a directory/);
  });
});

// ---------------------------------------------------------------- made at run time

describe("designs too big, deep or binary to commit", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "archsim-corpus-"));
  });

  const deepFlow = (n: number) => `archsim: 1\ncomponents: {}\nx: ${"[".repeat(n)}${"]".repeat(n)}\n`;

  it("10,000-deep flow nesting is an error at its first node too deep, not where the stack ran out", () => {
    const r = parseDesign(deepFlow(10_000));
    // x is at depth 1, so the node at depth MAX_DEPTH is the (MAX_DEPTH)th bracket, as for shallower nesting.
    expect(r.errors.map((e) => [e.line, e.col, e.message])).toEqual([
      [3, 4 + MAX_DEPTH - 1, `the document nests too deeply (at most ${MAX_DEPTH} levels)`],
    ]);
  });

  it("10,000-deep block nesting (`- - - …`), block mappings and JSON nesting are placed exactly too", () => {
    const message = `the document nests too deeply (at most ${MAX_DEPTH} levels)`;
    const block = parseDesign(`archsim: 1\ncomponents: {}\nx:\n  ${"- ".repeat(10_000)}1\n`);
    // The first "- " is at column 3 (depth 1); each level is 2 columns further.
    expect(block.errors.map((e) => [e.line, e.col, e.message])).toEqual([[4, 3 + 2 * (MAX_DEPTH - 1), message]]);
    const keys = Array.from({ length: 2000 }, (_, i) => `${" ".repeat(2 * i + 2)}a:`).join("\n");
    const map = parseDesign(`archsim: 1\ncomponents: {}\nx:\n${keys} 1\n`);
    expect(map.errors.map((e) => [e.line, e.col, e.message])).toEqual([[3 + MAX_DEPTH, 1 + 2 * MAX_DEPTH, message]]);
    const prefix = `{"archsim": 1, "components": {}, "x": `;
    const json = parseDesign(`${prefix}${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
    expect(json.errors.map((e) => [e.line, e.col, e.message])).toEqual([[1, prefix.length + MAX_DEPTH, message]]);
  });

  it("nesting just past the limit is placed exactly, at the first node too deep", () => {
    const r = parseDesign(deepFlow(MAX_DEPTH + 1));
    expect(r.errors).toHaveLength(1);
    // x is at depth 1, so the node at depth MAX_DEPTH is the (MAX_DEPTH)th bracket: column 4 + MAX_DEPTH - 1.
    expect(r.errors[0]).toMatchObject({ line: 3, col: 4 + MAX_DEPTH - 1, path: `x${"[0]".repeat(MAX_DEPTH - 1)}` });
    expect(parseDesign(deepFlow(MAX_DEPTH - 2)).errors.map((e) => e.message)).toEqual([
      'unknown field "x" in the design; allowed: archsim, name, description, network, components, workloads, scenarios, layout',
    ]);
  });

  it("binary data is an error with its place, from text and from a file (exit 1)", async () => {
    const r = parseDesign("archsim: 1\ncomponents:\n  ab\u0000cd: {}\n");
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      line: 3,
      col: 5,
      path: "",
      message: "this is binary data, not a YAML or JSON design",
    });

    const png = join(dir, "image.yaml");
    writeFileSync(
      png,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]),
    );
    const withNul = join(dir, "nul.yaml");
    writeFileSync(withNul, "archsim: 1\ncomponents:\n  ab\u0000cd: {}\n");
    const [bin, nul] = await runCliInChild([png, withNul]);
    expect(bin!.code).toBe(1);
    expect(bin!.stdout.join("\n")).toMatch(new RegExp(`^${escape(png)}:1:1: this is binary data`));
    expect(nul!.code).toBe(1);
    expect(nul!.stdout).toEqual([`${withNul}:3:5: this is binary data, not a YAML or JSON design`]);
  });

  it("a design over 5 MiB is refused at 1:1, by parseDesign and by the CLI (exit 1)", async () => {
    const big = `archsim: 1\ncomponents: {}\ndescription: "${"x".repeat(5 * 1024 * 1024)}"\n`;
    const r = parseDesign(big);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 1, col: 1, path: "" });
    expect(r.errors[0]!.message).toBe(
      "the design is larger than the 5 MiB limit (5,242,880 bytes); split it or remove unused parts",
    );
    // The limit is in UTF-8 bytes: 3 Mi of "é" (2 bytes each) is 6 MiB, over; 2 Mi is 4 MiB, under.
    expect(parseDesign(`# ${"é".repeat(3 * 1024 * 1024)}\narchsim: 1\ncomponents: {}\n`).errors[0]!.message).toMatch(
      /larger than the 5 MiB limit/,
    );
    expect(parseDesign(`# ${"é".repeat(2 * 1024 * 1024)}\narchsim: 1\ncomponents: {}\n`).errors).toEqual([]);
    // Exactly 5,242,880 bytes is allowed; one more is not.
    const exactly = (n: number) => `archsim: 1\ncomponents: {}\n#${"x".repeat(n - 27)}`;
    expect(parseDesign(exactly(5 * 1024 * 1024)).errors).toEqual([]);
    expect(parseDesign(exactly(5 * 1024 * 1024 + 1)).errors[0]!.message).toMatch(/5 MiB limit/);

    const file = join(dir, "big.yaml");
    writeFileSync(file, big);
    const [run] = await runCliInChild([file]);
    expect(run!.code).toBe(1);
    // The CLI prints the diagnostic (it checks the size itself, before reading the file).
    expect([...run!.stdout, ...run!.stderr].join("\n")).toMatch(
      new RegExp(`^${escape(file)}:1:1: .*larger than the 5 MiB limit \\(5,242,880 bytes\\)`, "m"),
    );
  });

  it("a directory and a missing file are I/O errors (exit 2), through the same runner", async () => {
    const sub = join(dir, "sub.yaml");
    mkdirSync(sub, { recursive: true });
    const [d, m] = await runCliInChild([sub, join(dir, "missing.yaml")]);
    expect(d!.code).toBe(2);
    expect(m!.code).toBe(2);
    expect(d!.stdout).toEqual([]);
    expect(m!.stdout).toEqual([]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
