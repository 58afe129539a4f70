/**
 * Edits of a design as pure commands over its YAML text: what the canvas and the inspector
 * do (add, remove, rename, connect, disconnect, move, set a field) becomes one function from
 * text to text. The edit goes through the YAML document, so the user's comments, key order
 * and formatting elsewhere survive; every reference to a renamed or removed component is
 * followed. The result may still be an invalid design (say, a call to an operation the user
 * has yet to write): the model's checks report it, as for a hand edit.
 */
import {
  Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  visit,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import type { PathSegment } from "./diagnostics";
import { diffLineArrays } from "./line-diff";
import { editDesignText } from "./print";
import { COMPONENT_KINDS, RESERVED_NAMES, type ComponentKind } from "./schema";

/** The edge kinds of the canvas: which design construct joins two components. */
export type ConnectionKind = "request" | "route" | "call" | "query" | "cache" | "publish" | "subscribe" | "depends";

export type DesignChange =
  | { type: "addComponent"; kind: ComponentKind; id?: string; at?: { x: number; y: number } }
  | { type: "removeComponents"; ids: readonly string[] }
  | { type: "renameComponent"; from: string; to: string }
  | {
      type: "connect";
      source: string;
      target: string;
      /** The source service's operation that gets the step (default: its first). */
      operation?: string;
      /** The callee's operation (default: its first; created when it does not exist). */
      targetOperation?: string;
      /** The topic of a publish or subscription. */
      topic?: string;
      /** A gateway route, such as `POST /orders` (default: the operation's `http`, else `POST /<service>`). */
      route?: string;
    }
  | { type: "disconnect"; kind: ConnectionKind; source: string; target: string }
  | { type: "moveComponents"; positions: Readonly<Record<string, { x: number; y: number }>> }
  | { type: "set"; path: readonly PathSegment[]; value: unknown; label?: string }
  | { type: "delete"; path: readonly PathSegment[]; label?: string }
  /** Inserts into the list at `path` (made when absent) before `index` (default: at the end). */
  | { type: "insertItem"; path: readonly PathSegment[]; value: unknown; index?: number; label?: string }
  /** Moves the item at `from` of the list at `path` so that it ends up at `to`. */
  | { type: "moveItem"; path: readonly PathSegment[]; from: number; to: number; label?: string }
  /** Adds `key: value` to the mapping at `path` (made when absent); refused when the key exists. */
  | { type: "addEntry"; path: readonly PathSegment[]; key: string; value: unknown; label?: string };

/** What a command did, besides the new text: for the status line and the undo label. */
export interface DesignChangeResult {
  text: string;
  /**
   * One line for the user, such as `Connected order → inventory (call inventory.reserve)`; the
   * change's own `label` when it has one.
   */
  summary: string;
  /** The component a command created or renamed to, for the canvas to select. */
  select?: string;
}

/** A command that cannot apply to this design; the message says why, for the user. */
export class DesignChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DesignChangeError";
  }
}

const COMPONENT_ID_RE = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const OPERATION_ID_RE = /^[a-z][a-zA-Z0-9]{0,62}$/;
const TOPIC_RE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;
const ROUTE_RE = /^(GET|POST|PUT|PATCH|DELETE) \/[A-Za-z0-9._~{}/-]*$/;
/** The model bounds what aliases expand to when it parses; comparing texts must not refuse what it took. */
const UNLIMITED_ALIASES = { maxAliasCount: -1 };
/** The operation a new service starts with. */
export const NEW_OPERATION = "handle";

/**
 * Applies one command to a design's text.
 * @example applyDesignChange(text, { type: "connect", source: "order", target: "inventory" }).text
 */
export function applyDesignChange(text: string, change: DesignChange): DesignChangeResult {
  const doc = parseDocument(text);
  if (doc.errors.length)
    throw new DesignChangeError(`the YAML must be fixed first: ${doc.errors[0]!.message.split("\n")[0]}`);
  if (!isMap(doc.contents)) throw new DesignChangeError("the design must be a mapping at the top level");
  if (change.type === "set" || change.type === "delete") {
    if (change.type === "set" && change.value === undefined)
      throw new DesignChangeError("set needs a value; use delete to remove a field");
    const summary = change.label ?? describeFieldChange(change);
    const node = doc.getIn(change.path, true);
    // A field that is a scalar or a flow collection is spliced in place: nothing else moves.
    if (change.type === "set" && (isScalar(node) || isFlowish(node)))
      return {
        text: keepUserLayout(text, editDesignText(text, [{ path: change.path, value: change.value }])),
        summary,
      };
    if (change.type === "set") doc.setIn(change.path, createValueNode(doc, change.value, node));
    else doc.deleteIn(change.path);
    return { text: keepUserLayout(text, doc.toString({ lineWidth: 0 })), summary };
  }
  const result = apply(doc, change);
  return {
    ...result,
    summary: ("label" in change && change.label) || result.summary,
    text: keepUserLayout(text, doc.toString({ lineWidth: 0 })),
  };
}

