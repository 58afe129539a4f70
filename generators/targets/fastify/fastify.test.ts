import { readFileSync, readdirSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parseDesign, type Design } from "../../../model";
import { generateRepo } from "../../generate";
import { toSafePath } from "../../paths";
import { getTraceSampling } from "./design-info";
import { getExpectedStatus } from "./service";
import { lit, toEnvName, toIdentifier } from "./code";
import { toFastifyPath } from "./package-files";

function load(path: string): Design {
  const r = parseDesign(readFileSync(path, "utf8"));
  if (!r.design) throw new Error(`${path} does not validate`);
  return r.design;
}

/** Syntax errors of a TypeScript file (no type information: that is scripts/check-generated.mjs). */
function syntaxErrors(path: string, source: string): string[] {
  const out = ts.transpileModule(source, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return (out.diagnostics ?? []).map((d) => `${path}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

const ecommerce = load("examples/ecommerce.yaml");

describe("generateRepo on examples/ecommerce.yaml", () => {
  const files = generateRepo(ecommerce);

  it("writes this sorted file list", () => {
    expect([...files.keys()]).toMatchSnapshot();
  });

  it("writes these key files", () => {
    for (const path of [
      "package.json",
      "services/order/src/generated/operations.ts",
      "services/order/src/generated/app.ts",
      "services/order/src/generated/clients.ts",
      "services/order/src/generated/spec.ts",
      "services/payment/src/generated/operations.ts",
      "services/gateway/src/generated/app.ts",
      "services/order/src/handlers/create.ts",
    ])
      expect(files.get(path)?.content).toMatchSnapshot(path);
  });

  it("has the run contract's scripts and one start:<id> per process", () => {
    const pkg = JSON.parse(files.get("package.json")!.content) as {
      scripts: Record<string, string>;
      workspaces: string[];
    };
    expect(pkg.workspaces).toEqual(["packages/*", "services/*"]);
    expect(Object.keys(pkg.scripts).sort()).toEqual(
      [
        "build",
        "prestart",
        "start",
        "start:config",
        "start:gateway",
        "start:inventory",
        "start:notification",
        "start:order",
        "start:payment",
        "test",
        "typecheck",
      ].sort(),
    );
  });

  it("gives handlers to the user and everything else to archsim", () => {
    const user = [...files.values()].filter((f) => f.owner === "user").map((f) => f.path);
    expect(user).toEqual([
      "services/inventory/src/handlers/list.ts",
      "services/inventory/src/handlers/release.ts",
      "services/inventory/src/handlers/reserve.ts",
      "services/notification/src/handlers/send.ts",
      "services/order/src/handlers/cancel.ts",
      "services/order/src/handlers/confirm.ts",
      "services/order/src/handlers/create.ts",
      "services/order/src/handlers/get.ts",
      "services/payment/src/handlers/charge.ts",
    ]);
  });

  it("carries order's resilience into its inventory policy (timeout, retries with jitter, breaker, bulkhead)", () => {
    const spec = files.get("services/order/src/generated/spec.ts")!.content;
    expect(spec).toContain(
      '"inventory#0": {"bulkhead":5,"circuitBreaker":{"failureRate":0.5,"halfOpenProbes":3,"openForMs":10000,"window":20},"retries":{"backoffMs":50,"jitter":true,"max":2},"timeoutMs":800} as ResilienceSpec,',
    );
  });

  it("starts tracing first in every process, at the observability component's sampling (telemetry: 0.1)", () => {
    for (const id of ["config", "gateway", "inventory", "notification", "order", "payment"]) {
      const main = files.get(`services/${id}/src/main.ts`)!.content;
      const start = main.indexOf("startTracing(");
      expect(main.slice(start)).toMatch(/^startTracing\((SERVICE|GATEWAY|CONFIG)_ID, \{ sampling: 0\.1 \}\);/);
      expect(start).toBeLessThan(main.indexOf("createLogger("));
    }
    const runtime = JSON.parse(files.get("packages/runtime/package.json")!.content) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(runtime.dependencies).filter((d) => d.startsWith("@opentelemetry/"))).toEqual([
      "@opentelemetry/api",
      "@opentelemetry/exporter-trace-otlp-http",
      "@opentelemetry/resources",
      "@opentelemetry/sdk-trace-node",
      "@opentelemetry/semantic-conventions",
    ]);
  });

  it("is deterministic: twice gives identical files", () => {
    const again = generateRepo(load("examples/ecommerce.yaml"));
    expect([...again.entries()]).toEqual([...files.entries()]);
  });
});

describe("getTraceSampling", () => {
  const design = (components: string) => {
    const r = parseDesign(`archsim: 1\ncomponents:\n${components}`);
    if (!r.design) throw new Error(JSON.stringify(r.errors));
    return r.design;
  };
  it("is the observability component's sampling, the largest of several, and 1 without one", () => {
    expect(getTraceSampling(design("  t: { kind: observability, sampling: 0.25 }\n"))).toBe(0.25);
    expect(
      getTraceSampling(
        design("  a: { kind: observability, sampling: 0.2 }\n  b: { kind: observability, sampling: 0.5 }\n"),
      ),
    ).toBe(0.5);
    expect(getTraceSampling(design("  t: { kind: observability }\n"))).toBe(1);
    expect(getTraceSampling(design("  c: { kind: client }\n"))).toBe(1);
  });
});

describe("every example", () => {
  const examples = readdirSync("examples").filter((f) => f.endsWith(".yaml"));
  it.each(examples)("%s generates syntactically valid TypeScript and JSON on safe paths", (name) => {
    const files = generateRepo(load(`examples/${name}`));
    expect(files.size).toBeGreaterThan(10);
    const errors: string[] = [];
    for (const f of files.values()) {
      expect(toSafePath(f.path)).toBe(f.path);
      if (f.path.endsWith(".ts") || f.path.endsWith(".mts")) errors.push(...syntaxErrors(f.path, f.content));
      if (f.path.endsWith(".json")) expect(() => JSON.parse(f.content)).not.toThrow();
    }
    expect(errors).toEqual([]);
  });
});

describe("a hostile but valid design", () => {
  const longId = `s${"a".repeat(60)}-b`; // 63 characters, the most a DNS label has
  const evil = 'Evil "name" \\ `tick` ${process.exit(1)} */ </script>\u2028line\nnext';
  const text = [
    "archsim: 1",
    `name: ${JSON.stringify(evil)}`,
    `description: ${JSON.stringify(evil)}`,
    "components:",
    "  gw:",
    "    kind: gateway",
    "    routes:",
    `      "POST /x/{order-id}": ${longId}.delete`,
    `  ${longId}:`,
    "    kind: service",
    `    label: ${JSON.stringify(evil)}`,
    `    description: ${JSON.stringify(evil)}`,
    "    operations:",
    "      delete:",
    "        http: POST /x/{order-id}",
    `        description: ${JSON.stringify(evil)}`,
    "        steps:",
    "          - call: a1.new",
    "  a-1:",
    "    kind: service",
    "    operations:",
    "      new: {}",
    "  a1:",
    "    kind: service",
    "    operations:",
    "      new: {}",
  ].join("\n");
  const parsed = parseDesign(text);

  it("is valid", () => {
    expect(parsed.design).toBeDefined();
  });

  const files = generateRepo(parsed.design!);

  it("lands its strings escaped: every TypeScript file parses, and no file holds the raw text", () => {
    const errors: string[] = [];
    for (const f of files.values()) {
      if (f.path.endsWith(".ts")) errors.push(...syntaxErrors(f.path, f.content));
      expect(f.content.includes(evil)).toBe(false);
      // JSON allows U+2028 raw; code and Markdown get it escaped or as a space.
      if (!f.path.endsWith(".json")) expect([f.path, f.content.includes("\u2028")]).toEqual([f.path, false]);
    }
    expect(errors).toEqual([]);
    expect(JSON.parse(files.get("package.json")!.content).description).toBe(evil);
  });

  it("keeps ids that camelCase alike apart (a-1 and a1) and the long id's paths safe", () => {
    expect(files.has("services/a-1/package.json")).toBe(true);
    expect(files.has("services/a1/package.json")).toBe(true);
    expect(files.has(`services/${longId}/src/handlers/delete.ts`)).toBe(true);
    const ops = files.get(`services/${longId}/src/generated/operations.ts`)!.content;
    expect(ops).toContain('await ctx.clients["a1"]["new"](');
    expect(ops).toContain("export async function runDelete(");
  });

  it("maps a path parameter that is not an identifier to p0 and back", () => {
    expect(toFastifyPath("/x/{order-id}/y/{id}")).toEqual({ url: "/x/:p0/y/:id", names: { p0: "order-id", id: "id" } });
    const app = files.get(`services/${longId}/src/generated/app.ts`)!.content;
    expect(app).toContain('url: "/x/:p0",');
    expect(app).toContain('toInput(request, {"p0":"order-id"})');
  });
});

describe("code helpers", () => {
  it("escape strings and derive identifiers and env names", () => {
    expect(lit('a"b\u2028')).toBe('"a\\"b\\u2028"');
    expect(toIdentifier("orders-db")).toBe("ordersDb");
    expect(toIdentifier("order.created")).toBe("orderCreated");
    expect(toIdentifier("1x")).toBe("_1x");
    expect(() => toIdentifier("a b")).toThrow("cannot become an identifier");
    expect(toEnvName("orders-db")).toBe("ORDERS_DB");
  });
});

describe("getExpectedStatus", () => {
  const op = (steps: unknown[]) =>
    ({
      work: { type: "const", value: 0 },
      errorRate: 0,
      steps,
    }) as unknown as Design["components"][string] extends never ? never : Parameters<typeof getExpectedStatus>[0];
  it("is 503 when a call always runs, 404 for a GET of one record, the success status else, unknown on a draw", () => {
    const call = { call: "a.b", optional: false, probability: 1 };
    const queryStep = { query: "db", optional: false, probability: 1 };
    expect(getExpectedStatus(op([queryStep, call]), "POST", "/x")).toBe(503);
    expect(getExpectedStatus(op([queryStep]), "GET", "/x/{id}")).toBe(404);
    expect(getExpectedStatus(op([queryStep]), "POST", "/x")).toBe(201);
    expect(getExpectedStatus(op([{ ...call, optional: true }]), "GET", "/x")).toBe(200);
    expect(getExpectedStatus(op([{ ...call, probability: 0.5 }]), "GET", "/x")).toBeUndefined();
    expect(
      getExpectedStatus(
        op([
          {
            branch: [
              { weight: 1, steps: [call] },
              { weight: 1, steps: [] },
            ],
            optional: false,
            probability: 1,
          },
        ]),
        "GET",
        "/x",
      ),
    ).toBeUndefined();
    expect(getExpectedStatus(op([{ cache: "c", miss: [call], optional: false, probability: 1 }]), "GET", "/x")).toBe(
      503,
    );
  });
});
