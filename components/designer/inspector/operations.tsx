"use client";
/** A service's operations: add one, remove one, and each one's fields and steps. */
import { useState } from "react";
import { OPERATION_ID_RE, type PathSegment } from "../../../model";
import {
  AddByName,
  ErrorBadge,
  FieldInput,
  IconButton,
  ItemProblems,
  useApply,
  useErrorCount,
  useInspector,
  type Field,
} from "./fields";
import { StepList } from "./steps";
import { countLabel, isWritten } from "./view-model";

/** An operation's fields before its steps, in the format's order (docs/design-format.md §6). */
export const OPERATION_FIELDS: readonly Field[] = [
  { key: "http", label: "HTTP route", hint: "e.g. POST /orders; a gateway route to it must be equal", text: true },
  { key: "work", label: "Work", hint: "e.g. 4ms or { exp: 3ms }" },
  { key: "errorRate", label: "Error rate", hint: "probability an attempt fails on its own, 0 to 1" },
  { key: "description", label: "Description", hint: "free text", text: true, multiline: true },
];

export function Operations({ service }: { service: string }) {
  const { read } = useInspector();
  const apply = useApply();
  const base: PathSegment[] = ["components", service, "operations"];
  const ops = read.value(base);
  const names = isWritten(ops) ? Object.keys(ops) : [];
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(names.slice(0, 1)));
  return (
    <section className="as-inspector-section" aria-label="Operations">
      <h3>Operations</h3>
      <ItemProblems path={base} />
      {names.map((op) => (
        <Operation
          key={op}
          service={service}
          op={op}
          open={open.has(op)}
          onToggle={() =>
            setOpen((s) => {
              const next = new Set(s);
              if (next.has(op)) next.delete(op);
              else next.add(op);
              return next;
            })
          }
          onRemove={() => apply({ type: "delete", path: [...base, op], label: `Removed operation ${service}.${op}` })}
        />
      ))}
      <AddByName
        label="Operation"
        suggested={freeOperation(names)}
        pattern={OPERATION_ID_RE}
        patternHint='a lowercase letter, then letters and digits, such as "getById"'
        taken={names}
        onAdd={(name) => {
          if (
            apply({
              type: "addEntry",
              path: base,
              key: name,
              value: { work: "1ms" },
              label: `Added operation ${service}.${name}`,
            })
          )
            setOpen((s) => new Set([...s, name]));
        }}
      />
    </section>
  );
}

function Operation({
  service,
  op,
  open,
  onToggle,
  onRemove,
}: {
  service: string;
  op: string;
  open: boolean;
  onToggle(): void;
  onRemove(): void;
}) {
  const { read } = useInspector();
  const path: PathSegment[] = ["components", service, "operations", op];
  const errors = useErrorCount(path);
  const steps = read.value([...path, "steps"]);
  const n = Array.isArray(steps) ? steps.length : 0;
  const name = `${service}.${op}`;
  return (
    <div className="as-operation" role="group" aria-label={op}>
      <div className="as-item-head">
        <button type="button" className="as-item-toggle" aria-expanded={open} onClick={onToggle}>
          <span className="as-item-name">{op}</span> <span className="as-item-meta">{countLabel(n, "step")}</span>
          <ErrorBadge count={errors} />
        </button>
        <IconButton label={`Remove operation ${name}`} onClick={onRemove} danger>
          ✕
        </IconButton>
      </div>
      {open ? (
        <div className="as-item-body">
          <ItemProblems path={path} />
          {OPERATION_FIELDS.map((f) => (
            <FieldInput key={String(f.key)} base={path} field={f} what={name} />
          ))}
          <h4 className="as-subheading">Steps</h4>
          <ItemProblems path={[...path, "steps"]} />
          <StepList path={[...path, "steps"]} owner={name} service={service} />
        </div>
      ) : null}
    </div>
  );
}

/** `handle`, `handle2`, … : operation ids have no hyphens. */
function freeOperation(taken: readonly string[]): string {
  if (!taken.includes("handle")) return "handle";
  for (let n = 2; ; n++) if (!taken.includes(`handle${n}`)) return `handle${n}`;
}
