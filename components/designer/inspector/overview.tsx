"use client";
/**
 * The design as a whole, shown when nothing is selected: its name, description and network,
 * and its workloads and scenarios, each opened into a form; a scenario's faults are a list
 * of forms of their own. Add and remove are one undoable change each.
 */
import { useState } from "react";
import { FAULT_KINDS, NAME_ID_RE, type FaultKind, type PathSegment } from "../../../model";
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
import { countLabel, freeName, isWritten, type DesignRefs, type Written } from "./view-model";

const DESIGN_FIELDS: readonly Field[] = [
  { key: "name", label: "Name", hint: "shown in the app and used by generators", text: true },
  { key: "description", label: "Description", hint: "free text", text: true, multiline: true },
];

/** A workload's fields in the format's order (docs/design-format.md §8); the mix is its own table. */
export const WORKLOAD_FIELDS: readonly Field[] = [
  { key: "entry", label: "Entry", hint: "a gateway id or <service>.<operation>", list: "entries", text: true },
  {
    key: "source",
    label: "Source",
    hint: "the client drawn as the origin (display only)",
    list: "clients",
    text: true,
  },
  { key: "arrivals", label: "Arrivals", hint: "the arrival process (poisson)", options: ["poisson", "constant"] },
  { key: "rate", label: "Rate", hint: "requests per second; exactly one of rate and profile" },
  { key: "profile", label: "Profile", hint: "[[0s, 200], [60s, 1500], [300s, 200]]: time and rps, piecewise linear" },
  { key: "clientLatency", label: "Client latency", hint: "one way between the clients and the entry, e.g. 20ms" },
  { key: "description", label: "Description", hint: "free text", text: true, multiline: true },
];

export const SCENARIO_FIELDS: readonly Field[] = [
  { key: "workload", label: "Workload", hint: "the traffic: a workload's name", list: "workloads", text: true },
  { key: "duration", label: "Duration", hint: "the whole run, warm-up included, e.g. 300s" },
  { key: "warmup", label: "Warm-up", hint: "requests before this are not counted, e.g. 10s" },
  { key: "description", label: "Description", hint: "free text", text: true, multiline: true },
];

const FAULT_COMMON: readonly Field[] = [
  { key: "at", label: "At", hint: "start, from the start of the run, e.g. 60s" },
  { key: "for", label: "For", hint: "how long, e.g. 30s; empty: until the end" },
];

/** The fields of each fault kind besides kind, at and for (docs/design-format.md §9). */
export const FAULT_FIELDS: Readonly<Record<FaultKind, readonly Field[]>> = {
  crash: [
    { key: "target", label: "Target", hint: "any component but a client", list: "components", text: true },
    { key: "replicas", label: "Replicas", hint: "for a service: how many (all)" },
  ],
  latency: [
    { key: "target", label: "Target", hint: "a service or a database", list: "components", text: true },
    { key: "add", label: "Add", hint: "added to every operation or query, e.g. 200ms or { exp: 20ms }" },
  ],
  errors: [
    { key: "target", label: "Target", hint: "a service", list: "components", text: true },
    { key: "probability", label: "Probability", hint: "added failure probability, 0 to 1" },
  ],
  slowdown: [
    { key: "target", label: "Target", hint: "a service", list: "components", text: true },
    { key: "factor", label: "Factor", hint: "work is multiplied by this, > 0" },
  ],
  partition: [
    { key: 0, label: "Between", hint: "a component", list: "components", text: true },
    { key: 1, label: "And", hint: "another component", list: "components", text: true },
  ],
};

export function DesignOverview() {
  const { read } = useInspector();
  const name = read.text(["name"]);
  return (
    <>
      <h2 className="as-inspector-title">
        {name || "Design"} <span>design</span>
      </h2>
      <p className="as-hint as-inspector-lead">Select a component or a connection on the canvas to edit it.</p>
      {DESIGN_FIELDS.map((f) => (
        <FieldInput key={String(f.key)} base={[]} field={f} what="the design" />
      ))}
      <FieldInput
        base={["network"]}
        field={{ key: "latency", label: "Network latency", hint: "one way, every hop, e.g. 0.5ms or { exp: 1ms }" }}
        what="the network"
      />
      <Section section="workloads" />
      <Section section="scenarios" />
    </>
  );
}

