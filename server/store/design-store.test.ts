import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { DesignStore, DesignStoreError, STORE_FILE } from "./design-store";
import { MIGRATIONS } from "./migrations";
import { FIRST_EXAMPLE, seedExamples } from "./default-store";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "archsim-store-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A clock that moves one second per reading, from 2026-01-01. */
function steppingClock(): () => Date {
  let t = Date.UTC(2026, 0, 1);
  return () => new Date((t += 1000));
}

const A = "# my shop\narchsim: 1\nname: Shop\ncomponents: {}\n";
const B = "# my shop, v2\narchsim: 1\nname: Shop 2\ncomponents: {}\n";

describe("DesignStore", () => {
  it("keeps every version of a design, the text exactly as saved, comments included", () => {
    const store = DesignStore.open(tempDir(), { now: steppingClock() });
    const { id, version } = store.create(A, "Shop");
    expect(version).toBe(1);
    expect(store.save(id, B, "Shop 2", 1)).toEqual({ ok: true, version: 2, updatedAt: "2026-01-01T00:00:02.000Z" });
    expect(store.get(id)).toEqual({ id, name: "Shop 2", version: 2, updatedAt: "2026-01-01T00:00:02.000Z", yaml: B });
    expect(store.versions(id)).toEqual([
      { version: 2, name: "Shop 2", savedAt: "2026-01-01T00:00:02.000Z", bytes: Buffer.byteLength(B) },
      { version: 1, name: "Shop", savedAt: "2026-01-01T00:00:01.000Z", bytes: Buffer.byteLength(A) },
    ]);
    expect(store.version(id, 1)!.yaml).toBe(A);
    expect(store.version(id, 3)).toBeNull();
    store.close();
  });

  it("refuses a save based on an old version and hands back the current one", () => {
    const store = DesignStore.open(tempDir(), { now: steppingClock() });
    const { id } = store.create(A, "Shop");
    expect(store.save(id, B, "Shop 2", 1).ok).toBe(true);
    const stale = store.save(id, "archsim: 1\ncomponents: {}\n", "x", 1);
    expect(stale).toEqual({ ok: false, reason: "conflict", current: expect.objectContaining({ version: 2, yaml: B }) });
    expect(store.versions(id)!.length).toBe(2);
    expect(store.save("nope", A, "x", 1)).toEqual({ ok: false, reason: "not-found" });
    store.close();
  });

  it("lets exactly one of two saves from two connections, based on one version, win", () => {
    const dir = tempDir();
    const one = DesignStore.open(dir);
    const two = DesignStore.open(dir);
    const { id } = one.create(A, "Shop");
    const first = one.save(id, B, "Shop 2", 1);
    const second = two.save(id, A, "Shop", 1);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, reason: "conflict", current: { version: 2, yaml: B } });
    one.close();
    two.close();
  });

  it("lists designs most recently updated first; delete removes a design and its history", () => {
    const store = DesignStore.open(tempDir(), { now: steppingClock() });
    const a = store.create(A, "A");
    const b = store.create(A, "B");
    expect(store.list().map((d) => d.name)).toEqual(["B", "A"]);
    store.save(a.id, B, "A2", 1);
    expect(store.list().map((d) => d.name)).toEqual(["A2", "B"]);
    expect(store.delete(a.id)).toBe(true);
    expect(store.delete(a.id)).toBe(false);
    expect(store.get(a.id)).toBeNull();
    expect(store.versions(a.id)).toBeNull();
    expect(store.list().map((d) => d.id)).toEqual([b.id]);
    store.close();
  });

  it("survives a reopen: migrations run once, data stays", () => {
    const dir = tempDir();
    const store = DesignStore.open(dir);
    const { id } = store.create(A, "Shop");
    store.close();
    const again = DesignStore.open(dir);
    expect(again.get(id)!.yaml).toBe(A);
    again.close();
    const raw = new Database(path.join(dir, STORE_FILE));
    expect(raw.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
  });

  it("seeds the shipped examples once, the first example last so it opens first", () => {
    const dir = tempDir();
    const store = DesignStore.open(dir, { now: () => new Date(Date.UTC(2026, 0, 1)) });
    expect(seedExamples(store, path.resolve("examples"))).toBe(true);
    const list = store.list();
    expect(list[0]!.name).toBe("E-commerce order processing");
    expect(list.map((d) => d.name).sort()).toEqual(
      ["E-commerce order processing", "Hello service", "Retail banking (CQRS)", "Ride-hailing platform"].sort(),
    );
    expect(store.get(list[0]!.id)!.yaml).toBe(readFileSync(`examples/${FIRST_EXAMPLE}.yaml`, "utf8"));
    // Deleting every design does not bring the examples back.
    for (const d of list) store.delete(d.id);
    expect(seedExamples(store, path.resolve("examples"))).toBe(false);
    expect(store.list()).toEqual([]);
    store.close();
  });

  it("seeds nothing, without failing, when there is no examples folder", () => {
    const store = DesignStore.open(tempDir());
    expect(seedExamples(store, path.join(tempDir(), "no-such-folder"))).toBe(false);
    expect(store.list()).toEqual([]);
    store.close();
  });

  it("of saves racing from two processes, each based on the version it read, none is lost or doubled", async () => {
    const dir = tempDir();
    const store = DesignStore.open(dir);
    const { id } = store.create(A, "Shop");
    store.close();
    // Each process reads the current version and saves on top of it, as two tabs would, for one
    // second of wall time; both wait for the other to be ready (start-up varies under load).
    const ready = (who: string) => JSON.stringify(path.join(dir, `ready-${who}`));
    const script = (who: string) => `
      import { existsSync, writeFileSync } from "node:fs";
      import { DesignStore } from ${JSON.stringify(path.resolve("server/store/design-store.ts"))};
      const store = DesignStore.open(${JSON.stringify(dir)});
      let ok = 0, conflicts = 0;
      writeFileSync(${ready(who)}, "");
      while (!existsSync(${ready("a")}) || !existsSync(${ready("b")})) {}
      const end = Date.now() + 1000;
      for (let i = 0; Date.now() < end; i++) {
        const base = store.get(${JSON.stringify(id)}).version;
        const r = store.save(${JSON.stringify(id)}, "archsim: 1\\ncomponents: {}\\n# ${who} " + i + "\\n", "${who}", base);
        if (r.ok) ok++; else if (r.reason === "conflict") conflicts++; else throw new Error(r.reason);
      }
      process.stdout.write(JSON.stringify({ ok, conflicts }));`;
    const runChild = (who: string) =>
      new Promise<{ ok: number; conflicts: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script(who)], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (b: Buffer) => (out += b.toString()));
        child.stderr.on("data", (b: Buffer) => (err += b.toString()));
        child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${who}: ${err}`))));
      });
    const [a, b] = await Promise.all([runChild("a"), runChild("b")]);
    // They did race: each saw the other's saves.
    expect(a.conflicts).toBeGreaterThan(0);
    expect(b.conflicts).toBeGreaterThan(0);
    const after = DesignStore.open(dir);
    const versions = after.versions(id)!.map((v) => v.version);
    // Every successful save made exactly one new version, numbered without gaps.
    expect(after.get(id)!.version).toBe(1 + a.ok + b.ok);
    expect(versions).toEqual(Array.from({ length: 1 + a.ok + b.ok }, (_, i) => 1 + a.ok + b.ok - i));
    after.close();
  }, 60_000);

  it("explains a store file that is not a database, and leaves the file as it was", () => {
    const dir = tempDir();
    const file = path.join(dir, STORE_FILE);
    writeFileSync(file, "this is not a database, and it is long enough to be read as a header".repeat(20));
    const before = readFileSync(file);
    let caught: unknown;
    try {
      DesignStore.open(dir);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DesignStoreError);
    expect((caught as Error).message).toMatch(/is not a readable SQLite database .*Move the file away .*ARCHSIM_DATA/);
    expect((caught as Error).message).toContain(file);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("explains a store written by a newer archsim", () => {
    const dir = tempDir();
    const raw = new Database(path.join(dir, STORE_FILE));
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => DesignStore.open(dir)).toThrow(
      /schema version 2, newer than this archsim knows \(1\); upgrade archsim/,
    );
  });

  it("explains a store locked by another process's write", () => {
    const dir = tempDir();
    DesignStore.open(dir).close();
    const holder = new Database(path.join(dir, STORE_FILE));
    holder.exec("BEGIN EXCLUSIVE");
    try {
      // Opening takes the write lock once, to migrate: it waits 50 ms, then says who holds it.
      expect(() => DesignStore.open(dir, { busyTimeoutMs: 50 })).toThrow(/is locked by another process/);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
  });

  it("keeps the last committed version whole when the writing process is killed mid-write", async () => {
    const dir = tempDir();
    const store = DesignStore.open(dir);
    const { id } = store.create(A, "Shop");
    store.close();
    // A child saves ever larger versions as fast as it can; it is killed after its 20th save.
    const script = `
      import { DesignStore } from ${JSON.stringify(path.resolve("server/store/design-store.ts"))};
      const store = DesignStore.open(${JSON.stringify(dir)});
      for (let v = 1; ; v++) {
        const text = "archsim: 1\\nname: v" + (v + 1) + "\\ncomponents: {}\\n# " + "x".repeat(20000 * v) + "\\n";
        const r = store.save(${JSON.stringify(id)}, text, "v" + (v + 1), v);
        if (!r.ok) throw new Error("save refused");
        process.stdout.write(String(r.version) + "\\n");
      }`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let seen = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (b: Buffer) => {
        seen = Math.max(seen, ...b.toString().trim().split("\n").map(Number));
        if (seen >= 20) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", (code, signal) =>
        signal === "SIGKILL" ? resolve() : reject(new Error(`child exited ${code}`)),
      );
    });
    const after = DesignStore.open(dir);
    expect(after.checkIntegrity()).toBe("ok");
    const current = after.get(id)!;
    expect(current.version).toBeGreaterThanOrEqual(20);
    // Every version up to the current one is there and whole; nothing past it.
    const versions = after.versions(id)!.map((v) => v.version);
    expect(versions).toEqual(Array.from({ length: current.version }, (_, i) => current.version - i));
    for (let v = 2; v <= current.version; v++) {
      const text = after.version(id, v)!.yaml;
      expect(text.length).toBe(`archsim: 1\nname: v${v}\ncomponents: {}\n# \n`.length + 20000 * (v - 1));
    }
    expect(current.name).toBe(`v${current.version}`);
    after.close();
  }, 60_000);
});
