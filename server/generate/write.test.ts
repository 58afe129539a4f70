import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileMapBuilder, type FileMap } from "../../generators/file-map";
import {
  applyWritePlan,
  countActions,
  getSha256,
  initGitRepo,
  MANIFEST_PATH,
  parseManifest,
  planWrite,
  WriteRefusal,
} from ".";

const temp = (name = "out") => join(mkdtempSync(join(tmpdir(), "archsim-write-")), name);

/** A small repository as a generator would return it, version `v` of a design. */
function repo(v: number, { withPayment = true } = {}): FileMap {
  const b = new FileMapBuilder()
    .add("package.json", `{ "name": "shop", "version": "0.${v}.0" }`)
    .add("services/order/src/generated/routes.ts", `export const version = ${v};`)
    .addUserFile("services/order/src/handlers/create.ts", "export function create() { return {}; }");
  if (withPayment)
    b.add("services/payment/src/generated/routes.ts", "export const charge = true;").addUserFile(
      "services/payment/src/handlers/charge.ts",
      "export function charge() {}",
    );
  return b.build();
}

function write(files: FileMap, dir: string, force = false) {
  const plan = planWrite(files, dir, { designName: "shop", force });
  applyWritePlan(plan, files);
  return plan;
}

/** Every file under `dir`, as path → text (no links followed). */
function tree(dir: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const p = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, tree(dir, p));
    else out[p] = readFileSync(join(dir, p), "utf8");
  }
  return out;
}

const actions = (plan: { files: readonly { path: string; action: string }[] }) =>
  Object.fromEntries(plan.files.map((f) => [f.path, f.action]));

