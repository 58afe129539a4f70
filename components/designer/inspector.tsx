"use client";
/**
 * The inspector: a form for the selected component, every field of its kind as the format
 * writes it (`250ms`, `{ exp: 3ms }`), each change one command on the text, and the model's
 * own diagnostics for that field shown under it as you type. Operations are listed with
 * their steps, each editable as YAML. Planned: forms for edges, workloads and scenarios.
 */
import { useId, useRef, useState } from "react";
import { useStore } from "zustand";
import {
  parseFieldInput,
  readDesignField,
  type ComponentKind,
  type DesignDiagnostic,
  type PathSegment,
} from "../../model";
import type { DesignDocumentStore } from "../store/design-document";

type Field = { key: string; label: string; hint: string; options?: readonly string[]; text?: boolean };

const COMMON: readonly Field[] = [
  { key: "label", label: "Label", hint: "shown on the canvas instead of the id", text: true },
  { key: "tech", label: "Technology", hint: "fastify, postgres, rabbitmq, …", text: true },
  { key: "description", label: "Description", hint: "free text", text: true },
];

/** The kind-specific fields, in the format's order (docs/design-format.md §5). */
export const KIND_FIELDS: Readonly<Record<ComponentKind, readonly Field[]>> = {
  client: [],
  gateway: [
    { key: "concurrency", label: "Concurrency", hint: "requests held at once; empty: unbounded" },
    { key: "queue", label: "Queue", hint: "requests waiting for a slot; empty: unbounded" },
    { key: "overhead", label: "Overhead", hint: "per request, e.g. 1ms or { exp: 2ms }" },
    { key: "rateLimit", label: "Rate limit", hint: "{ rps: 2000, burst: 200 }" },
    { key: "resilience", label: "Resilience", hint: "{ timeout: 3s, retries: { max: 2, backoff: 50ms } }" },
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
    { key: "resilience", label: "Resilience", hint: "{ timeout: 200ms, circuitBreaker: { … } }" },
    { key: "autoscale", label: "Autoscale", hint: "{ min: 1, max: 10, targetUtilization: 0.7 }" },
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

/** Fields whose values are mappings: edited in a box of several lines. */
const STRUCTURED: ReadonlySet<string> = new Set(["resilience", "autoscale", "rateLimit", "description"]);

export function Inspector({ doc }: { doc: DesignDocumentStore }) {
  const selection = useStore(doc, (s) => s.selection);
  const design = useStore(doc, (s) => s.design);
  const text = useStore(doc, (s) => s.text);
  const diagnostics = useStore(doc, (s) => s.diagnostics);
  const id = selection.length === 1 ? selection[0]! : null;
  const component = id && design ? design.components[id] : undefined;

  if (!id || !component) {
    return (
      <aside className="as-inspector" aria-label="Inspector">
        <p className="as-inspector-empty">
          {selection.length > 1 ? `${selection.length} components selected.` : "Select a component to edit it."}
        </p>
      </aside>
    );
  }
  const base: PathSegment[] = ["components", id];
  const fields = [...COMMON, ...KIND_FIELDS[component.kind]];
  const operations = component.kind === "service" ? Object.keys(component.operations) : [];
  return (
    <aside className="as-inspector" aria-label="Inspector">
      <h2 className="as-inspector-title">
        {id} <span>{component.kind}</span>
      </h2>
      {fields.map((f) => (
        <FieldInput
          key={`${id}.${f.key}`}
          doc={doc}
          path={[...base, f.key]}
          field={f}
          text={text}
          diagnostics={diagnostics}
          multiline={STRUCTURED.has(f.key)}
        />
      ))}
      {operations.length ? <h3>Operations</h3> : null}
      {operations.map((op) => (
        <fieldset key={op} className="as-operation">
          <legend>{op}</legend>
          {(
            [
              { key: "http", label: "HTTP route", hint: "e.g. POST /orders", text: true },
              { key: "work", label: "Work", hint: "e.g. 4ms or { exp: 3ms }" },
              { key: "errorRate", label: "Error rate", hint: "0 to 1" },
              { key: "steps", label: "Steps", hint: "[ { call: inventory.reserve }, { query: orders-db } ]" },
            ] as const
          ).map((f) => (
            <FieldInput
              key={`${id}.${op}.${f.key}`}
              doc={doc}
              path={[...base, "operations", op, f.key]}
              field={f}
              text={text}
              diagnostics={diagnostics}
              multiline={f.key === "steps"}
            />
          ))}
        </fieldset>
      ))}
    </aside>
  );
}

function FieldInput({
  doc,
  path,
  field,
  text,
  diagnostics,
  multiline,
}: {
  doc: DesignDocumentStore;
  path: PathSegment[];
  field: Field;
  text: string;
  diagnostics: readonly DesignDiagnostic[];
  multiline?: boolean;
}) {
  const inputId = useId();
  const written = readDesignField(text, path) ?? "";
  // What the user is typing; null while the field is not being edited, so it follows the
  // text (undo, the code editor, the canvas).
  const [typed, setTyped] = useState<string | null>(null);
  const draft = typed ?? written;
  const cancelled = useRef(false);
  const dotted = pathToString(path);
  const problems = diagnostics.filter(
    (d) =>
      d.severity === "error" &&
      (d.path === dotted || d.path.startsWith(`${dotted}.`) || d.path.startsWith(`${dotted}[`)),
  );
  const commit = () => {
    setTyped(null);
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    if (draft === written) return;
    const parsed = parseFieldInput(draft, field.text ? "string" : "any");
    if ("remove" in parsed) {
      if (written !== "") doc.getState().apply({ type: "delete", path });
    } else doc.getState().apply({ type: "set", path, value: parsed.value });
  };
  const describedBy = `${inputId}-hint`;
  return (
    <div className="as-field">
      <label htmlFor={inputId}>{field.label}</label>
      {field.options ? (
        <select
          id={inputId}
          value={written}
          aria-describedby={describedBy}
          onChange={(e) => {
            const parsed = parseFieldInput(e.target.value);
            if ("remove" in parsed) doc.getState().apply({ type: "delete", path });
            else doc.getState().apply({ type: "set", path, value: parsed.value });
          }}
        >
          <option value="">(default)</option>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : multiline ? (
        <textarea
          id={inputId}
          value={draft}
          rows={Math.min(8, Math.max(2, Math.ceil(draft.length / 34)))}
          spellCheck={false}
          aria-invalid={problems.length ? true : undefined}
          aria-describedby={describedBy}
          onFocus={() => setTyped(written)}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={commit}
        />
      ) : (
        <input
          id={inputId}
          value={draft}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problems.length ? true : undefined}
          aria-describedby={describedBy}
          onFocus={() => setTyped(written)}
          onChange={(e) => setTyped(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === "Enter") (e.target as HTMLInputElement).blur();
            if (e.key === "Escape") {
              cancelled.current = true;
              (e.target as HTMLInputElement).blur();
            }
          }}
        />
      )}
      <p id={describedBy} className={problems.length ? "as-field-error" : "as-hint"}>
        {problems.length ? problems.map((p) => p.message).join("; ") : field.hint}
      </p>
    </div>
  );
}

function pathToString(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}