function Section({ section }: { section: "workloads" | "scenarios" }) {
  const { read, refs } = useInspector();
  const apply = useApply();
  const entries = read.value([section]);
  const names = isWritten(entries) ? Object.keys(entries) : [];
  const [open, setOpen] = useState<string | null>(null);
  const one = section === "workloads" ? "workload" : "scenario";
  const title = section === "workloads" ? "Workloads" : "Scenarios";
  return (
    <section className="as-inspector-section" aria-label={title}>
      <h3>{title}</h3>
      <ItemProblems path={[section]} />
      {names.length === 0 ? <p className="as-steps-empty">No {section} yet.</p> : null}
      {names.map((name) => (
        <Entry
          key={name}
          section={section}
          name={name}
          open={open === name}
          onToggle={() => setOpen(open === name ? null : name)}
          onRemove={() =>
            apply({ type: "delete", path: [section, name], label: `Removed ${one} ${name}` }) && setOpen(null)
          }
        />
      ))}
      <AddByName
        label={one === "workload" ? "Workload" : "Scenario"}
        suggested={freeName(one === "workload" ? "steady" : "baseline", names)}
        pattern={NAME_ID_RE}
        patternHint='lowercase letters, digits and hyphens, starting with a letter, such as "peak-sale"'
        taken={names}
        onAdd={(name) => {
          const value = section === "workloads" ? newWorkload(refs) : newScenario(refs);
          if (apply({ type: "addEntry", path: [section], key: name, value, label: `Added ${one} ${name}` }))
            setOpen(name);
        }}
      />
    </section>
  );
}

function Entry({
  section,
  name,
  open,
  onToggle,
  onRemove,
}: {
  section: "workloads" | "scenarios";
  name: string;
  open: boolean;
  onToggle(): void;
  onRemove(): void;
}) {
  const { read } = useInspector();
  const path: PathSegment[] = [section, name];
  const errors = useErrorCount(path);
  const one = section === "workloads" ? "workload" : "scenario";
  const meta = section === "workloads" ? describeWorkload(read.value(path)) : describeScenario(read.value(path));
  return (
    <div className="as-operation" role="group" aria-label={`${one} ${name}`}>
      <div className="as-item-head">
        <button type="button" className="as-item-toggle" aria-expanded={open} onClick={onToggle}>
          <span className="as-item-name">{name}</span> <span className="as-item-meta">{meta}</span>
          <ErrorBadge count={errors} />
        </button>
        <IconButton label={`Remove ${one} ${name}`} onClick={onRemove} danger>
          ✕
        </IconButton>
      </div>
      {open ? (
        <div className="as-item-body">
          <ItemProblems path={path} />
          {section === "workloads" ? <WorkloadForm name={name} /> : <ScenarioForm name={name} />}
        </div>
      ) : null}
    </div>
  );
}

export function WorkloadForm({ name }: { name: string }) {
  const { read, refs } = useInspector();
  const path: PathSegment[] = ["workloads", name];
  const what = `workload ${name}`;
  const entry = read.value([...path, "entry"]);
  const gatewayRoutes = typeof entry === "string" ? refs.routes[entry] : undefined;
  const mix = read.value([...path, "mix"]);
  const mixed = isWritten(mix) ? Object.keys(mix) : [];
  const routes = [...(gatewayRoutes ?? []), ...mixed.filter((r) => !gatewayRoutes?.includes(r))];
  return (
    <>
      {WORKLOAD_FIELDS.slice(0, 6).map((f) => (
        <FieldInput key={String(f.key)} base={path} field={f} what={what} />
      ))}
      {gatewayRoutes || mixed.length ? (
        <fieldset className="as-nested">
          <legend>Mix</legend>
          <p className="as-hint">Weight of each route of {String(entry)}, 0 to 1, summing to 1; empty leaves it out.</p>
          <ItemProblems path={[...path, "mix"]} />
          {routes.map((r) => (
            <FieldInput key={r} base={[...path, "mix"]} field={{ key: r, label: r, hint: "" }} what={`${what} mix`} />
          ))}
        </fieldset>
      ) : null}
      <FieldInput base={path} field={WORKLOAD_FIELDS[6]!} what={what} />
    </>
  );
}

export function ScenarioForm({ name }: { name: string }) {
  const { read, refs } = useInspector();
  const apply = useApply();
  const path: PathSegment[] = ["scenarios", name];
  const what = `scenario ${name}`;
  const faultsPath: PathSegment[] = [...path, "faults"];
  const faults = read.value(faultsPath);
  const list = Array.isArray(faults) ? faults : [];
  return (
    <>
      {SCENARIO_FIELDS.map((f) => (
        <FieldInput key={String(f.key)} base={path} field={f} what={what} />
      ))}
      <h4 className="as-subheading">Faults</h4>
      <ItemProblems path={faultsPath} />
      {list.length === 0 ? <p className="as-steps-empty">No faults: the run is healthy throughout.</p> : null}
      <ol className="as-step-list" aria-label={`Faults of ${name}`}>
        {list.map((fault, i) => (
          <FaultForm key={i} path={[...faultsPath, i]} fault={fault} index={i} scenario={name} />
        ))}
      </ol>
      <button
        type="button"
        className="as-add-button"
        onClick={() =>
          apply({
            type: "insertItem",
            path: faultsPath,
            value: newFault("crash", refs, {}),
            label: `Added a fault to ${what}`,
          })
        }
      >
        Add fault
      </button>
    </>
  );
}

