/**
 * services/<id>/ for one `service` component: its spec, typed clients, operations running the
 * design's steps around the user's handlers, routes and subscriptions, main.ts, a Dockerfile and
 * vitest tests. Everything under src/generated/ and main.ts is archsim-owned; src/handlers/ is
 * the user's.
 */
import type { Design, Operation, ServiceComponent, Step } from "../../../model";
import type { FileMapBuilder } from "../../file-map";
import { commentText, json, lit, num, toEnvName, toTypeName } from "./code";
import {
  flattenSteps,
  getCallPolicies,
  getOperationRoute,
  getTraceSampling,
  toResilienceSpec,
  toRuntimeDistribution,
  type ResilienceSpecJson,
} from "./design-info";
import { describeStep, emitList, getCallRoute, getOutboxPlan } from "./emit-steps";
import { addPackageFiles, GENERATED_HEADER, toFastifyPath } from "./package-files";

/** The status a route answers when all goes well: 201 for POST, 200 otherwise (the run contract). */
export function getSuccessStatus(method: string): number {
  return method === "POST" ? 201 : 200;
}

function runName(operationId: string): string {
  return `run${toTypeName(operationId)}`;
}

function hasBranch(op: Operation): boolean {
  return flattenSteps(op.steps).some((s) => "branch" in s);
}

/** What an alternative does, for the handler's comment on its branches: "publish payment.completed". */
function describeAlternative(steps: readonly Step[]): string {
  const first = steps[0];
  if (!first) return "nothing";
  return steps.length > 1 ? `${describeStep(first)}, …` : describeStep(first);
}

function handlerName(operationId: string): string {
  return `handle${toTypeName(operationId)}`;
}

/**
 * What a fresh process answers on an operation's route with no peer up, an empty cache and empty
 * repositories, when that is certain: 503 if a non-optional call always runs, 404 for a GET of one
 * record, else the success status; undefined when a branch or probability decides it.
 */
export function getExpectedStatus(op: Operation, method: string, path: string): number | undefined {
  const readsOne = method === "GET" && /\{[^}]+\}/.test(path);
  // What the steps certainly do ("fail"), may do ("maybe") or never do to the status ("ok").
  type Effect = "fail" | "notFound" | "maybe" | "ok";
  const worst = (effects: Effect[]): Effect =>
    effects.find((e) => e === "fail") ??
    effects.find((e) => e === "maybe") ??
    effects.find((e) => e === "notFound") ??
    "ok";
  const effectOf = (step: Step): Effect => {
    let e: Effect;
    if ("call" in step) e = "fail";
    else if ("query" in step) e = readsOne ? "notFound" : "ok";
    else if ("cache" in step)
      e = worst(step.miss.map(effectOf)); // a fresh cache always misses
    else if ("parallel" in step) e = worst(step.parallel.map(effectOf));
    else if ("branch" in step) {
      const alts = step.branch.map((a) => worst(a.steps.map(effectOf)));
      e = alts.every((a) => a === alts[0]) ? alts[0]! : "maybe";
    } else e = "ok";
    if (step.optional) return "ok";
    if (step.probability < 1 && e !== "ok") return "maybe";
    return e;
  };
  // Steps run in order: the first that fails (or may) decides.
  for (const step of op.steps) {
    const e = effectOf(step);
    if (e === "fail") return 503;
    if (e === "maybe") return undefined;
    if (e === "notFound") return 404;
  }
  return getSuccessStatus(method);
}

