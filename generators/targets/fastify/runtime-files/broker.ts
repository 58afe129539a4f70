/** packages/runtime/src/broker.ts of the generated repository (see ../runtime-sources.ts). */
export const BROKER_SOURCE = `import amqp from "amqplib";
import type { Logger } from "pino";
import { DependencyError } from "./errors.js";
import { traceConsume, tracePublish } from "./trace.js";

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
  /** Takes no new deliveries and waits for the handlers under way (shutdown's first step). */
  stopConsuming(): Promise<void>;
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
/** How long a shutdown waits for the handlers under way to finish and acknowledge (below the shutdown grace). */
export const CONSUMER_DRAIN_MS = 5000;

/**
 * RabbitMQ through amqplib: publishes on a confirm channel (resolves once the broker has the
 * message), consumes one durable queue per (topic, service) with a prefetch, retries a failed
 * message up to MAX_REDELIVERIES times (republished with an x-archsim-attempt header), then
 * rejects it into the queue's dead-letter queue <queue>.dlq. A lost connection is re-established
 * every BROKER_RETRY_MS, with every subscription consumed again. Each publish is a PRODUCER span whose
 * \`traceparent\` rides in the message's headers; each delivery is a CONSUMER span, its child (trace.ts),
 * logged at info ("message handled") with the trace's ids.
 */
export class AmqpBroker implements Broker {
  #model: amqp.ChannelModel | undefined;
  #publisher: amqp.ConfirmChannel | undefined;
  #closing = false;
  readonly #consumers: amqp.Channel[] = [];
  readonly #consumerTags = new Map<amqp.Channel, string>();
  /** Deliveries whose handler is running (at most the prefetch per subscription). */
  readonly #inFlight = new Set<Promise<void>>();
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
      this.#consumerTags.clear();
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
    await tracePublish("rabbitmq", EXCHANGE, topic, async (headers) => {
      const ch = this.#publisher;
      if (!ch) throw new DependencyError("broker", "brokerDown", "the broker is unavailable");
      ch.publish(EXCHANGE, topic, Buffer.from(JSON.stringify(message)), {
        persistent: true,
        contentType: "application/json",
        headers,
      });
      await ch.waitForConfirms();
    });
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
    const { consumerTag } = await ch.consume(queue, (msg) => {
      if (!msg) return;
      const attempt = Number(msg.properties.headers?.["x-archsim-attempt"] ?? 0);
      // The whole delivery runs in its CONSUMER span, so every line logged below carries the trace.
      const delivery: Promise<void> = traceConsume("rabbitmq", EXCHANGE, topic, queue, msg.properties.headers, attempt, async () => {
        let body: unknown;
        try {
          body = JSON.parse(msg.content.toString("utf8"));
        } catch (err) {
          this.log.error({ queue }, "message is not JSON; dead-lettered");
          ch.nack(msg, false, false);
          throw err;
        }
        try {
          await handler(body);
        } catch (err) {
          if (attempt < MAX_REDELIVERIES) {
            this.log.warn({ queue, attempt, err: String(err) }, "handler failed; redelivering");
            // The headers (the trace context among them) go with it: the next delivery is the same producer's child.
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
          throw err;
        }
        ch.ack(msg);
        this.log.info({ topic, queue, attempt }, "message handled");
      }).catch(() => undefined); // failures are logged and recorded on the span above
      this.#inFlight.add(delivery);
      void delivery.finally(() => this.#inFlight.delete(delivery));
    });
    this.#consumerTags.set(ch, consumerTag);
  }

  /**
   * Cancels every consumer (RabbitMQ keeps what was not delivered) and waits, at most
   * CONSUMER_DRAIN_MS, for the handlers under way to finish and acknowledge: a graceful shutdown
   * does not leave a half-done message to run a second time in the next process.
   */
  async stopConsuming(): Promise<void> {
    for (const ch of this.#consumers) {
      const tag = this.#consumerTags.get(ch);
      if (tag !== undefined) await ch.cancel(tag).catch(() => undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight]),
      new Promise((resolve) => (timer = setTimeout(resolve, CONSUMER_DRAIN_MS))),
    ]);
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    this.#closing = true;
    await this.stopConsuming();
    for (const ch of this.#consumers.splice(0)) await ch.close().catch(() => undefined);
    await this.#publisher?.close().catch(() => undefined);
    await this.#model?.close().catch(() => undefined);
  }
}

/**
 * An in-process broker for tests and for running without RabbitMQ: publish hands the message to
 * every subscription of the topic, with the same redelivery and dead-letter rule, and the same
 * trace context in its headers (PRODUCER span, then a CONSUMER span per delivery).
 */
export class MemoryBroker implements Broker {
  readonly published: { topic: string; message: unknown; headers: Record<string, string> }[] = [];
  readonly deadLettered: { queue: string; message: unknown }[] = [];
  readonly #subs = new Map<string, { queue: string; handler: MessageHandler }[]>();

  isReady(): boolean {
    return true;
  }

  async publish(topic: string, message: unknown): Promise<void> {
    await tracePublish("memory", EXCHANGE, topic, async (headers) => {
      this.published.push({ topic, message, headers });
      for (const sub of this.#subs.get(topic) ?? [])
        void this.#deliver(topic, sub.queue, sub.handler, message, headers, 0);
    });
  }

  async subscribe(topic: string, queue: string, handler: MessageHandler): Promise<void> {
    const subs = this.#subs.get(topic) ?? [];
    subs.push({ queue, handler });
    this.#subs.set(topic, subs);
  }

  async #deliver(
    topic: string,
    queue: string,
    handler: MessageHandler,
    message: unknown,
    headers: Record<string, string>,
    attempt: number,
  ): Promise<void> {
    try {
      await traceConsume("memory", EXCHANGE, topic, queue, headers, attempt, () => handler(message));
    } catch {
      if (attempt < MAX_REDELIVERIES) await this.#deliver(topic, queue, handler, message, headers, attempt + 1);
      else this.deadLettered.push({ queue, message });
    }
  }

  async stopConsuming(): Promise<void> {}

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
`;
