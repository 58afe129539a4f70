/**
 * The ids a field refers to, which a JSON Schema cannot say: a `query` step names a database,
 * `dependsOn` names components, a scenario's `workload` names a workload. Read from the
 * document as it is being typed, so a component added a moment ago is offered at once.
 */
import type { AssistItem, YamlPath } from "./assist-types";

interface ComponentEntry {
  id: string;
  kind: string;
  tech?: string;
  label?: string;
  operations: string[];
}

interface DesignIndex {
  components: ComponentEntry[];
  workloads: string[];
  topics: string[];
  layout: string[];
}

/** Kinds `dependsOn` may name (docs/design-format.md, service). */
const DEPENDABLE = new Set(["config", "registry", "database", "broker", "service"]);

/**
 * The references offered at `path`: for a value, the value's own path; for a key, the path of
 * the mapping it goes in.
 */
export function getReferences(root: unknown, path: YamlPath, role: "key" | "value"): AssistItem[] {
  const design = indexDesign(root);
  const at = (pattern: string) => matches(path, pattern.split("/"));
  const self = path[0] === "components" && typeof path[1] === "string" ? path[1] : undefined;
  const ofKind = (...kinds: string[]) => design.components.filter((c) => kinds.includes(c.kind));
  const last = path[path.length - 1];

  if (role === "key") {
    if (path.length === 1 && path[0] === "layout")
      return design.components.filter((c) => !design.layout.includes(c.id)).map(componentItem);
    return [];
  }
  if (at("components/*/dependsOn/#"))
    return design.components.filter((c) => c.id !== self && DEPENDABLE.has(c.kind)).map(componentItem);
  if (at("components/*/operations/*/steps/**")) {
    if (last === "query") return ofKind("database").map(componentItem);
    if (last === "cache") return ofKind("cache").map(componentItem);
    if (last === "call") return targets(design);
    if (last === "publish") return design.topics.map((t) => item(t, "topic"));
    return [];
  }
  if (at("components/*/routes/*")) return targets(design);
  if (at("components/*/subscribes/*"))
    return (design.components.find((c) => c.id === self)?.operations ?? []).map((o) => item(o, `operation of ${self}`));
  if (at("workloads/*/source")) return ofKind("client").map(componentItem);
  if (at("workloads/*/entry")) return [...ofKind("gateway").map(componentItem), ...targets(design)];
  if (at("scenarios/*/workload")) return design.workloads.map((w) => item(w, "workload"));
  if (at("scenarios/*/faults/#/target")) return design.components.filter((c) => c.kind !== "client").map(componentItem);
  if (at("scenarios/*/faults/#/between/#")) return design.components.map(componentItem);
  return [];
}

function indexDesign(root: unknown): DesignIndex {
  const r = record(root);
  const components = Object.entries(record(r.components)).map(([id, value]): ComponentEntry => {
    const c = record(value);
    return {
      id,
      kind: typeof c.kind === "string" ? c.kind : "",
      tech: typeof c.tech === "string" ? c.tech : undefined,
      label: typeof c.label === "string" ? c.label : undefined,
      operations: Object.keys(record(c.operations)),
    };
  });
  const topics = new Set<string>();
  for (const value of Object.values(record(r.components))) {
    for (const t of Object.keys(record(record(value).subscribes))) topics.add(t);
    for (const op of Object.values(record(record(value).operations))) collectPublishes(record(op).steps, topics);
  }
  return {
    components: components.filter((c) => c.id !== "" && !c.id.startsWith("__")),
    workloads: Object.keys(record(r.workloads)).filter((w) => !w.startsWith("__")),
    topics: [...topics].filter((t) => !t.startsWith("__")).sort(),
    layout: Object.keys(record(r.layout)),
  };
}

function collectPublishes(steps: unknown, into: Set<string>): void {
  if (!Array.isArray(steps)) return;
  for (const step of steps) {
    const s = record(step);
    if (typeof s.publish === "string") into.add(s.publish);
    collectPublishes(s.miss, into);
    collectPublishes(s.parallel, into);
    if (Array.isArray(s.branch)) for (const b of s.branch) collectPublishes(record(b).steps, into);
  }
}

/** `<service>.<operation>` for every operation of every service. */
function targets(design: DesignIndex): AssistItem[] {
  return design.components
    .filter((c) => c.kind === "service")
    .flatMap((c) => c.operations.map((o) => item(`${c.id}.${o}`, `operation of service ${c.id}`)));
}

function componentItem(c: ComponentEntry): AssistItem {
  return item(c.id, [c.kind, c.tech].filter(Boolean).join(" · "), c.label);
}

function item(label: string, detail: string, documentation?: string): AssistItem {
  return { label, kind: "reference", insertText: label, detail, documentation };
}

/** `*` is any key, `#` any index, `**` any run of segments (at least one). */
function matches(path: YamlPath, pattern: string[]): boolean {
  if (pattern.length === 0) return path.length === 0;
  const [head, ...rest] = pattern;
  if (head === "**") return path.length > 0 && (matches(path.slice(1), rest) || matches(path.slice(1), pattern));
  if (path.length === 0) return false;
  const segment = path[0];
  const ok = head === "*" ? typeof segment === "string" : head === "#" ? typeof segment === "number" : segment === head;
  return ok && matches(path.slice(1), rest);
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