export function addService(b: FileMapBuilder, design: Design, id: string, ports: ReadonlyMap<string, number>): void {
  const service = design.components[id] as ServiceComponent;
  const dir = `services/${id}`;
  const opIds = Object.keys(service.operations).sort();
  const policies = getCallPolicies(service);
  const databases = [...new Set(opIds.flatMap((o) => flattenSteps(service.operations[o]!.steps)))]
    .flatMap((s) => ("query" in s ? [s.query] : []))
    .filter((v, i, a) => a.indexOf(v) === i)
    .sort();
  const caches = [
    ...new Set(
      opIds.flatMap((o) => flattenSteps(service.operations[o]!.steps).flatMap((s) => ("cache" in s ? [s.cache] : []))),
    ),
  ].sort();
  const callees = [...new Set([...policies.values()].map((p) => p.callee))].sort();
  const topics = Object.keys(service.subscribes).sort();
  // The Postgres databases `outbox: true` publishes write their rows to (each gets archsim_outbox and a relay).
  const outboxDatabases = [
    ...new Set(opIds.flatMap((o) => [...(getOutboxPlan(design, service.operations[o]!)?.joined ?? [])])),
  ].sort();
  const usesBroker =
    topics.length > 0 || opIds.some((o) => flattenSteps(service.operations[o]!.steps).some((s) => "publish" in s));

  addPackageFiles(b, design, id, { test: true });

  // ---- spec.ts: the design's numbers for this service
  const spec: string[] = [
    GENERATED_HEADER,
    'import type { Distribution, ResilienceSpec } from "@archsim/runtime";',
    "",
  ];
  spec.push(`export const SERVICE_ID = ${lit(id)};`);
  spec.push(`export const DEFAULT_PORT = ${num(ports.get(id)!)};`);
  spec.push(`/** Messages each subscription holds unacknowledged: the service's concurrency (slots per replica). */`);
  spec.push(`export const PREFETCH = ${num(service.concurrency)};`);
  spec.push(`/** Whether this service publishes or consumes events (else it never connects to RabbitMQ). */`);
  spec.push(`export const USES_BROKER = ${usesBroker};`);
  spec.push("");
  spec.push("export const OPERATIONS: Readonly<Record<string, { work: Distribution; errorRate: number }>> = {");
  for (const o of opIds) {
    const op = service.operations[o]!;
    spec.push(
      `  ${lit(o)}: { work: ${json(toRuntimeDistribution(op.work), 0)} as Distribution, errorRate: ${num(op.errorRate)} },`,
    );
  }
  spec.push("};", "");
  spec.push(
    "/** Peers this service calls, with their fixed ports (static discovery's default, the Kubernetes Service's port). */",
  );
  spec.push("export const PEERS = {");
  for (const c of callees) spec.push(`  ${lit(c)}: ${num(ports.get(c)!)},`);
  spec.push("} as const;", "");
  spec.push(
    "/** One resilience policy per distinct (callee, settings): the design's resilience, step overrides applied. */",
  );
  spec.push("export const POLICY_SPECS = {");
  for (const [key, p] of policies) spec.push(`  ${lit(key)}: ${json(p.spec, 0)} as ResilienceSpec,`);
  spec.push("} as const;", "");
  spec.push(
    "/** Databases this service queries: id → { env: <ID>_URL, postgres: tech is postgres, pool, outbox: holds archsim_outbox }. */",
  );
  spec.push("export const DATABASES = {");
  for (const d of databases) {
    const db = design.components[d];
    const pg = db?.kind === "database" && db.tech?.toLowerCase() === "postgres";
    const pool = db?.kind === "database" && Number.isFinite(db.pool) ? db.pool : undefined;
    spec.push(
      `  ${lit(d)}: { env: ${lit(`${toEnvName(d)}_URL`)}, postgres: ${pg}, pool: ${pool === undefined ? "undefined" : num(pool)}, outbox: ${outboxDatabases.includes(d)} },`,
    );
  }
  spec.push("} as const;", "");
  spec.push(
    "/** Caches this service uses: id → { env: <ID>_URL, redis: tech is redis } (Redis when set, else in memory). */",
  );
  spec.push(caches.length > 0 ? "export const CACHES = {" : "export const CACHES = {} as const;");
  for (const c of caches) {
    const cache = design.components[c];
    const redis = cache?.kind === "cache" && cache.tech?.toLowerCase() === "redis";
    spec.push(`  ${lit(c)}: { env: ${lit(`${toEnvName(c)}_URL`)}, redis: ${redis} },`);
  }
  if (caches.length > 0) spec.push("} as const;");
  b.add(`${dir}/src/generated/spec.ts`, spec.join("\n"));

  // ---- clients.ts: a typed client per callee, one method per operation called
  const cl: string[] = [
    GENERATED_HEADER,
    'import { callPeer, createDiscovery, createPolicy, type CallInput, type Discovery, type Settings } from "@archsim/runtime";',
    'import { PEERS, POLICY_SPECS } from "./spec.js";',
    "",
    "/** The resilience policies, one per key of POLICY_SPECS (each with its own breaker and bulkhead). */",
    "export function createPolicies() {",
    "  return {",
  ];
  for (const key of policies.keys()) cl.push(`    ${lit(key)}: createPolicy(POLICY_SPECS[${lit(key)}]),`);
  cl.push("  };", "}", "", "export type Policies = ReturnType<typeof createPolicies>;", "");
  cl.push(
    "/** Clients of the services this one calls; each call finds its peer (DISCOVERY) and runs through the given policy. */",
  );
  cl.push(
    "export function createClients(settings: Settings, policies: Policies, discovery: Discovery = createDiscovery(settings)) {",
  );
  cl.push("  void [policies, discovery];");
  cl.push("  return {");
  for (const c of callees) {
    cl.push(`    ${lit(c)}: {`);
    const called = [
      ...new Set(
        opIds.flatMap((o) =>
          flattenSteps(service.operations[o]!.steps).flatMap((s) =>
            "call" in s && s.call.startsWith(`${c}.`) ? [s.call.slice(c.length + 1)] : [],
          ),
        ),
      ),
    ].sort();
    const defaultKey = [...policies].find(([, p]) => p.callee === c)![0];
    for (const op of called) {
      const route = getCallRoute(design, `${c}.${op}`);
      cl.push(
        `      ${lit(op)}: async (input: CallInput, policy = policies[${lit(defaultKey)}]) =>`,
        `        callPeer(policy, { id: ${lit(c)}, baseUrl: await discovery.getPeerUrl(${lit(c)}, PEERS[${lit(c)}]) }, ${lit(route.method)}, ${lit(route.path)}, input),`,
      );
    }
    cl.push("    },");
  }
  cl.push("  };", "}", "", "export type Clients = ReturnType<typeof createClients>;");
  b.add(`${dir}/src/generated/clients.ts`, cl.join("\n"));

  // ---- context.ts
  const ctxLines = [
    GENERATED_HEADER,
    'import type { Broker, Cache, Logger, Metrics, Outbox, Repository, Settings } from "@archsim/runtime";',
    'import type { Clients, Policies } from "./clients.js";',
    "",
    "/** What every operation and handler of this service gets. */",
    "export interface ServiceContext {",
    "  readonly log: Logger;",
    "  readonly settings: Settings;",
    "  readonly broker: Broker;",
    "  readonly outbox: Outbox;",
    "  readonly metrics?: Metrics;",
    `  readonly repositories: { ${databases.map((d) => `readonly ${lit(d)}: Repository;`).join(" ")} };`,
    `  readonly caches: { ${caches.map((c) => `readonly ${lit(c)}: Cache;`).join(" ")} };`,
    "  readonly clients: Clients;",
    "  readonly policies: Policies;",
    "}",
  ];
  b.add(`${dir}/src/generated/context.ts`, ctxLines.join("\n"));

  // ---- operations.ts: work, the user's handler, then the steps
  const ops: string[] = [
    GENERATED_HEADER,
    'import { asRecord, branch, inUnitOfWork, maybe, optional, parallel, query, spendSyntheticWork, takeBranchChoices, type OperationInput } from "@archsim/runtime";',
    'import type { ServiceContext } from "./context.js";',
    'import { OPERATIONS } from "./spec.js";',
  ];
  for (const o of opIds) ops.push(`import { ${handlerName(o)} } from "../handlers/${o}.js";`);
  ops.push("", "void [asRecord, branch, inUnitOfWork, maybe, optional, parallel, query, takeBranchChoices];");
  for (const o of opIds) {
    const op = service.operations[o]!;
    const route = getOperationRoute(o, op);
    const outbox = getOutboxPlan(design, op);
    const steps = emitList(op.steps, {
      design,
      serviceId: id,
      service,
      operationId: o,
      method: route.method,
      policies,
      outbox,
    });
    const joined = [...(outbox?.joined ?? [])].sort();
    const body = outbox
      ? [
          joined.length > 0
            ? `// One unit of work: the records written to ${commentText(joined.join(", "))} and the outbox rows of its publishes commit together, or roll back when a step fails.`
            : "// One unit of work: the outbox messages are kept (in memory: no query step on Postgres before them) only when every step succeeds.",
          "await inUnitOfWork(async (uow) => {",
          ...steps.map((l) => (l.length > 0 ? `  ${l}` : l)),
          "});",
        ]
      : steps;
    ops.push("");
    if (op.description) ops.push(`// ${commentText(op.description)}`);
    ops.push(
      `/** ${o}: synthetic work (SYNTHETIC_WORK=1), the handler, then the design's steps in order. */`,
      `export async function ${runName(o)}(ctx: ServiceContext, input: OperationInput): Promise<unknown> {`,
      `  const spec = OPERATIONS[${lit(o)}]!;`,
      `  await spendSyntheticWork(${lit(`${id}.${o}`)}, spec.work, spec.errorRate);`,
      `  let result: unknown = await ${handlerName(o)}(ctx, input);`,
      ...(hasBranch(op) ? ["  const branches = takeBranchChoices(result);"] : []),
      ...body.map((l) => `  ${l}`),
      "  return result;",
      "}",
    );
  }
  b.add(`${dir}/src/generated/operations.ts`, ops.join("\n"));

  // ---- app.ts: routes, subscriptions, the context
  const app: string[] = [
    GENERATED_HEADER,
    'import type { FastifyInstance, FastifyRequest } from "fastify";',
    'import { MemoryCache, Outbox, inputFromMessage, type Broker, type Discovery, type Logger, type Metrics, type OperationInput, type Repository, type Settings } from "@archsim/runtime";',
    'import { createClients, createPolicies } from "./clients.js";',
    'import type { ServiceContext } from "./context.js";',
    `import { ${opIds.map(runName).join(", ")} } from "./operations.js";`,
    'import { PREFETCH, SERVICE_ID } from "./spec.js";',
    "",
    "export interface ServiceDeps {",
    "  readonly log: Logger;",
    "  readonly settings: Settings;",
    "  readonly broker: Broker;",
    `  readonly repositories: ServiceContext["repositories"];`,
    "  /** The process's Prometheus metrics (consumed messages are counted there); none in unit tests. */",
    "  readonly metrics?: Metrics;",
    "  /** Caches by id (Redis ones made by main.ts); any missing is a process-local MemoryCache. */",
    `  readonly caches?: Partial<ServiceContext["caches"]>;`,
    "  /** How peers are found (main.ts: createDiscovery(settings)); static discovery from settings when absent. */",
    "  readonly discovery?: Discovery;",
    "}",
    "",
    "export function createContext(deps: ServiceDeps): ServiceContext {",
    "  const policies = createPolicies();",
    "  return {",
    "    ...deps,",
    `    outbox: new Outbox(deps.broker, deps.log${outboxDatabases.length > 0 ? `, [${outboxDatabases.map((d) => `deps.repositories[${lit(d)}]`).join(", ")}]` : ""}),`,
    `    caches: { ${caches.map((c) => `${lit(c)}: deps.caches?.[${lit(c)}] ?? new MemoryCache()`).join(", ")} },`,
    "    clients: createClients(deps.settings, policies, deps.discovery),",
    "    policies,",
    "  };",
    "}",
    "",
    "function toInput(request: FastifyRequest, names: Readonly<Record<string, string>>): OperationInput {",
    "  const raw = (request.params ?? {}) as Record<string, string>;",
    "  const params: Record<string, string> = {};",
    "  for (const [key, name] of Object.entries(names)) if (raw[key] !== undefined) params[name] = raw[key];",
    "  return { params, query: (request.query ?? {}) as Record<string, unknown>, body: request.body };",
    "}",
    "",
    "/** A route per operation: its `http`, or POST /ops/<operation> when it has none. */",
    "export function registerRoutes(app: FastifyInstance, ctx: ServiceContext): void {",
  ];
  for (const o of opIds) {
    const route = getOperationRoute(o, service.operations[o]!);
    const fp = toFastifyPath(route.path);
    app.push(
      `  app.route({`,
      `    method: ${lit(route.method)},`,
      `    url: ${lit(fp.url)},`,
      `    handler: async (request, reply) => {`,
      `      const result = await ${runName(o)}(ctx, toInput(request, ${json(fp.names, 0)}));`,
      `      return reply.code(${getSuccessStatus(route.method)}).send(result ?? {});`,
      `    },`,
      `  });`,
    );
  }
  app.push("}", "", "/** A durable queue per subscribed topic (<service>.<topic>), consumed with PREFETCH. */");
  app.push("export async function subscribeAll(ctx: ServiceContext): Promise<void> {");
  for (const t of topics) {
    const o = service.subscribes[t]!;
    app.push(
      `  await ctx.broker.subscribe(${lit(t)}, ${lit(`${id}.${t}`)}, async (message) => {`,
      "    try {",
      `      await ${runName(o)}(ctx, inputFromMessage(message));`,
      `      ctx.metrics?.messages.inc({ topic: ${lit(t)}, operation: ${lit(o)}, outcome: "handled" });`,
      "    } catch (err) {",
      `      ctx.metrics?.messages.inc({ topic: ${lit(t)}, operation: ${lit(o)}, outcome: "failed" });`,
      "      throw err;",
      "    }",
      "  }, { prefetch: PREFETCH });",
    );
  }
  app.push("  void SERVICE_ID;", "}");
  b.add(`${dir}/src/generated/app.ts`, app.join("\n"));

  // ---- main.ts
  b.add(`${dir}/src/main.ts`, mainSource(getTraceSampling(design)));

  // ---- handlers: the user's
  for (const o of opIds) {
    const op = service.operations[o]!;
    const route = getOperationRoute(o, op);
    const h: string[] = [
      `// Your code for ${commentText(`${id}.${o}`)}: archsim wrote this file once and never overwrites it.`,
      "// It runs after the synthetic work and before the design's steps; what it returns is the response",
      "// (and what the steps store and publish).",
    ];
    if (op.description) h.push(`// ${commentText(op.description)}`);
    const branches = flattenSteps(op.steps).flatMap((s) => ("branch" in s ? [s.branch] : []));
    if (branches.length > 0) {
      h.push(
        "//",
        "// Branches: by default the heaviest alternative runs (SYNTHETIC_WORK=1 draws one by weight); choose",
        "// with `return chooseBranches(result, ...alternatives)`, one number per branch step in the order they run:",
      );
      branches.forEach((alts, i) =>
        h.push(
          `//   branch ${i + 1}: ${alts.map((a, j) => `${j} = ${commentText(describeAlternative(a.steps))} (weight ${num(a.weight)})`).join("; ")}`,
        ),
      );
    }
    const bodyLine =
      route.method === "POST" && route.fromDesign
        ? "  return { id: randomUUID(), ...asRecord(input.body) };"
        : route.method === "GET"
          ? "  return { ...input.params };"
          : "  return { ...asRecord(input.body), ...input.params };";
    h.push(
      ...(bodyLine.includes("randomUUID") ? ['import { randomUUID } from "node:crypto";'] : []),
      'import { asRecord, type OperationInput } from "@archsim/runtime";',
      'import type { ServiceContext } from "../generated/context.js";',
      "",
      `export async function ${handlerName(o)}(ctx: ServiceContext, input: OperationInput): Promise<unknown> {`,
      "  void ctx;",
      "  void asRecord;",
      bodyLine,
      "}",
    );
    b.addUserFile(`${dir}/src/handlers/${o}.ts`, h.join("\n"));
  }

  // ---- tests
  const t: string[] = [
    GENERATED_HEADER,
    'import { describe, expect, it } from "vitest";',
    'import Fastify from "fastify";',
    'import { MemoryBroker, MemoryRepository, createLogger, createServer } from "@archsim/runtime";',
    'import { createContext, registerRoutes, subscribeAll } from "../src/generated/app.js";',
    "",
    "/** Every peer at a closed port, so calls fail as if the peer were down. */",
    `const settings = { ${callees.map((c) => `${lit(`${toEnvName(c)}_URL`)}: "http://127.0.0.1:9"`).join(", ")} };`,
    "",
    "function setup() {",
    "  const log = createLogger(" + lit(id) + ");",
    '  log.level = "silent";',
    "  const broker = new MemoryBroker();",
    `  const ctx = createContext({ log, settings, broker, repositories: { ${databases.map((d) => `${lit(d)}: new MemoryRepository()`).join(", ")} } });`,
    "  const app = Fastify();",
    "  registerRoutes(app, ctx);",
    "  return { app, ctx, broker };",
    "}",
    "",
    `describe(${lit(id)}, () => {`,
    '  it("answers /healthz", async () => {',
    `    const log = createLogger(${lit(id)});`,
    '    log.level = "silent";',
    `    const { app } = createServer({ component: ${lit(id)}, logger: log });`,
    '    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);',
    "  });",
  ];
  for (const o of opIds) {
    const op = service.operations[o]!;
    const route = getOperationRoute(o, op);
    const expected = getExpectedStatus(op, route.method, route.path);
    if (expected === undefined) continue;
    const url = route.path.replace(/\{[^}]+\}/g, "test-1");
    t.push(
      `  it(${lit(`${route.method} ${route.path} answers ${expected}`)}, async () => {`,
      "    const { app } = setup();",
      `    const res = await app.inject({ method: ${lit(route.method)}, url: ${lit(url)}${route.method === "GET" || route.method === "DELETE" ? "" : ", payload: { test: true }"} });`,
      `    expect(res.statusCode).toBe(${expected});`,
      ...(expected >= 400 ? ['    expect(res.json()).toHaveProperty("error");'] : []),
      "  });",
    );
  }
  for (const topic of topics) {
    const o = service.subscribes[topic]!;
    const op = service.operations[o]!;
    if (getExpectedStatus(op, "POST", "") !== 201) continue;
    t.push(
      `  it(${lit(`handles ${topic} without dead-lettering`)}, async () => {`,
      "    const { ctx, broker } = setup();",
      "    await subscribeAll(ctx);",
      `    await broker.publish(${lit(topic)}, { topic: ${lit(topic)}, source: "test", data: { id: "test-1" } });`,
      "    await new Promise((resolve) => setImmediate(resolve));",
      "    expect(broker.deadLettered).toEqual([]);",
      "  });",
    );
  }
  t.push("});");
  b.add(`${dir}/test/${id}.test.ts`, t.join("\n"));
}

