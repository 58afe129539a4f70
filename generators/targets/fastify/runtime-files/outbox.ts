/** packages/runtime/src/outbox.ts of the generated repository (see ../runtime-sources.ts). */
export const OUTBOX_SOURCE = `import type pg from "pg";
import type { Logger } from "pino";
import type { Broker } from "./broker.js";
import { PgRepository, type Repository, type UnitOfWork } from "./repository.js";
import { getTraceHeaders, withTraceHeaders } from "./trace.js";

/** Messages the in-memory outbox holds while the broker is away; past it, publishes fail loudly. */
export const OUTBOX_LIMIT = 100_000;
/** How often the in-memory outbox retries sending what it holds. */
export const OUTBOX_FLUSH_MS = 500;
/** Outbox rows one relay pass locks, sends and deletes at once (one transaction per batch). */
export const OUTBOX_BATCH = 100;
/** How often a relay looks for rows it was not woken for (another replica's, or left by a broker outage). */
export const OUTBOX_POLL_MS = 500;
/** How long a relay waits for another replica's relay to finish its batch before giving up until the next poll. */
export const OUTBOX_LOCK_TIMEOUT_MS = 2_000;
/** The advisory lock that lets one relay per database send at a time, so rows leave in id order. */
export const OUTBOX_LOCK_KEY = 0x61726368;

/** The relay's listener for errors of an idle pooled connection; removed before each release. */
const ignoreClientError = (): void => undefined;

/** One message waiting to be sent, in the order it was written, with the trace context of the step that wrote it. */
export interface OutboxEntry {
  readonly topic: string;
  readonly message: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Publishes entries one after the other, each awaiting the broker's confirm, and stops at the first
 * refusal: returns how many (a prefix) were confirmed, so that what follows a refused message is
 * never sent before it. Each is published in the trace of the step that wrote it (its headers), not
 * in that of whatever woke the sender.
 */
export async function publishInOrder(broker: Broker, entries: readonly OutboxEntry[]): Promise<number> {
  let confirmed = 0;
  for (const entry of entries) {
    try {
      await withTraceHeaders(entry.headers ?? {}, () => broker.publish(entry.topic, entry.message));
    } catch {
      break;
    }
    confirmed++;
  }
  return confirmed;
}

/**
 * The transactional outbox of one Postgres database: a publish inserts a row into archsim_outbox
 * through the operation's transaction (so the message exists if and only if the records written
 * with it committed), and the relay sends the rows to the broker. A pass takes the database's
 * advisory lock (OUTBOX_LOCK_KEY; one relay of all the replicas sends at a time, so rows leave in id
 * order), locks up to OUTBOX_BATCH rows (FOR UPDATE SKIP LOCKED), publishes them in order on the
 * confirm channel and deletes those the broker confirmed, in the same transaction. At least once: a
 * crash between the confirm and the commit of the delete sends those rows again, so a consumer may
 * see a message twice. A broker outage leaves the rows in the table (durable, not in memory); the
 * relay tries again every OUTBOX_POLL_MS, and at once after a commit of this process.
 */
export class OutboxRelay {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #failing = false;

  constructor(
    readonly repository: PgRepository,
    private readonly broker: Broker,
    private readonly log: Logger,
  ) {}

  /** Inserts the message into the outbox through \`uow\`'s transaction; the relay wakes when it commits. */
  async insert(uow: UnitOfWork, topic: string, message: unknown): Promise<void> {
    const client = await uow.client(this.repository);
    await client.query("INSERT INTO archsim_outbox (topic, message, headers) VALUES ($1, $2, $3)", [
      topic,
      JSON.stringify(message),
      JSON.stringify(getTraceHeaders()),
    ]);
    uow.afterCommit(() => this.wake());
  }

  start(): void {
    this.#stopped = false;
    this.#timer ??= setInterval(() => this.wake(), OUTBOX_POLL_MS);
    this.#timer.unref();
    this.wake();
  }

  /** Starts a pass now, or right after the one running (rows committed meanwhile are not missed). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.drain();
      } while (this.#again && !this.#stopped);
    })().finally(() => (this.#running = undefined));
  }

  /** One pass: batches until the table is empty, the broker refuses, or another relay holds the lock. Returns the rows sent. */
  async drain(): Promise<number> {
    let sent = 0;
    while (this.broker.isReady() && !this.#stopped) {
      const batch = await this.#sendBatch();
      if (batch === undefined) break;
      sent += batch.sent;
      if (batch.sent < OUTBOX_BATCH || batch.refused) break;
    }
    return sent;
  }

  async #sendBatch(): Promise<{ sent: number; refused: boolean } | undefined> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.repository.pool.connect();
      client.on("error", ignoreClientError);
      // An empty table (every poll, most of the time) costs one statement, no transaction or lock.
      const waiting = await client.query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM archsim_outbox) AS any");
      if (!waiting.rows[0]?.any) {
        client.off("error", ignoreClientError);
        client.release();
        client = undefined;
        this.#failing = false;
        return { sent: 0, refused: false };
      }
      await client.query("BEGIN");
      await client.query("SET LOCAL lock_timeout = " + OUTBOX_LOCK_TIMEOUT_MS);
      await client.query("SELECT pg_advisory_xact_lock($1)", [OUTBOX_LOCK_KEY]);
      const rows = (
        await client.query<{ id: string; topic: string; message: unknown; headers: Record<string, string> }>(
          "SELECT id, topic, message, headers FROM archsim_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
          [OUTBOX_BATCH],
        )
      ).rows;
      const confirmed = await publishInOrder(this.broker, rows);
      if (confirmed > 0)
        await client.query("DELETE FROM archsim_outbox WHERE id = ANY($1::bigint[])", [
          rows.slice(0, confirmed).map((r) => r.id),
        ]);
      await client.query("COMMIT");
      client.off("error", ignoreClientError);
      client.release();
      client = undefined;
      const refused = confirmed < rows.length;
      if (refused && !this.#failing)
        this.log.warn({ pending: rows.length - confirmed }, "outbox: broker refused; rows stay in archsim_outbox");
      if (!refused && this.#failing) this.log.info("outbox: sending again");
      this.#failing = refused;
      return { sent: confirmed, refused };
    } catch (err) {
      if (client) {
        await client.query("ROLLBACK").catch(() => undefined);
        client.off("error", ignoreClientError);
        client.release(true);
      }
      if (!this.#failing) this.log.warn({ err: String(err) }, "outbox: relay pass failed; will retry");
      this.#failing = true;
      return undefined;
    }
  }

  /** Stops polling and waits for the pass under way; the rows left stay in the table for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}

/**
 * A process's outbox for \`outbox: true\` publishes. A publish whose operation writes its records
 * to Postgres (the database of the query step before it, given to the constructor, when it is a
 * PgRepository) goes into that database's archsim_outbox in the operation's transaction and an
 * OutboxRelay sends it. Otherwise (records in memory, or no query before the publish) the message
 * waits in process memory once the operation's steps succeeded, and a flusher sends it in order
 * when the broker takes it: that survives a broker outage, not a crash of the process.
 */
export class Outbox {
  readonly #pending: OutboxEntry[] = [];
  readonly #relays = new Map<Repository, OutboxRelay>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly broker: Broker,
    private readonly log: Logger,
    databases: readonly Repository[] = [],
  ) {
    for (const repo of databases)
      if (repo instanceof PgRepository && !this.#relays.has(repo))
        this.#relays.set(repo, new OutboxRelay(repo, broker, log));
  }

  /** The relays of the Postgres databases this outbox writes to. */
  get relays(): readonly OutboxRelay[] {
    return [...this.#relays.values()];
  }

  /**
   * An \`outbox: true\` publish in the unit of work \`uow\`: into \`database\`'s outbox table when it is
   * one of this outbox's Postgres databases, else into memory when \`uow\` commits.
   */
  async publish(uow: UnitOfWork, topic: string, message: unknown, database?: Repository): Promise<void> {
    const relay = database && this.#relays.get(database);
    if (relay) return relay.insert(uow, topic, message);
    // The limit is checked at the step; operations committing at once may pass it by their number.
    this.#checkRoom();
    const headers = getTraceHeaders();
    uow.afterCommit(() => this.#enqueue({ topic, message, headers }));
  }

  /** Puts a message in the in-memory outbox now (no transaction). */
  add(topic: string, message: unknown): void {
    this.#checkRoom();
    this.#enqueue({ topic, message, headers: getTraceHeaders() });
  }

  #enqueue(entry: OutboxEntry): void {
    this.#pending.push(entry);
    void this.flush();
  }

  #checkRoom(): void {
    if (this.#pending.length >= OUTBOX_LIMIT) throw new Error("outbox full (" + OUTBOX_LIMIT + " messages)");
  }

  /** Messages waiting in memory (the rows of the Postgres outboxes are in their tables). */
  get size(): number {
    return this.#pending.length;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), OUTBOX_FLUSH_MS);
    this.#timer.unref();
    for (const relay of this.#relays.values()) relay.start();
  }

  /** Sends what memory holds, in order; a flush already under way is awaited, not doubled. */
  flush(): Promise<void> {
    this.#flushing ??= this.#flushOnce().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #flushOnce(): Promise<void> {
    const sent = await publishInOrder(this.broker, this.broker.isReady() ? this.#pending : []);
    this.#pending.splice(0, sent);
    if (this.#pending.length > 0 && this.broker.isReady())
      this.log.warn({ pending: this.#pending.length }, "outbox: broker refused; will retry");
  }

  /**
   * Stops the flusher and the relays after one last attempt to send what memory holds (the flush
   * under way finishes first); what is still held then is lost with the process, and said so.
   */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await Promise.all([...this.#relays.values()].map((r) => r.stop()));
    await this.flush();
    if (this.#pending.length > 0) await this.flush();
    if (this.#pending.length > 0)
      this.log.error(
        { dropped: this.#pending.length },
        "outbox: the broker did not take these messages before shutdown; they are lost with the process",
      );
  }
}
`;
