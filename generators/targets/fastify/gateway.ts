/**
 * services/<gateway id>/: a Fastify gateway answering the design's routes by proxying each to its
 * service (same method and path), with the design's rate limit (token bucket → 429), its
 * overhead spent under SYNTHETIC_WORK=1, its concurrency and queue (a request beyond both → 503
 * overloaded), and its resilience around each proxied call (a failed service → 503 JSON).
 */
import type { Design, GatewayComponent } from "../../../model";
import type { FileMapBuilder } from "../../file-map";
import { json, lit, num, toEnvName } from "./code";
import { getTraceSampling, toResilienceSpec, toRuntimeDistribution } from "./design-info";
import { addPackageFiles, GENERATED_HEADER, toFastifyPath } from "./package-files";

export function addGateway(b: FileMapBuilder, design: Design, id: string, ports: ReadonlyMap<string, number>): void {
  const gw = design.components[id] as GatewayComponent;
  const dir = `services/${id}`;
  addPackageFiles(b, design, id, { test: true });
  const routes = Object.keys(gw.routes).sort();
  const targets = [...new Set(routes.map((r) => gw.routes[r]!.slice(0, gw.routes[r]!.indexOf("."))))].sort();

  const app: string[] = [
    GENERATED_HEADER,
    'import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";',
    'import { DependencyError, TokenBucket, createAdmission, createDiscovery, createPolicy, fetchPeer, getCallHeaders, getFailureCause, isPartitionedFrom, spendSyntheticWork, type Discovery, type Distribution, type ResilienceSpec, type Settings } from "@archsim/runtime";',
    "",
    `export const GATEWAY_ID = ${lit(id)};`,
    `export const DEFAULT_PORT = ${num(ports.get(id)!)};`,
    `const OVERHEAD = ${json(toRuntimeDistribution(gw.overhead), 0)} as Distribution;`,
    `const RESILIENCE = ${json(toResilienceSpec(gw.resilience), 0)} as ResilienceSpec;`,
    `const RATE_LIMIT: { rps: number; burst: number | undefined } | undefined = ${
      gw.rateLimit
        ? `{ rps: ${num(gw.rateLimit.rps)}, burst: ${gw.rateLimit.burst === undefined ? "undefined" : num(gw.rateLimit.burst)} }`
        : "undefined"
    };`,
    `/** Requests held at once (the design's concurrency) and waiting for a slot (queue); undefined: unbounded. */`,
    `export const CONCURRENCY: number | undefined = ${gw.concurrency === undefined || !Number.isFinite(gw.concurrency) ? "undefined" : num(gw.concurrency)};`,
    `export const QUEUE: number | undefined = ${gw.queue === undefined || !Number.isFinite(gw.queue) ? "undefined" : num(gw.queue)};`,
    "",
    "/** The services routes lead to, with their fixed ports. */",
    "export const UPSTREAMS: Readonly<Record<string, number>> = {",
    ...targets.map((t) => `  ${lit(t)}: ${num(ports.get(t)!)},`),
    "};",
    "",
    "/** The design's routes: method, Fastify URL, and the service that answers it. */",
    "export const ROUTES: readonly { method: string; url: string; upstream: string }[] = [",
  ];
  for (const r of routes) {
    const space = r.indexOf(" ");
    const target = gw.routes[r]!;
    app.push(
      `  { method: ${lit(r.slice(0, space))}, url: ${lit(toFastifyPath(r.slice(space + 1)).url)}, upstream: ${lit(target.slice(0, target.indexOf(".")))} },`,
    );
  }
  app.push(
    "];",
    "",
    "/** A 5xx answer of the upstream: retried by the policy; the last one is passed on as it came. */",
    "class UpstreamStatusError extends Error {",
    "  constructor(",
    "    readonly status: number,",
    "    readonly type: string | null,",
    "    readonly text: string,",
    "  ) {",
    '    super("upstream answered " + status);',
    "  }",
    "}",
    "",
    "/** Registers every route: rate limit, overhead, then the proxied call (its upstream found per DISCOVERY) through one policy per upstream. */",
    "export function registerRoutes(app: FastifyInstance, settings: Settings, discovery: Discovery = createDiscovery(settings)): void {",
    "  const bucket = RATE_LIMIT ? new TokenBucket(RATE_LIMIT.rps, RATE_LIMIT.burst) : undefined;",
    "  const admit = createAdmission(CONCURRENCY, QUEUE);",
    "  const policies = new Map(Object.keys(UPSTREAMS).map((u) => [u, createPolicy(RESILIENCE)]));",
    "  for (const route of ROUTES) {",
    "    app.route({",
    '      method: route.method as "GET",',
    "      url: route.url,",
    "      handler: async (request: FastifyRequest, reply: FastifyReply) => {",
    "        bucket?.take();",
    "        return admit(async () => {",
    "          await spendSyntheticWork(GATEWAY_ID, OVERHEAD, 0);",
    "          if (isPartitionedFrom(route.upstream))",
    '            throw new DependencyError(route.upstream, "partitioned", route.upstream + " is unavailable (partitioned)");',
    "          const base = await discovery.getPeerUrl(route.upstream, UPSTREAMS[route.upstream]!);",
    "          let attempt = 0;",
    "          try {",
    "            // Each attempt is a CLIENT span whose traceparent the upstream's SERVER span continues.",
    "            const res = await policies.get(route.upstream)!.execute(({ signal }) =>",
    "              fetchPeer(route.upstream, route.url, new URL(request.url, base), {",
    "                method: request.method,",
    "                signal,",
    "                headers: getCallHeaders(request.body !== undefined),",
    "                body: request.body === undefined ? undefined : JSON.stringify(request.body),",
    "              }, attempt++, async (r) => {",
    '                if (r.status >= 500) throw new UpstreamStatusError(r.status, r.headers.get("content-type"), await r.text());',
    '                return { status: r.status, type: r.headers.get("content-type"), text: await r.text() };',
    "              }),",
    "            );",
    '            if (res.type) reply.header("content-type", res.type);',
    "            return reply.code(res.status).send(res.text);",
    "          } catch (err) {",
    "            if (err instanceof UpstreamStatusError) {",
    '              if (err.type) reply.header("content-type", err.type);',
    "              return reply.code(err.status).send(err.text);",
    "            }",
    "            const cause = getFailureCause(err);",
    '            throw new DependencyError(route.upstream, cause, route.upstream + " is unavailable (" + cause + ")");',
    "          }",
    "        });",
    "      },",
    "    });",
    "  }",
    "}",
  );
  b.add(`${dir}/src/generated/app.ts`, app.join("\n"));
  b.add(
    `${dir}/src/main.ts`,
    [
      GENERATED_HEADER,
      'import { createDiscovery, createLogger, createServer, getPort, loadSettings, onShutdown, startTracing } from "@archsim/runtime";',
      'import { DEFAULT_PORT, GATEWAY_ID, registerRoutes } from "./generated/app.js";',
      "",
      `startTracing(GATEWAY_ID, { sampling: ${num(getTraceSampling(design))} }); // the design's observability sampling`,
      "const log = createLogger(GATEWAY_ID);",
      "const settings = await loadSettings(GATEWAY_ID, log);",
      "const discovery = createDiscovery(settings, log);",
      "const { app } = createServer({ component: GATEWAY_ID, logger: log });",
      "registerRoutes(app, settings, discovery);",
      'await app.listen({ port: getPort(DEFAULT_PORT), host: process.env.HOST ?? "127.0.0.1" });',
      "await discovery.register({ id: GATEWAY_ID, port: getPort(DEFAULT_PORT) });",
      "onShutdown(log, [() => discovery.close(), () => app.close()]);",
    ].join("\n"),
  );
  const first = routes[0];
  const t: string[] = [
    GENERATED_HEADER,
    'import { describe, expect, it } from "vitest";',
    'import { createLogger, createServer } from "@archsim/runtime";',
    'import { registerRoutes } from "../src/generated/app.js";',
    "",
    `const settings = { ${targets.map((u) => `${lit(`${toEnvName(u)}_URL`)}: "http://127.0.0.1:9"`).join(", ")} };`,
    "",
    `describe(${lit(`gateway ${id}`)}, () => {`,
    '  it("answers /healthz", async () => {',
    `    const log = createLogger(${lit(id)});`,
    '    log.level = "silent";',
    `    const { app } = createServer({ component: ${lit(id)}, logger: log });`,
    "    registerRoutes(app, settings);",
    '    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);',
    "  });",
  ];
  if (first !== undefined) {
    const space = first.indexOf(" ");
    t.push(
      `  it(${lit(`${first} answers 503 with a JSON error when its service is down`)}, async () => {`,
      `    const log = createLogger(${lit(id)});`,
      '    log.level = "silent";',
      `    const { app } = createServer({ component: ${lit(id)}, logger: log });`,
      "    registerRoutes(app, settings);",
      `    const res = await app.inject({ method: ${lit(first.slice(0, space))}, url: ${lit(first.slice(space + 1).replace(/\{[^}]+\}/g, "test-1"))} });`,
      "    expect(res.statusCode).toBe(503);",
      '    expect(res.json()).toMatchObject({ error: "dependency_unavailable" });',
      "  });",
    );
  }
  t.push("});");
  b.add(`${dir}/test/${id}.test.ts`, t.join("\n"));
}