/** A new value's node: collections keep the style of what they replace; a new short one is written in flow style (`{ exp: 3ms }`). */
function createValueNode(doc: Document.Parsed, value: unknown, replaced: unknown) {
  const flow = replaced === undefined || replaced === null ? isShortFlow(value) : isFlowish(replaced);
  return doc.createNode(value, { flow });
}

/** Whether a collection fits on one short line in flow style, as the format writes distributions and retries. */
function isShortFlow(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  return new Document(value, { flow: true }).toString({ lineWidth: 0 }).trim().length <= 60;
}

function isFlowish(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && node.flow === true;
}

/**
 * The document printer re-spaces flow collections (`[a]` → `[ a ]`) and the gap before a
 * comment. Lines that differ from the user's only so are put back as the user wrote them: the
 * unchanged prefix and suffix of the text, and, when the lines in between are as many as
 * before, each of those too. The result must read back as the printed document, or the
 * printed text is used as it is.
 */
export function keepUserLayout(before: string, printed: string): string {
  const norm = (l: string) =>
    l
      .replace(/([[{])\s+/g, "$1")
      .replace(/\s+([\]},])/g, "$1")
      .replace(/\s+#/g, " #")
      .trimEnd();
  const diff = diffLineArrays(before.split("\n"), restoreBlockScalars(before, printed).split("\n"), norm);
  // A line the command moved (a reordered step) is the user's line too: the printer's copy of
  // it differs only in spacing.
  const moved = new Map<string, string[]>();
  for (const l of diff) if (l.kind === "removed") moved.set(norm(l.text), [...(moved.get(norm(l.text)) ?? []), l.text]);
  const lines = diff
    .filter((l) => l.kind !== "removed")
    .map((l) => (l.kind === "added" ? (moved.get(norm(l.text))?.shift() ?? l.text) : l.text));
  const out = lines.join("\n");
  if (out === printed) return out;
  const check = parseDocument(out);
  const same =
    check.errors.length === 0 &&
    JSON.stringify(check.toJS(UNLIMITED_ALIASES)) === JSON.stringify(parseDocument(printed).toJS(UNLIMITED_ALIASES));
  return same ? out : printed;
}

/**
 * The printer re-folds block scalars (`description: >` over several lines) to its own width.
 * Each block scalar whose value the command left as it was gets the user's source back.
 */
function restoreBlockScalars(before: string, printed: string): string {
  const oldDoc = parseDocument(before);
  const newDoc = parseDocument(printed);
  const splices: { start: number; end: number; text: string }[] = [];
  visit(newDoc, {
    Scalar(key, node, path) {
      if (node.type !== Scalar.BLOCK_FOLDED && node.type !== Scalar.BLOCK_LITERAL) return;
      const keys: unknown[] = [];
      for (let i = 1; i < path.length; i++) {
        const step = path[i];
        if (isPair(step)) keys.push(isScalar(step.key) ? step.key.value : step.key);
        else if (isSeq(path[i - 1]) && step !== undefined) keys.push((path[i - 1] as YAMLSeq).items.indexOf(step));
      }
      if (typeof key === "number") keys.push(key);
      const old = oldDoc.getIn(keys, true);
      if (!isScalar(old) || old.value !== node.value || !old.range || !node.range) return;
      if (old.type !== Scalar.BLOCK_FOLDED && old.type !== Scalar.BLOCK_LITERAL) return;
      splices.push({ start: node.range[0], end: node.range[1], text: before.slice(old.range[0], old.range[1]) });
    },
  });
  let out = printed;
  for (const s of splices.sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

function apply(doc: Document.Parsed, change: DesignChange): Omit<DesignChangeResult, "text"> {
  switch (change.type) {
    case "addComponent":
      return addComponent(doc, change.kind, change.id, change.at);
    case "removeComponents":
      return removeComponents(doc, change.ids);
    case "renameComponent":
      return renameComponent(doc, change.from, change.to);
    case "connect":
      return connect(doc, change);
    case "disconnect":
      return disconnect(doc, change.kind, change.source, change.target);
    case "moveComponents": {
      const ids = Object.keys(change.positions);
      for (const id of ids) {
        const p = change.positions[id]!;
        if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new DesignChangeError(`a position must be finite`);
        setPosition(doc, id, p.x, p.y);
      }
      return { summary: ids.length === 1 ? `Moved ${ids[0]}` : `Moved ${ids.length} components` };
    }
    case "insertItem":
      return insertItem(doc, change.path, change.value, change.index);
    case "moveItem":
      return moveItem(doc, change.path, change.from, change.to);
    case "addEntry":
      return addEntry(doc, change.path, change.key, change.value);
    case "set":
    case "delete":
      throw new Error("set and delete are applied to the text directly");
  }
}

// ---------------------------------------------------------------- lists and mappings

function insertItem(
  doc: Document.Parsed,
  path: readonly PathSegment[],
  value: unknown,
  index: number | undefined,
): Omit<DesignChangeResult, "text"> {
  if (value === undefined) throw new DesignChangeError("insertItem needs a value");
  const seq = doc.getIn(path, true);
  if (seq === undefined || seq === null) {
    if (index !== undefined && index !== 0) throw new DesignChangeError(`${formatPath(path)} has no item ${index}`);
    doc.setIn(path, doc.createNode([value], { flow: false }));
    return { summary: `Added ${formatPath([...path, 0])}` };
  }
  if (!isSeq(seq)) throw new DesignChangeError(`${formatPath(path)} is not a list`);
  const at = index ?? seq.items.length;
  if (!Number.isInteger(at) || at < 0 || at > seq.items.length)
    throw new DesignChangeError(`${formatPath(path)} has no place ${at} (it has ${seq.items.length} items)`);
  // A new item looks like its neighbours: `- { at: 60s, … }` among flow items, a block mapping among block ones.
  const neighbour = seq.items[at - 1] ?? seq.items[at];
  const flow = neighbour === undefined ? false : isFlowish(neighbour);
  seq.items.splice(at, 0, doc.createNode(value, { flow }));
  return { summary: `Added ${formatPath([...path, at])}` };
}

function moveItem(
  doc: Document.Parsed,
  path: readonly PathSegment[],
  from: number,
  to: number,
): Omit<DesignChangeResult, "text"> {
  const seq = doc.getIn(path, true);
  if (!isSeq(seq)) throw new DesignChangeError(`${formatPath(path)} is not a list`);
  const n = seq.items.length;
  for (const i of [from, to])
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new DesignChangeError(`${formatPath(path)} has no item ${i} (it has ${n} items)`);
  const [item] = seq.items.splice(from, 1);
  seq.items.splice(to, 0, item);
  return { summary: `Moved ${formatPath([...path, from])} to ${to + 1}` };
}

function addEntry(
  doc: Document.Parsed,
  path: readonly PathSegment[],
  key: string,
  value: unknown,
): Omit<DesignChangeResult, "text"> {
  if (key.trim() === "") throw new DesignChangeError("a new entry needs a name");
  if (value === undefined) throw new DesignChangeError("addEntry needs a value");
  const map = doc.getIn(path, true);
  if (map !== undefined && map !== null && !isMap(map))
    throw new DesignChangeError(`${formatPath(path)} is not a mapping`);
  if (isMap(map) && map.has(key)) throw new DesignChangeError(`"${key}" already exists in ${formatPath(path)}`);
  if (!isMap(map)) doc.setIn(path, doc.createNode({}));
  else if (map.flow && map.items.length === 0) map.flow = false;
  doc.setIn([...path, key], createValueNode(doc, value, undefined));
  return { summary: `Added ${formatPath([...path, key])}` };
}

function describeFieldChange(change: { type: "set" | "delete"; path: readonly PathSegment[] }): string {
  return `${change.type === "set" ? "Set" : "Removed"} ${formatPath(change.path)}`;
}

// ---------------------------------------------------------------- components

function addComponent(
  doc: Document.Parsed,
  kind: ComponentKind,
  wanted: string | undefined,
  at: { x: number; y: number } | undefined,
): Omit<DesignChangeResult, "text"> {
  if (!COMPONENT_KINDS.includes(kind)) throw new DesignChangeError(`unknown component kind ${JSON.stringify(kind)}`);
  const taken = new Set(componentIds(doc));
  let id = wanted;
  if (id !== undefined) {
    checkComponentId(id);
    if (taken.has(id)) throw new DesignChangeError(`a component named "${id}" already exists`);
  } else id = freeId(kind, taken);
  const body: Record<string, unknown> = { kind };
  if (kind === "gateway") body.routes = {};
  if (kind === "service") body.operations = { [NEW_OPERATION]: { work: "1ms" } };
  ensureMap(doc, ["components"]);
  doc.setIn(["components", id], doc.createNode(body));
  if (at) setPosition(doc, id, at.x, at.y);
  return { summary: `Added ${id} (${kind})`, select: id };
}

/** The first of `kind`, `kind-2`, `kind-3`, … that no component has (`api-gateway` for a gateway). */
function freeId(kind: ComponentKind, taken: ReadonlySet<string>): string {
  const base = kind === "observability" ? "telemetry" : kind;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function removeComponents(doc: Document.Parsed, ids: readonly string[]): Omit<DesignChangeResult, "text"> {
  const gone = new Set(ids);
  for (const id of ids) if (!hasComponent(doc, id)) throw new DesignChangeError(`there is no component "${id}"`);
  let references = 0;
  // Steps that name a removed component go; a removed cache's miss steps, which do not name
  // it, take its place (they are what ran without the cache).
  forEachStepList(doc, (steps) => {
    const kept: unknown[] = [];
    for (const step of steps.items) {
      const target = stepTarget(step);
      if (target === undefined || !gone.has(target.component)) {
        kept.push(step);
        continue;
      }
      references++;
      const miss = isMap(step) && step.has("cache") ? step.get("miss", true) : undefined;
      if (isSeq(miss)) kept.push(...miss.items);
    }
    steps.items = kept;
  });
  forEachComponent(doc, (id, comp) => {
    const routes = comp.get("routes", true);
    if (isMap(routes)) {
      const dropped = new Set<string>();
      references += removeItems(routes, (pair) => {
        const match = gone.has(componentOf(scalarValue(pair.value)) ?? "");
        if (match) dropped.add(String(scalarValue(pair.key)));
        return match;
      });
      removeFromMixes(doc, id, dropped);
    }
    const deps = comp.get("dependsOn", true);
    if (isSeq(deps)) references += removeItems(deps, (item) => gone.has(String(scalarValue(item))));
  });
  // Workloads that enter a removed component go, with the scenarios that run them.
  const removedWorkloads = new Set<string>();
  const workloads = doc.get("workloads", true);
  if (isMap(workloads)) {
    removeItems(workloads, (pair) => {
      const w = pair.value;
      if (!isMap(w)) return false;
      const entry = scalarValue(w.get("entry", true));
      if (typeof entry === "string" && gone.has(componentOf(entry) ?? entry)) {
        removedWorkloads.add(String(scalarValue(pair.key)));
        return true;
      }
      if (gone.has(String(scalarValue(w.get("source", true))))) w.delete("source");
      return false;
    });
  }
  let removedScenarios = 0;
  const scenarios = doc.get("scenarios", true);
  if (isMap(scenarios)) {
    removedScenarios = removeItems(scenarios, (pair) =>
      removedWorkloads.has(String(isMap(pair.value) ? scalarValue(pair.value.get("workload", true)) : "")),
    );
    for (const pair of scenarios.items) {
      const faults = isMap(pair.value) ? pair.value.get("faults", true) : undefined;
      if (!isSeq(faults)) continue;
      references += removeItems(faults, (f) => {
        if (!isMap(f)) return false;
        if (gone.has(String(scalarValue(f.get("target", true))))) return true;
        const between = f.get("between", true);
        return isSeq(between) && between.items.some((b) => gone.has(String(scalarValue(b))));
      });
    }
  }
  for (const id of ids) {
    doc.deleteIn(["components", id]);
    if (isMap(doc.get("layout", true))) doc.deleteIn(["layout", id]);
  }
  const parts = [ids.length === 1 ? `Removed ${ids[0]}` : `Removed ${ids.length} components`];
  if (references) parts.push(`${references} reference${references === 1 ? "" : "s"}`);
  if (removedWorkloads.size) parts.push(`${removedWorkloads.size} workload${removedWorkloads.size === 1 ? "" : "s"}`);
  if (removedScenarios) parts.push(`${removedScenarios} scenario${removedScenarios === 1 ? "" : "s"}`);
  return { summary: parts.length === 1 ? parts[0]! : `${parts[0]} with ${parts.slice(1).join(", ")}` };
}

function renameComponent(doc: Document.Parsed, from: string, to: string): Omit<DesignChangeResult, "text"> {
  if (!hasComponent(doc, from)) throw new DesignChangeError(`there is no component "${from}"`);
  checkComponentId(to);
  if (from === to) return { summary: `Renamed ${from}`, select: to };
  if (hasComponent(doc, to)) throw new DesignChangeError(`a component named "${to}" already exists`);
  renameKey(doc.getIn(["components"], true), from, to);
  renameKey(doc.getIn(["layout"], true), from, to);
  const swap = (v: unknown): string | undefined => {
    if (typeof v !== "string") return undefined;
    if (v === from) return to;
    return v.startsWith(`${from}.`) ? `${to}${v.slice(from.length)}` : undefined;
  };
  const replaceScalar = (node: unknown): void => {
    if (!isScalar(node)) return;
    const next = swap(node.value);
    if (next !== undefined) node.value = next;
  };
  forEachStepList(doc, (steps) => {
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      for (const key of ["call", "query", "cache"]) replaceScalar(step.get(key, true));
    }
  });
  forEachComponent(doc, (_id, comp) => {
    const routes = comp.get("routes", true);
    if (isMap(routes)) for (const pair of routes.items) replaceScalar(pair.value);
    const deps = comp.get("dependsOn", true);
    if (isSeq(deps)) for (const item of deps.items) replaceScalar(item);
  });
  const workloads = doc.get("workloads", true);
  if (isMap(workloads))
    for (const pair of workloads.items) {
      if (!isMap(pair.value)) continue;
      replaceScalar(pair.value.get("entry", true));
      replaceScalar(pair.value.get("source", true));
    }
  const scenarios = doc.get("scenarios", true);
  if (isMap(scenarios))
    for (const pair of scenarios.items) {
      const faults = isMap(pair.value) ? pair.value.get("faults", true) : undefined;
      if (!isSeq(faults)) continue;
      for (const f of faults.items) {
        if (!isMap(f)) continue;
        replaceScalar(f.get("target", true));
        const between = f.get("between", true);
        if (isSeq(between)) for (const b of between.items) replaceScalar(b);
      }
    }
  return { summary: `Renamed ${from} to ${to}`, select: to };
}

// ---------------------------------------------------------------- connections

type Connect = Extract<DesignChange, { type: "connect" }>;

function connect(doc: Document.Parsed, c: Connect): Omit<DesignChangeResult, "text"> {
  const sourceKind = kindOf(doc, c.source);
  const targetKind = kindOf(doc, c.target);
  if (c.source === c.target) throw new DesignChangeError(`a component cannot connect to itself`);
  const arrow = `${c.source} → ${c.target}`;
  if (sourceKind === "service") {
    switch (targetKind) {
      case "service": {
        const op = ensureOperation(doc, c.target, c.targetOperation);
        const from = pickOperation(doc, c.source, c.operation);
        appendStep(doc, c.source, from, { call: `${c.target}.${op}` });
        return { summary: `Connected ${arrow} (call ${c.target}.${op})`, select: c.target };
      }
      case "database":
      case "cache": {
        const from = pickOperation(doc, c.source, c.operation);
        const key = targetKind === "database" ? "query" : "cache";
        appendStep(doc, c.source, from, { [key]: c.target });
        return { summary: `Connected ${arrow} (${key} ${c.target})` };
      }
      case "broker": {
        const topic = c.topic ?? `${c.source}.updated`;
        checkTopic(topic);
        const from = pickOperation(doc, c.source, c.operation);
        appendStep(doc, c.source, from, { publish: topic });
        return { summary: `Connected ${arrow} (publish ${topic})` };
      }
      case "registry":
      case "config":
        return addDependency(doc, c.source, c.target, arrow);
    }
  }
  if (sourceKind === "broker" && targetKind === "service") {
    const topic = c.topic ?? firstUnsubscribedTopic(doc, c.target);
    if (topic === undefined)
      throw new DesignChangeError(`no service publishes a topic ${c.target} does not already take: name the topic`);
    checkTopic(topic);
    const op = ensureOperation(doc, c.target, c.targetOperation);
    ensureMap(doc, ["components", c.target, "subscribes"]);
    doc.setIn(["components", c.target, "subscribes", topic], op);
    return { summary: `Connected ${arrow} (${c.target} takes ${topic} with ${op})` };
  }
  if (sourceKind === "gateway" && targetKind === "service") {
    const op = ensureOperation(doc, c.target, c.targetOperation);
    const http = scalarValue(doc.getIn(["components", c.target, "operations", op, "http"], true));
    const route = c.route ?? (typeof http === "string" ? http : `POST /${c.target}`);
    if (!ROUTE_RE.test(route))
      throw new DesignChangeError(
        `a route is a method and a path, such as "POST /orders"; got ${JSON.stringify(route)}`,
      );
    if (doc.hasIn(["components", c.source, "routes", route]))
      throw new DesignChangeError(`${c.source} already has the route "${route}"`);
    ensureMap(doc, ["components", c.source, "routes"]);
    doc.setIn(["components", c.source, "routes", route], `${c.target}.${op}`);
    // The format asks the operation's `http` to equal its route.
    if (http === undefined) doc.setIn(["components", c.target, "operations", op, "http"], route);
    return { summary: `Connected ${arrow} (route ${route})` };
  }
  if (sourceKind === "client" && (targetKind === "gateway" || targetKind === "service"))
    return addWorkload(doc, c, targetKind, arrow);
  if (targetKind === "service" && (sourceKind === "registry" || sourceKind === "config"))
    return addDependency(doc, c.target, c.source, `${c.target} → ${c.source}`);
  const an = (k: string) => (/^[aeiou]/.test(k) ? `an ${k}` : `a ${k}`);
  throw new DesignChangeError(`${an(sourceKind)} cannot connect to ${an(targetKind)} (${arrow})`);
}

function addDependency(doc: Document.Parsed, service: string, on: string, arrow: string) {
  const path = ["components", service, "dependsOn"];
  const deps = doc.getIn(path, true);
  if (isSeq(deps) && deps.items.some((d) => scalarValue(d) === on))
    throw new DesignChangeError(`${service} already depends on ${on}`);
  if (isSeq(deps)) deps.add(doc.createNode(on));
  else doc.setIn(path, doc.createNode([on], { flow: true }));
  return { summary: `Connected ${arrow} (${service} depends on ${on})` };
}

function addWorkload(doc: Document.Parsed, c: Connect, targetKind: ComponentKind, arrow: string) {
  const workload: Record<string, unknown> = { source: c.source };
  if (targetKind === "gateway") {
    const routes = doc.getIn(["components", c.target, "routes"], true);
    const keys = isMap(routes) ? routes.items.map((p) => String(scalarValue(p.key))) : [];
    if (keys.length === 0) throw new DesignChangeError(`${c.target} has no routes yet: connect it to a service first`);
    workload.entry = c.target;
    workload.rate = 100;
    // Equal weights that sum to 1 exactly: the last route takes the rounding.
    const share = Math.floor(1e6 / keys.length) / 1e6;
    workload.mix = Object.fromEntries(
      keys.map((k, i) => [k, i === keys.length - 1 ? Number((1 - share * (keys.length - 1)).toFixed(6)) : share]),
    );
  } else {
    workload.entry = `${c.target}.${ensureOperation(doc, c.target, c.targetOperation)}`;
    workload.rate = 100;
  }
  const names = new Set(mapKeys(doc.get("workloads", true)));
  let name = c.source;
  for (let n = 2; names.has(name); n++) name = `${c.source}-${n}`;
  ensureMap(doc, ["workloads"]);
  doc.setIn(["workloads", name], doc.createNode(workload));
  return { summary: `Connected ${arrow} (workload ${name}, 100 requests/s)` };
}

function disconnect(doc: Document.Parsed, kind: ConnectionKind, source: string, target: string) {
  let removed = 0;
  const stepsOf = (service: string, match: (step: unknown) => boolean): void => {
    const ops = doc.getIn(["components", service, "operations"], true);
    if (!isMap(ops)) return;
    forEachStepListIn(ops, (steps) => (removed += removeItems(steps, match)));
  };
  const stepKey = (key: string, value: (v: string) => boolean) => (step: unknown) => {
    if (!isMap(step)) return false;
    const v = scalarValue(step.get(key, true));
    return typeof v === "string" && value(v);
  };
  switch (kind) {
    case "call":
      stepsOf(
        source,
        stepKey("call", (v) => componentOf(v) === target),
      );
      break;
    case "query":
    case "cache":
      stepsOf(
        source,
        stepKey(kind, (v) => v === target),
      );
      break;
    case "publish":
      stepsOf(
        source,
        stepKey("publish", () => true),
      );
      break;
    case "subscribe": {
      const subs = doc.getIn(["components", target, "subscribes"], true);
      if (isMap(subs)) removed += removeItems(subs, () => true);
      break;
    }
    case "route": {
      const routes = doc.getIn(["components", source, "routes"], true);
      const gone: string[] = [];
      if (isMap(routes))
        removed += removeItems(routes, (p) => {
          const match = componentOf(scalarValue(p.value)) === target;
          if (match) gone.push(String(scalarValue(p.key)));
          return match;
        });
      removeFromMixes(doc, source, new Set(gone));
      break;
    }
    case "depends": {
      for (const [svc, on] of [
        [source, target],
        [target, source],
      ] as const) {
        const deps = doc.getIn(["components", svc, "dependsOn"], true);
        if (isSeq(deps)) removed += removeItems(deps, (d) => scalarValue(d) === on);
      }
      break;
    }
    case "request": {
      const workloads = doc.get("workloads", true);
      if (isMap(workloads))
        for (const pair of workloads.items) {
          const w = pair.value;
          if (!isMap(w) || scalarValue(w.get("source", true)) !== source) continue;
          const entry = scalarValue(w.get("entry", true));
          if (typeof entry === "string" && (componentOf(entry) ?? entry) === target) {
            w.delete("source");
            removed++;
          }
        }
      break;
    }
  }
  if (removed === 0) throw new DesignChangeError(`nothing of kind ${kind} joins ${source} and ${target}`);
  return { summary: `Disconnected ${source} → ${target} (${removed} ${kind}${removed === 1 ? "" : "s"})` };
}

// ---------------------------------------------------------------- helpers over the document

/**
 * Drops removed routes from the gateway's `slos` and from the mix of every workload that enters
 * the gateway; the weights left are the user's to fix.
 */
function removeFromMixes(doc: Document.Parsed, gateway: string, routes: ReadonlySet<string>): void {
  if (routes.size === 0) return;
  const slos = doc.getIn(["components", gateway, "slos"], true);
  if (isMap(slos)) {
    removeItems(slos, (p) => routes.has(String(scalarValue(p.key))));
    if (slos.items.length === 0) doc.deleteIn(["components", gateway, "slos"]);
  }
  const workloads = doc.get("workloads", true);
  if (!isMap(workloads)) return;
  for (const pair of workloads.items) {
    const w = pair.value;
    if (!isMap(w) || scalarValue(w.get("entry", true)) !== gateway) continue;
    const mix = w.get("mix", true);
    if (isMap(mix)) removeItems(mix, (p) => routes.has(String(scalarValue(p.key))));
  }
}

function componentIds(doc: Document.Parsed): string[] {
  return mapKeys(doc.get("components", true));
}

function mapKeys(node: unknown): string[] {
  return isMap(node) ? node.items.map((p) => String(scalarValue(p.key))) : [];
}

function hasComponent(doc: Document.Parsed, id: string): boolean {
  return isMap(doc.getIn(["components", id], true));
}

function kindOf(doc: Document.Parsed, id: string): ComponentKind {
  const comp = doc.getIn(["components", id], true);
  if (!isMap(comp)) throw new DesignChangeError(`there is no component "${id}"`);
  const kind = scalarValue(comp.get("kind", true));
  if (typeof kind !== "string" || !COMPONENT_KINDS.includes(kind as ComponentKind))
    throw new DesignChangeError(`"${id}" has no valid kind yet`);
  return kind as ComponentKind;
}

function forEachComponent(doc: Document.Parsed, f: (id: string, comp: YAMLMap) => void): void {
  const comps = doc.get("components", true);
  if (!isMap(comps)) return;
  for (const pair of comps.items) if (isMap(pair.value)) f(String(scalarValue(pair.key)), pair.value);
}

/** Every list of steps in the design: operations' steps, and those nested in parallel, branch and cache misses. */
function forEachStepList(doc: Document.Parsed, f: (steps: YAMLSeq) => void): void {
  forEachComponent(doc, (_id, comp) => {
    const ops = comp.get("operations", true);
    if (isMap(ops)) forEachStepListIn(ops, f);
  });
}

function forEachStepListIn(ops: YAMLMap, f: (steps: YAMLSeq) => void): void {
  const visit = (steps: unknown): void => {
    const seq = asSeq(steps);
    if (!seq) return;
    for (const step of seq.items) {
      if (!isMap(step)) continue;
      visit(step.get("parallel", true));
      visit(step.get("miss", true));
      const branch = asSeq(step.get("branch", true));
      if (branch) for (const alt of branch.items) if (isMap(alt)) visit(alt.get("steps", true));
    }
    f(seq);
  };
  for (const pair of ops.items) if (isMap(pair.value)) visit(pair.value.get("steps", true));
}

function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

/** The component (and operation) a step names, if it is a call, query or cache step. */
function stepTarget(step: unknown): { component: string } | undefined {
  if (!isMap(step)) return undefined;
  const call = scalarValue(step.get("call", true));
  if (typeof call === "string") return { component: componentOf(call) ?? call };
  for (const key of ["query", "cache"]) {
    const v = scalarValue(step.get(key, true));
    if (typeof v === "string") return { component: v };
  }
  return undefined;
}

/** `order` of `order.create`; undefined for anything else. */
function componentOf(ref: unknown): string | undefined {
  if (typeof ref !== "string") return undefined;
  const dot = ref.indexOf(".");
  return dot > 0 ? ref.slice(0, dot) : undefined;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}

/** Removes the items of a sequence or the pairs of a mapping that match; returns how many. */
function removeItems<T>(collection: { items: T[] }, match: (item: T) => boolean): number {
  const before = collection.items.length;
  collection.items = collection.items.filter((item) => !match(item));
  return before - collection.items.length;
}

function renameKey(node: unknown, from: string, to: string): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    if (isScalar(pair.key) && pair.key.value === from) pair.key.value = to;
    else if (pair.key === from) pair.key = new Scalar(to);
  }
}

/** Makes the mapping at path exist; an empty flow `{}` there becomes a block, so entries go one per line. */
function ensureMap(doc: Document.Parsed, path: readonly string[]): void {
  const node = doc.getIn(path, true);
  if (!isMap(node)) doc.setIn(path, doc.createNode({}));
  else if (node.flow && node.items.length === 0) node.flow = false;
}

function operationIds(doc: Document.Parsed, service: string): string[] {
  return mapKeys(doc.getIn(["components", service, "operations"], true));
}

/** The named operation of a service (which must exist), or its first. */
function pickOperation(doc: Document.Parsed, service: string, wanted: string | undefined): string {
  const ops = operationIds(doc, service);
  if (wanted !== undefined) {
    if (!ops.includes(wanted)) throw new DesignChangeError(`${service} has no operation "${wanted}"`);
    return wanted;
  }
  if (ops.length === 0) throw new DesignChangeError(`${service} has no operation to add the step to`);
  return ops[0]!;
}

/** The named operation of a service, created (1 ms of work) when missing; else its first. */
function ensureOperation(doc: Document.Parsed, service: string, wanted: string | undefined): string {
  const ops = operationIds(doc, service);
  if (wanted === undefined) {
    if (ops.length > 0) return ops[0]!;
    wanted = NEW_OPERATION;
  }
  if (!OPERATION_ID_RE.test(wanted))
    throw new DesignChangeError(
      `an operation id starts with a lowercase letter, then letters and digits (such as "getById"); got ${JSON.stringify(wanted)}`,
    );
  if (!ops.includes(wanted)) {
    ensureMap(doc, ["components", service, "operations"]);
    doc.setIn(["components", service, "operations", wanted], doc.createNode({ work: "1ms" }));
  }
  return wanted;
}

function appendStep(doc: Document.Parsed, service: string, op: string, step: Record<string, unknown>): void {
  const path = ["components", service, "operations", op, "steps"];
  const steps = doc.getIn(path, true);
  const node = doc.createNode(step, { flow: true });
  if (isSeq(steps)) steps.add(node);
  else doc.setIn(path, doc.createNode([step], { flow: false }));
}

function firstUnsubscribedTopic(doc: Document.Parsed, service: string): string | undefined {
  const taken = new Set(mapKeys(doc.getIn(["components", service, "subscribes"], true)));
  let found: string | undefined;
  forEachStepList(doc, (steps) => {
    for (const step of steps.items) {
      const t = isMap(step) ? scalarValue(step.get("publish", true)) : undefined;
      if (found === undefined && typeof t === "string" && !taken.has(t)) found = t;
    }
  });
  return found;
}

function setPosition(doc: Document.Parsed, id: string, x: number, y: number): void {
  if (!hasComponent(doc, id)) throw new DesignChangeError(`there is no component "${id}"`);
  const entry = { x: Math.round(x), y: Math.round(y) };
  const existing = doc.getIn(["layout", id], true);
  if (isMap(existing)) {
    existing.set("x", entry.x);
    existing.set("y", entry.y);
    return;
  }
  ensureMap(doc, ["layout"]);
  doc.setIn(["layout", id], doc.createNode(entry, { flow: true }));
}

function checkComponentId(id: string): void {
  if (RESERVED_NAMES.has(id)) throw new DesignChangeError(`"${id}" is a reserved name and cannot be a component id`);
  if (!COMPONENT_ID_RE.test(id))
    throw new DesignChangeError(
      `a component id is lowercase letters, digits and inner hyphens, starting with a letter (such as "orders-db"); got ${JSON.stringify(id.slice(0, 80))}`,
    );
}

function checkTopic(topic: string): void {
  if (!TOPIC_RE.test(topic) || topic.length > 63)
    throw new DesignChangeError(
      `a topic is lowercase words joined by dots, such as "order.created"; got ${JSON.stringify(topic.slice(0, 80))}`,
    );
}

function formatPath(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** A form's view of one version of the text, parsed once for all its fields. */
export interface DesignFieldReader {
  /** False when the text is not valid YAML: every read is then undefined. */
  readonly ok: boolean;
  /** The field as written (see readDesignField). */
  text(path: readonly PathSegment[]): string | undefined;
  /** The field's plain value (aliases expanded), for lists and mappings a form walks; undefined when absent. */
  value(path: readonly PathSegment[]): unknown;
}

/**
 * Parses the text once and reads any number of fields from it, as a form does on each change.
 * @example const read = createFieldReader(text); read.text(["components", "order", "replicas"]) // "2"
 */
export function createFieldReader(text: string): DesignFieldReader {
  const doc = parseDocument(text);
  const ok = doc.errors.length === 0;
  return {
    ok,
    text: (path) => (ok ? fieldText(text, doc.getIn(path, true)) : undefined),
    value: (path) => {
      if (!ok) return undefined;
      const node = doc.getIn(path, true);
      if (node === undefined || node === null) return undefined;
      return isScalar(node)
        ? node.value
        : (node as { toJS(doc: Document, o: object): unknown }).toJS(doc, UNLIMITED_ALIASES);
    },
  };
}

/**
 * A field's value as the user wrote it (`250ms`, `{ exp: 3ms }`, `"GET /x"` unquoted), for a
 * form to show and edit; undefined when the field is absent or the text is not valid YAML.
 * A block collection is given in flow form.
 */
export function readDesignField(text: string, path: readonly PathSegment[]): string | undefined {
  return createFieldReader(text).text(path);
}

function fieldText(text: string, node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (isScalar(node)) {
    if (
      node.range &&
      (node.type === Scalar.PLAIN || node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE)
    )
      return node.type === Scalar.PLAIN ? text.slice(node.range[0], node.range[1]) : String(node.value);
    return String(node.value);
  }
  if ((isMap(node) || isSeq(node)) && node.flow && node.range) return text.slice(node.range[0], node.range[1]);
  // Printed from its plain value: a block collection's comments do not fit on one line.
  const plain = (node as { toJSON(): unknown }).toJSON();
  return new Document(plain, { flow: true }).toString({ flowCollectionPadding: true, lineWidth: 0 }).trim();
}

/**
 * What a form field's text means as a value: YAML for numbers, booleans and flow collections
 * (`3`, `true`, `{ exp: 3ms }`), else the string itself (`250ms`, `GET /orders`); empty
 * means remove the field. A field of type "string" (a label, a route) is always the text.
 */
export function parseFieldInput(input: string, type: "any" | "string" = "any"): { value: unknown } | { remove: true } {
  const trimmed = input.trim();
  if (trimmed === "") return { remove: true };
  if (type === "string") return { value: trimmed };
  if (/^[[{]/.test(trimmed) || /^-?\d/.test(trimmed) || trimmed === "true" || trimmed === "false") {
    const doc = parseDocument(trimmed);
    if (doc.errors.length === 0) return { value: doc.toJS(UNLIMITED_ALIASES) as unknown };
  }
  return { value: trimmed };
}