function mainSource(sampling: number): string {
  return [
    GENERATED_HEADER,
    "import {",
    "  AmqpBroker,",
    "  MemoryBroker,",
    "  MemoryRepository,",
    "  PgRepository,",
    "  RedisCache,",
    "  connectInBackground,",
    "  createDiscovery,",
    "  createLogger,",
    "  createServer,",
    "  getPort,",
    "  loadSettings,",
    "  onShutdown,",
    "  startTracing,",
    "  type Broker,",
    "  type Cache,",
    "  type Repository,",
    '} from "@archsim/runtime";',
    'import { createContext, registerRoutes, subscribeAll } from "./generated/app.js";',
    'import type { ServiceContext } from "./generated/context.js";',
    'import { CACHES, DATABASES, DEFAULT_PORT, SERVICE_ID, USES_BROKER } from "./generated/spec.js";',
    "",
    `startTracing(SERVICE_ID, { sampling: ${num(sampling)} }); // the design's observability sampling`,
    "const log = createLogger(SERVICE_ID);",
    "const settings = await loadSettings(SERVICE_ID, log);",
    "",
    "// Postgres when the database's tech is postgres and <DB>_URL is set; in memory otherwise.",
    "const repositories: Record<string, Repository> = {};",
    "const pgRepositories: PgRepository[] = [];",
    "for (const [id, db] of Object.entries(DATABASES) as [string, { env: string; postgres: boolean; pool: number | undefined; outbox: boolean }][]) {",
    "  const url = settings[db.env];",
    "  if (db.postgres && url) {",
    "    const repo = new PgRepository(url, db.pool);",
    "    await repo.migrate({ outbox: db.outbox });",
    "    pgRepositories.push(repo);",
    "    repositories[id] = repo;",
    "  } else {",
    '    if (db.postgres) log.warn({ database: id }, db.env + " is not set: keeping records in memory");',
    "    repositories[id] = new MemoryRepository();",
    "  }",
    "}",
    "",
    "// Redis for a cache whose tech is redis when <CACHE>_URL is set; process memory otherwise.",
    "const caches: Record<string, Cache> = {};",
    "for (const [id, c] of Object.entries(CACHES) as [string, { env: string; redis: boolean }][]) {",
    "  const url = settings[c.env];",
    "  const ttl = Number(settings.CACHE_TTL_SECONDS) || undefined;",
    '  if (c.redis && url) caches[id] = new RedisCache(url, "archsim:" + SERVICE_ID + ":" + id + ":", log, ttl);',
    '  else if (c.redis) log.warn({ cache: id }, c.env + " is not set: caching in process memory");',
    "}",
    "",
    'const rabbitUrl = settings.RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";',
    "const amqp = USES_BROKER ? new AmqpBroker(rabbitUrl, log) : undefined;",
    "const broker: Broker = amqp ?? new MemoryBroker();",
    "const { app, metrics } = createServer({",
    "  component: SERVICE_ID,",
    "  logger: log,",
    "  readiness: async () => {",
    "    const checks: Record<string, boolean> = {};",
    "    if (amqp) checks.broker = amqp.isReady();",
    "    for (const [id, repo] of Object.entries(repositories)) checks[id] = await repo.isReady();",
    "    return checks;",
    "  },",
    "});",
    "const discovery = createDiscovery(settings, log);",
    "const ctx = createContext({",
    "  log,",
    "  settings,",
    "  broker,",
    '  repositories: repositories as unknown as ServiceContext["repositories"],',
    '  caches: caches as Partial<ServiceContext["caches"]>,',
    "  metrics,",
    "  discovery,",
    "});",
    "ctx.outbox.start();",
    "registerRoutes(app, ctx);",
    "if (amqp) connectInBackground(amqp, log, () => subscribeAll(ctx));",
    "",
    'await app.listen({ port: getPort(DEFAULT_PORT), host: process.env.HOST ?? "127.0.0.1" });',
    "await discovery.register({ id: SERVICE_ID, port: getPort(DEFAULT_PORT) });",
    "onShutdown(log, [",
    "  () => discovery.close(),",
    "  () => app.close(),",
    "  () => broker.stopConsuming(), // handlers under way finish and acknowledge, before the outbox stops",
    "  () => ctx.outbox.stop(),",
    "  () => broker.close(),",
    "  ...pgRepositories.map((r) => () => r.close()),",
    "  ...Object.values(caches).map((c) => () => c.close()),",
    "]);",
  ].join("\n");
}

export type { ResilienceSpecJson };
export { toResilienceSpec };
