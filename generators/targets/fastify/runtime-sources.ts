/**
 * The sources of packages/runtime ("@archsim/runtime"), the library every generated process imports.
 * Fixed text (no design string reaches it), written without dollar-brace so each file
 * sits in a plain template literal. Keep it typecheck-clean: scripts/check-generated.mjs runs tsc
 * over a generated repository.
 */

/** Path under packages/runtime (src/… and test/…) → source. */
export const RUNTIME_SOURCES: Readonly<Record<string, string>> = {
  "src/broker.ts": `import amqp from "amqplib";
import type { Logger } from "pino";
import { DependencyError } from "./errors.js";

/** The topic exchange every event is published to; routing key = the design's topic. */
export const EXCHANGE = "archsim.events";
/** Redeliveries of a failed message before it is dead-lettered (the design format's rule: 3, so 4 attempts). */
export const MAX_REDELIVERIES = 3;
/** Messages one consumer holds unacknowledged at once. */
export const DEFAULT_PREFETCH = 16;

export type MessageHandler = (message: unknown) => Promise<void>;

/** What services need of a broker: publishing with confirmation and consuming a topic. */
export interface Broker {
  publish(topic: string, message: unknown): Promise<void>;
  subscribe(topic: string, queue: string, handler: MessageHandler, options?: { prefetch?: number }): Promise<void>;
  isReady(): boolean;
  close(): Promise<void>;
}

interface Subscription {
  readonly topic: string;
  readonly queue: string;
  readonly handler: MessageHandler;
  readonly prefetch: number;
}

/** Waits between attempts to reach the broker (at start-up and after a lost connection). */
export const BROKER_RETRY_MS = 2000;

/**
 * RabbitMQ through amqplib: publishes on a confirm channel (resolves once the broker has the
 * message), consumes one durable queue per (topic, service) with a prefetch, retries a failed
 * message up to MAX_REDELIVERIES times (republished with an x-archsim-attempt header), then
 * rejects it into the queue's dead-letter queue <queue>.dlq. A lost connection is re-established
 * every BROKER_RETRY_MS, with every subscription consumed again.
 */
export class AmqpBroker implements Broker {
  #model: amqp.ChannelModel | undefined;
  #publisher: amqp.ConfirmChannel | undefined;
  #closing = false;
  readonly #consumers: amqp.Channel[] = [];
  readonly #subscriptions: Subscription[] = [];

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  async connect(): Promise<void> {
    const model = await amqp.connect(this.url);
    model.on("error", (err: unknown) => this.log.error({ err: String(err) }, "broker connection error"));
    model.on("close", () => {
      this.#model = undefined;
      this.#publisher = undefined;
      this.#consumers.splice(0);
      if (this.#closing) return;
      this.log.warn("broker connection lost; reconnecting");
      this.#reconnectLater();
    });
    const publisher = await model.createConfirmChannel();
    await publisher.assertExchange(EXCHANGE, "topic", { durable: true });
    this.#model = model;
    for (const sub of this.#subscriptions) await this.#consume(sub);
    this.#publisher = publisher;
  }

  #reconnectLater(): void {
    setTimeout(() => {
      if (this.#closing) return;
      this.connect().then(
        () => this.log.info("broker reconnected"),
        (err: unknown) => {
          this.log.warn({ err: String(err) }, "broker unreachable; retrying");
          this.#reconnectLater();
        },
      );
    }, BROKER_RETRY_MS).unref();
  }

  isReady(): boolean {
    return this.#publisher !== undefined;
  }

  async publish(topic: string, message: unknown): Promise<void> {
    const ch = this.#publisher;
    if (!ch) throw new DependencyError("broker", "brokerDown", "the broker is unavailable");
    ch.publish(EXCHANGE, topic, Buffer.from(JSON.stringify(message)), {
      persistent: true,
      contentType: "application/json",
    });
    await ch.waitForConfirms();
  }

  /** Subscribes now if connected, and again after every reconnection. */
  async subscribe(
    topic: string,
    queue: string,
    handler: MessageHandler,
    options: { prefetch?: number } = {},
  ): Promise<void> {
    const sub = { topic, queue, handler, prefetch: options.prefetch ?? DEFAULT_PREFETCH };
    this.#subscriptions.push(sub);
    if (this.#model) await this.#consume(sub);
  }

  async #consume({ topic, queue, handler, prefetch }: Subscription): Promise<void> {
    if (!this.#model) return;
    const ch = await this.#model.createChannel();
    this.#consumers.push(ch);
    const dlq = queue + ".dlq";
    await ch.assertExchange(EXCHANGE, "topic", { durable: true });
    await ch.assertQueue(dlq, { durable: true });
    await ch.assertQueue(queue, { durable: true, deadLetterExchange: "", deadLetterRoutingKey: dlq });
    await ch.bindQueue(queue, EXCHANGE, topic);
    await ch.prefetch(prefetch);
    await ch.consume(queue, (msg) => {
      if (!msg) return;
      const attempt = Number(msg.properties.headers?.["x-archsim-attempt"] ?? 0);
      let body: unknown;
      try {
        body = JSON.parse(msg.content.toString("utf8"));
      } catch {
        this.log.error({ queue }, "message is not JSON; dead-lettered");
        ch.nack(msg, false, false);
        return;
      }
      handler(body).then(
        () => ch.ack(msg),
        (err: unknown) => {
          if (attempt < MAX_REDELIVERIES) {
            this.log.warn({ queue, attempt, err: String(err) }, "handler failed; redelivering");
            ch.sendToQueue(queue, msg.content, {
              persistent: true,
              contentType: "application/json",
              headers: { ...msg.properties.headers, "x-archsim-attempt": attempt + 1 },
            });
            ch.ack(msg);
          } else {
            this.log.error({ queue, attempt, err: String(err) }, "handler failed; dead-lettered");
            ch.nack(msg, false, false);
          }
        },
      );
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const ch of this.#consumers.splice(0)) await ch.close().catch(() => undefined);
    await this.#publisher?.close().catch(() => undefined);
    await this.#model?.close().catch(() => undefined);
  }
}

/**
 * An in-process broker for tests and for running without RabbitMQ: publish hands the message to
 * every subscription of the topic, with the same redelivery and dead-letter rule.
 */
export class MemoryBroker implements Broker {
  readonly published: { topic: string; message: unknown }[] = [];
  readonly deadLettered: { queue: string; message: unknown }[] = [];
  readonly #subs = new Map<string, { queue: string; handler: MessageHandler }[]>();

  isReady(): boolean {
    return true;
  }

  async publish(topic: string, message: unknown): Promise<void> {
    this.published.push({ topic, message });
    for (const sub of this.#subs.get(topic) ?? []) void this.#deliver(sub.queue, sub.handler, message, 0);
  }

  async subscribe(topic: string, queue: string, handler: MessageHandler): Promise<void> {
    const subs = this.#subs.get(topic) ?? [];
    subs.push({ queue, handler });
    this.#subs.set(topic, subs);
  }

  async #deliver(queue: string, handler: MessageHandler, message: unknown, attempt: number): Promise<void> {
    try {
      await handler(message);
    } catch {
      if (attempt < MAX_REDELIVERIES) await this.#deliver(queue, handler, message, attempt + 1);
      else this.deadLettered.push({ queue, message });
    }
  }

  async close(): Promise<void> {}
}

/**
 * Connects in the background, retrying every BROKER_RETRY_MS until the broker answers, then runs
 * \`onConnected\` (declare subscriptions). The process serves HTTP meanwhile; /readyz says not ready.
 * A connection lost later is re-established by the broker itself.
 */
export function connectInBackground(broker: AmqpBroker, log: Logger, onConnected: () => Promise<void>): void {
  const attempt = () => {
    broker.connect().then(onConnected, (err: unknown) => {
      log.warn({ err: String(err) }, "broker unreachable; retrying");
      setTimeout(attempt, BROKER_RETRY_MS).unref();
    });
  };
  attempt();
}
`,
  "src/cache.ts": `/** Entries one memory cache keeps; the oldest is dropped past it. */
export const MEMORY_CACHE_LIMIT = 10_000;

/** A process-local cache for \`cache\` steps (a shared cache such as Redis is not generated yet). */
export class MemoryCache {
  readonly #entries = new Map<string, unknown>();

  get(key: string): unknown {
    return this.#entries.get(key);
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  set(key: string, value: unknown): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > MEMORY_CACHE_LIMIT) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}
`,
  "src/config.ts": `import type { Logger } from "pino";

/** Settings of one process: what the config service answers, over the environment as fallback. */
export type Settings = Readonly<Record<string, string>>;

/** How long a config fetch may take before the environment is used instead. */
export const CONFIG_FETCH_TIMEOUT_MS = 2000;

/**
 * Loads settings for a component from the config service at CONFIG_URL (GET /config/<id>), falling
 * back to the environment alone when CONFIG_URL is unset or the config service does not answer.
 * Environment variables always win over fetched values, so one process can be overridden by hand.
 */
export async function loadSettings(component: string, log: Logger): Promise<Settings> {
  const env: Record<string, string> = {};
  // An empty value (KEY= in .env) means unset, so the default applies.
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && v !== "") env[k] = v;
  const url = process.env.CONFIG_URL;
  if (!url) return env;
  try {
    const res = await fetch(new URL("/config/" + encodeURIComponent(component), url), {
      signal: AbortSignal.timeout(CONFIG_FETCH_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error("config service answered " + res.status);
    const fetched = (await res.json()) as Record<string, unknown>;
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries(fetched)) if (typeof v === "string" && v !== "") merged[k] = v;
    return { ...merged, ...env };
  } catch (err) {
    log.warn({ err: String(err) }, "config service unavailable; using the environment");
    return env;
  }
}
`,
  "src/discovery.ts": `import type { Settings } from "./config.js";

/**
 * Static discovery: a peer's base URL is <ID>_URL (id upper-cased, '-' as '_') when set, else
 * http://127.0.0.1:<its fixed port>. Kubernetes DNS and Consul discovery are not generated yet.
 */
export function getPeerUrl(settings: Settings, peerId: string, defaultPort: number): string {
  const key = peerId.toUpperCase().replace(/[-.]/g, "_") + "_URL";
  return settings[key] ?? "http://127.0.0.1:" + defaultPort;
}
`,
  "src/errors.ts": `/** A failure the service answers with a JSON error and this HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** A synchronous dependency failed (down, timed out, circuit open, bulkhead full): 503. */
export class DependencyError extends HttpError {
  constructor(
    readonly dependency: string,
    readonly cause: string,
    message: string,
  ) {
    super(503, "dependency_unavailable", message);
    this.name = "DependencyError";
  }
}

/** The synthetic failure drawn from an operation's errorRate (SYNTHETIC_WORK=1). */
export class SyntheticError extends HttpError {
  constructor(operation: string) {
    super(500, "synthetic_error", "synthetic failure of " + operation + " (its errorRate)");
    this.name = "SyntheticError";
  }
}
`,
  "src/faults.ts": `import type { FastifyInstance } from "fastify";
import { HttpError } from "./errors.js";
import { sample, type Distribution } from "./synthetic.js";

/** The path of the fault flag the generated chaos/ scripts set (POST) and clear (DELETE). */
export const FAULT_FLAG_PATH = "/__archsim/faults";

/**
 * Faults set on this process through its fault flag, as the design's fault kinds: latency added
 * to every request, a failure probability, a slowdown factor on the synthetic work, and peers
 * it is partitioned from (its calls to them fail at once). Process-wide; one of each kind.
 */
export interface ActiveFaults {
  latency?: Distribution;
  errors?: number;
  slowdown?: number;
  readonly partitions: Set<string>;
}

export const activeFaults: ActiveFaults = { partitions: new Set() };

/** Whether the fault flag is served: unless ARCHSIM_FAULT_FLAG=0 (turn it off where chaos must not reach). */
export function isFaultFlagEnabled(): boolean {
  return process.env.ARCHSIM_FAULT_FLAG !== "0";
}

/** POST sets one fault ({ kind, add | probability | factor | peer }); DELETE clears them all. */
export function registerFaultFlag(app: FastifyInstance): void {
  if (!isFaultFlagEnabled()) return;
  app.post(FAULT_FLAG_PATH, async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.kind === "latency" && body.add !== null && typeof body.add === "object")
      activeFaults.latency = body.add as Distribution;
    else if (body.kind === "errors" && typeof body.probability === "number") activeFaults.errors = body.probability;
    else if (body.kind === "slowdown" && typeof body.factor === "number" && body.factor > 0)
      activeFaults.slowdown = body.factor;
    else if (body.kind === "partition" && typeof body.peer === "string") activeFaults.partitions.add(body.peer);
    else
      throw new HttpError(
        400,
        "bad_fault",
        "expected { kind: latency, add } | { kind: errors, probability } | { kind: slowdown, factor } | { kind: partition, peer }",
      );
    return { faults: describeFaults() };
  });
  app.delete(FAULT_FLAG_PATH, async () => {
    delete activeFaults.latency;
    delete activeFaults.errors;
    delete activeFaults.slowdown;
    activeFaults.partitions.clear();
    return { faults: describeFaults() };
  });
}

function describeFaults(): Record<string, unknown> {
  return { ...activeFaults, partitions: [...activeFaults.partitions].sort() };
}

/** Applies the latency and errors faults to one request (the hook every generated process runs). */
export async function applyRequestFaults(): Promise<void> {
  if (activeFaults.latency) {
    const ms = sample(activeFaults.latency);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
  if (activeFaults.errors !== undefined && Math.random() < activeFaults.errors)
    throw new HttpError(500, "injected_error", "failure injected through the fault flag");
}

/** Whether this process is partitioned from a peer (its calls fail at once). */
export function isPartitionedFrom(peer: string): boolean {
  return activeFaults.partitions.has(peer);
}
`,
  "src/http-client.ts": `import type { IPolicy } from "cockatiel";
import { DependencyError } from "./errors.js";
import { isPartitionedFrom } from "./faults.js";
import { getFailureCause } from "./resilience.js";
import { getOutgoingTraceparent } from "./trace.js";

/** Headers of an outgoing call: JSON when there is a body, and the trace context. */
export function getCallHeaders(json: boolean): Record<string, string> {
  const headers: Record<string, string> = json ? { "content-type": "application/json" } : {};
  const traceparent = getOutgoingTraceparent();
  if (traceparent) headers.traceparent = traceparent;
  return headers;
}

/** What a call sends: path parameters, a query string and a JSON body, all optional. */
export interface CallInput {
  readonly params?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** A failed attempt: the callee answered with this status. */
export class CallStatusError extends Error {
  constructor(readonly status: number) {
    super("answered " + status);
  }
}

/**
 * Calls one route of a peer through its resilience policy. Any failure (refused connection,
 * 5xx, timeout, open circuit, full bulkhead) becomes a DependencyError, which a route answers
 * as 503 with a JSON error; an open circuit fails at once without touching the network.
 */
export async function callPeer(
  policy: IPolicy,
  peer: { readonly id: string; readonly baseUrl: string },
  method: string,
  pathTemplate: string,
  input: CallInput = {},
): Promise<unknown> {
  const path = pathTemplate.replace(/\\{([^}]+)\\}/g, (_m, name: string) => {
    const value = input.params?.[name];
    if (value === undefined) throw new Error("missing path parameter " + name + " for " + pathTemplate);
    return encodeURIComponent(value);
  });
  if (isPartitionedFrom(peer.id))
    throw new DependencyError(peer.id, "partitioned", peer.id + " is unavailable (partitioned)");
  try {
    return await policy.execute(async ({ signal }) => {
      const res = await fetch(new URL(path, peer.baseUrl), {
        method,
        signal,
        headers: getCallHeaders(input.body !== undefined),
        body: input.body === undefined ? undefined : JSON.stringify(input.body),
      });
      if (res.status >= 500) throw new CallStatusError(res.status);
      const text = await res.text();
      return text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
    });
  } catch (err) {
    const cause = getFailureCause(err);
    throw new DependencyError(peer.id, cause, peer.id + " is unavailable (" + cause + ")");
  }
}
`,
  "src/index.ts": `/**
 * @archsim/runtime: what every generated process shares (archsim-owned: regenerated each time).
 */
export * from "./broker.js";
export * from "./cache.js";
export * from "./config.js";
export * from "./discovery.js";
export * from "./errors.js";
export * from "./faults.js";
export * from "./http-client.js";
export * from "./logger.js";
export * from "./metrics.js";
export * from "./outbox.js";
export * from "./rate-limit.js";
export * from "./repository.js";
export * from "./resilience.js";
export * from "./server.js";
export * from "./shutdown.js";
export * from "./steps.js";
export * from "./synthetic.js";
export * from "./trace.js";
`,
  "src/logger.ts": `import { pino, type Logger } from "pino";

export type { Logger };

/** A pino logger (JSON lines on stdout) that names the component in every line; LOG_LEVEL sets the level. */
export function createLogger(component: string): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? "info", base: { component } });
}
`,
  "src/metrics.ts": `import client from "prom-client";

/** Prometheus metrics of one process: Node defaults plus request and step counters. */
export class Metrics {
  readonly registry = new client.Registry();
  readonly requests: client.Histogram<"route" | "method" | "status">;
  readonly messages: client.Counter<"topic" | "operation" | "outcome">;

  constructor(component: string) {
    this.registry.setDefaultLabels({ component });
    client.collectDefaultMetrics({ register: this.registry });
    this.requests = new client.Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP requests by route, method and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.messages = new client.Counter({
      name: "archsim_messages_total",
      help: "Messages consumed, by topic, the operation they ran and outcome (handled, or failed: redelivered or dead-lettered)",
      labelNames: ["topic", "operation", "outcome"],
      registers: [this.registry],
    });
  }
}
`,
  "src/outbox.ts": `import type { Logger } from "pino";
import type { Broker } from "./broker.js";

/** Messages an outbox holds while the broker is away; past it, adds fail loudly. */
export const OUTBOX_LIMIT = 100_000;
/** How often the outbox retries sending what it holds. */
export const OUTBOX_FLUSH_MS = 500;

/**
 * A publish with \`outbox: true\`: the message is kept and the step succeeds at once; a flusher
 * sends it when the broker takes it, in order. This outbox is in process memory: it survives a
 * broker outage, not a crash of the service (the Postgres table written in the same transaction
 * as the query is not generated yet).
 */
export class Outbox {
  readonly #pending: { topic: string; message: unknown }[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing = false;

  constructor(
    private readonly broker: Broker,
    private readonly log: Logger,
  ) {}

  add(topic: string, message: unknown): void {
    if (this.#pending.length >= OUTBOX_LIMIT) throw new Error("outbox full (" + OUTBOX_LIMIT + " messages)");
    this.#pending.push({ topic, message });
    void this.flush();
  }

  get size(): number {
    return this.#pending.length;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), OUTBOX_FLUSH_MS);
    this.#timer.unref();
  }

  async flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      while (this.#pending.length > 0 && this.broker.isReady()) {
        const next = this.#pending[0]!;
        await this.broker.publish(next.topic, next.message);
        this.#pending.shift();
      }
    } catch (err) {
      this.log.warn({ err: String(err), pending: this.#pending.length }, "outbox: broker refused; will retry");
    } finally {
      this.#flushing = false;
    }
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.flush();
  }
}
`,
  "src/rate-limit.ts": `import { HttpError } from "./errors.js";

/**
 * The gateway's token bucket: \`burst\` tokens (default ceil(rps)), refilled continuously at \`rps\`,
 * full at start, one per request; none left → 429.
 */
export class TokenBucket {
  #tokens: number;
  #last = performance.now();
  readonly #capacity: number;

  constructor(
    private readonly rps: number,
    burst: number | undefined,
  ) {
    this.#capacity = burst ?? Math.ceil(rps);
    this.#tokens = this.#capacity;
  }

  /** Takes a token or throws a 429 HttpError. */
  take(): void {
    const now = performance.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#last) / 1000) * this.rps);
    this.#last = now;
    if (this.#tokens < 1) throw new HttpError(429, "rate_limited", "rate limit exceeded");
    this.#tokens -= 1;
  }
}
`,
  "src/repository.ts": `import pg from "pg";

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
`,
  "src/resilience.ts": `import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CountBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  fullJitterGenerator,
  handleWhen,
  noJitterGenerator,
  noop,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from "cockatiel";

/** The design's resilience for one caller → callee pair (durations in ms). */
export interface ResilienceSpec {
  readonly timeoutMs?: number;
  readonly retries?: { readonly max: number; readonly backoffMs: number; readonly jitter: boolean };
  readonly circuitBreaker?: {
    readonly failureRate: number;
    readonly window: number;
    readonly openForMs: number;
    readonly halfOpenProbes: number;
  };
  readonly bulkhead?: number;
}

/** Errors that are not retried, as in the design format: the circuit is open or the bulkhead full. */
export function isFailFast(err: unknown): boolean {
  return err instanceof BrokenCircuitError || err instanceof BulkheadRejectedError;
}

/** Longest wait between retries, whatever the backoff doubles to. */
export const MAX_BACKOFF_MS = 30_000;

/**
 * One policy per (caller process, callee service), as cockatiel wants its breaker shared:
 * bulkhead (outermost: a call beyond the limit fails at once, not retried) → retry with
 * exponential backoff (full jitter when \`jitter\`) → circuit breaker over the last \`window\`
 * attempts → timeout per attempt. Not modelled: more than one half-open probe (cockatiel lets
 * exactly one call through when half-open).
 */
export function createPolicy(spec: ResilienceSpec | undefined): IPolicy {
  if (!spec) return noop;
  const layers: IPolicy[] = [];
  if (spec.bulkhead !== undefined) layers.push(bulkhead(spec.bulkhead, 0));
  if (spec.retries && spec.retries.max > 0) {
    layers.push(
      retry(
        handleWhen((err) => !isFailFast(err)),
        {
          maxAttempts: spec.retries.max,
          backoff: new ExponentialBackoff({
            initialDelay: spec.retries.backoffMs,
            exponent: 2,
            maxDelay: MAX_BACKOFF_MS,
            generator: spec.retries.jitter ? fullJitterGenerator : noJitterGenerator,
          }),
        },
      ),
    );
  }
  if (spec.circuitBreaker) {
    layers.push(
      circuitBreaker(
        handleWhen((err) => !isFailFast(err)),
        {
          halfOpenAfter: spec.circuitBreaker.openForMs,
          breaker: new CountBreaker({ threshold: spec.circuitBreaker.failureRate, size: spec.circuitBreaker.window }),
        },
      ),
    );
  }
  if (spec.timeoutMs !== undefined) layers.push(timeout(spec.timeoutMs, TimeoutStrategy.Aggressive));
  if (layers.length === 0) return noop;
  return wrap(...layers);
}

/** The cause of a failed call, for the 503's JSON body and the logs. */
export function getFailureCause(err: unknown): string {
  if (err instanceof BrokenCircuitError) return "circuitOpen";
  if (err instanceof BulkheadRejectedError) return "bulkhead";
  // fetch rejects with an AbortError when the timeout aborts it, sometimes before cockatiel's own error.
  if (
    err instanceof TaskCancelledError ||
    (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError"))
  )
    return "timeout";
  return "error";
}
`,
  "src/server.ts": `import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { DependencyError, HttpError } from "./errors.js";
import { enterTrace, getTraceId } from "./trace.js";
import { FAULT_FLAG_PATH, applyRequestFaults, registerFaultFlag } from "./faults.js";
import { Metrics } from "./metrics.js";

export interface ServerOptions {
  readonly component: string;
  readonly logger: Logger;
  /** Checks for /readyz (broker connected, database answering); /healthz only says the process lives. */
  readonly readiness?: () => Promise<Record<string, boolean>>;
}

/**
 * A Fastify instance with what every generated process shares: pino request logs, Prometheus
 * metrics on /metrics, the fault flag (faults.ts), GET /healthz (alive) and GET /readyz (dependencies ready, else 503), and
 * errors answered as JSON: an HttpError with its status (a failed dependency: 503), others 500.
 */
export function createServer(options: ServerOptions): { app: FastifyInstance; metrics: Metrics } {
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: (req) => getTraceId(req.headers.traceparent),
    logController: new LogController({ requestIdLogLabel: "traceId" }),
  });
  const metrics = new Metrics(options.component);

  // An empty body with a JSON content type (a DELETE from a script) is no body, not a 400.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HttpError(400, "bad_json", "the body is not valid JSON"), undefined);
    }
  });

  const internal = new Set(["/healthz", "/readyz", "/metrics", FAULT_FLAG_PATH]);
  app.addHook("onRequest", async (request, reply) => {
    enterTrace(request.id);
    reply.header("x-trace-id", request.id);
    if (!internal.has(request.url.split("?")[0] ?? "")) await applyRequestFaults();
  });
  registerFaultFlag(app);

  app.addHook("onResponse", async (request, reply) => {
    metrics.requests
      .labels(request.routeOptions.url ?? "unmatched", request.method, String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof HttpError) {
      request.log.warn({ err: err.message, code: err.code }, "request failed");
      // A dependency's 503 also names the dependency and why (down, timeout, circuitOpen, bulkhead).
      const detail = err instanceof DependencyError ? { dependency: err.dependency, cause: err.cause } : {};
      return reply.code(err.statusCode).send({ error: err.code, message: err.message, ...detail });
    }
    const status =
      typeof (err as { statusCode?: unknown }).statusCode === "number"
        ? (err as { statusCode: number }).statusCode
        : 500;
    if (status >= 500) request.log.error({ err }, "request failed");
    return reply
      .code(status)
      .send({ error: status >= 500 ? "internal_error" : "bad_request", message: String((err as Error).message) });
  });

  app.get("/healthz", async () => ({ status: "ok", component: options.component }));
  app.get("/readyz", async (_request, reply) => {
    const checks = (await options.readiness?.()) ?? {};
    const ready = Object.values(checks).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks });
  });
  app.get("/metrics", async (_request, reply) =>
    reply.header("content-type", metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  return { app, metrics };
}

/** The port of a process: PORT when set, else its fixed port from the design. */
export function getPort(defaultPort: number): number {
  const fromEnv = Number(process.env.PORT);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultPort;
}
`,
  "src/shutdown.ts": `import type { Logger } from "pino";

/** How long a graceful shutdown may take before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * On SIGTERM or SIGINT: runs the closers in order (stop listening, flush the outbox, close the
 * broker and the database), then exits; exits with 1 if they take past SHUTDOWN_GRACE_MS.
 */
export function onShutdown(log: Logger, closers: readonly (() => Promise<unknown>)[]): void {
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "shutting down");
    setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    for (const closer of closers) {
      try {
        await closer();
      } catch (err) {
        log.warn({ err: String(err) }, "a closer failed during shutdown");
      }
    }
    process.exit(0);
  };
  process.once("SIGTERM", () => void close("SIGTERM"));
  process.once("SIGINT", () => void close("SIGINT"));
}
`,
  "src/steps.ts": `import type { Logger } from "pino";
import { HttpError } from "./errors.js";
import type { Repository } from "./repository.js";
import { isSyntheticWork } from "./synthetic.js";

/** What a route or a message hands an operation. */
export interface OperationInput {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
}

/** Runs a step unless its \`probability\` says to skip it this time. */
export async function maybe(probability: number, step: () => Promise<void>): Promise<void> {
  if (probability >= 1 || Math.random() < probability) await step();
}

/** Runs an \`optional\` step: its failure is logged and does not fail the operation. */
export async function optional(log: Logger, what: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    log.warn({ step: what, err: String(err) }, "optional step failed");
  }
}

/** A \`parallel\` step: all at once, done when all are done; fails with the first failure. */
export async function parallel(steps: readonly (() => Promise<void>)[]): Promise<void> {
  const results = await Promise.allSettled(steps.map((s) => s()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

const branchChoices = new WeakMap<object, number[]>();

/**
 * A handler's choice of alternatives for its operation's \`branch\` steps, in the order those steps
 * run (0 is a step's first alternative): \`return chooseBranches(order, 1)\` takes the second. The
 * result is returned as it is (the choice is kept beside it, not in it).
 */
export function chooseBranches<T extends object>(result: T, ...alternatives: number[]): T {
  branchChoices.set(result, [...alternatives]);
  return result;
}

/** The choices a handler made with chooseBranches (consumed by the branch steps, in order). */
export function takeBranchChoices(result: unknown): number[] {
  return (result !== null && typeof result === "object" && branchChoices.get(result)) || [];
}

/**
 * A \`branch\` step runs one alternative: the one the handler chose (chooseBranches); else, with
 * SYNTHETIC_WORK=1, one drawn by relative weight as the simulator draws it; else the heaviest (the
 * first of equal weights), the design's main path, so that plain code never takes a rare path by chance.
 */
export async function branch(
  alternatives: readonly { weight: number; run: () => Promise<void> }[],
  choices: number[] = [],
): Promise<void> {
  const chosen = choices.shift();
  if (chosen !== undefined) {
    const alternative = alternatives[chosen];
    if (!alternative)
      throw new Error("branch alternative " + chosen + " does not exist (this branch has " + alternatives.length + ")");
    return alternative.run();
  }
  if (isSyntheticWork()) {
    const total = alternatives.reduce((s, a) => s + a.weight, 0);
    let x = Math.random() * total;
    for (const a of alternatives) {
      x -= a.weight;
      if (x < 0) return a.run();
    }
    return alternatives[alternatives.length - 1]?.run();
  }
  let heaviest = alternatives[0];
  for (const a of alternatives) if (heaviest && a.weight > heaviest.weight) heaviest = a;
  return heaviest?.run();
}

/** The id a record is stored under: the handler's result \`id\`, else the path's \`{id}\`. */
function getRecordId(input: OperationInput, result: unknown): string | undefined {
  if (result !== null && typeof result === "object" && typeof (result as { id?: unknown }).id === "string")
    return (result as { id: string }).id;
  return input.params.id;
}

/**
 * A \`query\` step: an operation that reads (GET, or a message-less call with an \`{id}\` and no
 * result) loads the record and answers 404 when there is none; any other writes its handler's
 * result under its \`id\`. The record read is returned to be merged into the response.
 */
export async function query(
  repo: Repository,
  collection: string,
  method: string,
  input: OperationInput,
  result: unknown,
): Promise<Record<string, unknown> | undefined> {
  const id = getRecordId(input, result);
  if (method === "GET") {
    if (id === undefined) return undefined;
    const found = await repo.get(collection, id);
    if (!found) throw new HttpError(404, "not_found", collection + " " + id + " not found");
    return found;
  }
  if (id !== undefined && result !== null && typeof result === "object")
    await repo.put(collection, id, result as Record<string, unknown>);
  return undefined;
}

/** A value as a record to spread: objects as they are, anything else as { value }. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return value === undefined ? {} : { value };
}

/** The message every publish step sends: its topic, the operation that sent it, and its data. */
export interface EventMessage {
  readonly topic: string;
  readonly source: string;
  readonly data: unknown;
}

/** An operation's input from a consumed message: the message's data as the body. */
export function inputFromMessage(message: unknown): OperationInput {
  const data =
    message !== null && typeof message === "object" && "data" in message ? (message as EventMessage).data : message;
  return { params: {}, query: {}, body: data };
}
`,
  "src/synthetic.ts": `import { SyntheticError } from "./errors.js";
import { activeFaults } from "./faults.js";

/** A distribution of a duration in ms, as the design format normalizes it. */
export type Distribution =
  | { readonly type: "const"; readonly value: number }
  | { readonly type: "exp"; readonly mean: number }
  | { readonly type: "uniform"; readonly min: number; readonly max: number }
  | { readonly type: "normal"; readonly mean: number; readonly sd: number }
  | { readonly type: "lognormal"; readonly mu: number; readonly sigma: number }
  | { readonly type: "erlang"; readonly k: number; readonly mean: number }
  | { readonly type: "empirical"; readonly values: readonly number[] };

/** Redraws of a negative normal value before giving 0 (the format redraws until non-negative). */
const NORMAL_REDRAWS = 1000;

function standardNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** One draw of a distribution, in ms, as the simulator draws it. */
export function sample(d: Distribution, random: () => number = Math.random): number {
  switch (d.type) {
    case "const":
      return d.value;
    case "exp":
      return -d.mean * Math.log(1 - random());
    case "uniform":
      return d.min + (d.max - d.min) * random();
    case "normal":
      for (let i = 0; i < NORMAL_REDRAWS; i++) {
        const x = d.mean + d.sd * standardNormal(random);
        if (x >= 0) return x;
      }
      return 0;
    case "lognormal":
      return Math.exp(d.mu + d.sigma * standardNormal(random));
    case "erlang": {
      let sum = 0;
      for (let i = 0; i < d.k; i++) sum += -(d.mean / d.k) * Math.log(1 - random());
      return sum;
    }
    case "empirical":
      return d.values[Math.floor(random() * d.values.length)] ?? 0;
  }
}

/** Whether SYNTHETIC_WORK=1 asks every operation to spend its design's work and fail at its errorRate. */
export function isSyntheticWork(): boolean {
  return process.env.SYNTHETIC_WORK === "1";
}

/**
 * With SYNTHETIC_WORK=1: waits a draw of \`work\` and throws a SyntheticError with probability
 * \`errorRate\`, so a load test of the generated system can be compared with the simulator's
 * prediction. Waiting (not spinning) models a slot held, not CPU burnt.
 */
export async function spendSyntheticWork(operation: string, work: Distribution, errorRate: number): Promise<void> {
  if (!isSyntheticWork()) return;
  const ms = sample(work) * (activeFaults.slowdown ?? 1);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  if (errorRate > 0 && Math.random() < errorRate) throw new SyntheticError(operation);
}
`,
  "src/trace.ts": `import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

/**
 * W3C trace context, without an OpenTelemetry SDK (exporting spans is not generated yet): each
 * request takes the trace id of its \`traceparent\` header or a new one, logs it on every line
 * (pino's \`traceId\`), answers it in \`x-trace-id\`, and passes it on to the calls it makes.
 */
const store = new AsyncLocalStorage<{ traceId: string }>();

const TRACEPARENT_RE = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The trace id of a \`traceparent\` header when it is valid (and not all zeros), else a new one. */
export function getTraceId(traceparent: string | string[] | undefined): string {
  const m = typeof traceparent === "string" ? TRACEPARENT_RE.exec(traceparent) : null;
  if (m && m[1] !== "0".repeat(32)) return m[1]!;
  return randomBytes(16).toString("hex");
}

/** Runs the rest of the request with this trace id current. */
export function enterTrace(traceId: string): void {
  store.enterWith({ traceId });
}

/** The \`traceparent\` header for an outgoing call: the current trace id, a new span id. */
export function getOutgoingTraceparent(): string | undefined {
  const current = store.getStore();
  return current ? "00-" + current.traceId + "-" + randomBytes(8).toString("hex") + "-01" : undefined;
}
`,
  "test/runtime.test.ts": `import { describe, expect, it } from "vitest";
import {
  DependencyError,
  MemoryBroker,
  TokenBucket,
  branch,
  callPeer,
  chooseBranches,
  createLogger,
  createPolicy,
  createServer,
  getFailureCause,
  isFailFast,
  sample,
  takeBranchChoices,
} from "../src/index.js";

const fail = () => {
  throw new Error("boom");
};

describe("createPolicy", () => {
  it("retries max times after the first attempt: max 2 is 3 attempts", async () => {
    const policy = createPolicy({ retries: { max: 2, backoffMs: 0, jitter: false } });
    let attempts = 0;
    await expect(
      policy.execute(async () => {
        attempts++;
        fail();
      }),
    ).rejects.toThrow("boom");
    expect(attempts).toBe(3);
  });

  it("opens the circuit when the window is full of failures, then fails at once without calling", async () => {
    const policy = createPolicy({
      circuitBreaker: { failureRate: 0.5, window: 4, openForMs: 60_000, halfOpenProbes: 1 },
    });
    let calls = 0;
    const call = () =>
      policy.execute(async () => {
        calls++;
        fail();
      });
    for (let i = 0; i < 4; i++) await expect(call()).rejects.toThrow("boom");
    const err = await call().catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(isFailFast(err)).toBe(true);
    expect(getFailureCause(err)).toBe("circuitOpen");
  });

  it("refuses a call beyond the bulkhead at once and does not retry it", async () => {
    const policy = createPolicy({ bulkhead: 1, retries: { max: 3, backoffMs: 0, jitter: false } });
    let release: () => void = () => undefined;
    const first = policy.execute(() => new Promise<void>((resolve) => (release = resolve)));
    let secondAttempts = 0;
    const err = await policy
      .execute(async () => {
        secondAttempts++;
      })
      .catch((e: unknown) => e);
    expect(getFailureCause(err)).toBe("bulkhead");
    expect(secondAttempts).toBe(0);
    release();
    await first;
  });

  it("times an attempt out (fetch's AbortError counts as a timeout)", async () => {
    const policy = createPolicy({ timeoutMs: 20 });
    const err = await policy
      .execute(
        ({ signal }) =>
          new Promise((_resolve, reject) =>
            signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
          ),
      )
      .catch((e: unknown) => e);
    expect(getFailureCause(err)).toBe("timeout");
  });
});

describe("callPeer", () => {
  it("turns a peer that does not answer into a 503 DependencyError", async () => {
    const err = await callPeer(
      createPolicy(undefined),
      { id: "inventory", baseUrl: "http://127.0.0.1:9" },
      "POST",
      "/reservations",
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyError);
    expect((err as DependencyError).statusCode).toBe(503);
    expect((err as DependencyError).dependency).toBe("inventory");
  });
});

describe("MemoryBroker", () => {
  it("redelivers a failing message 3 times (4 attempts), then dead-letters it", async () => {
    const broker = new MemoryBroker();
    let attempts = 0;
    await broker.subscribe("order.created", "payment.order.created", async () => {
      attempts++;
      fail();
    });
    await broker.publish("order.created", { id: "o1" });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(attempts).toBe(4);
    expect(broker.deadLettered).toEqual([{ queue: "payment.order.created", message: { id: "o1" } }]);
  });
});

describe("TokenBucket", () => {
  it("lets burst requests through at once, then answers 429", () => {
    const bucket = new TokenBucket(1, 2);
    bucket.take();
    bucket.take();
    expect(() => bucket.take()).toThrow("rate limit exceeded");
  });
});

describe("sample", () => {
  it("draws the design's distributions", () => {
    expect(sample({ type: "const", value: 5 })).toBe(5);
    expect(sample({ type: "uniform", min: 2, max: 4 }, () => 0.5)).toBe(3);
    expect(sample({ type: "empirical", values: [1, 2, 3] }, () => 0.99)).toBe(3);
    expect(sample({ type: "lognormal", mu: Math.log(2), sigma: 0 })).toBeCloseTo(2, 10);
  });
});

describe("branch", () => {
  const alternatives = (ran: string[]) => [
    { weight: 0.97, run: async () => void ran.push("completed") },
    { weight: 0.03, run: async () => void ran.push("failed") },
  ];

  it("runs the alternative the handler chose, one choice per branch step in order", async () => {
    const ran: string[] = [];
    const choices = takeBranchChoices(chooseBranches({ id: "o1" }, 1, 0));
    await branch(alternatives(ran), choices);
    await branch(alternatives(ran), choices);
    expect(ran).toEqual(["failed", "completed"]);
  });

  it("runs the heaviest alternative when the handler chose none (and SYNTHETIC_WORK is off)", async () => {
    const ran: string[] = [];
    for (let i = 0; i < 20; i++) await branch(alternatives(ran), takeBranchChoices({ id: "o1" }));
    expect(ran).toEqual(new Array(20).fill("completed"));
    const heavierSecond: string[] = [];
    await branch([{ weight: 1, run: async () => void heavierSecond.push("a") }, { weight: 3, run: async () => void heavierSecond.push("b") }]);
    expect(heavierSecond).toEqual(["b"]);
  });

  it("refuses a choice the branch does not have", async () => {
    await expect(branch(alternatives([]), [2])).rejects.toThrow("branch alternative 2 does not exist (this branch has 2)");
  });
});

describe("error answers", () => {
  it("a dependency's 503 names the dependency and the cause", async () => {
    const log = createLogger("test");
    log.level = "silent";
    const { app } = createServer({ component: "test", logger: log });
    app.get("/down", async () => {
      throw new DependencyError("inventory", "circuitOpen", "inventory is unavailable (circuitOpen)");
    });
    const res = await app.inject({ method: "GET", url: "/down" });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      error: "dependency_unavailable",
      message: "inventory is unavailable (circuitOpen)",
      dependency: "inventory",
      cause: "circuitOpen",
    });
  });
});

describe("trace context", () => {
  it("answers the incoming traceparent's trace id, or a new one", async () => {
    const log = createLogger("test");
    log.level = "silent";
    const { app } = createServer({ component: "test", logger: log });
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const given = await app.inject({
      method: "GET",
      url: "/healthz",
      headers: { traceparent: "00-" + traceId + "-00f067aa0ba902b7-01" },
    });
    expect(given.headers["x-trace-id"]).toBe(traceId);
    const fresh = await app.inject({ method: "GET", url: "/healthz", headers: { traceparent: "garbage" } });
    expect(fresh.headers["x-trace-id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.headers["x-trace-id"]).not.toBe(traceId);
  });
});
`,
};
