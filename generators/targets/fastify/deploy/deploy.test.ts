import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { parseDesign, type Design } from "../../../../model";
import { FileMapBuilder, type FileMap } from "../../../file-map";
import { addDeployFiles } from ".";
import { markdownText, mermaidText } from "./text";

const load = (file: string): Design => fromText(readFileSync(file, "utf8"));
const fromText = (yaml: string): Design => {
  const r = parseDesign(yaml);
  if (!r.design) throw new Error(r.errors.map((e) => e.message).join("\n"));
  return r.design;
};
const ecommerce = load("examples/ecommerce.yaml");

function deploy(design: Design): FileMap {
  const b = new FileMapBuilder();
  addDeployFiles(b, design);
  return b.build();
}
const text = (files: FileMap, path: string) => {
  const f = files.get(path);
  if (!f) throw new Error(`no ${path} in ${[...files.keys()].join(", ")}`);
  return f.content;
};

describe("addDeployFiles on the e-commerce example", () => {
  const files = deploy(ecommerce);

  it("writes the compose file, observability, k8s, env, README, a load script per workload and a chaos script per scenario", () => {
    expect([...files.keys()]).toEqual([
      ".env.example",
      "README.md",
      "chaos/baseline.ts",
      "chaos/broker-outage.ts",
      "chaos/inventory-slow.ts",
      "chaos/payment-outage.ts",
      "chaos/peak-sale.ts",
      "docker-compose.yml",
      "k8s/broker.yaml",
      "k8s/config.yaml",
      "k8s/gateway.yaml",
      "k8s/inventory-db.yaml",
      "k8s/inventory.yaml",
      "k8s/kustomization.yaml",
      "k8s/notification.yaml",
      "k8s/order.yaml",
      "k8s/orders-db.yaml",
      "k8s/payment.yaml",
      "load/peak-sale.ts",
      "load/steady.ts",
      "observability/grafana/dashboards/archsim.json",
      "observability/grafana/provisioning/dashboards/dashboards.yml",
      "observability/grafana/provisioning/datasources/datasources.yml",
      "observability/otel-collector.yaml",
      "observability/prometheus.yml",
    ]);
    expect([...files.values()].every((f) => f.owner === "archsim")).toBe(true);
  });

  it("docker-compose.yml: RabbitMQ as the broker, a Postgres per database, Consul as the registry, each process on its port finding peers through Consul", () => {
    const compose = parse(text(files, "docker-compose.yml"));
    expect(Object.keys(compose.services)).toEqual([
      "broker",
      "inventory-db",
      "orders-db",
      "registry",
      "config",
      "gateway",
      "inventory",
      "notification",
      "order",
      "payment",
      "otel-collector",
      "jaeger",
      "prometheus",
      "grafana",
    ]);
    expect(compose.services.broker.image).toMatch(/^rabbitmq:/);
    expect(compose.services["orders-db"]).toMatchObject({
      image: expect.stringMatching(/^postgres:/),
      environment: { POSTGRES_DB: "orders_db" },
      ports: ["5433:5432"],
    });
    const ports = Object.fromEntries(
      ["config", "gateway", "inventory", "notification", "order", "payment"].map((id) => [
        id,
        compose.services[id].ports,
      ]),
    );
    expect(ports).toEqual({
      config: ["8081:8081"],
      gateway: ["8080:8080"],
      inventory: ["8082:8082"],
      notification: ["8083:8083"],
      order: ["8084:8084"],
      payment: ["8085:8085"],
    });
    // The design has a registry: Consul (a dev agent) under its id, and every process registers
    // there at its compose name and finds its peers there (no <ID>_URL: static discovery only).
    expect(compose.services.registry).toEqual({
      image: expect.stringMatching(/^hashicorp\/consul:/),
      command: ["agent", "-dev", "-client=0.0.0.0"],
      ports: ["8500:8500"],
      healthcheck: { test: ["CMD", "consul", "members"], interval: "5s", timeout: "5s", retries: 20 },
    });
    expect(compose.services.order.environment).toEqual({
      PORT: "8084",
      RABBITMQ_URL: "amqp://guest:guest@broker:5672",
      INVENTORY_DB_URL: "postgres://archsim:archsim@inventory-db:5432/inventory_db",
      ORDERS_DB_URL: "postgres://archsim:archsim@orders-db:5432/orders_db",
      CONFIG_URL: "http://config:8081",
      DISCOVERY: "consul",
      CONSUL_URL: "http://registry:8500",
      SERVICE_ADDRESS: "order",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector:4318",
      OTEL_SERVICE_NAME: "order",
    });
    for (const id of ["config", "gateway", "inventory", "notification", "order", "payment"]) {
      expect(compose.services[id].environment).toMatchObject({
        DISCOVERY: "consul",
        CONSUL_URL: "http://registry:8500",
        SERVICE_ADDRESS: id,
      });
      expect(compose.services[id].depends_on.registry).toEqual({ condition: "service_healthy" });
    }
    expect(compose.services.order.build).toEqual({ context: ".", dockerfile: "services/order/Dockerfile" });
    expect(compose.services.grafana.ports).toEqual(["3000:3000"]);
    const prometheus = parse(text(files, "observability/prometheus.yml"));
    expect(
      prometheus.scrape_configs.map(
        (s: { static_configs: { targets: string[] }[] }) => s.static_configs[0]!.targets[0],
      ),
    ).toEqual(["config:8081", "gateway:8080", "inventory:8082", "notification:8083", "order:8084", "payment:8085"]);
    const dashboard = JSON.parse(text(files, "observability/grafana/dashboards/archsim.json"));
    expect(dashboard.title).toBe("E-commerce order processing");
    expect(dashboard.panels.map((p: { title: string }) => p.title)).toEqual([
      "Requests per second",
      "Errors per second (5xx)",
      "p99 latency",
      "Steps by outcome",
    ]);
  });

  it("k8s: the design's replicas, /healthz and /readyz probes on the port, a Service, and an HPA from autoscale", () => {
    const [dep, svc, hpa] = parseAllDocuments(text(files, "k8s/order.yaml")).map((d) => d.toJS());
    const container = dep.spec.template.spec.containers[0];
    expect(dep.spec.replicas).toBe(2);
    // Kubernetes discovery: peers by their Services' DNS names in the pod's namespace, no <ID>_URL.
    expect(container.env).toEqual([
      { name: "PORT", value: "8084" },
      { name: "RABBITMQ_URL", value: "amqp://guest:guest@broker:5672" },
      { name: "INVENTORY_DB_URL", value: "postgres://archsim:archsim@inventory-db:5432/inventory_db" },
      { name: "ORDERS_DB_URL", value: "postgres://archsim:archsim@orders-db:5432/orders_db" },
      { name: "CONFIG_URL", value: "http://config:8081" },
      { name: "DISCOVERY", value: "kubernetes" },
      { name: "K8S_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
    ]);
    // Each peer's Service is named as the process and listens on its fixed port (what discovery calls).
    for (const [id, port] of [
      ["inventory", 8082],
      ["payment", 8085],
      ["gateway", 8080],
    ] as const) {
      const peerService = parseAllDocuments(text(files, `k8s/${id}.yaml`))[1]!.toJS();
      expect(peerService).toMatchObject({ kind: "Service", metadata: { name: id }, spec: { ports: [{ port }] } });
      const peerContainer = parseAllDocuments(text(files, `k8s/${id}.yaml`))[0]!.toJS().spec.template.spec
        .containers[0];
      expect(peerContainer.env).toContainEqual({ name: "DISCOVERY", value: "kubernetes" });
    }
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: 8084 });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: 8084 });
    expect(svc).toMatchObject({ kind: "Service", spec: { ports: [{ port: 8084, targetPort: 8084 }] } });
    expect(hpa).toMatchObject({
      kind: "HorizontalPodAutoscaler",
      spec: {
        minReplicas: 2,
        maxReplicas: 12,
        metrics: [{ resource: { name: "cpu", target: { averageUtilization: 70 } } }],
      },
    });
    const notification = parseAllDocuments(text(files, "k8s/notification.yaml")).map((d) => d.toJS());
    expect(notification[0].spec.replicas).toBe(2);
    expect(notification[2].spec).toMatchObject({ minReplicas: 1, maxReplicas: 6 });
    // The gateway has no autoscale: a Deployment of one and a Service, no HPA.
    const gateway = parseAllDocuments(text(files, "k8s/gateway.yaml")).map((d) => d.toJS());
    expect(gateway.map((d) => d.kind)).toEqual(["Deployment", "Service"]);
    expect(gateway[0].spec.replicas).toBe(1);
    expect(parse(text(files, "k8s/kustomization.yaml")).resources).toEqual([
      "broker.yaml",
      "config.yaml",
      "gateway.yaml",
      "inventory-db.yaml",
      "inventory.yaml",
      "notification.yaml",
      "order.yaml",
      "orders-db.yaml",
      "payment.yaml",
    ]);
  });

  it(".env.example: PORT per process, RABBITMQ_URL, <DB_ID>_URL per database, CONFIG_URL, and the peers", () => {
    const env = text(files, ".env.example");
    for (const line of [
      "#   PORT=8080  gateway  (npm run start:gateway)",
      "#   PORT=8084  order  (npm run start:order)",
      "RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672",
      "ORDERS_DB_URL=",
      "INVENTORY_DB_URL=",
      "CONFIG_URL=http://127.0.0.1:8081",
      "DISCOVERY=static",
      "CONSUL_URL=http://127.0.0.1:8500",
      "K8S_NAMESPACE=",
      "SERVICE_ADDRESS=",
      "PAYMENT_URL=http://127.0.0.1:8085",
    ])
      expect(env.split("\n")).toContain(line);
    expect(env.match(/^CONFIG_URL=/gm)).toHaveLength(1);
    expect(env).toContain("(docker-compose.yml sets this when the design has a registry: registry)");
  });

  it(".env.example and README: tracing exports over OTLP only with an endpoint, at the design's sampling", () => {
    const env = text(files, ".env.example").split("\n");
    expect(env).toContain("OTEL_EXPORTER_OTLP_ENDPOINT=");
    expect(env).toContain("OTEL_TRACES_SAMPLER=");
    expect(env).toContain(
      "# Which new traces are recorded: empty means a parent-based ratio of 0.1 (the design's observability sampling);",
    );
    expect(env.join("\n")).toContain("(Docker Compose sets http://otel-collector:4318;");
    const readme = text(files, "README.md");
    expect(readme).toContain("## Traces");
    expect(readme).toContain("a CLIENT span per attempt of a");
    expect(readme).toContain(
      "New traces are recorded at a parent-based ratio of 0.1 (the design's observability sampling)",
    );
  });

  it("README: the Mermaid diagram of the design, how to run it and the ports table", () => {
    const readme = text(files, "README.md");
    expect(readme).toContain("```mermaid\nflowchart LR\n");
    expect(readme).toContain('  c_web(["web: Web #38; mobile shoppers<br/><i>client</i>"])');
    expect(readme).toContain('  c_gateway -->|"GET /orders/{id}, POST /orders"| c_order');
    expect(readme).toContain('  c_order -->|"reserve"| c_inventory');
    expect(readme).toContain('  c_broker -.->|"order.created"| c_payment');
    expect(readme).toContain("| `gateway` | gateway |  | 8080 | `npm run start:gateway` |");
    expect(readme).toContain("| `payment` | service |  | 8085 | `npm run start:payment` |");
    expect(readme).toContain("npm start ");
    expect(readme).toContain("- `npx tsx load/steady.ts`");
    expect(readme).toContain("- `npx tsx chaos/payment-outage.ts`");
    expect(readme).toContain(
      "Consul (`registry`, a dev agent, UI on http://127.0.0.1:8500) that the services and gateways register with",
    );
    expect(readme).toContain("## Discovery\n\n`DISCOVERY` says how a process finds its peers");
    expect(readme).toContain(
      "- `consul` (set in docker-compose.yml, Consul as `registry`): each service and gateway registers",
    );
  });

  it("load/: the workload's rate and mix, and a profile as stages at each segment's mean rate", () => {
    const steady = text(files, "load/steady.ts");
    expect(steady).toContain('const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;');
    expect(steady).toContain('process.env.BASE_URL ?? "http://127.0.0.1:8080"');
    expect(steady).toContain(
      '= [{"method":"POST","path":"/orders","weight":0.3},{"method":"GET","path":"/orders/{id}","weight":0.6},{"method":"GET","path":"/products","weight":0.1}];',
    );
    expect(steady).toContain('= [{"seconds":null,"rate":200}];');
    // Paced by count (the stage's rate × its seconds): autocannon's duration overshoots the rate.
    expect(steady).toContain("amount: Math.max(1, Math.round(routeRate * seconds)),");
    expect(steady).toContain("overallRate: Math.max(1, Math.round(routeRate)),");
    // [[0s, 200], [60s, 1500], [240s, 1500], [300s, 200]]
    expect(text(files, "load/peak-sale.ts")).toContain(
      '= [{"seconds":60,"rate":850},{"seconds":180,"rate":1500},{"seconds":60,"rate":850},{"seconds":null,"rate":200}];',
    );
  });

  it("chaos/: each fault at the scenario's time, a crash as a container stop, latency through the fault flag", () => {
    const outage = text(files, "chaos/payment-outage.ts");
    expect(outage).toMatch(
      /"atMs": 60000,\s+"forMs": 90000,\s+"what": "crash payment",\s+"how": "stop",\s+"target": "payment"/,
    );
    const slow = text(files, "chaos/inventory-slow.ts");
    expect(slow).toMatch(
      /"atMs": 60000,\s+"forMs": 60000,\s+"what": "latency on inventory",\s+"how": "flag",\s+"target": "inventory",\s+"flag": \{\s+"kind": "latency",\s+"add": \{\s+"type": "const",\s+"value": 1000\s+\}/,
    );
    expect(slow).toContain('"inventory": {\n    "env": "INVENTORY_URL",\n    "url": "http://127.0.0.1:8082"\n  }');
    expect(text(files, "chaos/broker-outage.ts")).toContain('"what": "crash broker"');
    expect(text(files, "chaos/baseline.ts")).toContain("= [];");
  });

  it(".env.example says when a database is not postgres: its records stay in memory", () => {
    const env = text(
      deploy(
        fromText(
          "archsim: 1\ncomponents:\n  cache-db: { kind: database, tech: mysql }\n  pg: { kind: database, tech: postgres }\n",
        ),
      ),
      ".env.example",
    );
    expect(env).toContain(
      "# cache-db: its tech is not postgres, so its records stay in memory whatever the URL\nCACHE_DB_URL=\n",
    );
    expect(env).toContain("# PG_URL=postgres://archsim:archsim@127.0.0.1:5433/pg\nPG_URL=\n");
  });

  it("a cache whose tech is redis: a Redis in compose and k8s, its URL for every process, its lines in .env.example", () => {
    const files = deploy(
      fromText(
        "archsim: 1\ncomponents:\n" +
          "  web: { kind: client }\n" +
          "  b-cache: { kind: cache, tech: redis }\n" +
          "  a-cache: { kind: cache, tech: redis }\n" +
          "  local: { kind: cache }\n" +
          "  svc: { kind: service, operations: { get: { http: GET /x, steps: [ { cache: a-cache }, { cache: local } ] } } }\n",
      ),
    );
    const compose = parse(text(files, "docker-compose.yml")) as {
      services: Record<
        string,
        { image?: string; ports?: string[]; environment?: Record<string, string>; depends_on?: object }
      >;
    };
    expect(compose.services["a-cache"]).toMatchObject({ image: "redis:7-alpine", ports: ["6380:6379"] });
    expect(compose.services["b-cache"]).toMatchObject({ image: "redis:7-alpine", ports: ["6381:6379"] });
    expect(compose.services.local).toBeUndefined();
    expect(compose.services.svc!.environment).toMatchObject({
      A_CACHE_URL: "redis://a-cache:6379",
      B_CACHE_URL: "redis://b-cache:6379",
    });
    expect(compose.services.svc!.environment!.LOCAL_URL).toBeUndefined();
    expect(Object.keys(compose.services.svc!.depends_on!)).toEqual(["a-cache", "b-cache"]);
    const k8s = parseAllDocuments(text(files, "k8s/a-cache.yaml")).map((d) => d.toJS() as { kind: string });
    expect(k8s.map((d) => d.kind)).toEqual(["Deployment", "Service"]);
    expect(text(files, "k8s/kustomization.yaml")).toContain("a-cache.yaml");
    const env = text(files, ".env.example");
    expect(env).toContain(
      "# A_CACHE_URL=redis://127.0.0.1:6380\nA_CACHE_URL=\n# B_CACHE_URL=redis://127.0.0.1:6381\nB_CACHE_URL=\nCACHE_TTL_SECONDS=300\n",
    );
    expect(env).not.toContain("LOCAL_URL");
  });

  it("is deterministic: the same design gives byte-identical files", () => {
    const again = deploy(load("examples/ecommerce.yaml"));
    expect([...again.entries()]).toEqual([...files.entries()]);
  });
});

