/** packages/runtime/test/runtime.test.ts of the generated repository (see ../runtime-sources.ts). */
export const RUNTIME_TEST_SOURCE = `import { describe, expect, it } from "vitest";
import {
  CACHE_COMMAND_TIMEOUT_MS,
  DependencyError,
  HttpError,
  MEMORY_CACHE_LIMIT,
  MemoryBroker,
  MemoryCache,
  RedisCache,
  TokenBucket,
  branch,
  callPeer,
  chooseBranches,
  createAdmission,
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
`;