function FaultForm({
  path,
  fault,
  index,
  scenario,
}: {
  path: PathSegment[];
  fault: unknown;
  index: number;
  scenario: string;
}) {
  const { refs } = useInspector();
  const apply = useApply();
  const n = index + 1;
  const what = `fault ${n} of ${scenario}`;
  const written = isWritten(fault) ? fault : {};
  const kind = FAULT_KINDS.includes(written.kind as FaultKind) ? (written.kind as FaultKind) : undefined;
  const errors = useErrorCount(path);
  return (
    <li className="as-step as-fault">
      <div className="as-step-head">
        <span className="as-step-index" aria-hidden="true">
          {n}
        </span>
        <span className="as-step-summary">
          <span className="as-visually-hidden">Fault {n}: </span>
          {describeFault(written)}
          <ErrorBadge count={errors} />
        </span>
        <IconButton
          label={`Remove fault ${n} of ${scenario}`}
          onClick={() => apply({ type: "delete", path, label: `Removed ${what}` })}
          danger
        >
          ✕
        </IconButton>
      </div>
      <div className="as-step-body" role="group" aria-label={`Fault ${n}`}>
        <ItemProblems path={path} />
        <div className="as-field">
          <label htmlFor={`${path.join("-")}-kind`}>Kind</label>
          <select
            id={`${path.join("-")}-kind`}
            value={kind ?? ""}
            onChange={(e) => {
              const next = e.target.value as FaultKind;
              apply({ type: "set", path, value: newFault(next, refs, written), label: `Made ${what} a ${next} fault` });
            }}
          >
            {kind ? null : <option value="">(choose)</option>}
            {FAULT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        {FAULT_COMMON.map((f) => (
          <FieldInput key={String(f.key)} base={path} field={f} what={what} />
        ))}
        {kind
          ? FAULT_FIELDS[kind].map((f) => (
              <FieldInput
                key={String(f.key)}
                base={kind === "partition" ? [...path, "between"] : path}
                field={f}
                what={what}
              />
            ))
          : null}
      </div>
    </li>
  );
}

/** A fault of `kind`, keeping the timing and target of the one it replaces. */
export function newFault(kind: FaultKind, refs: DesignRefs, from: Written): Written {
  const fault: Written = { at: from.at ?? "60s" };
  if (from.for !== undefined) fault.for = from.for;
  else if (from.at === undefined) fault.for = "30s";
  fault.kind = kind;
  const target =
    typeof from.target === "string"
      ? from.target
      : Array.isArray(from.between) && typeof from.between[0] === "string"
        ? from.between[0]
        : (refs.services[0] ?? refs.components[0] ?? "service");
  switch (kind) {
    case "crash":
      return { ...fault, target };
    case "latency":
      return { ...fault, target, add: "200ms" };
    case "errors":
      return { ...fault, target, probability: 0.2 };
    case "slowdown":
      return { ...fault, target, factor: 3 };
    case "partition": {
      const other = refs.components.find((c) => c !== target) ?? "other";
      return { ...fault, between: [target, other] };
    }
  }
}

function newWorkload(refs: DesignRefs): Written {
  const gateway = refs.gateways.find((g) => (refs.routes[g] ?? []).length > 0);
  if (gateway) {
    const routes = refs.routes[gateway]!;
    return { entry: gateway, rate: 100, mix: { [routes[0]!]: 1 } };
  }
  return { entry: refs.targets[0] ?? "service.operation", rate: 100 };
}

function newScenario(refs: DesignRefs): Written {
  return { workload: refs.workloads[0] ?? "steady", duration: "120s" };
}

/** One line for a fault's header: `crash payment at 60s for 90s`. */
export function describeFault(f: Written): string {
  const who = Array.isArray(f.between) ? f.between.join(" ↔ ") : typeof f.target === "string" ? f.target : "";
  const when = [f.at !== undefined ? `at ${String(f.at)}` : "", f.for !== undefined ? `for ${String(f.for)}` : ""];
  return [typeof f.kind === "string" ? f.kind : "fault", who, ...when].filter(Boolean).join(" ");
}

/** A workload's header: `100 rps`, `profile`. */
function describeWorkload(w: unknown): string {
  if (!isWritten(w)) return "";
  if (w.rate !== undefined) return `${String(w.rate)} rps`;
  return w.profile !== undefined ? "profile" : "";
}

/** A scenario's header: `60s · 1 fault`. */
function describeScenario(sc: unknown): string {
  if (!isWritten(sc)) return "";
  const faults = Array.isArray(sc.faults) ? sc.faults.length : 0;
  return [sc.duration !== undefined ? String(sc.duration) : "", faults ? countLabel(faults, "fault") : ""]
    .filter(Boolean)
    .join(" · ");
}
