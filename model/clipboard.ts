/**
 * Copy and paste of components as text: the copy is a small YAML document of its own (the
 * components as the user wrote them, units and all, and their layout), so it survives the
 * system clipboard, and pasting inserts the components under free ids with every reference
 * among them (calls, queries, cache steps, routes, dependsOn) following the new ids.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, visit, type Node } from "yaml";
import { keepUserLayout } from "./commands";
import { COMPONENT_ID_RE, RESERVED_NAMES } from "./schema";

/** The first key of a copied document: what tells a paste of archsim components from any text. */
export const CLIPBOARD_MARKER = "archsim-components";
/** A paste inserts at most this many components; a bigger clipboard is refused. */
export const MAX_PASTE_COMPONENTS = 500;
/** A clipboard text larger than this is not read at all. */
export const MAX_CLIPBOARD_BYTES = 2_000_000;

type Point = { x: number; y: number };
export interface ComponentClip {
  /** Each component as data (for a look inside) … */
  components: Record<string, Record<string, unknown>>;
  /** … and as YAML nodes, which keep the user's styles (`{ exp: 3ms }`) and comments. */
  nodes: Map<string, Node>;
  layout: Record<string, Point>;
}

export class ClipboardError extends Error {
  override name = "ClipboardError";
}

/**
 * The clipboard text for the given components of a design's text; ids not in the design are
 * left out. Returns null when none of them is.
 * @example copyComponents(text, ["order"]) // "archsim-components: 1\ncomponents:\n  order: …"
 */
export function copyComponents(text: string, ids: readonly string[]): string | null {
  const doc = parseDocument(text);
  if (doc.errors.length || !isMap(doc.contents)) return null;
  const out = new Document({ [CLIPBOARD_MARKER]: 1, components: {}, layout: {} });
  let copied = 0;
  for (const id of ids) {
    const comp = doc.getIn(["components", id], true);
    if (!isMap(comp) || !isScalar(comp.get("kind", true))) continue;
    out.setIn(["components", id], (comp as Node).clone());
    copied++;
    const at = doc.getIn(["layout", id], true);
    if (isMap(at)) out.setIn(["layout", id], (at as Node).clone());
  }
  if (copied === 0) return null;
  if (!isMap(out.get("layout", true)) || (out.get("layout", true) as { items: unknown[] }).items.length === 0)
    out.delete("layout");
  return out.toString({ lineWidth: 0 });
}

/** The components in a clipboard text, or null when the text is not a copy of components. */
export function readClipboard(clip: string): ComponentClip | null {
  if (clip.length > MAX_CLIPBOARD_BYTES || !clip.trimStart().startsWith(CLIPBOARD_MARKER)) return null;
  const doc = parseDocument(clip);
  if (doc.errors.length) return null;
  const js: unknown = doc.toJS();
  const comps = doc.get("components", true);
  if (!isRecord(js) || js[CLIPBOARD_MARKER] !== 1 || !isRecord(js.components) || !isMap(comps)) return null;
  const components: ComponentClip["components"] = {};
  const nodes = new Map<string, Node>();
  for (const [id, comp] of Object.entries(js.components)) {
    if (!isRecord(comp) || typeof comp.kind !== "string") continue;
    components[id] = comp;
    nodes.set(id, comps.get(id, true) as Node);
  }
  const layout: ComponentClip["layout"] = {};
  if (isRecord(js.layout))
    for (const [id, at] of Object.entries(js.layout))
      if (isRecord(at) && Number.isFinite(at.x) && Number.isFinite(at.y))
        layout[id] = { x: at.x as number, y: at.y as number };
  return nodes.size ? { components, nodes, layout } : null;
}

/**
 * Inserts the clipboard's components into a design's text under ids no component has
 * (`order` → `order-copy`, `order-copy-2`, …), shifted by `offset` when they had a position.
 * References among the pasted components follow their new ids; references to others stay.
 * @example pasteComponents(text, copyComponents(text, ["order"])!).ids // ["order-copy"]
 */
export function pasteComponents(
  text: string,
  clip: ComponentClip,
  offset: Point = { x: 40, y: 40 },
): { text: string; ids: string[]; summary: string } {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ClipboardError("the YAML must be fixed before pasting");
  if (!isMap(doc.contents)) throw new ClipboardError("the design must be a mapping at the top level");
  const entries = [...clip.nodes.entries()];
  if (entries.length > MAX_PASTE_COMPONENTS)
    throw new ClipboardError(`at most ${MAX_PASTE_COMPONENTS} components can be pasted at once; got ${entries.length}`);
  const js = doc.toJS({ maxAliasCount: -1 }) as Record<string, unknown>;
  const taken = new Set(Object.keys(isRecord(js.components) ? js.components : {}));
  const renamed = new Map<string, string>();
  for (const [id] of entries) {
    const next = freeCopyId(id, taken);
    taken.add(next);
    renamed.set(id, next);
  }
  ensureMap(doc, "components");
  for (const [id, comp] of entries) {
    doc.setIn(["components", renamed.get(id)!], remapReferences(comp.clone() as Node, renamed));
  }
  for (const [id] of entries) {
    const at = clip.layout[id];
    if (!at) continue;
    ensureMap(doc, "layout");
    const entry = { x: Math.round(at.x + offset.x), y: Math.round(at.y + offset.y) };
    doc.setIn(["layout", renamed.get(id)!], doc.createNode(entry, { flow: true }));
  }
  const ids = [...renamed.values()];
  return {
    text: keepUserLayout(text, doc.toString({ lineWidth: 0 })),
    ids,
    summary: ids.length === 1 ? `Pasted ${ids[0]}` : `Pasted ${ids.length} components`,
  };
}

/** `id` if free, else `id-copy`, `id-copy-2`, …, trimmed so the id stays within 63 characters. */
function freeCopyId(id: string, taken: ReadonlySet<string>): string {
  const base = COMPONENT_ID_RE.test(id) && !RESERVED_NAMES.has(id) ? id : "component";
  if (!taken.has(base)) return base;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "-copy" : `-copy-${n}`;
    const head = base.slice(0, 63 - suffix.length).replace(/-+$/, "");
    const candidate = `${head}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The component's node with its references to pasted components renamed, in place. */
function remapReferences(node: Node, renamed: ReadonlyMap<string, string>): Node {
  const swap = (v: unknown): void => {
    if (!isScalar(v) || typeof v.value !== "string") return;
    const dot = v.value.indexOf(".");
    const head = dot < 0 ? v.value : v.value.slice(0, dot);
    const to = renamed.get(head);
    if (to !== undefined) v.value = to + (dot < 0 ? "" : v.value.slice(dot));
  };
  visit(node, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === "call" || key === "query" || key === "cache") swap(pair.value);
      else if (key === "routes" && isMap(pair.value)) for (const route of pair.value.items) swap(route.value);
      else if (key === "dependsOn" && isSeq(pair.value)) for (const item of pair.value.items) swap(item);
    },
  });
  return node;
}

function ensureMap(doc: Document, key: string): void {
  if (!isMap(doc.get(key, true))) doc.set(key, doc.createNode({}));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
