/** packages/runtime/src/outbox.ts of the generated repository (see ../runtime-sources.ts). */
export const OUTBOX_SOURCE = `import type { Logger } from "pino";
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
`;
