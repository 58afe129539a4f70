/**
 * What the deploy files share: the processes with their ports, the databases, the broker and
 * the observability stack, and the URLs each environment (local processes, Docker Compose,
 * Kubernetes) gives them. Names of infrastructure services never clash with component ids.
 */
import type { Design } from "../../../../model";
import { getPorts } from "../../../ports";
import { toEnvName } from "../code";

export const RABBITMQ_LOCAL_URL = "amqp://guest:guest@127.0.0.1:5672";
/** The Postgres credentials of the compose and Kubernetes databases (development only). */
export const POSTGRES_USER = "archsim";
export const POSTGRES_PASSWORD = "archsim";
/** Host port of the first database in Docker Compose; the others follow in sorted order of ids. */
export const FIRST_POSTGRES_PORT = 5432;
/** Host port of the first Redis cache in Docker Compose (6380: a local Redis keeps 6379); the others follow. */
export const FIRST_REDIS_PORT = 6380;
export const IMAGE_REDIS = "redis:7-alpine";
export const OBSERVABILITY_PORTS = { grafana: 3000, prometheus: 9090, jaeger: 16686, otlpHttp: 4318 } as const;

export interface Topology {
  /** Process id → port, sorted by id. */
  readonly ports: ReadonlyMap<string, number>;
  /** Database ids, sorted, with their database name (id, '-' → '_') and compose host port. */
  readonly databases: readonly { id: string; name: string; hostPort: number; postgres: boolean }[];
  /** Caches whose tech is redis (the services use Redis for them when <ID>_URL is set), sorted, with their compose host port. */
  readonly redisCaches: readonly { id: string; hostPort: number }[];
  /** The compose/Kubernetes name of RabbitMQ (the first broker's id), or none without a broker. */
  readonly broker?: string;
  /** The config component the processes read (CONFIG_URL), if any. */
  readonly config?: string;
  /** The compose name of Consul (the first registry's id): with one, compose runs DISCOVERY=consul. */
  readonly registry?: string;
  /** Compose names of the observability stack, when the design has an observability component. */
  readonly observability?: { collector: string; prometheus: string; jaeger: string; grafana: string };
  /** A name for images and the compose project: from the design's name, lower-case, or "archsim". */
  readonly slug: string;
}

const sortedIds = (design: Design, kind: string) =>
  Object.entries(design.components)
    .filter(([, c]) => c.kind === kind)
    .map(([id]) => id)
    .sort();

/** `base`, or `base-2`, `base-3`, … : the first that is no component id and not taken. */
function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

/** The environment variable of an id, as the services read it: `orders-db` → `ORDERS_DB`. */
export const toEnvKey = toEnvName;

export function getTopology(design: Design): Topology {
  const taken = new Set(Object.keys(design.components));
  const databases = sortedIds(design, "database").map((id, i) => ({
    id,
    name: id.replace(/-/g, "_"),
    hostPort: FIRST_POSTGRES_PORT + i,
    // As the services read it: Postgres when the tech is postgres (and the URL is set), else memory.
    postgres: (design.components[id] as { tech?: string }).tech?.toLowerCase() === "postgres",
  }));
  const redisCaches = sortedIds(design, "cache")
    .filter((id) => (design.components[id] as { tech?: string }).tech?.toLowerCase() === "redis")
    .map((id, i) => ({ id, hostPort: FIRST_REDIS_PORT + i }));
  const broker = sortedIds(design, "broker")[0];
  const config = sortedIds(design, "config")[0];
  const registry = sortedIds(design, "registry")[0];
  const observability =
    sortedIds(design, "observability").length > 0
      ? {
          collector: freeName("otel-collector", taken),
          prometheus: freeName("prometheus", taken),
          jaeger: freeName("jaeger", taken),
          grafana: freeName("grafana", taken),
        }
      : undefined;
  const slug =
    (design.name ?? "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "") || "archsim";
  return {
    ports: getPorts(design),
    databases,
    redisCaches,
    ...(broker !== undefined ? { broker } : {}),
    ...(config !== undefined ? { config } : {}),
    ...(registry !== undefined ? { registry } : {}),
    ...(observability ? { observability } : {}),
    slug: /^[a-z]/.test(slug) ? slug : `archsim-${slug}`,
  };
}

/** Consul's HTTP API port (the agent's default), in compose and on the host. */
export const CONSUL_PORT = 8500;

/**
 * How a process finds its peers (the runtime's DISCOVERY): `static` with every peer's `<ID>_URL`,
 * `kubernetes` (Service DNS names), or `consul` at `consulUrl`, registering at its compose name.
 */
export type DiscoveryEnv = { mode: "static" } | { mode: "kubernetes" } | { mode: "consul"; consulUrl: string };

/**
 * The environment of one process: its PORT, the broker, each database, the config service and
 * DISCOVERY; with static discovery every peer's `<ID>_URL`, with Consul CONSUL_URL and the
 * SERVICE_ADDRESS it registers (its own name). `processUrl(id, port)` says where a process is found.
 */
export function getProcessEnv(
  topology: Topology,
  id: string,
  where: {
    processUrl: (id: string, port: number) => string;
    rabbitmq: string;
    database: (db: Topology["databases"][number]) => string;
    /** Where a Redis cache is found; default redis://<its id>:6379 (its compose and Kubernetes name). */
    cache?: (cache: Topology["redisCaches"][number]) => string;
    discovery: DiscoveryEnv;
  },
): Record<string, string> {
  const env: Record<string, string> = { PORT: String(topology.ports.get(id)) };
  if (topology.broker !== undefined) env.RABBITMQ_URL = where.rabbitmq;
  for (const db of topology.databases) env[`${toEnvKey(db.id)}_URL`] = where.database(db);
  for (const c of topology.redisCaches)
    env[`${toEnvKey(c.id)}_URL`] = where.cache ? where.cache(c) : `redis://${c.id}:6379`;
  if (topology.config !== undefined)
    env.CONFIG_URL = where.processUrl(topology.config, topology.ports.get(topology.config)!);
  env.DISCOVERY = where.discovery.mode;
  if (where.discovery.mode === "consul") {
    env.CONSUL_URL = where.discovery.consulUrl;
    env.SERVICE_ADDRESS = id;
  }
  // Kubernetes and Consul find peers themselves (<ID>_URL is read by static discovery only).
  if (where.discovery.mode === "static")
    for (const [peer, port] of topology.ports)
      if (peer !== id) env[`${toEnvKey(peer)}_URL`] = where.processUrl(peer, port);
  return env;
}

export function postgresUrl(host: string, port: number, name: string): string {
  return `postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@${host}:${port}/${name}`;
}
