/** packages/runtime/src/cache.ts of the generated repository (see ../runtime-sources.ts). */
export const CACHE_SOURCE = `import { createClient } from "@redis/client";
import type { Logger } from "pino";

/** Entries one memory cache keeps; the oldest is dropped past it. */
export const MEMORY_CACHE_LIMIT = 10_000;
/** How long a Redis entry lives (CACHE_TTL_SECONDS overrides). */
export const DEFAULT_CACHE_TTL_SECONDS = 300;
/** A Redis lookup slower than this counts as a miss (the miss steps run). */
export const CACHE_COMMAND_TIMEOUT_MS = 250;
/** The longest wait between attempts to reach Redis again. */
export const CACHE_RECONNECT_MAX_MS = 2000;

/**
 * What a \`cache\` step uses. A lookup never fails, as in the design format: a cache that is down
 * or slow answers a miss, and a store that fails is dropped with a warning.
 */
export interface Cache {
  /** The cached value, or undefined on a miss. */
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}

/** A process-local cache (each replica its own): the default, and for caches that are not Redis. */
export class MemoryCache implements Cache {
  readonly #entries = new Map<string, unknown>();

  async get(key: string): Promise<unknown> {
    return this.#entries.get(key);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > MEMORY_CACHE_LIMIT) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  async close(): Promise<void> {}
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("cache lookup took over " + ms + " ms")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A cache shared by every replica, in Redis (for a cache whose tech is redis, when <CACHE_ID>_URL
 * is set): values as JSON under <prefix><key>, each for ttlSeconds. While Redis is unreachable every
 * lookup is a miss at once (no queueing) and the client reconnects in the background.
 */
export class RedisCache implements Cache {
  readonly #client;
  #warned = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly ttlSeconds = DEFAULT_CACHE_TTL_SECONDS,
  ) {
    this.#client = createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (n: number) => Math.min(100 * 2 ** n, CACHE_RECONNECT_MAX_MS) },
    });
    this.#client.on("error", (err: unknown) => this.#warn("cache error", err));
    this.#client.on("ready", () => {
      this.#warned = false;
      this.log.info({ prefix }, "cache connected");
    });
    this.#client.connect().catch((err: unknown) => this.#warn("cache unreachable; lookups miss until it answers", err));
  }

  /** One warning per outage, not one per lookup. */
  #warn(message: string, err: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    this.log.warn({ prefix: this.prefix, err: String(err) }, message);
  }

  isReady(): boolean {
    return this.#client.isReady;
  }

  async get(key: string): Promise<unknown> {
    if (!this.#client.isReady) return undefined;
    try {
      const raw = await withTimeout(this.#client.get(this.prefix + key), CACHE_COMMAND_TIMEOUT_MS);
      this.#warned = false; // answering again: the next failure is a new outage, worth a warning
      return raw === null ? undefined : JSON.parse(raw);
    } catch (err) {
      this.#warn("cache lookup failed; counted as a miss", err);
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    if (!this.#client.isReady || value === undefined) return;
    try {
      await withTimeout(
        this.#client.set(this.prefix + key, JSON.stringify(value), { EX: this.ttlSeconds }),
        CACHE_COMMAND_TIMEOUT_MS,
      );
      this.#warned = false;
    } catch (err) {
      this.#warn("cache store failed; dropped", err);
    }
  }

  async close(): Promise<void> {
    if (this.#client.isOpen) await this.#client.close().catch(() => this.#client.destroy());
    else this.#client.destroy();
  }
}
`;