describe("discovery in compose without a registry", () => {
  const design = fromText(`archsim: 1
components:
  gateway: { kind: gateway, routes: { GET /x: svc.op } }
  svc: { kind: service, operations: { op: { http: GET /x, work: 1ms } } }
`);
  const files = deploy(design);

  it("keeps static discovery with the compose names, and no Consul", () => {
    const compose = parse(text(files, "docker-compose.yml"));
    expect(Object.keys(compose.services)).toEqual(["gateway", "svc"]);
    expect(compose.services.gateway.environment).toEqual({
      PORT: "8080",
      DISCOVERY: "static",
      SVC_URL: "http://svc:8081",
    });
    expect(compose.services.svc.environment).toEqual({
      PORT: "8081",
      DISCOVERY: "static",
      GATEWAY_URL: "http://gateway:8080",
    });
    expect(compose.services.gateway.depends_on).toBeUndefined();
    const readme = text(files, "README.md");
    expect(readme).toContain("- `consul`: each service and gateway registers");
    expect(readme).not.toContain("Consul (`");
  });

  it("still sets DISCOVERY=kubernetes in k8s/", () => {
    const container = parseAllDocuments(text(files, "k8s/svc.yaml"))[0]!.toJS().spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: "PORT", value: "8081" },
      { name: "DISCOVERY", value: "kubernetes" },
      { name: "K8S_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
    ]);
  });
});

