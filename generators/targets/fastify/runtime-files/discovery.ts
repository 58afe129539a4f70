/** packages/runtime/src/discovery.ts of the generated repository (see ../runtime-sources.ts). */
export const DISCOVERY_SOURCE = `import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Settings } from "./config.js";
import { DependencyError } from "./errors.js";

/** What DISCOVERY may say; static when unset. */
export const DISCOVERY_MODES = ["static", "kubernetes", "consul"] as const;
export type DiscoveryMode = (typeof DISCOVERY_MODES)[number];

/** The Consul agent's HTTP API when CONSUL_URL is unset. */
export const CONSUL_DEFAULT_URL = "http://127.0.0.1:8500";
/** How long Consul's answer for one peer (its healthy instances) is reused before Consul is asked again. */
export const CONSUL_CACHE_TTL_MS = 2_000;
/** Peers whose instances are cached at once; past it the entry fetched longest ago is dropped. */
export const CONSUL_CACHE_MAX_ENTRIES = 256;
/** Instances of one peer kept from one answer (in order of their Consul service ids). */
export const CONSUL_MAX_INSTANCES = 1_024;
/** How long one request to the Consul agent may take. */
export const CONSUL_REQUEST_TIMEOUT_MS = 1_000;
/** The wait between registration attempts while the agent does not take it. */
export const CONSUL_REGISTER_RETRY_MS = 2_000;
/** The HTTP check Consul runs against every registered process's /healthz. */
export const CONSUL_CHECK = { interval: "5s", timeout: "2s", deregisterCriticalServiceAfter: "1m" } as const;
/** Where a pod finds its own namespace when K8S_NAMESPACE is unset. */
export const K8S_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

/** How a process finds its peers (DISCOVERY) and makes itself findable. */
export interface Discovery {
  readonly mode: DiscoveryMode;
  /**
   * The base URL of one instance of a peer, chosen on every call (so new instances are seen);
   * defaultPort is the peer's fixed port. Consul: a DependencyError (503) when none is healthy.
   */
  getPeerUrl(peerId: string, defaultPort: number): Promise<string>;
  /**
   * Makes this process findable: Consul registers it with an HTTP check on /healthz (a failed
   * attempt is retried in the background every CONSUL_REGISTER_RETRY_MS); nothing otherwise.
   * Resolves after the first attempt.
   */
  register(self: { readonly id: string; readonly port: number }): Promise<void>;
  /** Deregisters from Consul and stops retrying; call first on graceful shutdown. */
  close(): Promise<void>;
}

/** Test seams and limits of createDiscovery; the defaults are the constants above. */
export interface DiscoveryOptions {
  readonly now?: () => number;
  readonly cacheTtlMs?: number;
  readonly maxCacheEntries?: number;
  readonly registerRetryMs?: number;
  readonly namespaceFile?: string;
}

/** DISCOVERY of these settings: static when unset; anything else not in DISCOVERY_MODES is an error. */
export function getDiscoveryMode(settings: Settings): DiscoveryMode {
  const mode = settings.DISCOVERY ?? "static";
  if (!(DISCOVERY_MODES as readonly string[]).includes(mode))
    throw new Error("DISCOVERY must be one of " + DISCOVERY_MODES.join(", ") + "; got " + JSON.stringify(mode));
  return mode as DiscoveryMode;
}

/** The settings key of a peer's static URL: inventory-db → INVENTORY_DB_URL. */
export function getPeerUrlKey(peerId: string): string {
  return peerId.toUpperCase().replace(/[-.]/g, "_") + "_URL";
}

/** Static discovery: <ID>_URL (id upper-cased, '-' as '_') when set, else http://127.0.0.1:<its fixed port>. */
export function getStaticPeerUrl(settings: Settings, peerId: string, defaultPort: number): string {
  return settings[getPeerUrlKey(peerId)] ?? "http://127.0.0.1:" + defaultPort;
}

/**
 * Kubernetes DNS: the peer's Service (named as the component, on its fixed port), by its full name
 * in the namespace when one is known, else by its short name (the pod's own namespace).
 */
export function getKubernetesPeerUrl(peerId: string, defaultPort: number, namespace?: string): string {
  const host = namespace ? peerId + "." + namespace + ".svc.cluster.local" : peerId;
  return "http://" + host + ":" + defaultPort;
}

/**
 * The discovery DISCOVERY names: static (<ID>_URL, else 127.0.0.1 and the fixed port), kubernetes
 * (Service DNS names; K8S_NAMESPACE, else the pod's namespace file) or consul (CONSUL_URL).
 */
export function createDiscovery(settings: Settings, log?: Logger, options: DiscoveryOptions = {}): Discovery {
  const mode = getDiscoveryMode(settings);
  if (mode === "consul") return new ConsulDiscovery(settings, log, options);
  const namespace =
    mode === "kubernetes" ? (settings.K8S_NAMESPACE ?? readNamespace(options.namespaceFile ?? K8S_NAMESPACE_FILE)) : undefined;
  return {
    mode,
    getPeerUrl: async (peerId, defaultPort) =>
      mode === "kubernetes"
        ? getKubernetesPeerUrl(peerId, defaultPort, namespace)
        : getStaticPeerUrl(settings, peerId, defaultPort),
    register: async () => undefined,
    close: async () => undefined,
  };
}

function readNamespace(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The address peers and Consul's check reach this process at: SERVICE_ADDRESS, else HOST unless it
 * listens on every interface (then the host name, as containers know each other), else 127.0.0.1.
 */
export function getServiceAddress(settings: Settings): string {
  if (settings.SERVICE_ADDRESS) return settings.SERVICE_ADDRESS;
  const host = settings.HOST;
  if (host === "0.0.0.0" || host === "::") return hostname();
  return host ?? "127.0.0.1";
}

function toUrl(address: string, port: number): string {
  return "http://" + (address.includes(":") ? "[" + address + "]" : address) + ":" + port;
}

/** One entry of Consul's GET /v1/health/service/<name>. */
interface ConsulHealthEntry {
  readonly Node?: { readonly Address?: string };
  readonly Service?: { readonly ID?: string; readonly Address?: string; readonly Port?: number };
  readonly Checks?: readonly { readonly Status?: string }[];
}

interface CacheEntry {
  urls: readonly string[];
  expiresAt: number;
  /** The round robin's next index. */
  next: number;
}

class ConsulDiscovery implements Discovery {
  readonly mode = "consul" as const;
  private readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly address: string;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly retryMs: number;
  /** Peer id → its healthy instances; Map order is fetch order, so the first key is the oldest. */
  private readonly cache = new Map<string, CacheEntry>();
  /** One Consul request per peer at a time: concurrent calls on a miss share it. */
  private readonly inflight = new Map<string, Promise<CacheEntry>>();
  private registration: { readonly serviceId: string; readonly body: unknown } | undefined;
  private registered = false;
  private attempt: Promise<void> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    settings: Settings,
    private readonly log: Logger | undefined,
    options: DiscoveryOptions,
  ) {
    this.baseUrl = settings.CONSUL_URL ?? CONSUL_DEFAULT_URL;
    this.token = settings.CONSUL_HTTP_TOKEN;
    this.address = getServiceAddress(settings);
    this.now = options.now ?? Date.now;
    this.ttlMs = options.cacheTtlMs ?? CONSUL_CACHE_TTL_MS;
    this.maxEntries = options.maxCacheEntries ?? CONSUL_CACHE_MAX_ENTRIES;
    this.retryMs = options.registerRetryMs ?? CONSUL_REGISTER_RETRY_MS;
  }

  async getPeerUrl(peerId: string): Promise<string> {
    let entry = this.cache.get(peerId);
    if (entry === undefined || entry.expiresAt <= this.now()) entry = await this.refresh(peerId, entry);
    if (entry.urls.length === 0)
      throw new DependencyError(peerId, "noInstance", peerId + " is unavailable (noInstance: none healthy in Consul)");
    const url = entry.urls[entry.next % entry.urls.length]!;
    entry.next = (entry.next + 1) % entry.urls.length;
    return url;
  }

  private refresh(peerId: string, stale: CacheEntry | undefined): Promise<CacheEntry> {
    const pending = this.inflight.get(peerId);
    if (pending) return pending;
    const request = this.fetchInstances(peerId)
      .then(
        (urls) => {
          const entry: CacheEntry = { urls, expiresAt: this.now() + this.ttlMs, next: stale?.next ?? 0 };
          this.cache.delete(peerId);
          this.cache.set(peerId, entry);
          while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
          return entry;
        },
        (err: unknown) => {
          // With Consul away, routing goes on with the last known instances (asked again after the TTL).
          if (stale) {
            this.log?.warn({ peer: peerId, err: String(err) }, "Consul unavailable; using the last known instances");
            stale.expiresAt = this.now() + this.ttlMs;
            return stale;
          }
          throw new DependencyError(
            peerId,
            "registryUnavailable",
            peerId + " is unavailable (registryUnavailable: " + String(err) + ")",
          );
        },
      )
      .finally(() => this.inflight.delete(peerId));
    this.inflight.set(peerId, request);
    return request;
  }

  private async fetchInstances(peerId: string): Promise<readonly string[]> {
    const res = await this.request("GET", "/v1/health/service/" + encodeURIComponent(peerId) + "?passing=true");
    const entries = (await res.json()) as unknown;
    if (!Array.isArray(entries)) throw new Error("Consul answered no list of instances");
    const instances: { id: string; url: string }[] = [];
    for (const e of entries as ConsulHealthEntry[]) {
      const address = e.Service?.Address || e.Node?.Address;
      const port = e.Service?.Port;
      // passing=true already asks Consul for these; checked again in case a proxy or an old agent ignores it.
      const healthy = (e.Checks ?? []).every((c) => c.Status === "passing");
      if (address && typeof port === "number" && healthy)
        instances.push({ id: e.Service?.ID ?? address + ":" + port, url: toUrl(address, port) });
    }
    instances.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return instances.slice(0, CONSUL_MAX_INSTANCES).map((i) => i.url);
  }

  async register(self: { readonly id: string; readonly port: number }): Promise<void> {
    const serviceId = self.id + "-" + this.address + "-" + self.port;
    this.registration = {
      serviceId,
      body: {
        Name: self.id,
        ID: serviceId,
        Address: this.address,
        Port: self.port,
        Check: {
          HTTP: toUrl(this.address, self.port) + "/healthz",
          Interval: CONSUL_CHECK.interval,
          Timeout: CONSUL_CHECK.timeout,
          DeregisterCriticalServiceAfter: CONSUL_CHECK.deregisterCriticalServiceAfter,
        },
      },
    };
    this.attempt = this.tryRegister();
    await this.attempt;
  }

  private async tryRegister(): Promise<void> {
    const registration = this.registration;
    if (this.closed || registration === undefined) return;
    try {
      await this.request("PUT", "/v1/agent/service/register", registration.body);
      this.registered = true;
      this.log?.info({ consul: this.baseUrl, serviceId: registration.serviceId }, "registered with Consul");
    } catch (err) {
      this.log?.warn({ consul: this.baseUrl, err: String(err) }, "Consul registration failed; retrying");
      if (!this.closed)
        this.retryTimer = setTimeout(() => {
          this.attempt = this.tryRegister();
        }, this.retryMs).unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.attempt;
    if (!this.registered || this.registration === undefined) return;
    this.registered = false;
    await this.request("PUT", "/v1/agent/service/deregister/" + encodeURIComponent(this.registration.serviceId));
    this.log?.info({ serviceId: this.registration.serviceId }, "deregistered from Consul");
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.token) headers["x-consul-token"] = this.token;
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CONSUL_REQUEST_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error("Consul answered " + res.status + " to " + method + " " + path.split("?")[0]);
    return res;
  }
}
`;
