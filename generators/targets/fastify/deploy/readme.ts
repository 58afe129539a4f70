/**
 * README.md (a Mermaid diagram of the design, how to run it, the ports table, discovery, traces) and
 * .env.example (PORT per process, RABBITMQ_URL, <DB_ID>_URL per database, CONFIG_URL, DISCOVERY,
 * CONSUL_URL, K8S_NAMESPACE, SERVICE_ADDRESS, the peers' URLs, OTEL_*).
 */
import { walkSteps, type Design } from "../../../../model";
import type { FileMapBuilder } from "../../../file-map";
import { num } from "../code";
import { getTraceSampling } from "../design-info";
import { markdownText, mermaidId, mermaidText } from "./text";
import { CONSUL_PORT, OBSERVABILITY_PORTS, postgresUrl, RABBITMQ_LOCAL_URL, toEnvKey, type Topology } from "./topology";

const SHAPES: Record<string, [string, string]> = {
  client: ["([", "])"],
  gateway: ["{{", "}}"],
  service: ["[", "]"],
  database: ["[(", ")]"],
  cache: ["[(", ")]"],
  broker: ["[[", "]]"],
};

/** A Mermaid flowchart of the design: components, routes, calls, queries, topics, dependencies. */
export function getMermaid(design: Design): string {
  const lines = ["flowchart LR"];
  const ids = Object.keys(design.components).sort();
  for (const id of ids) {
    const c = design.components[id]!;
    const [open, close] = SHAPES[c.kind] ?? [">", "]"];
    const label = c.label !== undefined && c.label !== id ? `${id}: ${c.label}` : id;
    lines.push(`  ${mermaidId(id)}${open}"${mermaidText(label)}<br/><i>${c.kind}</i>"${close}`);
  }
  const edges = new Map<string, Set<string>>();
  const edge = (from: string, arrow: string, to: string, label: string) => {
    const key = `${mermaidId(from)} ${arrow} ${mermaidId(to)}`;
    if (!edges.has(key)) edges.set(key, new Set());
    if (label) edges.get(key)!.add(label);
  };
  const broker = ids.find((id) => design.components[id]!.kind === "broker");
  for (const w of Object.keys(design.workloads).sort()) {
    const wl = design.workloads[w]!;
    if (wl.source !== undefined) edge(wl.source, "-->", wl.entry.split(".")[0]!, "");
  }
  for (const id of ids) {
    const c = design.components[id]!;
    if (c.kind === "gateway")
      for (const [route, target] of Object.entries(c.routes)) edge(id, "-->", target.split(".")[0]!, route);
    if (c.kind !== "service") continue;
    for (const dep of c.dependsOn) edge(id, "-.->", dep, "depends on");
    for (const op of Object.values(c.operations))
      walkSteps(op.steps, [], (step) => {
        if ("call" in step) edge(id, "-->", step.call.split(".")[0]!, step.call.split(".")[1]!);
        else if ("query" in step) edge(id, "-->", step.query, "query");
        else if ("cache" in step) edge(id, "-->", step.cache, "cache");
        else if ("publish" in step && broker !== undefined) edge(id, "-.->", broker, step.publish);
      });
    if (broker !== undefined) for (const topic of Object.keys(c.subscribes)) edge(broker, "-.->", id, topic);
  }
  for (const key of [...edges.keys()].sort()) {
    const [from, arrow, to] = key.split(" ");
    const labels = [...edges.get(key)!].sort();
    lines.push(labels.length ? `  ${from} ${arrow}|"${labels.map(mermaidText).join(", ")}"| ${to}` : `  ${key}`);
  }
  return lines.join("\n");
}

/** The ratio of new traces recorded, and where it comes from: "0.1 (the design's observability sampling)". */
function describeSampling(design: Design, topology: Topology): string {
  return topology.observability
    ? `${num(getTraceSampling(design))} (the design's observability sampling)`
    : "1 (the design has no observability component)";
}