describe("hostile text in a design", () => {
  const hostile = `archsim: 1
name: "Shop\\" | <script>alert(1)</script> \`rm -rf\` # [x](javascript:1)\\nline2"
description: "**bold** <img src=x onerror=alert(1)> | table"
components:
  end:
    kind: client
    label: 'He said "hi"]) --> x[boom <b>'
  gateway:
    kind: gateway
    routes: { GET /x: svc.op }
  svc:
    kind: service
    label: "a|b#c;&d\`e"
    operations: { op: { http: GET /x, work: 1ms } }
  prometheus:
    kind: observability
workloads:
  w: { source: end, entry: gateway, rate: 1, mix: { GET /x: 1 } }
`;
  const design = fromText(hostile);
  const files = deploy(design);

  it("escapes Mermaid labels and Markdown text in the README", () => {
    const readme = text(files, "README.md");
    expect(readme.split("\n")[0]).toBe(`# ${markdownText(design.name!)}`);
    expect(readme).not.toContain("<script>");
    expect(readme).not.toContain("<img");
    expect(readme).toContain(`c_end(["end: He said #34;hi#34;]) --#62; x[boom #60;b#62;<br/><i>client</i>"])`);
    expect(readme).toContain(`c_svc["svc: a#124;b#35;c;#38;d#96;e<br/><i>service</i>"]`);
    // Every Mermaid line is a node or an edge of known ids: nothing a label could add.
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(readme)![1]!.trim().split("\n").slice(1);
    for (const line of mermaid) expect(line).toMatch(/^ {2}c_[a-z0-9_]+(\W|$)/);
    expect(mermaidText('a"b')).toBe("a#34;b");
  });

  it("keeps YAML and JSON well-formed and infrastructure names clear of component ids", () => {
    const compose = parse(text(files, "docker-compose.yml"));
    expect(Object.keys(compose.services)).toEqual([
      "gateway",
      "svc",
      "otel-collector",
      "jaeger",
      "prometheus-2",
      "grafana",
    ]);
    expect(JSON.parse(text(files, "observability/grafana/dashboards/archsim.json")).title).toBe(design.name);
    expect(compose.name).toMatch(/^[a-z][a-z0-9-]*$/);
  });
});
