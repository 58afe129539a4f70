/** packages/runtime/test/runtime.test.ts of the generated repository (see ../runtime-sources.ts). */
export const RUNTIME_TEST_SOURCE = `import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ROOT_CONTEXT, SamplingDecision, SpanKind, SpanStatusCode, TraceFlags, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-node";
import { describe, expect, it } from "vitest";
import {
  CACHE_COMMAND_TIMEOUT_MS,
  DependencyError,
  HttpError,
  MEMORY_CACHE_LIMIT,
  MemoryBroker,
  MemoryCache,
  MemoryRepository,
  Outbox,
  PgRepository,
  RedisCache,
  TokenBucket,
  UnitOfWork,
  branch,
  callPeer,
  chooseBranches,
  createAdmission,
  createLogger,
  createPolicy,
  createServer,
  createTracerProvider,
  getContextFromHeaders,
  getFailureCause,
  getSampler,
  getSpanProcessors,
  getTraceIds,
  inSpan,
  inUnitOfWork,
  isFailFast,
  publishInOrder,
  query,
  sample,
  startTracing,
  takeBranchChoices,
  withTraceHeaders,
} from "../src/index.js";

// Every span of this file goes to memory, exported as it ends (createServer's own startTracing is then a no-op).
const spans = new InMemorySpanExporter();
startTracing("runtime-test", { exporter: spans });

/** The finished spans of a kind, waiting up to a second for \`count\` of them (a peer's span ends after its answer). */
async function finished(kind: SpanKind, count: number): Promise<ReadableSpan[]> {
  for (let i = 0; i < 100; i++) {
    const found = spans.getFinishedSpans().filter((s) => s.kind === kind);
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return spans.getFinishedSpans().filter((s) => s.kind === kind);
}

const traceparentOf = (span: ReadableSpan) =>
  "00-" + span.spanContext().traceId + "-" + span.spanContext().spanId + "-01";

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

describe("callPeer and a peer's 4xx", () => {
  it("answers the peer's status and error, without retrying and without opening the circuit", async () => {
    let requests = 0;
    const peer = createHttpServer((req, res) => {
      requests++;
      req.resume();
      res.statusCode = 409;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ error: "out_of_stock", message: "sku-1 is out of stock" }));
    });
    await new Promise<void>((resolve) => peer.listen(0, "127.0.0.1", resolve));
    const port = (peer.address() as { port: number }).port;
    const policy = createPolicy({
      retries: { max: 2, backoffMs: 1, jitter: false },
      circuitBreaker: { failureRate: 0.5, window: 4, openForMs: 60_000, halfOpenProbes: 1 },
    });
    try {
      for (let i = 0; i < 6; i++) {
        const err = await callPeer(policy, { id: "inventory", baseUrl: "http://127.0.0.1:" + port }, "POST", "/reservations", {
          body: { sku: "sku-1" },
        }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(HttpError);
        expect(err).not.toBeInstanceOf(DependencyError);
        expect((err as HttpError).statusCode).toBe(409);
        expect((err as HttpError).code).toBe("out_of_stock");
        expect((err as HttpError).message).toBe("inventory answered 409: sku-1 is out of stock");
      }
      expect(requests).toBe(6); // one each: no retry, and the circuit never opened
    } finally {
      await new Promise((resolve) => peer.close(resolve));
    }
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

/** A MemoryBroker that can be taken away (isReady false, publishes refused) and given back. */
class FlakyBroker extends MemoryBroker {
  up = true;
  override isReady(): boolean {
    return this.up;
  }
  override async publish(topic: string, message: unknown): Promise<void> {
    if (!this.up) throw new Error("broker down");
    await super.publish(topic, message);
  }
}

function silentLog() {
  const log = createLogger("test");
  log.level = "silent";
  return log;
}

describe("publishInOrder", () => {
  it("stops at the first refused message, so nothing after it is sent before it", async () => {
    const broker = new MemoryBroker();
    let calls = 0;
    broker.publish = async (topic, message) => {
      if (++calls === 3) throw new Error("nack");
      await MemoryBroker.prototype.publish.call(broker, topic, message);
    };
    const entries = [1, 2, 3, 4].map((n) => ({ topic: "t", message: n }));
    expect(await publishInOrder(broker, entries)).toBe(2);
    expect(broker.published.map((p) => p.message)).toEqual([1, 2]);
  });
});

describe("Outbox in memory (records not in Postgres)", () => {
  it("sends an outbox publish once the operation's steps succeeded, and never when a later step failed", async () => {
    const broker = new MemoryBroker();
    const repo = new MemoryRepository();
    const outbox = new Outbox(broker, silentLog(), [repo]);
    expect(outbox.relays).toEqual([]); // memory records: no Postgres relay
    const input = { params: {}, query: {}, body: {} };
    await inUnitOfWork(async (uow) => {
      await query(uow.join(repo), "order", "POST", input, { id: "o1" });
      await outbox.publish(uow, "order.created", { id: "o1" }, repo);
      expect(broker.published).toEqual([]); // not before the commit
    });
    await expect(
      inUnitOfWork(async (uow) => {
        await outbox.publish(uow, "order.created", { id: "o2" }, repo);
        fail();
      }),
    ).rejects.toThrow("boom");
    await outbox.flush();
    expect(broker.published.map((p) => [p.topic, p.message])).toEqual([["order.created", { id: "o1" }]]);
    expect(outbox.size).toBe(0);
  });

  it("keeps messages while the broker is away and sends them in order once it is back", async () => {
    const broker = new FlakyBroker();
    const outbox = new Outbox(broker, silentLog());
    broker.up = false;
    for (const n of [1, 2, 3]) await inUnitOfWork((uow) => outbox.publish(uow, "t", n));
    await outbox.flush();
    expect(outbox.size).toBe(3);
    broker.up = true;
    await outbox.flush();
    expect(broker.published.map((p) => p.message)).toEqual([1, 2, 3]);
    expect(outbox.size).toBe(0);
  });
});

describe("Outbox.stop", () => {
  it("lets the flush under way finish, then sends the rest, before it returns", async () => {
    const broker = new MemoryBroker();
    const publish = broker.publish.bind(broker);
    broker.publish = async (topic, message) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await publish(topic, message);
    };
    const outbox = new Outbox(broker, silentLog());
    for (const n of [1, 2, 3, 4, 5]) await inUnitOfWork((uow) => outbox.publish(uow, "t", n));
    void outbox.flush();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await outbox.stop();
    expect(broker.published.map((p) => p.message)).toEqual([1, 2, 3, 4, 5]);
    expect(outbox.size).toBe(0);
  });

  it("says how many messages it could not send when the broker is away at shutdown", async () => {
    const broker = new FlakyBroker();
    broker.up = false;
    const lines: unknown[] = [];
    const log = silentLog();
    log.error = ((obj: unknown) => void lines.push(obj)) as typeof log.error;
    const outbox = new Outbox(broker, log);
    for (const n of [1, 2, 3]) await inUnitOfWork((uow) => outbox.publish(uow, "t", n));
    await outbox.stop();
    expect(lines).toEqual([{ dropped: 3 }]);
  });
});

describe("Outbox and traces", () => {
  it("publishes a message it kept in the trace of the step that wrote it, not of the flush that sends it", async () => {
    const broker = new FlakyBroker();
    const outbox = new Outbox(broker, silentLog());
    broker.up = false;
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    await withTraceHeaders({ traceparent: "00-" + traceId + "-00f067aa0ba902b7-01" }, () =>
      inUnitOfWork((uow) => outbox.publish(uow, "t", 1)),
    );
    broker.up = true;
    await outbox.flush();
    expect(broker.published[0]?.headers.traceparent).toContain(traceId);
  });
});

describe("UnitOfWork", () => {
  it("gives a Postgres database a relay, memory records none, and opens no transaction after it ended", async () => {
    const pgRepo = new PgRepository("postgres://nobody@127.0.0.1:9/none", 1);
    const outbox = new Outbox(new MemoryBroker(), silentLog(), [pgRepo, new MemoryRepository(), pgRepo]);
    expect(outbox.relays.map((r) => r.repository)).toEqual([pgRepo]);
    const uow = new UnitOfWork();
    const memory = new MemoryRepository();
    expect(uow.join(memory)).toBe(memory);
    await uow.commit(); // nothing was begun: nothing to do
    await expect(uow.client(pgRepo)).rejects.toThrow("already committed or rolled back");
    await pgRepo.close();
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

describe("createAdmission (a gateway's concurrency and queue)", () => {
  it("runs concurrency at once, queues up to queue in order, refuses the next with a 503 overloaded", async () => {
    const admit = createAdmission(1, 1);
    const order: string[] = [];
    let release!: () => void;
    const first = admit(async () => {
      order.push("first starts");
      await new Promise<void>((resolve) => (release = resolve));
      order.push("first ends");
    });
    const second = admit(async () => void order.push("second runs"));
    const third = await admit(async () => void order.push("third runs")).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(HttpError);
    expect((third as HttpError).statusCode).toBe(503);
    expect((third as HttpError).code).toBe("overloaded");
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["first starts", "first ends", "second runs"]);
  });

  it("without a concurrency runs everything at once", async () => {
    const admit = createAdmission(undefined, undefined);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 50 }, () =>
        admit(async () => {
          most = Math.max(most, ++running);
          await new Promise((resolve) => setTimeout(resolve, 1));
          running--;
        }),
      ),
    );
    expect(most).toBe(50);
  });
});

describe("caches", () => {
  it("MemoryCache answers what was set, undefined on a miss, and drops the oldest past its limit", async () => {
    const cache = new MemoryCache();
    expect(await cache.get("a")).toBeUndefined();
    await cache.set("a", { n: 1 });
    expect(await cache.get("a")).toEqual({ n: 1 });
    for (let i = 0; i < MEMORY_CACHE_LIMIT; i++) await cache.set("k" + i, i);
    expect(await cache.get("a")).toBeUndefined();
    expect(await cache.get("k" + (MEMORY_CACHE_LIMIT - 1))).toBe(MEMORY_CACHE_LIMIT - 1);
  });

  it("RedisCache with no Redis answers a miss at once and drops stores, never throwing", async () => {
    const log = createLogger("test");
    log.level = "silent";
    const cache = new RedisCache("redis://127.0.0.1:9", "archsim:test:", log);
    const t0 = performance.now();
    expect(await cache.get("a")).toBeUndefined();
    await cache.set("a", 1);
    expect(await cache.get("a")).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(CACHE_COMMAND_TIMEOUT_MS);
    expect(cache.isReady()).toBe(false);
    await cache.close();
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

describe("tracing", () => {
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  const incoming = "00-" + traceId + "-00f067aa0ba902b7-01";

  it("makes a SERVER span per request, child of its traceparent and named by its route; its log lines carry the ids", async () => {
    const raw: string[] = [];
    const log = createLogger("test", { write: (line: string) => void raw.push(line) });
    const { app } = createServer({ component: "test", logger: log });
    app.get("/orders/:id", async (request) => {
      log.info("inside the handler");
      request.log.info("request log inside the handler");
      return { ok: true };
    });
    app.get("/down", async () => {
      throw new DependencyError("inventory", "timeout", "inventory is unavailable (timeout)");
    });
    spans.reset();
    const res = await app.inject({ method: "GET", url: "/orders/o1?x=1", headers: { traceparent: incoming } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-trace-id"]).toBe(traceId);
    const [server] = await finished(SpanKind.SERVER, 1);
    expect(server!.name).toBe("GET /orders/:id");
    expect(server!.spanContext().traceId).toBe(traceId);
    expect(server!.parentSpanContext?.spanId).toBe("00f067aa0ba902b7");
    expect(server!.attributes).toMatchObject({
      "http.request.method": "GET",
      "http.route": "/orders/:id",
      "url.path": "/orders/o1",
      "http.response.status_code": 200,
    });
    expect(server!.status.code).toBe(SpanStatusCode.UNSET);
    const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    const ids = { traceId, spanId: server!.spanContext().spanId };
    // The process logger inside the handler (the active span), and the request's own logger (its bindings).
    expect(lines.find((l) => l.msg === "inside the handler")).toMatchObject(ids);
    expect(lines.find((l) => l.msg === "request log inside the handler")).toMatchObject(ids);
    expect(lines.find((l) => l.msg === "request completed")).toMatchObject(ids);
    for (const line of raw) expect(line.split('"traceId"').length).toBe(2); // once per line, never twice

    spans.reset();
    expect((await app.inject({ method: "GET", url: "/down" })).statusCode).toBe(503);
    const [failed] = await finished(SpanKind.SERVER, 1);
    expect(failed!.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed!.events.map((e) => e.name)).toContain("exception");
    // No traceparent: a new trace, its id answered.
    expect(failed!.parentSpanContext).toBeUndefined();
    expect(failed!.spanContext().traceId).not.toBe(traceId);
  });

  it("gives probes no span but still answers a trace id", async () => {
    const log = createLogger("test");
    log.level = "silent";
    const { app } = createServer({ component: "test", logger: log });
    spans.reset();
    const res = await app.inject({ method: "GET", url: "/healthz", headers: { traceparent: incoming } });
    expect(res.headers["x-trace-id"]).toBe(traceId);
    expect(spans.getFinishedSpans()).toEqual([]);
  });

  it("makes a CLIENT span per attempt of a call, whose traceparent the peer sees and continues", async () => {
    const log = createLogger("test");
    log.level = "silent";
    const peer = createServer({ component: "peer", logger: log }).app;
    let answered = 0;
    peer.get("/seen/:id", async (request, reply) => {
      // The first attempt fails, the retry succeeds.
      if (answered++ === 0) return reply.code(503).send({ error: "busy" });
      return { traceparent: request.headers.traceparent };
    });
    await peer.listen({ port: 0, host: "127.0.0.1" });
    const baseUrl = "http://127.0.0.1:" + (peer.server.address() as AddressInfo).port;
    const { app } = createServer({ component: "test", logger: log });
    const policy = createPolicy({ retries: { max: 1, backoffMs: 0, jitter: false } });
    app.get("/call", async () => callPeer(policy, { id: "peer", baseUrl }, "GET", "/seen/{id}", { params: { id: "a1" } }));
    spans.reset();
    try {
      const res = await app.inject({ method: "GET", url: "/call", headers: { traceparent: incoming } });
      expect(res.statusCode).toBe(200);
      const clients = await finished(SpanKind.CLIENT, 2);
      const servers = await finished(SpanKind.SERVER, 3);
      expect(clients.map((c) => c.name)).toEqual(["GET /seen/{id}", "GET /seen/{id}"]);
      const [first, retry] = clients;
      expect(first!.attributes).toMatchObject({ "http.response.status_code": 503, "peer.service": "peer" });
      expect(first!.attributes["http.request.resend_count"]).toBeUndefined();
      expect(first!.status.code).toBe(SpanStatusCode.ERROR);
      expect(retry!.attributes).toMatchObject({ "http.response.status_code": 200, "http.request.resend_count": 1 });
      expect(retry!.status.code).toBe(SpanStatusCode.UNSET);
      // What the peer saw is the retry's own traceparent.
      expect(res.json()).toEqual({ traceparent: traceparentOf(retry!) });
      const caller = servers.find((s) => s.name === "GET /call")!;
      for (const client of clients) {
        expect(client.spanContext().traceId).toBe(traceId);
        expect(client.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
        const served = servers.find((s) => s.parentSpanContext?.spanId === client.spanContext().spanId);
        expect(served?.name).toBe("GET /seen/:id");
      }
    } finally {
      await peer.close();
    }
  });

  it("carries a publish's trace context in the message headers: the consumer's span is the producer's child", async () => {
    const broker = new MemoryBroker();
    let inHandler: ReturnType<typeof getTraceIds>;
    await broker.subscribe("order.created", "payment.order.created", async () => {
      inHandler = getTraceIds();
    });
    spans.reset();
    await inSpan("test", SpanKind.INTERNAL, {}, () => broker.publish("order.created", { id: "o1" }));
    const [producer] = await finished(SpanKind.PRODUCER, 1);
    const [consumer] = await finished(SpanKind.CONSUMER, 1);
    const [root] = await finished(SpanKind.INTERNAL, 1);
    expect(producer!.name).toBe("publish order.created");
    expect(producer!.parentSpanContext?.spanId).toBe(root!.spanContext().spanId);
    expect(broker.published[0]!.headers.traceparent).toBe(traceparentOf(producer!));
    expect(consumer!.name).toBe("process order.created");
    expect(consumer!.spanContext().traceId).toBe(producer!.spanContext().traceId);
    expect(consumer!.parentSpanContext?.spanId).toBe(producer!.spanContext().spanId);
    expect(consumer!.attributes).toMatchObject({
      "messaging.operation.type": "process",
      "messaging.destination.subscription.name": "payment.order.created",
    });
    expect(inHandler).toEqual({ traceId: consumer!.spanContext().traceId, spanId: consumer!.spanContext().spanId });
  });

  it("makes each redelivery a failed CONSUMER span of the same producer", async () => {
    const broker = new MemoryBroker();
    await broker.subscribe("order.created", "payment.order.created", async () => fail());
    spans.reset();
    await broker.publish("order.created", { id: "o1" });
    const [producer] = await finished(SpanKind.PRODUCER, 1);
    const consumers = await finished(SpanKind.CONSUMER, 4);
    expect(consumers.map((c) => c.attributes["archsim.delivery.attempt"])).toEqual([0, 1, 2, 3]);
    for (const c of consumers) {
      expect(c.parentSpanContext?.spanId).toBe(producer!.spanContext().spanId);
      expect(c.status.code).toBe(SpanStatusCode.ERROR);
    }
  });

  it("reads the trace context of AMQP headers (Buffer values), and starts a trace for a message without one", () => {
    const carried = trace.getSpanContext(getContextFromHeaders({ traceparent: Buffer.from(incoming), "x-archsim-attempt": 1 }));
    expect(carried).toMatchObject({ traceId, spanId: "00f067aa0ba902b7", isRemote: true });
    expect(trace.getSpanContext(getContextFromHeaders(undefined))).toBeUndefined();
    expect(trace.getSpanContext(getContextFromHeaders({ traceparent: "garbage" }))).toBeUndefined();
  });

  it("samples new traces at the design's ratio and follows the parent inside a trace; OTEL_TRACES_SAMPLER wins", () => {
    const none = getSampler(0, {})!;
    const all = getSampler(1, {})!;
    const decide = (ctx: typeof ROOT_CONTEXT, s = none) =>
      s.shouldSample(ctx, traceId, "GET", SpanKind.SERVER, {}, []).decision;
    expect(decide(ROOT_CONTEXT)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(ROOT_CONTEXT, all)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    const parent = (flags: TraceFlags) =>
      trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: "00f067aa0ba902b7", traceFlags: flags, isRemote: true });
    expect(decide(parent(TraceFlags.SAMPLED))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(parent(TraceFlags.NONE), all)).toBe(SamplingDecision.NOT_RECORD);
    expect(getSampler(0.1, { OTEL_TRACES_SAMPLER: "always_on" })).toBeUndefined();
  });

  it("exports nothing without an endpoint, and OTLP/HTTP JSON to <endpoint>/v1/traces with one", async () => {
    expect(getSpanProcessors({}, {})).toEqual([]);
    expect(getSpanProcessors({}, { OTEL_EXPORTER_OTLP_ENDPOINT: "" })).toEqual([]);
    // A tiny OTLP receiver.
    const received: { url: string | undefined; body: string }[] = [];
    const receiver = createHttpServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received.push({ url: req.url, body });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = "http://127.0.0.1:" + (receiver.address() as AddressInfo).port;
    try {
      const provider = createTracerProvider("exported", { sampling: 1 });
      const span = provider.getTracer("test").startSpan("exported span");
      span.end();
      await provider.forceFlush();
      await provider.shutdown();
      expect(received.map((r) => r.url)).toEqual(["/v1/traces"]);
      const body = JSON.parse(received[0]!.body) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: { traceId: string; name: string }[] }[];
        }[];
      };
      const [resourceSpans] = body.resourceSpans;
      expect(resourceSpans!.resource.attributes).toContainEqual({ key: "service.name", value: { stringValue: "exported" } });
      expect(resourceSpans!.scopeSpans[0]!.spans[0]).toMatchObject({
        name: "exported span",
        traceId: span.spanContext().traceId,
      });
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      receiver.close();
    }
  });
});
`;