export function addEnvExample(b: FileMapBuilder, design: Design, topology: Topology): void {
  const lines = [
    "# The environment of the generated processes; every value below is already the default.",
    "# Copy to .env, or set variables in your shell, to change one.",
    "#",
    "# Ports (the run contract): each process listens on its own port; PORT overrides it for one process:",
  ];
  for (const [id, port] of topology.ports) lines.push(`#   PORT=${port}  ${id}  (npm run start:${id})`);
  lines.push("", "# RabbitMQ (amqplib)", `RABBITMQ_URL=${RABBITMQ_LOCAL_URL}`, "");
  if (topology.databases.length > 0) {
    lines.push(
      "# Databases: empty means the in-memory repository; for a database whose tech is postgres, a postgres://",
      "# URL uses PostgreSQL (Docker Compose serves each database at the URL in the comment).",
    );
    for (const db of topology.databases)
      lines.push(
        db.postgres
          ? `# ${toEnvKey(db.id)}_URL=${postgresUrl("127.0.0.1", db.hostPort, db.name)}`
          : `# ${db.id}: its tech is not postgres, so its records stay in memory whatever the URL`,
        `${toEnvKey(db.id)}_URL=`,
      );
    lines.push("");
  }
  if (topology.redisCaches.length > 0) {
    lines.push(
      "# Caches whose tech is redis: empty means a cache in each process's memory; a redis:// URL shares",
      "# one Redis (Docker Compose serves each at the URL in the comment). Entries live CACHE_TTL_SECONDS.",
    );
    for (const c of topology.redisCaches)
      lines.push(`# ${toEnvKey(c.id)}_URL=redis://127.0.0.1:${c.hostPort}`, `${toEnvKey(c.id)}_URL=`);
    lines.push("CACHE_TTL_SECONDS=300", "");
  }
  const configPort = topology.config !== undefined ? topology.ports.get(topology.config) : undefined;
  lines.push(
    "# The config service (empty: settings from the environment only)",
    `CONFIG_URL=${configPort !== undefined ? `http://127.0.0.1:${configPort}` : ""}`,
    "",
    "# Discovery: how a process finds its peers (static, kubernetes or consul)",
    "#   static: a peer's <ID>_URL below, else http://127.0.0.1:<its port>",
    "#   kubernetes: its Service, http://<id>.<K8S_NAMESPACE>.svc.cluster.local:<its port> (K8S_NAMESPACE empty:",
    "#     the pod's namespace, else http://<id>:<its port>); k8s/ sets this",
    "#   consul: each service and gateway registers with the Consul agent at CONSUL_URL (HTTP check on /healthz) and",
    "#     deregisters when it stops; a call goes to one of the peer's passing instances in turn",
    `#     (docker-compose.yml sets this when the design has a registry${topology.registry !== undefined ? `: ${topology.registry}` : ""})`,
    "DISCOVERY=static",
    `CONSUL_URL=http://127.0.0.1:${CONSUL_PORT}`,
    "K8S_NAMESPACE=",
    "# Where Consul and the peers reach this process (empty: HOST, or the host name when HOST is 0.0.0.0)",
    "SERVICE_ADDRESS=",
    "",
    "# Peers (static discovery): where each process is found",
  );
  for (const [id, port] of topology.ports)
    if (`${toEnvKey(id)}_URL` !== "CONFIG_URL") lines.push(`${toEnvKey(id)}_URL=http://127.0.0.1:${port}`);
  const collector = topology.observability?.collector;
  lines.push(
    "",
    "# Traces (OpenTelemetry): every process makes spans and passes the W3C trace context on, in HTTP headers",
    "# and in RabbitMQ message headers, whatever is set here. Empty: nothing is exported. A collector's",
    "# OTLP/HTTP endpoint: spans are sent to <endpoint>/v1/traces" +
      (collector !== undefined
        ? ` (Docker Compose sets http://${collector}:${OBSERVABILITY_PORTS.otlpHttp}; with`
        : "."),
    ...(collector !== undefined
      ? [
          `# \`docker compose up -d ${collector} ${topology.observability!.jaeger}\`, npm start can use http://127.0.0.1:${OBSERVABILITY_PORTS.otlpHttp}).`,
        ]
      : []),
    "OTEL_EXPORTER_OTLP_ENDPOINT=",
    `# Which new traces are recorded: empty means a parent-based ratio of ${describeSampling(design, topology)};`,
    "# OTEL_TRACES_SAMPLER (always_on, parentbased_traceidratio with OTEL_TRACES_SAMPLER_ARG, ...) overrides it.",
    "OTEL_TRACES_SAMPLER=",
    "",
    "# 1: every operation also spends its design's work and fails at its errorRate (load tests)",
    "SYNTHETIC_WORK=0",
  );
  b.add(".env.example", lines.join("\n"));
}

