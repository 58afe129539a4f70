/**
 * The store's schema, as an ordered list of migrations. `PRAGMA user_version` holds how many
 * have run; opening a store runs the rest, all in one transaction, so a store is never left
 * half migrated. Append new migrations; never edit one that has shipped.
 */
import type Database from "better-sqlite3";

export const MIGRATIONS: readonly string[] = [
  // 1: designs, their versions, and the store's own facts (such as whether it was seeded).
  `CREATE TABLE designs (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     version INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE design_versions (
     design_id TEXT NOT NULL REFERENCES designs (id) ON DELETE CASCADE,
     version INTEGER NOT NULL,
     name TEXT NOT NULL,
     yaml TEXT NOT NULL,
     saved_at TEXT NOT NULL,
     PRIMARY KEY (design_id, version)
   );
   CREATE INDEX designs_by_update ON designs (updated_at);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
];

/** Brings the store up to the newest schema; refuses a store written by a newer archsim. */
export function migrateStore(db: Database.Database): void {
  db.transaction(() => {
    const at = Number(db.pragma("user_version", { simple: true }));
    if (at > MIGRATIONS.length)
      throw new Error(
        `the store has schema version ${at}, newer than this archsim knows (${MIGRATIONS.length}); upgrade archsim`,
      );
    for (let i = at; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i]!);
    if (at < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
