/**
 * The design store: every design with its whole version history, in one SQLite file
 * (better-sqlite3). A save names the version it was based on; a save based on anything but
 * the current version is refused as a conflict, never a silent overwrite. Every write is one
 * transaction, so a crash mid-write leaves the last committed version whole.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { DesignSummary, DesignVersion, DesignVersionSummary, StoredDesign } from "../../model";
import { migrateStore } from "./migrations";

export type { DesignSummary, DesignVersion, DesignVersionSummary, StoredDesign };

/** What a save returns: the new version, or the current one it conflicted with. */
export type SaveOutcome =
  | { ok: true; version: number; updatedAt: string }
  | { ok: false; reason: "conflict"; current: StoredDesign }
  | { ok: false; reason: "not-found" };

export interface DesignStoreOptions {
  /** The clock for timestamps (tests pass a fixed one). */
  now?: () => Date;
  /** How long a write waits for another process's lock before failing, in ms. */
  busyTimeoutMs?: number;
}

/** The store file could not be opened or migrated; the message says why and what to do. */
export class DesignStoreError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = "DesignStoreError";
  }
}

/** The file name of the store inside its data folder. */
export const STORE_FILE = "archsim.sqlite";
/** Ids are 12 characters of base64url: 72 random bits. */
export const DESIGN_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export class DesignStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;

  private constructor(
    db: Database.Database,
    readonly file: string,
    now: () => Date,
  ) {
    this.db = db;
    this.now = now;
  }

  /**
   * Opens (creating if need be) the store in `dataDir` and brings its schema up to date.
   * @example
   * const store = DesignStore.open("./data");
   * const { id } = store.create(text, "Shop");
   */
  static open(dataDir: string, options: DesignStoreOptions = {}): DesignStore {
    const file = path.resolve(dataDir, STORE_FILE);
    let db: Database.Database | undefined;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      migrateStore(db);
    } catch (e) {
      db?.close();
      throw new DesignStoreError(describeOpenFailure(file, e), file);
    }
    return new DesignStore(db, file, options.now ?? (() => new Date()));
  }

  close(): void {
    this.db.close();
  }

  /** Designs, most recently updated first. */
  list(): DesignSummary[] {
    return this.db
      .prepare<[], DesignSummary>(
        "SELECT id, name, version, updated_at AS updatedAt FROM designs ORDER BY updated_at DESC, rowid DESC",
      )
      .all();
  }

  get(id: string): StoredDesign | null {
    return (
      this.db
        .prepare<[string], StoredDesign>(
          `SELECT d.id, d.name, d.version, d.updated_at AS updatedAt, v.yaml
           FROM designs d JOIN design_versions v ON v.design_id = d.id AND v.version = d.version
           WHERE d.id = ?`,
        )
        .get(id) ?? null
    );
  }

  /** Adds a design at version 1. */
  create(yaml: string, name: string): { id: string; version: number; updatedAt: string } {
    const at = this.now().toISOString();
    const id = newDesignId();
    this.db.transaction(() => {
      this.db
        .prepare("INSERT INTO designs (id, name, version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)")
        .run(id, name, at, at);
      this.insertVersion(id, 1, name, yaml, at);
    })();
    return { id, version: 1, updatedAt: at };
  }

  /**
   * Saves a new version of a design, if `baseVersion` is still its current version. The check
   * and the write are one immediate transaction: of two saves based on one version, across
   * processes too, exactly one succeeds.
   */
  save(id: string, yaml: string, name: string, baseVersion: number): SaveOutcome {
    const at = this.now().toISOString();
    return this.db
      .transaction((): SaveOutcome => {
        const row = this.db.prepare<[string], { version: number }>("SELECT version FROM designs WHERE id = ?").get(id);
        if (!row) return { ok: false, reason: "not-found" };
        if (row.version !== baseVersion) return { ok: false, reason: "conflict", current: this.get(id)! };
        const version = row.version + 1;
        this.insertVersion(id, version, name, yaml, at);
        this.db
          .prepare("UPDATE designs SET version = ?, name = ?, updated_at = ? WHERE id = ?")
          .run(version, name, at, id);
        return { ok: true, version, updatedAt: at };
      })
      .immediate();
  }

  /** Removes a design and its history; false when there was none. */
  delete(id: string): boolean {
    return this.db.prepare("DELETE FROM designs WHERE id = ?").run(id).changes > 0;
  }

  /** A design's versions, newest first; null for an unknown design. */
  versions(id: string): DesignVersionSummary[] | null {
    if (!this.db.prepare("SELECT 1 FROM designs WHERE id = ?").get(id)) return null;
    return this.db
      .prepare<[string], DesignVersionSummary>(
        `SELECT version, name, saved_at AS savedAt, length(CAST(yaml AS BLOB)) AS bytes
         FROM design_versions WHERE design_id = ? ORDER BY version DESC`,
      )
      .all(id);
  }

  version(id: string, version: number): DesignVersion | null {
    return (
      this.db
        .prepare<[string, number], DesignVersion>(
          `SELECT version, name, saved_at AS savedAt, length(CAST(yaml AS BLOB)) AS bytes, yaml
           FROM design_versions WHERE design_id = ? AND version = ?`,
        )
        .get(id, version) ?? null
    );
  }

  /**
   * Runs `seed` once in the store's life (the first start on an empty store), inside a
   * transaction: the shipped examples are added then, and never again after a user deletes them.
   */
  seedOnce(seed: (store: DesignStore) => void): boolean {
    return this.db
      .transaction(() => {
        if (this.db.prepare("SELECT 1 FROM meta WHERE key = 'seeded'").get()) return false;
        seed(this);
        this.db.prepare("INSERT INTO meta (key, value) VALUES ('seeded', ?)").run(this.now().toISOString());
        return true;
      })
      .immediate();
  }

  /** SQLite's own check of the file: "ok" when it is sound. */
  checkIntegrity(): string {
    return String(this.db.pragma("integrity_check", { simple: true }));
  }

  private insertVersion(id: string, version: number, name: string, yaml: string, at: string): void {
    this.db
      .prepare("INSERT INTO design_versions (design_id, version, name, yaml, saved_at) VALUES (?, ?, ?, ?, ?)")
      .run(id, version, name, yaml, at);
  }
}

function newDesignId(): string {
  return randomBytes(9).toString("base64url");
}

function describeOpenFailure(file: string, e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const detail = e instanceof Error ? e.message : String(e);
  const where = `the design store ${JSON.stringify(file)}`;
  switch (code) {
    case "SQLITE_NOTADB":
    case "SQLITE_CORRUPT":
      return `${where} is not a readable SQLite database (${detail}). Move the file away to start an empty store, or set ARCHSIM_DATA to another folder.`;
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return `${where} is locked by another process (${detail}). Stop the other archsim server, or set ARCHSIM_DATA to another folder.`;
    case "SQLITE_CANTOPEN":
    case "SQLITE_READONLY":
    case "EACCES":
    case "EROFS":
    case "ENOTDIR":
      return `${where} cannot be opened for writing (${detail}). Check the folder's permissions, or set ARCHSIM_DATA to another folder.`;
    default:
      return `${where} could not be opened (${detail}).`;
  }
}