export function addReadme(b: FileMapBuilder, design: Design, topology: Topology): void {
  const name = markdownText(design.name ?? "archsim system");
  const rows = [...topology.ports].map(([id, port]) => {
    const c = design.components[id]!;
    const label = c.label !== undefined ? markdownText(c.label) : "";
    return `| \`${id}\` | ${c.kind} | ${label} | ${port} | \`npm run start:${id}\` |`;
  });
  const workloads = Object.keys(design.workloads).sort();
  const scenarios = Object.keys(design.scenarios).sort();
  const obs = topology.observability;
  const compose = [
    topology.broker !== undefined
      ? `RabbitMQ (\`${topology.broker}\`, management UI on http://127.0.0.1:15672, guest/guest)`
      : "",
    ...topology.databases.map((db) => `Postgres \`${db.id}\` on 127.0.0.1:${db.hostPort}`),
    ...topology.redisCaches.map((c) => `Redis \`${c.id}\` on 127.0.0.1:${c.hostPort}`),
    topology.registry !== undefined
      ? `Consul (\`${topology.registry}\`, a dev agent, UI on http://127.0.0.1:${CONSUL_PORT}) that the services and gateways register with`
      : "",
    obs
      ? `Grafana on http://127.0.0.1:${OBSERVABILITY_PORTS.grafana} (dashboard "${name}"), Prometheus on http://127.0.0.1:${OBSERVABILITY_PORTS.prometheus}, Jaeger on http://127.0.0.1:${OBSERVABILITY_PORTS.jaeger}`
      : "",
  ].filter(Boolean);
  const text = `# ${name}

${design.description !== undefined ? `${markdownText(design.description)}\n\n` : ""}Generated by archsim from a design. Files under \`src/generated/\`, \`packages/runtime/\`
and the deploy files are rewritten by every \`archsim generate\`; \`src/handlers/\` and your tests are
yours and are never overwritten. \`.archsim/manifest.json\` records what archsim wrote.

## The design

\`\`\`mermaid
${getMermaid(design)}
\`\`\`

## Run it

\`\`\`sh
npm install
npm run build
${topology.broker !== undefined ? `docker compose up -d ${topology.broker}   # RabbitMQ, or use one already running at RABBITMQ_URL\n` : ""}npm start          # every process, logs prefixed by component
\`\`\`

Each process also runs alone (\`npm run start:<id>\`); \`.env.example\` lists the environment
with its defaults. Every process answers \`GET /healthz\` (alive), \`GET /readyz\` (ready) and
\`GET /metrics\` (Prometheus).

| process | kind | label | port | run alone |
|---|---|---|---|---|
${rows.join("\n")}

## Your code

Each operation has a handler, \`services/<id>/src/handlers/<operation>.ts\`, written once with a
working default and never overwritten. It runs after the synthetic work and before the design's
steps; what it returns is the route's answer (201 for POST, 200 otherwise), the record a \`query\`
step stores under its \`id\`, and the data a \`publish\` step sends. A consumed message's data
arrives as \`input.body\`. Where the operation has a \`branch\`, the heaviest alternative runs
unless the handler chooses: \`return chooseBranches(result, 1)\` (the stub lists the
alternatives). Throw \`new HttpError(status, code, message)\` from \`@archsim/runtime\` to answer
an error. \`npm run typecheck\` and \`npm test\` check your changes; re-generating after a design
change updates \`src/generated/\` and adds handlers for new operations, keeping yours.

## Docker Compose

\`docker compose up --build\` runs the whole system in containers${compose.length ? `, with ${compose.join("; ")}` : ""}.

## Traces

Every process traces with OpenTelemetry: a SERVER span per request, a CLIENT span per attempt of a
call (a retry is another span), a PRODUCER span per publish and a CONSUMER span per delivered
message, with the W3C \`traceparent\` carried in HTTP headers and in the RabbitMQ message headers, so one
request is one trace across every process and the broker. Its trace id is answered in \`x-trace-id\`
and is \`traceId\` (with \`spanId\`) on every log line written in it.

Spans are exported over OTLP/HTTP when \`OTEL_EXPORTER_OTLP_ENDPOINT\` is set${obs ? ` (Docker Compose sets it to the collector, which sends them to Jaeger on http://127.0.0.1:${OBSERVABILITY_PORTS.jaeger})` : ""}; without it nothing is exported.
New traces are recorded at a parent-based ratio of ${describeSampling(design, topology)}: a request inside a trace
follows its parent's decision. \`OTEL_TRACES_SAMPLER\` overrides it.

## Kubernetes

\`kubectl apply -k k8s/\` creates a Deployment (the design's replicas, probes on \`/healthz\` and
\`/readyz\`) and a Service per process, a HorizontalPodAutoscaler per service with \`autoscale\`,
RabbitMQ and a Postgres per database. Build the images first (\`docker compose build\`).

## Discovery

\`DISCOVERY\` says how a process finds its peers, on every call:

- \`static\` (the default, \`npm start\`): a peer's \`<ID>_URL\`, else \`http://127.0.0.1:<its port>\`.
- \`kubernetes\` (set in \`k8s/\`): the peer's Service, \`http://<id>.<namespace>.svc.cluster.local:<its port>\`;
  the namespace is \`K8S_NAMESPACE\` (the manifests set it to the pod's own), else the pod's service
  account namespace, else the short name \`http://<id>:<its port>\`.
- \`consul\`${topology.registry !== undefined ? " (set in docker-compose.yml, Consul as `" + topology.registry + "`)" : ""}: each service and gateway registers with the Consul agent at
  \`CONSUL_URL\` (default \`http://127.0.0.1:${CONSUL_PORT}\`) at \`SERVICE_ADDRESS\` with an HTTP check on
  \`/healthz\`, and deregisters when it stops gracefully. A call goes to the peer's passing instances in
  turn (Consul's answer kept 2 s); none passing answers 503 (\`noInstance\`); with Consul away, the last
  known instances are used.

## Load
${workloads.length ? `\nOne script per workload of the design, driving the running system with autocannon at the workload's rate and mix:\n\n${workloads.map((w) => `- \`npx tsx load/${w}.ts\``).join("\n")}\n` : "\nThe design has no workloads.\n"}
## Chaos
${scenarios.length ? `\nOne script per scenario, applying its faults to the running system at the scenario's times (start it with the load script of the scenario's workload): a crash stops the component's container (\`docker compose stop\`, then \`start\`); latency, errors, slowdown and partitions are set through the process's fault flag (\`POST /__archsim/faults\`).\n\n${scenarios.map((s) => `- \`npx tsx chaos/${s}.ts\``).join("\n")}\n` : "\nThe design has no scenarios.\n"}`;
  b.add("README.md", text);
}
