/**
 * docker-compose.yml: RabbitMQ (as the broker's id), a Postgres per database (as its id), Consul
 * (as the registry's id) when the design has a registry (DISCOVERY=consul; else static discovery
 * with the compose names), every process built from its Dockerfile on its run-contract port, and
 * with an observability component
 * an OpenTelemetry collector, Prometheus, Jaeger and Grafana with a generated dashboard
 * (observability/). YAML through the `yaml` package, so every string is quoted as it must be.
 */
import { stringify } from "yaml";
import type { Design } from "../../../../model";
import type { FileMapBuilder } from "../../../file-map";
import {
  CONSUL_PORT,
  getProcessEnv,
  IMAGE_REDIS,
  OBSERVABILITY_PORTS,
  POSTGRES_PASSWORD,
  POSTGRES_USER,
  postgresUrl,
  type Topology,
} from "./topology";

export const IMAGES = {
  rabbitmq: "rabbitmq:3.13-management",
  postgres: "postgres:16-alpine",
  collector: "otel/opentelemetry-collector-contrib:0.114.0",
  prometheus: "prom/prometheus:v2.55.1",
  jaeger: "jaegertracing/all-in-one:1.63.0",
  grafana: "grafana/grafana:11.3.1",
  consul: "hashicorp/consul:1.20",
} as const;

/** YAML of plain data, deterministic: keys in insertion order, long lines never folded. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** The image a process is built into, shared by Compose and Kubernetes. */
export function getImage(topology: Topology, id: string): string {
  return `${topology.slug}/${id}:latest`;
}