describe("planWrite and applyWritePlan", () => {
  it("creates every file of a new folder and a manifest of the archsim-owned ones with their sha256", () => {
    const dir = temp();
    const files = repo(1);
    const plan = write(files, dir);
    expect(countActions(plan)).toEqual({ create: 5, update: 0, unchanged: 0, keep: 0, remove: 0 });
    const written = tree(dir);
    for (const [path, f] of files) expect(written[path]).toBe(f.content);
    const manifest = parseManifest(written[MANIFEST_PATH]!);
    expect(manifest.ok && manifest.manifest).toMatchObject({ generator: "archsim", design: "shop" });
    expect(manifest.ok && manifest.manifest.files).toEqual([
      { path: "package.json", sha256: getSha256(files.get("package.json")!.content) },
      { path: "services/order/src/generated/routes.ts", sha256: getSha256("export const version = 1;\n") },
      { path: "services/payment/src/generated/routes.ts", sha256: getSha256("export const charge = true;\n") },
    ]);
  });

  it("keeps a hand-edited handler through a regeneration after the design changed, and rewrites the generated code", () => {
    const dir = temp();
    write(repo(1), dir);
    const handler = join(dir, "services/order/src/handlers/create.ts");
    writeFileSync(handler, "export function create() { return { mine: true }; }\n");
    const plan = write(repo(2), dir);
    expect(actions(plan)).toEqual({
      "package.json": "update",
      "services/order/src/generated/routes.ts": "update",
      "services/order/src/handlers/create.ts": "keep",
      "services/payment/src/generated/routes.ts": "unchanged",
      "services/payment/src/handlers/charge.ts": "keep",
    });
    expect(readFileSync(handler, "utf8")).toBe("export function create() { return { mine: true }; }\n");
    expect(readFileSync(join(dir, "services/order/src/generated/routes.ts"), "utf8")).toBe(
      "export const version = 2;\n",
    );
  });

  it("removes a stale generated file (and its emptied folders) but never the user's files", () => {
    const dir = temp();
    write(repo(1), dir);
    const plan = write(repo(1, { withPayment: false }), dir);
    expect(plan.files.filter((f) => f.action === "remove")).toEqual([
      {
        path: "services/payment/src/generated/routes.ts",
        action: "remove",
        owner: "archsim",
        note: "no longer generated",
      },
    ]);
    expect(existsSync(join(dir, "services/payment/src/generated"))).toBe(false);
    // The handler was the user's: it stays, with its folder.
    expect(readFileSync(join(dir, "services/payment/src/handlers/charge.ts"), "utf8")).toBe(
      "export function charge() {}\n",
    );
    const m = parseManifest(readFileSync(join(dir, MANIFEST_PATH), "utf8"));
    expect(m.ok && m.manifest.files.map((f) => f.path)).toEqual([
      "package.json",
      "services/order/src/generated/routes.ts",
    ]);
  });

  it("leaves a stale generated file that was edited by hand, and says so", () => {
    const dir = temp();
    write(repo(1), dir);
    writeFileSync(join(dir, "services/payment/src/generated/routes.ts"), "// my change\n");
    const plan = write(repo(1, { withPayment: false }), dir);
    expect(plan.files.find((f) => f.path === "services/payment/src/generated/routes.ts")).toEqual({
      path: "services/payment/src/generated/routes.ts",
      action: "keep",
      owner: "archsim",
      note: "no longer generated, but edited by hand: left in place",
    });
    expect(readFileSync(join(dir, "services/payment/src/generated/routes.ts"), "utf8")).toBe("// my change\n");
  });

  it("notes a hand edit of a generated file that the regeneration overwrites", () => {
    const dir = temp();
    write(repo(1), dir);
    writeFileSync(join(dir, "package.json"), "{}\n");
    const plan = write(repo(1), dir);
    expect(plan.files.find((f) => f.path === "package.json")).toEqual({
      path: "package.json",
      action: "update",
      owner: "archsim",
      note: "edited by hand since the last generation; the edit is overwritten",
    });
    expect(countActions(plan)).toEqual({ create: 0, update: 1, unchanged: 2, keep: 2, remove: 0 });
  });

  it("dry run: the plan lists the changes and nothing is written, not even the folder", () => {
    const fresh = temp();
    const plan = planWrite(repo(1), fresh, { designName: "shop" });
    expect(countActions(plan).create).toBe(5);
    expect(existsSync(fresh)).toBe(false);

    const dir = temp();
    write(repo(1), dir);
    const before = tree(dir);
    const again = planWrite(repo(2, { withPayment: false }), dir, { designName: "shop" });
    expect(actions(again)).toEqual({
      "package.json": "update",
      "services/order/src/generated/routes.ts": "update",
      "services/order/src/handlers/create.ts": "keep",
      "services/payment/src/generated/routes.ts": "remove",
    });
    expect(tree(dir)).toEqual(before);
  });

  it("refuses a non-empty folder that is not archsim output, with a clear message; --force writes and keeps the rest", () => {
    const dir = temp();
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    writeFileSync(join(dir, "package.json"), "{}\n");
    expect(() => planWrite(repo(1), dir, { designName: "shop" })).toThrow(WriteRefusal);
    expect(() => planWrite(repo(1), dir, { designName: "shop" })).toThrow(
      /is not empty and is not a previous archsim output \(it has no \.archsim\/manifest\.json\); choose a new or empty folder, or pass --force/,
    );
    expect(readdirSync(dir).sort()).toEqual(["notes.txt", "package.json"]);
    const plan = write(repo(1), dir, true);
    expect(plan.files.find((f) => f.path === "package.json")).toMatchObject({
      action: "update",
      note: "an existing file is replaced (--force)",
    });
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine\n");
    // Now it is archsim output: no --force needed again.
    expect(() => write(repo(2), dir)).not.toThrow();
  });

  it("accepts an empty existing folder (or one with only .git) without --force, and refuses a file given as the folder", () => {
    const dir = temp();
    mkdirSync(dir);
    expect(countActions(write(repo(1), dir)).create).toBe(5);
    const gitOnly = temp();
    mkdirSync(join(gitOnly, ".git"), { recursive: true });
    expect(countActions(write(repo(1), gitOnly)).create).toBe(5);
    const file = join(dir, "package.json");
    expect(() => planWrite(repo(1), file, { designName: "shop" })).toThrow(/exists and is not a folder/);
  });

  it("refuses an unreadable manifest unless forced, and never deletes outside through a forged one", () => {
    const dir = temp();
    write(repo(1), dir);
    const outside = join(dir, "..", "victim.txt");
    writeFileSync(outside, "keep me\n");
    writeFileSync(
      join(dir, MANIFEST_PATH),
      JSON.stringify({ generator: "archsim", files: [{ path: "../victim.txt", sha256: getSha256("keep me\n") }] }),
    );
    expect(() => planWrite(repo(1), dir, { designName: "shop" })).toThrow(
      /cannot read \(unsafe output path "\.\.\/victim\.txt".*\); pass --force/,
    );
    write(repo(1), dir, true);
    expect(readFileSync(outside, "utf8")).toBe("keep me\n");
  });

  it("does not follow a symbolic link in the folder out of it: refused before anything is written", () => {
    const dir = temp();
    write(repo(1), dir);
    const elsewhere = mkdtempSync(join(tmpdir(), "archsim-elsewhere-"));
    // A folder of the output replaced by a link to somewhere else.
    rmSync(join(dir, "services/payment"), { recursive: true });
    symlinkSync(elsewhere, join(dir, "services/payment"));
    expect(() => planWrite(repo(2), dir, { designName: "shop" })).toThrow(
      /services\/payment is a symbolic link in the output folder; archsim does not write through links/,
    );
    expect(readdirSync(elsewhere)).toEqual([]);

    // A generated file replaced by a link to a file outside.
    const dir2 = temp();
    write(repo(1), dir2);
    const victim = join(elsewhere, "victim.json");
    writeFileSync(victim, "precious\n");
    rmSync(join(dir2, "package.json"));
    symlinkSync(victim, join(dir2, "package.json"));
    expect(() => planWrite(repo(2), dir2, { designName: "shop" })).toThrow(/package\.json is a symbolic link/);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
  });

  it("a link as the output folder itself is the user's choice: written into its target", () => {
    const real = temp("real");
    mkdirSync(real);
    const link = join(real, "..", "link");
    symlinkSync(real, link);
    write(repo(1), link);
    expect(readFileSync(join(real, "package.json"), "utf8")).toBe('{ "name": "shop", "version": "0.1.0" }\n');
  });

  it("refuses a file map that would write archsim's or git's own files", () => {
    const files = new FileMapBuilder().add(".git/config", "x").build();
    expect(() => planWrite(files, temp(), { designName: "shop" })).toThrow(
      /may not write archsim's or git's own files/,
    );
  });
});

describe("initGitRepo", () => {
  it("makes one initial commit with archsim as author, on a machine with no git identity", () => {
    const dir = temp();
    write(repo(1), dir);
    const home = mkdtempSync(join(tmpdir(), "archsim-home-"));
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: join(home, "none"),
    };
    const r = initGitRepo(dir, { message: "Generate shop with archsim", env });
    expect(r.ok).toBe(true);
    const log = spawnSync("git", ["log", "--format=%an <%ae>|%s"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
    expect(log.stdout).toBe("archsim <archsim@localhost>|Generate shop with archsim\n");
    const listed = spawnSync("git", ["ls-files"], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } })
      .stdout.trim()
      .split("\n");
    expect(listed).toEqual([MANIFEST_PATH, ...repo(1).keys()].sort());
    expect(initGitRepo(dir, { message: "again", env })).toEqual({
      ok: false,
      why: "it is already a git repository; nothing was committed",
    });
  });
});
