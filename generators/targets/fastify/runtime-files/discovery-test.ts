/** packages/runtime/test/discovery.test.ts of the generated repository (see ../runtime-sources.ts). */
export const DISCOVERY_TEST_SOURCE = `import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DependencyError, createDiscovery, createLogger, createServer, getDiscoveryMode } from "../src/index.js";

const silent = () => {
  const log = createLogger("test");
  log.level = "silent";
  return log;
};

interface FakeInstance {
  readonly id: string;
  readonly address: string;
  readonly port: number;
  readonly status: "passing" | "warning" | "critical";
}

/**
 * A stand-in for the Consul agent's HTTP API (register, deregister, health of a service) on a
 * real local port: what a test asserts is what went over HTTP. Without ?passing=true it answers
 * every instance, as Consul does, so a client that forgets it would pick unhealthy ones.
 */
async function startFakeConsul() {
  const services = new Map<string, FakeInstance[]>();
  const requests: { method: string; url: string; body: unknown }[] = [];
  let down = false;
  let ignorePassing = false;
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const server: Server = createHttpServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://consul");
    requests.push({ method: req.method ?? "", url: url.pathname + url.search, body });
    if (down) return void res.writeHead(500).end("agent down");
    if (req.method === "PUT" && url.pathname === "/v1/agent/service/register") return void res.writeHead(200).end();
    if (req.method === "PUT" && url.pathname.startsWith("/v1/agent/service/deregister/")) return void res.writeHead(200).end();
    if (req.method === "GET" && url.pathname.startsWith("/v1/health/service/")) {
      const name = decodeURIComponent(url.pathname.slice("/v1/health/service/".length));
      const passingOnly = !ignorePassing && url.searchParams.get("passing") === "true";
      const entries = (services.get(name) ?? [])
        .filter((i) => !passingOnly || i.status === "passing")
        .map((i) => ({
          Node: { Node: "node-1", Address: "10.0.0.1" },
          Service: { ID: i.id, Service: name, Address: i.address, Port: i.port },
          Checks: [{ CheckID: "service:" + i.id, Status: i.status }],
        }));
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify(entries));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = "http://127.0.0.1:" + (server.address() as AddressInfo).port;
  return {
    url,
    services,
    requests,
    lookups: () => requests.filter((r) => r.method === "GET").length,
    setDown: (value: boolean) => (down = value),
    /** As an agent (or a proxy) that drops the query string would answer. */
    setIgnorePassing: (value: boolean) => (ignorePassing = value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let fake: Awaited<ReturnType<typeof startFakeConsul>> | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("static discovery (DISCOVERY unset or static)", () => {
  it("uses <ID>_URL when set, else 127.0.0.1 and the peer's fixed port", async () => {
    const discovery = createDiscovery({ INVENTORY_DB_URL: "http://db-host:9999" });
    expect(discovery.mode).toBe("static");
    expect(await discovery.getPeerUrl("inventory-db", 8082)).toBe("http://db-host:9999");
    expect(await discovery.getPeerUrl("payment", 8085)).toBe("http://127.0.0.1:8085");
    expect(await createDiscovery({ DISCOVERY: "static" }).getPeerUrl("payment", 8085)).toBe("http://127.0.0.1:8085");
  });

  it("refuses a DISCOVERY it does not know", () => {
    expect(() => getDiscoveryMode({ DISCOVERY: "eureka" })).toThrow(
      'DISCOVERY must be one of static, kubernetes, consul; got "eureka"',
    );
  });
});

describe("kubernetes discovery", () => {
  it("names the peer's Service in K8S_NAMESPACE on its fixed port, and ignores <ID>_URL", async () => {
    const discovery = createDiscovery({ DISCOVERY: "kubernetes", K8S_NAMESPACE: "shop", PAYMENT_URL: "http://x:1" });
    expect(await discovery.getPeerUrl("payment", 8085)).toBe("http://payment.shop.svc.cluster.local:8085");
  });

  it("reads the pod's namespace file when K8S_NAMESPACE is unset, else uses the short name", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "archsim-ns-")), "namespace");
    writeFileSync(file, "staging\\n");
    const inPod = createDiscovery({ DISCOVERY: "kubernetes" }, undefined, { namespaceFile: file });
    expect(await inPod.getPeerUrl("order", 8084)).toBe("http://order.staging.svc.cluster.local:8084");
    const nowhere = createDiscovery({ DISCOVERY: "kubernetes" }, undefined, { namespaceFile: file + ".missing" });
    expect(await nowhere.getPeerUrl("order", 8084)).toBe("http://order:8084");
  });
});

describe("consul discovery", () => {
  it("registers the process with an HTTP check on /healthz that answers, and deregisters on close", async () => {
    fake = await startFakeConsul();
    const { app } = createServer({ component: "order", logger: silent() });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as AddressInfo).port;
    const discovery = createDiscovery({ DISCOVERY: "consul", CONSUL_URL: fake.url }, silent());
    await discovery.register({ id: "order", port });
    const serviceId = "order-127.0.0.1-" + port;
    expect(fake.requests[0]).toEqual({
      method: "PUT",
      url: "/v1/agent/service/register",
      body: {
        Name: "order",
        ID: serviceId,
        Address: "127.0.0.1",
        Port: port,
        Check: {
          HTTP: "http://127.0.0.1:" + port + "/healthz",
          Interval: "5s",
          Timeout: "2s",
          DeregisterCriticalServiceAfter: "1m",
        },
      },
    });
    // The check Consul would run answers 200.
    const check = (fake.requests[0]!.body as { Check: { HTTP: string } }).Check.HTTP;
    expect((await fetch(check)).status).toBe(200);
    await discovery.close();
    await app.close();
    expect(fake.requests.at(-1)).toEqual({
      method: "PUT",
      url: "/v1/agent/service/deregister/" + serviceId,
      body: undefined,
    });
  });

  it("registers at SERVICE_ADDRESS and retries while the agent refuses", async () => {
    fake = await startFakeConsul();
    fake.setDown(true);
    const discovery = createDiscovery(
      { DISCOVERY: "consul", CONSUL_URL: fake.url, SERVICE_ADDRESS: "order" },
      silent(),
      { registerRetryMs: 10 },
    );
    await discovery.register({ id: "order", port: 8084 });
    fake.setDown(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const registrations = fake.requests.filter((r) => r.url === "/v1/agent/service/register");
    expect(registrations.length).toBe(2);
    expect(registrations[1]!.body).toMatchObject({ ID: "order-order-8084", Address: "order", Check: { HTTP: "http://order:8084/healthz" } });
    await discovery.close();
    expect(fake.requests.at(-1)!.url).toBe("/v1/agent/service/deregister/order-order-8084");
  });

  it("picks only passing instances, in turn (round robin), asking with ?passing=true", async () => {
    fake = await startFakeConsul();
    fake.services.set("inventory", [
      { id: "inventory-a", address: "10.0.0.5", port: 8082, status: "passing" },
      { id: "inventory-b", address: "10.0.0.6", port: 8082, status: "critical" },
      { id: "inventory-c", address: "10.0.0.7", port: 8082, status: "passing" },
    ]);
    const discovery = createDiscovery({ DISCOVERY: "consul", CONSUL_URL: fake.url });
    const urls = [];
    for (let i = 0; i < 4; i++) urls.push(await discovery.getPeerUrl("inventory", 8082));
    expect(urls).toEqual(["http://10.0.0.5:8082", "http://10.0.0.7:8082", "http://10.0.0.5:8082", "http://10.0.0.7:8082"]);
    expect(fake.requests.map((r) => r.url)).toEqual(["/v1/health/service/inventory?passing=true"]);
  });

  it("ignores an instance whose checks are not all passing even if the agent lists it", async () => {
    fake = await startFakeConsul();
    fake.services.set("inventory", [{ id: "inventory-b", address: "10.0.0.6", port: 8082, status: "warning" }]);
    fake.setIgnorePassing(true);
    const discovery = createDiscovery({ DISCOVERY: "consul", CONSUL_URL: fake.url });
    const err = await discovery.getPeerUrl("inventory", 8082).catch((e: unknown) => e);
    expect((err as DependencyError).cause).toBe("noInstance");
  });

  it("caches a peer's instances for the TTL, then sees new ones; concurrent misses share one request", async () => {
    fake = await startFakeConsul();
    fake.services.set("payment", [{ id: "payment-a", address: "10.0.0.8", port: 8085, status: "passing" }]);
    let now = 1_000;
    const discovery = createDiscovery({ DISCOVERY: "consul", CONSUL_URL: fake.url }, undefined, {
      now: () => now,
      cacheTtlMs: 2_000,
    });
    await Promise.all([1, 2, 3].map(() => discovery.getPeerUrl("payment", 8085)));
    expect(fake.lookups()).toBe(1);
    fake.services.get("payment")!.push({ id: "payment-b", address: "10.0.0.9", port: 8085, status: "passing" });
    now += 1_999;
    expect(await discovery.getPeerUrl("payment", 8085)).toBe("http://10.0.0.8:8085");
    expect(fake.lookups()).toBe(1);
    now += 1;
    const seen = new Set([await discovery.getPeerUrl("payment", 8085), await discovery.getPeerUrl("payment", 8085)]);
    expect(fake.lookups()).toBe(2);
    expect(seen).toEqual(new Set(["http://10.0.0.8:8085", "http://10.0.0.9:8085"]));
  });

  it("answers a 503 DependencyError (noInstance) when no instance is healthy", async () => {
    fake = await startFakeConsul();
    fake.services.set("payment", [{ id: "payment-a", address: "10.0.0.8", port: 8085, status: "critical" }]);
    const discovery = createDiscovery({ DISCOVERY: "consul", CONSUL_URL: fake.url });
    const err = await discovery.getPeerUrl("payment", 8085).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyError);
    expect(err).toMatchObject({ statusCode: 503, dependency: "payment", cause: "noInstance" });
  });

  it("keeps the last known instances while Consul is away; registryUnavailable with none known", async () => {
    fake = await startFakeConsul();
    fake.services.set("payment", [{ id: "payment-a", address: "10.0.0.8", port: 8085, status: "passing" }]);
    let now = 0;
    const discovery = createDiscovery({ DISCOVERY: "consul", CONSUL_URL: fake.url }, silent(), { now: () => now });
    expect(await discovery.getPeerUrl("payment", 8085)).toBe("http://10.0.0.8:8085");
    fake.setDown(true);
    now += 60_000;
    expect(await discovery.getPeerUrl("payment", 8085)).toBe("http://10.0.0.8:8085");
    const err = await discovery.getPeerUrl("inventory", 8082).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 503, dependency: "inventory", cause: "registryUnavailable" });
  });

  it("holds at most maxCacheEntries peers, dropping the one fetched longest ago", async () => {
    fake = await startFakeConsul();
    for (const id of ["a", "b", "c"]) fake.services.set(id, [{ id, address: "10.0.1.1", port: 9000, status: "passing" }]);
    const discovery = createDiscovery({ DISCOVERY: "consul", CONSUL_URL: fake.url }, undefined, { maxCacheEntries: 2 });
    for (const id of ["a", "b", "c", "c", "b"]) await discovery.getPeerUrl(id, 9000);
    expect(fake.lookups()).toBe(3);
    await discovery.getPeerUrl("a", 9000);
    expect(fake.lookups()).toBe(4);
  });
});
`;
