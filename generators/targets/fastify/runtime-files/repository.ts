/** packages/runtime/src/repository.ts of the generated repository (see ../runtime-sources.ts). */
export const REPOSITORY_SOURCE = `import pg from "pg";

/** Records one repository holds in memory; past it, writes fail loudly instead of eating the heap. */
export const MEMORY_REPOSITORY_LIMIT = 1_000_000;

/** The migration of a Postgres database: one jsonb table of records (idempotent). */
export const RECORDS_MIGRATION_SQL =
  "CREATE TABLE IF NOT EXISTS archsim_records (\\n" +
  "  collection text NOT NULL,\\n" +
  "  id text NOT NULL,\\n" +
  "  data jsonb NOT NULL,\\n" +
  "  updated_at timestamptz NOT NULL DEFAULT now(),\\n" +
  "  PRIMARY KEY (collection, id)\\n" +
  ");\\n";

/** A store of JSON records by (collection, id): what a \`query\` step reads and writes. */
export interface Repository {
  get(collection: string, id: string): Promise<Record<string, unknown> | undefined>;
  put(collection: string, id: string, data: Record<string, unknown>): Promise<void>;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

/** The default: records in process memory, so a generated service runs with nothing installed. */
export class MemoryRepository implements Repository {
  readonly #rows = new Map<string, Record<string, unknown>>();

  async get(collection: string, id: string): Promise<Record<string, unknown> | undefined> {
    return this.#rows.get(collection + "/" + id);
  }

  async put(collection: string, id: string, data: Record<string, unknown>): Promise<void> {
    const key = collection + "/" + id;
    if (!this.#rows.has(key) && this.#rows.size >= MEMORY_REPOSITORY_LIMIT)
      throw new Error("memory repository full (" + MEMORY_REPOSITORY_LIMIT + " records)");
    this.#rows.set(key, data);
  }

  async isReady(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}

/** Postgres through pg: one jsonb table created by the generated migration. */
export class PgRepository implements Repository {
  readonly #pool: pg.Pool;

  constructor(connectionString: string, poolSize: number | undefined) {
    this.#pool = new pg.Pool({ connectionString, max: poolSize });
  }

  /** Applies the generated migration (RECORDS_MIGRATION_SQL; idempotent). */
  async migrate(): Promise<void> {
    await this.#pool.query(RECORDS_MIGRATION_SQL);
  }

  async get(collection: string, id: string): Promise<Record<string, unknown> | undefined> {
    const r = await this.#pool.query<{ data: Record<string, unknown> }>(
      "SELECT data FROM archsim_records WHERE collection = $1 AND id = $2",
      [collection, id],
    );
    return r.rows[0]?.data;
  }

  async put(collection: string, id: string, data: Record<string, unknown>): Promise<void> {
    await this.#pool.query(
      "INSERT INTO archsim_records (collection, id, data) VALUES ($1, $2, $3) " +
        "ON CONFLICT (collection, id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()",
      [collection, id, JSON.stringify(data)],
    );
  }

  async isReady(): Promise<boolean> {
    try {
      await this.#pool.query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
`;
