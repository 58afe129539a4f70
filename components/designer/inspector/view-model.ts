/**
 * What the inspector's forms need from a design's text, as pure functions: the step kinds and
 * what a new step of each holds, the steps an edge of the canvas stands for, the names a field
 * may refer to, and the model's diagnostics for one field (of the text, or of a draft typed
 * into the field before it is applied).
 */
import {
  applyDesignChange,
  DesignChangeError,
  formatPath,
  parseDesign,
  parseFieldInput,
  STEP_KINDS,
  type DesignDiagnostic,
  type PathSegment,
  type StepKind,
} from "../../../model";

/** A step, a fault or a workload as the text holds it: a plain mapping, not yet checked. */
export type Written = Record<string, unknown>;

export function isWritten(v: unknown): v is Written {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The step key a written step has (the first, if it has several), or undefined. */
export function getStepKind(step: unknown): StepKind | undefined {
  if (!isWritten(step)) return undefined;
  return STEP_KINDS.find((k) => Object.hasOwn(step, k));
}

/** One line for a step's header: `call inventory.reserve`, `parallel (2 steps)`. */
export function describeStep(step: unknown): string {
  const kind = getStepKind(step);
  if (!kind || !isWritten(step)) return "step";
  const v = step[kind];
  if (kind === "parallel") return `parallel (${countLabel(Array.isArray(v) ? v.length : 0, "step")})`;
  if (kind === "branch") return `branch (${countLabel(Array.isArray(v) ? v.length : 0, "alternative")})`;
  return typeof v === "string" || typeof v === "number" ? `${kind} ${v}` : kind;
}

export function countLabel(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

/** The names a design's fields refer to, read from its text (so they follow it while it has errors). */
export interface DesignRefs {
  /** `<service>.<operation>` of every operation. */
  targets: string[];
  services: string[];
  databases: string[];
  caches: string[];
  gateways: string[];
  clients: string[];
  components: string[];
  /** Topics published anywhere or subscribed to. */
  topics: string[];
  workloads: string[];
  /** The routes of each gateway. */
  routes: Record<string, string[]>;
}

/** The names of a design's text (its plain value, as createFieldReader gives it). */
export function getDesignRefs(design: unknown): DesignRefs {
  const refs: DesignRefs = {
    targets: [],
    services: [],
    databases: [],
    caches: [],
    gateways: [],
    clients: [],
    components: [],
    topics: [],
    workloads: [],
    routes: {},
  };
  if (!isWritten(design)) return refs;
  const topics = new Set<string>();
  const comps = isWritten(design.components) ? design.components : {};
  for (const [id, c] of Object.entries(comps)) {
    refs.components.push(id);
    if (!isWritten(c)) continue;
    if (c.kind === "service") {
      refs.services.push(id);
      const ops = isWritten(c.operations) ? c.operations : {};
      for (const [op, body] of Object.entries(ops)) {
        refs.targets.push(`${id}.${op}`);
        if (isWritten(body)) walkWritten(body.steps, [], (s) => typeof s.publish === "string" && topics.add(s.publish));
      }
      if (isWritten(c.subscribes)) for (const t of Object.keys(c.subscribes)) topics.add(t);
    } else if (c.kind === "database") refs.databases.push(id);
    else if (c.kind === "cache") refs.caches.push(id);
    else if (c.kind === "client") refs.clients.push(id);
    else if (c.kind === "gateway") {
      refs.gateways.push(id);
      refs.routes[id] = isWritten(c.routes) ? Object.keys(c.routes) : [];
    }
  }
  refs.topics = [...topics].sort();
  if (isWritten(design.workloads)) refs.workloads = Object.keys(design.workloads);
  return refs;
}

/** Calls `f` with every written step of a list and of the lists nested in it, with its path from `base`. */
export function walkWritten(
  steps: unknown,
  base: readonly PathSegment[],
  f: (step: Written, path: PathSegment[]) => void,
): void {
  if (!Array.isArray(steps)) return;
  steps.forEach((step, i) => {
    if (!isWritten(step)) return;
    const path = [...base, i];
    f(step, path);
    walkWritten(step.parallel, [...path, "parallel"], f);
    walkWritten(step.miss, [...path, "miss"], f);
    if (Array.isArray(step.branch))
      step.branch.forEach((alt, j) => {
        if (isWritten(alt)) walkWritten(alt.steps, [...path, "branch", j, "steps"], f);
      });
  });
}

/** What a new step of each kind holds: a reference the design already has, where there is one. */
export function newStep(kind: StepKind, refs: DesignRefs, service: string): Written {
  switch (kind) {
    case "call":
      return { call: refs.targets.find((t) => !t.startsWith(`${service}.`)) ?? "service.operation" };
    case "query":
      return { query: refs.databases[0] ?? "database" };
    case "cache":
      return { cache: refs.caches[0] ?? "cache" };
    case "publish":
      return { publish: refs.topics[0] ?? `${service}.updated` };
    case "parallel":
      return { parallel: [] };
    case "branch":
      return { branch: [{ weight: 1, steps: [] }] };
  }
}

/** An edge of the canvas, from its id (`call:order->inventory`). */
export interface EdgeRef {
  kind: "request" | "route" | "call" | "query" | "cache" | "publish" | "subscribe" | "depends";
  source: string;
  target: string;
}

const EDGE_KINDS: readonly EdgeRef["kind"][] = [
  "request",
  "route",
  "call",
  "query",
  "cache",
  "publish",
  "subscribe",
  "depends",
];

export function parseEdgeId(id: string): EdgeRef | undefined {
  const m = /^([a-z]+):(.+)->(.+)$/.exec(id);
  if (!m || !EDGE_KINDS.includes(m[1] as EdgeRef["kind"])) return undefined;
  return { kind: m[1] as EdgeRef["kind"], source: m[2]!, target: m[3]! };
}

/** A step an edge stands for: the operation it is in and its full path. */
export interface EdgeStep {
  operation: string;
  path: PathSegment[];
  step: Written;
}

/** The steps of `source`'s operations that an edge of this kind to `target` draws, nested ones included. */
export function findEdgeSteps(design: unknown, edge: EdgeRef): EdgeStep[] {
  const out: EdgeStep[] = [];
  if (!isWritten(design) || !isWritten(design.components)) return out;
  const source = design.components[edge.source];
  if (!isWritten(source) || !isWritten(source.operations)) return out;
  const match = (s: Written): boolean => {
    switch (edge.kind) {
      case "call":
        return typeof s.call === "string" && s.call.split(".")[0] === edge.target;
      case "query":
        return s.query === edge.target;
      case "cache":
        return s.cache === edge.target;
      case "publish":
        return typeof s.publish === "string";
      default:
        return false;
    }
  };
  for (const [op, body] of Object.entries(source.operations)) {
    if (!isWritten(body)) continue;
    const base: PathSegment[] = ["components", edge.source, "operations", op, "steps"];
    walkWritten(body.steps, base, (step, path) => {
      if (match(step)) out.push({ operation: op, path, step });
    });
  }
  return out;
}

/**
 * The model's diagnostics for a field: those at its path or inside it; with `exact`, only at it.
 * Errors first.
 */
export function getFieldProblems(
  diagnostics: readonly DesignDiagnostic[],
  path: readonly PathSegment[],
  exact = false,
): DesignDiagnostic[] {
  const dotted = formatPath(path);
  return diagnostics
    .filter(
      (d) => d.path === dotted || (!exact && (d.path.startsWith(`${dotted}.`) || d.path.startsWith(`${dotted}[`))),
    )
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}

/**
 * What the model would say about a field if `input` were written into it: the text with the
 * draft applied, parsed, and the diagnostics at the field. A draft that cannot be applied at all
 * says why, as one error.
 */
export function checkDraft(
  text: string,
  path: readonly PathSegment[],
  input: string,
  type: "any" | "string" = "any",
): DesignDiagnostic[] {
  const parsed = parseFieldInput(input, type);
  let next: string;
  try {
    next =
      "remove" in parsed
        ? applyDesignChange(text, { type: "delete", path }).text
        : applyDesignChange(text, { type: "set", path, value: parsed.value }).text;
  } catch (e) {
    if (!(e instanceof DesignChangeError)) throw e;
    return [
      {
        severity: "error",
        message: e.message,
        path: formatPath(path),
        segments: [...path],
        line: 0,
        col: 0,
        endLine: 0,
        endCol: 0,
      },
    ];
  }
  const { errors, warnings } = parseDesign(next);
  return getFieldProblems([...errors, ...warnings], path);
}

/** The first of `base`, `base-2`, `base-3`, … not taken. */
export function freeName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}
