/**
 * services/<config id>/: a small config service. GET /config/<component> answers the settings
 * that component needs (every process's <ID>_URL, RABBITMQ_URL, each database's <DB>_URL, and
 * DISCOVERY, CONSUL_URL and K8S_NAMESPACE when set), from this process's environment with the
 * static-discovery defaults; 404 for an unknown component. Services read it at start through CONFIG_URL and fall back to their environment.
 */
import type { Design } from "../../../model";
import type { FileMapBuilder } from "../../file-map";
import { getProcessIds } from "../../ports";
import { json, lit, num, toEnvName } from "./code";
import { getTraceSampling } from "./design-info";
import { addPackageFiles, GENERATED_HEADER } from "./package-files";

export function addConfigService(
  b: FileMapBuilder,
  design: Design,
  id: string,
  ports: ReadonlyMap<string, number>,
): void {
  const dir = `services/${id}`;
  addPackageFiles(b, design, id, { test: true });
  const processes = getProcessIds(design);
  const databases = Object.entries(design.components)
    .filter(([, c]) => c.kind === "database" || c.kind === "cache")
    .map(([d]) => d)
    .sort();
  b.add(
    `${dir}/src/generated/app.ts`,
    [
      GENERATED_HEADER,
      'import type { FastifyInstance } from "fastify";',
      'import { HttpError } from "@archsim/runtime";',
      "",
      `export const CONFIG_ID = ${lit(id)};`,
      `export const DEFAULT_PORT = ${num(ports.get(id)!)};`,
      "/** Every process of the design with its fixed port. */",
      `export const PROCESS_PORTS: Readonly<Record<string, number>> = ${json(Object.fromEntries(processes.map((p) => [p, ports.get(p)!])))};`,
      "/** The environment variable of each database's and cache's connection string. */",
      `export const DATABASE_ENVS: readonly string[] = ${json(
        databases.map((d) => `${toEnvName(d)}_URL`),
        0,
      )};`,
      "/** How every process finds its peers, served when set here so one place can switch them all. */",
      'export const DISCOVERY_ENVS: readonly string[] = ["DISCOVERY", "CONSUL_URL", "K8S_NAMESPACE"];',
      "",
      "function envName(id: string): string {",
      '  return id.toUpperCase().replace(/[-.]/g, "_") + "_URL";',
      "}",
      "",
      "/** The settings every component gets (the same for all in this version); an empty variable is unset. */",
      "export function getSettings(env: Readonly<Record<string, string | undefined>>): Record<string, string> {",
      "  const settings: Record<string, string> = {",
      '    RABBITMQ_URL: env.RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672",',
      "  };",
      '  for (const [id, port] of Object.entries(PROCESS_PORTS)) settings[envName(id)] = env[envName(id)] || "http://127.0.0.1:" + port;',
      "  for (const name of [...DATABASE_ENVS, ...DISCOVERY_ENVS]) {",
      "    const value = env[name];",
      "    if (value) settings[name] = value;",
      "  }",
      "  return settings;",
      "}",
      "",
      "export function registerRoutes(app: FastifyInstance, env: Readonly<Record<string, string | undefined>>): void {",
      '  app.get<{ Params: { component: string } }>("/config/:component", async (request) => {',
      "    if (!Object.hasOwn(PROCESS_PORTS, request.params.component))",
      '      throw new HttpError(404, "unknown_component", "no component " + JSON.stringify(request.params.component));',
      "    return getSettings(env);",
      "  });",
      "}",
    ].join("\n"),
  );
  b.add(
    `${dir}/src/main.ts`,
    [
      GENERATED_HEADER,
      'import { createLogger, createServer, getPort, onShutdown, startTracing } from "@archsim/runtime";',
      'import { CONFIG_ID, DEFAULT_PORT, registerRoutes } from "./generated/app.js";',
      "",
      `startTracing(CONFIG_ID, { sampling: ${num(getTraceSampling(design))} }); // the design's observability sampling`,
      "const log = createLogger(CONFIG_ID);",
      "const { app } = createServer({ component: CONFIG_ID, logger: log });",
      "registerRoutes(app, process.env);",
      'await app.listen({ port: getPort(DEFAULT_PORT), host: process.env.HOST ?? "127.0.0.1" });',
      "onShutdown(log, [() => app.close()]);",
    ].join("\n"),
  );
  const someProcess = processes.find((p) => p !== id) ?? id;
  b.add(
    `${dir}/test/${id}.test.ts`,
    [
      GENERATED_HEADER,
      'import { describe, expect, it } from "vitest";',
      'import Fastify from "fastify";',
      'import { registerRoutes } from "../src/generated/app.js";',
      "",
      `describe(${lit(`config service ${id}`)}, () => {`,
      `  it(${lit(`answers the settings of ${someProcess} with the default peers`)}, async () => {`,
      "    const app = Fastify();",
      "    registerRoutes(app, {});",
      `    const res = await app.inject({ method: "GET", url: ${lit(`/config/${someProcess}`)} });`,
      "    expect(res.statusCode).toBe(200);",
      `    expect(res.json()).toMatchObject({ ${lit(`${toEnvName(someProcess)}_URL`)}: ${lit(`http://127.0.0.1:${ports.get(someProcess)!}`)} });`,
      "  });",
      '  it("passes on how processes find their peers when it is set (DISCOVERY, CONSUL_URL)", async () => {',
      "    const app = Fastify();",
      '    registerRoutes(app, { DISCOVERY: "consul", CONSUL_URL: "http://registry:8500" });',
      `    const res = await app.inject({ method: "GET", url: ${lit(`/config/${someProcess}`)} });`,
      '    expect(res.json()).toMatchObject({ DISCOVERY: "consul", CONSUL_URL: "http://registry:8500" });',
      "  });",
      '  it("answers 404 for an unknown component", async () => {',
      "    const app = Fastify();",
      "    registerRoutes(app, {});",
      '    expect((await app.inject({ method: "GET", url: "/config/no-such-component" })).statusCode).toBe(404);',
      "  });",
      "});",
    ].join("\n"),
  );
}
