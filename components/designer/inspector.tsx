"use client";
/**
 * The inspector: a form for whatever is selected, every field as the format writes it
 * (`250ms`, `{ exp: 3ms }`), each change one undoable command on the text, and the model's own
 * diagnostics under each field as you type. A component shows its kind's fields and, for a
 * service, its operations and their steps; a connection shows the construct it stands for;
 * nothing selected shows the design, its workloads and its scenarios. The text is parsed once
 * per change for all the fields (createFieldReader).
 */
import "./inspector.css";
import { memo, useDeferredValue, useMemo } from "react";
import { useStore } from "zustand";
import { useShallow } from "zustand/react/shallow";
import { createFieldReader, type ComponentKind } from "../../model";
import type { DesignDocumentState, DesignDocumentStore } from "../store/design-document";
import { EdgeInspector } from "./inspector/edge";
import {
  FieldInput,
  InspectorContext,
  ItemProblems,
  SuggestionLists,
  useInspector,
  type Field,
} from "./inspector/fields";
import { Operations } from "./inspector/operations";
import { DesignOverview } from "./inspector/overview";
import { getDesignRefs, isWritten, parseEdgeId } from "./inspector/view-model";
import { BlastRadiusSection } from "./inspector/blast-radius";

const COMMON: readonly Field[] = [
  { key: "label", label: "Label", hint: "shown on the canvas instead of the id", text: true },
  { key: "tech", label: "Technology", hint: "fastify, postgres, rabbitmq, …", text: true },
  { key: "description", label: "Description", hint: "free text", text: true, multiline: true },
];

const RESILIENCE_HINT = "{ timeout: 200ms, retries: { max: 2, backoff: 50ms }, circuitBreaker: { … }, bulkhead: 8 }";

/** The kind-specific fields, in the format's order (docs/design-format.md §5); a service's operations follow. */
export const KIND_FIELDS: Readonly<Record<ComponentKind, readonly Field[]>> = {
  client: [],
  gateway: [
    { key: "concurrency", label: "Concurrency", hint: "requests held at once; empty: unbounded" },
    { key: "queue", label: "Queue", hint: "requests waiting for a slot; empty: unbounded" },
    { key: "overhead", label: "Overhead", hint: "per request, e.g. 1ms or { exp: 2ms }" },
    { key: "rateLimit", label: "Rate limit", hint: "{ rps: 2000, burst: 200 }" },
    { key: "resilience", label: "Resilience", hint: RESILIENCE_HINT, multiline: true },
    { key: "routes", label: "Routes", hint: "{ POST /orders: order.create, … }", multiline: true },
  ],
  service: [
    { key: "replicas", label: "Replicas", hint: "initial count, ≥ 1" },
    { key: "concurrency", label: "Concurrency", hint: "slots per replica (16)" },
    { key: "queue", label: "Queue", hint: "waiting per replica; empty: unbounded" },
    {
      key: "balancer",
      label: "Balancer",
      hint: "how callers pick a replica",
      options: ["round-robin", "least-outstanding", "random"],
    },
    { key: "coldStart", label: "Cold start", hint: "from (re)start to serving, e.g. 5s" },
    { key: "dependsOn", label: "Depends on", hint: "[config, orders-db]" },
    { key: "resilience", label: "Resilience", hint: RESILIENCE_HINT, multiline: true },
    { key: "autoscale", label: "Autoscale", hint: "{ min: 1, max: 10, targetUtilization: 0.7 }", multiline: true },
    { key: "subscribes", label: "Subscribes", hint: "{ order.created: charge }: topic → operation", multiline: true },
  ],
  broker: [
    { key: "flavor", label: "Flavor", hint: "the client generators emit", options: ["rabbitmq", "kafka"] },
    { key: "publishLatency", label: "Publish latency", hint: "e.g. 2ms" },
    { key: "deliveryLatency", label: "Delivery latency", hint: "e.g. 5ms" },
    { key: "durable", label: "Durable", hint: "copies survive a crash", options: ["true", "false"] },
  ],
  registry: [{ key: "detection", label: "Detection", hint: "until a dead replica stops getting calls, e.g. 5s" }],
  config: [{ key: "fetchLatency", label: "Fetch latency", hint: "added to each dependent replica's start" }],
  observability: [
    { key: "overhead", label: "Overhead", hint: "added to every operation's work" },
    { key: "sampling", label: "Sampling", hint: "share of traces kept, 0 to 1" },
  ],
  database: [
    { key: "pool", label: "Pool", hint: "connections of all callers together; empty: unbounded" },
    { key: "queryTime", label: "Query time", hint: "e.g. { lognormal: { median: 3ms, p99: 30ms } }" },
  ],
  cache: [
    { key: "hitRatio", label: "Hit ratio", hint: "0 to 1" },
    { key: "latency", label: "Latency", hint: "of one lookup, e.g. 1ms" },
  ],
};

