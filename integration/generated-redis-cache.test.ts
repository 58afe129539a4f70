/**
 * A generated `cache` step on a cache whose tech is redis, run against the machine's Redis
 * (REDIS_URL, default redis://127.0.0.1:6379): the value the miss steps produced is shared
 * through Redis (a restarted process still hits), and a hit makes no call.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDesign } from "../model";
import { getPorts } from "../generators/ports";
import { GeneratedProcess } from "./support/processes";
import { expectOk, run } from "./support/run";

const DESIGN = `archsim: 1
name: Quotes behind a Redis cache
components:
  web: { kind: client }
  gateway:
    kind: gateway
    routes:
      GET /quotes/{id}: pricing.quote
  quote-cache: { kind: cache, tech: redis, hitRatio: 0.9 }
  rates:
    kind: service
    operations:
      get:
        http: GET /rates/{id}
  pricing:
    kind: service
    operations:
      quote:
        http: GET /quotes/{id}
        steps:
          - cache: quote-cache
            miss:
              - call: rates.get
`;
const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const ports = getPorts(parseDesign(DESIGN).design!);
const ids = { hit: `it-${process.pid}-${Date.now()}`, other: `it-${process.pid}-${Date.now()}-other` };
const keyOf = (id: string) => `archsim:pricing:quote-cache:quote ${JSON.stringify({ id })}`;

let repo = "";
const processes = new Map<string, GeneratedProcess>();
interface RedisClient {
  connect(): Promise<unknown>;
  ttl(key: string): Promise<number>;
  del(keys: string[]): Promise<number>;
  close(): Promise<void>;
}
let redis: RedisClient | undefined;

async function quote(id: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${ports.get("gateway")}/quotes/${encodeURIComponent(id)}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("a generated Redis cache step, against the real Redis", () => {
  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), "archsim-cache-"));
    writeFileSync(`${repo}.yaml`, DESIGN);
    expectOk(
      "archsim generate",
      await run(process.execPath, ["bin/archsim.mjs", "generate", `${repo}.yaml`, "--out", repo]),
    );
    expectOk(
      "npm install",
      await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: repo }),
    );
    expectOk("npm run build", await run("npm", ["run", "build"], { cwd: repo }));
    // The generated repository's own Redis client, to look at what the service stored.
    const { createClient } = (await import(
      pathToFileURL(join(repo, "node_modules/@redis/client/dist/index.js")).href
    )) as { createClient: (o: { url: string }) => RedisClient };
    redis = createClient({ url: REDIS_URL });
    await redis.connect();
    const env = { ...process.env, QUOTE_CACHE_URL: REDIS_URL, LOG_LEVEL: "warn" };
    for (const id of ["rates", "pricing", "gateway"])
      processes.set(id, new GeneratedProcess(id, ports.get(id)!, repo, env));
    await Promise.all([...processes.values()].map((p) => p.start()));
  });

  afterAll(async () => {
    await Promise.all([...processes.values()].map((p) => p.stop()));
    await redis?.del([keyOf(ids.hit), keyOf(ids.other)]).catch(() => undefined);
    await redis?.close().catch(() => undefined);
    if (repo) {
      rmSync(repo, { recursive: true, force: true });
      rmSync(`${repo}.yaml`, { force: true });
    }
  });

  it("stores a miss in Redis with the TTL, then answers hits from Redis with the callee down, across a restart", async () => {
    expect(await quote(ids.hit)).toEqual({ status: 200, body: { id: ids.hit } });
    const ttl = await redis!.ttl(keyOf(ids.hit));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);

    await processes.get("rates")!.stop();
    // A miss now needs rates, which is down: 503. The stored quote needs nothing.
    const miss = await quote(ids.other);
    expect(miss.status).toBe(503);
    expect(miss.body).toMatchObject({ error: "dependency_unavailable", dependency: "rates" });
    expect(await quote(ids.hit)).toEqual({ status: 200, body: { id: ids.hit } });

    // A new pricing process has an empty memory: the hit comes from Redis.
    await processes.get("pricing")!.stop();
    await processes.get("pricing")!.start();
    expect(await quote(ids.hit)).toEqual({ status: 200, body: { id: ids.hit } });
    expect(await redis!.ttl(keyOf(ids.other))).toBe(-2); // a failed miss stores nothing
  });
});
