/**
 * Designs for the canvas benchmark: a client, a gateway, a broker, databases, caches and
 * services in layers that call later layers (so sync calls never cycle), with `components`
 * components and exactly `edges` canvas edges (one per kind, source and target, as
 * components/canvas/to-flow.ts draws them). No `layout` block unless asked: the canvas lays
 * the design out itself. Pure and seeded: the same options give the same text.
 *
 * Every component's first line is `label: …`; `labelLines` says on which line (1-based) each
 * one is, so the benchmark can edit a label through the YAML editor.
 */

export interface CanvasDesignOptions {
  components: number;
  edges: number;
  seed?: number;
  /** Positions on a grid for every component, as a design the user has arranged. */
  withLayout?: boolean;
}

export interface CanvasDesign {
  text: string;
  /** Component id → the 1-based line of its `label:`. */
  labelLines: Map<string, number>;
  /** Component id → its label. */
  labels: Map<string, string>;
}

/** Every this many services one gets a long label, to show how the canvas treats them. */
const LONG_LABEL_EVERY = 9;
const ROUTES = 8;
const LAYER_SIZE = 20;

export function generateCanvasDesign(options: CanvasDesignOptions): CanvasDesign {
  const n = options.components;
  let state = (options.seed ?? 1) >>> 0 || 1;
  const random = () => {
    // xorshift32: enough to scatter calls, and reproducible.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  const dbCount = Math.max(1, Math.round(n / 20));
  const cacheCount = Math.max(1, Math.round(n / 40));
  const serviceCount = n - 3 - dbCount - cacheCount;
  if (serviceCount < ROUTES + 2) throw new RangeError(`too few components (${n}) for a benchmark design`);
  const pad = (i: number) => String(i).padStart(4, "0");
  const services = Array.from({ length: serviceCount }, (_, i) => `s${pad(i)}`);
  const dbs = Array.from({ length: dbCount }, (_, i) => `db-${pad(i)}`);
  const caches = Array.from({ length: cacheCount }, (_, i) => `cache-${pad(i)}`);
  const layerOf = (i: number) => Math.floor(i / LAYER_SIZE);

  type Steps = string[];
  const steps = new Map<string, Steps>(services.map((s) => [s, []]));
  const subscribes = new Map<string, string[]>(services.map((s) => [s, []]));
  const pairs = new Set<string>();
  const add = (kind: string, from: string, to: string) => pairs.add(`${kind}:${from}->${to}`);
  add("request", "web", "gateway");
  for (let r = 0; r < ROUTES; r++) add("route", "gateway", services[r]!);

  // Data and messaging first, then calls until the edge count is reached.
  const topics: string[] = [];
  services.forEach((s, i) => {
    if (i % 2 === 0) {
      const db = dbs[i % dbCount]!;
      steps.get(s)!.push(`query: ${db}`);
      add("query", s, db);
    }
    if (i % 8 === 3) {
      const cache = caches[i % cacheCount]!;
      steps.get(s)!.push(`cache: ${cache}`);
      add("cache", s, cache);
    }
    if (i % 10 === 0 && i + LAYER_SIZE < serviceCount) {
      const topic = `t${pad(i)}.done`;
      topics.push(topic);
      steps.get(s)!.push(`publish: ${topic}`);
      add("publish", s, "events");
    }
  });
  topics.forEach((topic, k) => {
    const from = Number(topic.slice(1, 5));
    const to = Math.min(serviceCount - 1, from + LAYER_SIZE + ((k * 7) % LAYER_SIZE));
    subscribes.get(services[to]!)!.push(topic);
    add("subscribe", "events", services[to]!);
  });
  const lastLayer = layerOf(serviceCount - 1);
  for (let guard = 0; pairs.size < options.edges && guard < options.edges * 50; guard++) {
    const i = Math.floor(random() * serviceCount);
    if (layerOf(i) >= lastLayer) continue;
    const firstLater = (layerOf(i) + 1) * LAYER_SIZE;
    // Mostly the next layer or two, now and then far away: long edges cross the canvas.
    const span = random() < 0.85 ? LAYER_SIZE * 2 : serviceCount - firstLater;
    const j = Math.min(serviceCount - 1, firstLater + Math.floor(random() * span));
    const key = `call:${services[i]}->${services[j]}`;
    if (pairs.has(key)) continue;
    steps.get(services[i]!)!.push(`call: ${services[j]}.run`);
    pairs.add(key);
  }
  if (pairs.size !== options.edges) throw new RangeError(`made ${pairs.size} edges, not ${options.edges}`);

  const lines = ["archsim: 1", `name: Canvas bench ${n} components`, "components:"];
  const labelLines = new Map<string, number>();
  const labels = new Map<string, string>();
  const component = (id: string, label: string, body: string[]) => {
    lines.push(`  ${id}:`);
    labelLines.set(id, lines.length + 1);
    labels.set(id, label);
    lines.push(`    label: ${label}`, ...body.map((l) => `    ${l}`));
  };
  component("web", "Web shoppers", ["kind: client"]);
  component("gateway", "Edge gateway", [
    "kind: gateway",
    "routes:",
    ...services.slice(0, ROUTES).map((s) => `  GET /${s}: ${s}.run`),
  ]);
  component("events", "Event bus", ["kind: broker"]);
  dbs.forEach((db, i) => component(db, `Database ${i}`, ["kind: database", "pool: 20"]));
  caches.forEach((c, i) => component(c, `Cache ${i}`, ["kind: cache", "hitRatio: 0.8"]));
  services.forEach((s, i) => {
    const label =
      i % LONG_LABEL_EVERY === 4 ? `Order fulfilment and reconciliation service number ${i}` : `Service ${i}`;
    const body = ["kind: service", "operations:", "  run:", `    http: GET /${s}`, "    work: 2ms"];
    const own = steps.get(s)!;
    if (own.length) body.push("    steps:", ...own.map((step) => `      - ${step}`));
    const subs = subscribes.get(s)!;
    if (subs.length) body.push("subscribes:", ...subs.map((t) => `  ${t}: run`));
    component(s, label, body);
  });
  const weight = 1 / ROUTES;
  lines.push(
    "workloads:",
    "  traffic:",
    "    source: web",
    "    entry: gateway",
    "    rate: 100",
    `    mix: { ${services
      .slice(0, ROUTES)
      .map((s) => `GET /${s}: ${weight}`)
      .join(", ")} }`,
    "scenarios:",
    "  load:",
    "    workload: traffic",
    "    duration: 10s",
  );
  if (options.withLayout) {
    lines.push("layout:");
    const ids = ["web", "gateway", "events", ...dbs, ...caches, ...services];
    const columns = Math.ceil(Math.sqrt(ids.length * 2));
    ids.forEach((id, k) => lines.push(`  ${id}: { x: ${(k % columns) * 320}, y: ${Math.floor(k / columns) * 180} }`));
  }
  return { text: `${lines.join("\n")}\n`, labelLines, labels };
}