type InspectorView = Pick<DesignDocumentState, "text" | "diagnostics" | "selection" | "selectedEdges">;

export function Inspector({ doc }: { doc: DesignDocumentStore }) {
  // Deferred, all together so the form stays consistent: a change (a key typed in the YAML
  // editor) reaches the canvas first, and the inspector's parse of the text runs after it.
  const view = useDeferredValue(
    useStore(
      doc,
      useShallow((s): InspectorView => ({
        text: s.text,
        diagnostics: s.diagnostics,
        selection: s.selection,
        selectedEdges: s.selectedEdges,
      })),
    ),
  );
  return <InspectorForm doc={doc} view={view} />;
}

/** Memoized: renders again only when the deferred view changes, not with every render of the page. */
const InspectorForm = memo(function InspectorForm({ doc, view }: { doc: DesignDocumentStore; view: InspectorView }) {
  const { text, diagnostics, selection, selectedEdges } = view;
  // One parse of the text for every field, and the names fields refer to, per text change.
  const context = useMemo(() => {
    const read = createFieldReader(text);
    return { doc, text, read, diagnostics, refs: getDesignRefs(read.value([])) };
  }, [doc, text, diagnostics]);

  const edge = selection.length === 0 && selectedEdges.length === 1 ? parseEdgeId(selectedEdges[0]!) : undefined;
  let body;
  if (!context.read.ok)
    body = <p className="as-inspector-empty">The YAML has a syntax error: fix it in the YAML editor to edit here.</p>;
  else if (selection.length > 1) body = <p className="as-inspector-empty">{selection.length} components selected.</p>;
  else if (selection.length === 1) body = <ComponentForm key={selection[0]} id={selection[0]!} />;
  else if (edge) body = <EdgeInspector key={selectedEdges[0]} edge={edge} />;
  else body = <DesignOverview />;

  return (
    <aside
      className={`as-inspector${selection.length === 0 && !edge ? " as-inspector--overview" : ""}`}
      aria-label="Inspector"
      data-testid="inspector"
      onKeyDown={(e) => {
        // Delete and Backspace on the inspector's buttons must not delete what the canvas selected.
        if (e.key === "Delete" || e.key === "Backspace") e.stopPropagation();
      }}
    >
      <InspectorContext.Provider value={context}>
        {body}
        <SuggestionLists />
      </InspectorContext.Provider>
    </aside>
  );
});

function ComponentForm({ id }: { id: string }) {
  const { read } = useInspector();
  const base = ["components", id];
  const component = read.value(base);
  const kind = isWritten(component) ? component.kind : undefined;
  if (component === undefined) return <p className="as-inspector-empty">There is no component {id} any more.</p>;
  if (typeof kind !== "string" || !(kind in KIND_FIELDS))
    return (
      <>
        <h2 className="as-inspector-title">{id}</h2>
        <ItemProblems path={[...base, "kind"]} />
        <p className="as-inspector-empty">Give {id} a valid kind in the YAML to edit it here.</p>
      </>
    );
  const fields = [...COMMON, ...KIND_FIELDS[kind as ComponentKind]];
  return (
    <>
      <h2 className="as-inspector-title">
        {id} <span>{kind}</span>
      </h2>
      <ItemProblems path={base} />
      {fields.map((f) => (
        <FieldInput key={String(f.key)} base={base} field={f} what={id} />
      ))}
      {kind === "service" ? <Operations service={id} /> : null}
      {kind !== "client" ? <BlastRadiusSection id={id} /> : null}
    </>
  );
}