export function addCompose(b: FileMapBuilder, design: Design, topology: Topology): void {
  const services: Record<string, unknown> = {};
  const healthy = { condition: "service_healthy" };
  if (topology.broker !== undefined)
    services[topology.broker] = {
      image: IMAGES.rabbitmq,
      ports: ["5672:5672", "15672:15672"],
      healthcheck: { test: ["CMD", "rabbitmq-diagnostics", "-q", "ping"], interval: "5s", timeout: "5s", retries: 20 },
    };
  for (const db of topology.databases)
    services[db.id] = {
      image: IMAGES.postgres,
      environment: { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB: db.name },
      ports: [`${db.hostPort}:5432`],
      healthcheck: {
        test: ["CMD", "pg_isready", "-U", POSTGRES_USER, "-d", db.name],
        interval: "5s",
        timeout: "5s",
        retries: 20,
      },
    };
  for (const c of topology.redisCaches)
    services[c.id] = {
      image: IMAGE_REDIS,
      ports: [`${c.hostPort}:6379`],
      healthcheck: { test: ["CMD", "redis-cli", "ping"], interval: "5s", timeout: "3s", retries: 20 },
    };
  // A registry in the design: Consul as its id (a dev agent), which every process registers with.
  if (topology.registry !== undefined)
    services[topology.registry] = {
      image: IMAGES.consul,
      command: ["agent", "-dev", "-client=0.0.0.0"],
      ports: [`${CONSUL_PORT}:${CONSUL_PORT}`],
      healthcheck: { test: ["CMD", "consul", "members"], interval: "5s", timeout: "5s", retries: 20 },
    };
  const obs = topology.observability;
  for (const [id, port] of topology.ports) {
    const env = getProcessEnv(topology, id, {
      processUrl: (peer, p) => `http://${peer}:${p}`,
      rabbitmq: `amqp://guest:guest@${topology.broker}:5672`,
      database: (db) => postgresUrl(db.id, 5432, db.name),
      discovery:
        topology.registry !== undefined
          ? { mode: "consul", consulUrl: `http://${topology.registry}:${CONSUL_PORT}` }
          : { mode: "static" },
    });
    if (obs) {
      env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://${obs.collector}:${OBSERVABILITY_PORTS.otlpHttp}`;
      env.OTEL_SERVICE_NAME = id;
    }
    const dependsOn: Record<string, unknown> = {};
    if (topology.broker !== undefined) dependsOn[topology.broker] = healthy;
    for (const db of topology.databases) dependsOn[db.id] = healthy;
    for (const c of topology.redisCaches) dependsOn[c.id] = healthy;
    if (topology.registry !== undefined) dependsOn[topology.registry] = healthy;
    if (topology.config !== undefined && topology.config !== id)
      dependsOn[topology.config] = { condition: "service_started" };
    services[id] = {
      build: { context: ".", dockerfile: `services/${id}/Dockerfile` },
      image: getImage(topology, id),
      environment: env,
      ports: [`${port}:${port}`],
      ...(Object.keys(dependsOn).length > 0 ? { depends_on: dependsOn } : {}),
      healthcheck: {
        test: [
          "CMD",
          "node",
          "-e",
          `fetch('http://127.0.0.1:${port}/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: "5s",
        timeout: "3s",
        retries: 20,
      },
    };
  }
  if (obs) {
    services[obs.collector] = {
      image: IMAGES.collector,
      command: ["--config=/etc/otelcol/config.yaml"],
      volumes: ["./observability/otel-collector.yaml:/etc/otelcol/config.yaml:ro"],
      ports: ["4317:4317", `${OBSERVABILITY_PORTS.otlpHttp}:${OBSERVABILITY_PORTS.otlpHttp}`],
      depends_on: [obs.jaeger],
    };
    services[obs.jaeger] = {
      image: IMAGES.jaeger,
      environment: { COLLECTOR_OTLP_ENABLED: "true" },
      ports: [`${OBSERVABILITY_PORTS.jaeger}:16686`],
    };
    services[obs.prometheus] = {
      image: IMAGES.prometheus,
      command: ["--config.file=/etc/prometheus/prometheus.yml"],
      volumes: ["./observability/prometheus.yml:/etc/prometheus/prometheus.yml:ro"],
      ports: [`${OBSERVABILITY_PORTS.prometheus}:9090`],
    };
    services[obs.grafana] = {
      image: IMAGES.grafana,
      environment: { GF_AUTH_ANONYMOUS_ENABLED: "true", GF_AUTH_ANONYMOUS_ORG_ROLE: "Admin" },
      volumes: [
        "./observability/grafana/provisioning:/etc/grafana/provisioning:ro",
        "./observability/grafana/dashboards:/var/lib/grafana/dashboards:ro",
      ],
      ports: [`${OBSERVABILITY_PORTS.grafana}:3000`],
      depends_on: [obs.prometheus],
    };
    addObservability(b, design, topology, obs);
  }
  b.add(
    "docker-compose.yml",
    `# Generated by archsim from the design: the whole system in containers (docker compose up --build).\n${toYaml({ name: topology.slug, services })}`,
  );
}

function addObservability(
  b: FileMapBuilder,
  design: Design,
  topology: Topology,
  obs: NonNullable<Topology["observability"]>,
): void {
  b.add(
    "observability/prometheus.yml",
    toYaml({
      global: { scrape_interval: "5s" },
      scrape_configs: [...topology.ports].map(([id, port]) => ({
        job_name: id,
        metrics_path: "/metrics",
        static_configs: [{ targets: [`${id}:${port}`], labels: { component: id } }],
      })),
    }),
  );
  b.add(
    "observability/otel-collector.yaml",
    toYaml({
      receivers: { otlp: { protocols: { grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } } } },
      processors: { batch: {} },
      exporters: { "otlp/jaeger": { endpoint: `${obs.jaeger}:4317`, tls: { insecure: true } } },
      service: { pipelines: { traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["otlp/jaeger"] } } },
    }),
  );
  b.add(
    "observability/grafana/provisioning/datasources/datasources.yml",
    toYaml({
      apiVersion: 1,
      datasources: [
        {
          name: "Prometheus",
          uid: "prometheus",
          type: "prometheus",
          access: "proxy",
          url: `http://${obs.prometheus}:9090`,
          isDefault: true,
        },
        { name: "Jaeger", uid: "jaeger", type: "jaeger", access: "proxy", url: `http://${obs.jaeger}:16686` },
      ],
    }),
  );
  b.add(
    "observability/grafana/provisioning/dashboards/dashboards.yml",
    toYaml({
      apiVersion: 1,
      providers: [{ name: "archsim", type: "file", options: { path: "/var/lib/grafana/dashboards" } }],
    }),
  );
  b.add(
    "observability/grafana/dashboards/archsim.json",
    `${JSON.stringify(getDashboard(design, topology), null, 2)}\n`,
  );
}

/** A Grafana dashboard: request rate, error rate and p99 per component, from the runtime's metrics. */
function getDashboard(design: Design, topology: Topology): unknown {
  const prom = { type: "prometheus", uid: "prometheus" };
  const panel = (id: number, title: string, expr: string, unit: string, y: number, x: number) => ({
    id,
    title,
    type: "timeseries",
    datasource: prom,
    gridPos: { h: 8, w: 12, x, y },
    fieldConfig: { defaults: { unit }, overrides: [] },
    targets: [{ datasource: prom, expr, legendFormat: "{{component}} {{route}}", refId: "A" }],
  });
  return {
    uid: `archsim-${topology.slug}`.slice(0, 40),
    title: design.name ?? "archsim",
    tags: ["archsim"],
    timezone: "browser",
    schemaVersion: 39,
    refresh: "5s",
    time: { from: "now-15m", to: "now" },
    panels: [
      panel(
        1,
        "Requests per second",
        "sum by (component, route) (rate(http_request_duration_seconds_count[1m]))",
        "reqps",
        0,
        0,
      ),
      panel(
        2,
        "Errors per second (5xx)",
        'sum by (component, route) (rate(http_request_duration_seconds_count{status=~"5.."}[1m]))',
        "reqps",
        0,
        12,
      ),
      panel(
        3,
        "p99 latency",
        "histogram_quantile(0.99, sum by (component, route, le) (rate(http_request_duration_seconds_bucket[1m])))",
        "s",
        8,
        0,
      ),
      panel(4, "Steps by outcome", "sum by (component, step, outcome) (rate(archsim_steps_total[1m]))", "ops", 8, 12),
    ],
  };
}
