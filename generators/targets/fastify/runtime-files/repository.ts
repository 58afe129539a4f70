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

/**
 * The migration of a Postgres database that \`outbox: true\` publishes write to (idempotent): one row
 * per message (with the trace context of the step that wrote it), written in the transaction of the
 * operation's records, sent by the OutboxRelay in id order and deleted once RabbitMQ confirmed it.
 */
export const OUTBOX_MIGRATION_SQL =
  "CREATE TABLE IF NOT EXISTS archsim_outbox (\\n" +
  "  id bigserial PRIMARY KEY,\\n" +
  "  topic text NOT NULL,\\n" +
  "  message jsonb NOT NULL,\\n" +
  "  headers jsonb NOT NULL DEFAULT '{}',\\n" +
  "  created_at timestamptz NOT NULL DEFAULT now()\\n" +
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

/** What a statement runs on: the pool (autocommit) or one transaction's client. */
type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

async function getRecord(
  db: Queryable,
  collection: string,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const r = await db.query<{ data: Record<string, unknown> }>(
    "SELECT data FROM archsim_records WHERE collection = $1 AND id = $2",
    [collection, id],
  );
  return r.rows[0]?.data;
}

async function putRecord(db: Queryable, collection: string, id: string, data: Record<string, unknown>): Promise<void> {
  await db.query(
    "INSERT INTO archsim_records (collection, id, data) VALUES ($1, $2, $3) " +
      "ON CONFLICT (collection, id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()",
    [collection, id, JSON.stringify(data)],
  );
}

/** Postgres through pg: one jsonb table created by the generated migration. */
export class PgRepository implements Repository {
  readonly pool: pg.Pool;

  constructor(connectionString: string, poolSize: number | undefined) {
    this.pool = new pg.Pool({ connectionString, max: poolSize });
    // An idle connection that breaks (a database restart) is replaced; the next query reports it.
    this.pool.on("error", () => undefined);
  }

  /** Applies the generated migrations (idempotent): the records table, and the outbox table when asked. */
  async migrate(options: { outbox?: boolean } = {}): Promise<void> {
    await this.pool.query(RECORDS_MIGRATION_SQL);
    if (options.outbox) await this.pool.query(OUTBOX_MIGRATION_SQL);
  }

  async get(collection: string, id: string): Promise<Record<string, unknown> | undefined> {
    return getRecord(this.pool, collection, id);
  }

  async put(collection: string, id: string, data: Record<string, unknown>): Promise<void> {
    await putRecord(this.pool, collection, id, data);
  }

  async isReady(): Promise<boolean> {
    try {
      await this.pool.query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A checked-out client's error listener: a connection lost between statements is reported by the next one. */
const ignoreClientError = (): void => undefined;

/**
 * One operation's transactions: a PgRepository joined to it runs its statements on one client in
 * one transaction, begun on first use and committed (commit) or rolled back (rollback) with the
 * rest. Memory repositories join as they are (their writes are immediate). One transaction per
 * database: an operation whose steps write two Postgres databases commits them one after the
 * other, not atomically. Postgres aborts a transaction at a failed statement, so a failed query
 * fails the unit of work even when its step is \`optional\`.
 */
export class UnitOfWork {
  readonly #open = new Map<PgRepository, Promise<pg.PoolClient>>();
  readonly #afterCommit: (() => void)[] = [];
  #done = false;

  /** The repository as this unit of work sees it. */
  join(repo: Repository): Repository {
    if (!(repo instanceof PgRepository)) return repo;
    return {
      get: async (collection, id) => getRecord(await this.client(repo), collection, id),
      put: async (collection, id, data) => putRecord(await this.client(repo), collection, id, data),
      isReady: () => repo.isReady(),
      close: async () => undefined,
    };
  }

  /** The client of \`repo\`'s transaction in this unit of work (BEGIN on first use). */
  client(repo: PgRepository): Promise<pg.PoolClient> {
    if (this.#done) return Promise.reject(new Error("the unit of work is already committed or rolled back"));
    let open = this.#open.get(repo);
    if (!open) {
      open = (async () => {
        const client = await repo.pool.connect();
        client.on("error", ignoreClientError);
        try {
          await client.query("BEGIN");
        } catch (err) {
          client.off("error", ignoreClientError);
          client.release(true);
          throw err;
        }
        return client;
      })();
      this.#open.set(repo, open);
    }
    return open;
  }

  /** Runs \`action\` once every transaction has committed (never after a rollback). */
  afterCommit(action: () => void): void {
    this.#afterCommit.push(action);
  }

  async commit(): Promise<void> {
    await this.#finish("COMMIT");
    for (const action of this.#afterCommit.splice(0)) action();
  }

  async rollback(): Promise<void> {
    this.#afterCommit.splice(0);
    await this.#finish("ROLLBACK");
  }

  async #finish(statement: "COMMIT" | "ROLLBACK"): Promise<void> {
    this.#done = true;
    let failure: unknown;
    for (const open of this.#open.values()) {
      const client = await open.catch(() => undefined);
      if (!client) continue; // its BEGIN failed: nothing to end
      try {
        if (failure === undefined) await client.query(statement);
        else await client.query("ROLLBACK");
        client.off("error", ignoreClientError);
        client.release();
      } catch (err) {
        failure ??= err;
        client.off("error", ignoreClientError);
        client.release(true); // a broken connection is not given back to the pool
      }
    }
    this.#open.clear();
    if (failure !== undefined) throw failure;
  }
}
`;
