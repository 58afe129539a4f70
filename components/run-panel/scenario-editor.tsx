"use client";
/**
 * The run panel's Scenario view: the selected scenario's faults on a timeline (one lane per
 * fault, a bar from `at` to `at + for` over the scenario's duration) and a form per fault for
 * its kind, target, timing and the kind's parameter. A bar is moved by dragging it or with
 * its arrow keys. Every edit is one undoable command on the design's text (Ctrl+Z, the YAML
 * follows), and the model's diagnostics show under the field they concern.
 */
import "./scenario-editor.css";
import { useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { useStore } from "zustand";
import { useShallow } from "zustand/react/shallow";
import { createFieldReader, FAULT_KINDS, parseDuration, type FaultKind, type PathSegment } from "../../model";
import { FieldInput, FieldNote, IconButton, InspectorContext, useInspector } from "../designer/inspector/fields";
import { FAULT_FIELDS, newFault } from "../designer/inspector/overview";
import {
  getDesignRefs,
  getFieldProblems,
  isWritten,
  type DesignRefs,
  type Written,
} from "../designer/inspector/view-model";
import type { DesignDocumentStore } from "../store/design-document";
import { formatTick, getTicks } from "./run-timeline-model";
import { getFaultBar, getFaultTargets, moveFaultAt, type FaultBar } from "./scenario-editor-model";

export function ScenarioEditor({ doc, scenario }: { doc: DesignDocumentStore; scenario: string | undefined }) {
  const { text, diagnostics } = useStore(
    doc,
    useShallow((s) => ({ text: s.text, diagnostics: s.diagnostics })),
  );
  const context = useMemo(() => {
    const read = createFieldReader(text);
    return { doc, text, read, diagnostics, refs: getDesignRefs(read.value([])) };
  }, [doc, text, diagnostics]);
  if (!scenario) return <p className="as-run-empty">This design has no scenario to edit: add one under `scenarios`.</p>;
  if (!context.read.ok)
    return <p className="as-run-empty">The YAML has a syntax error: fix it in the YAML editor to edit the scenario.</p>;
  return (
    <InspectorContext.Provider value={context}>
      <ScenarioBody name={scenario} />
    </InspectorContext.Provider>
  );
}

function ScenarioBody({ name }: { name: string }) {
  const { read, refs, doc } = useInspector();
  const path: PathSegment[] = ["scenarios", name];
  const faultsPath: PathSegment[] = [...path, "faults"];
  const [focused, setFocused] = useState<number | null>(null);
  const forms = useRef<HTMLOListElement>(null);
  if (read.value(path) === undefined) return <p className="as-run-empty">There is no scenario {name} any more.</p>;
  const duration = parseDuration(read.value([...path, "duration"]));
  const durationMs = duration.ok && duration.ms > 0 ? duration.ms : null;
  const written = read.value(faultsPath);
  const faults = Array.isArray(written) ? written : [];
  const what = `scenario ${name}`;

  const showForm = (i: number) => {
    setFocused(i);
    forms.current
      ?.querySelector<HTMLElement>(`[data-fault="${i}"]`)
      ?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  };

  return (
    <section className="as-scenario-editor" aria-label={`Scenario ${name}`} data-testid="scenario-editor">
      <div className="as-scenario-head">
        <h3>
          Faults of <span className="as-scenario-name">{name}</span>
        </h3>
        <div className="as-scenario-fields">
          <FieldInput
            base={path}
            field={{ key: "duration", label: "Duration", hint: "the whole run, e.g. 300s" }}
            what={what}
          />
          <FieldInput
            base={path}
            field={{ key: "warmup", label: "Warm-up", hint: "not counted, e.g. 10s" }}
            what={what}
          />
        </div>
      </div>
      {durationMs !== null ? (
        <FaultTimeline scenario={name} faults={faults} durationMs={durationMs} onPick={showForm} />
      ) : (
        <p className="as-run-empty">Give the scenario a valid duration to see its faults on a timeline.</p>
      )}
      {faults.length === 0 ? <p className="as-run-empty">No faults: the run is healthy throughout.</p> : null}
      <ol className="as-scenario-faults" ref={forms} aria-label={`Faults of ${name}`}>
        {faults.map((fault, i) => (
          <FaultEditor
            key={i}
            index={i}
            scenario={name}
            path={[...faultsPath, i]}
            fault={isWritten(fault) ? fault : {}}
            highlighted={focused === i}
          />
        ))}
      </ol>
      <button
        type="button"
        className="as-scenario-add"
        onClick={() => {
          const at = durationMs !== null ? `${Math.floor(durationMs / 3000)}s` : "60s";
          const added = doc.getState().apply({
            type: "insertItem",
            path: faultsPath,
            value: newFault("crash", refs, { at, for: "30s", target: getFaultTargets("crash", refs)[0] }),
            label: `Added a fault to ${what}`,
          });
          if (added) setFocused(faults.length);
        }}
      >
        Add fault
      </button>
    </section>
  );
}

/** One lane per fault over the scenario's duration; a bar drags (or arrow-keys) to another `at`. */
function FaultTimeline({
  scenario,
  faults,
  durationMs,
  onPick,
}: {
  scenario: string;
  faults: readonly unknown[];
  durationMs: number;
  onPick(i: number): void;
}) {
  const { doc } = useInspector();
  const lanes = useRef<HTMLDivElement>(null);
  // A bar being dragged: its index, where the pointer went down, and the `at` it would get.
  const [drag, setDrag] = useState<{ i: number; x: number; atMs: number; moved: boolean } | null>(null);
  const durationS = durationMs / 1000;
  const bars = faults.map((f) => getFaultBar(isWritten(f) ? f : {}, durationMs));

  const moveTo = (i: number, atMs: number) => {
    const bar = bars[i];
    if (!bar || bar.atMs === null || atMs === bar.atMs) return;
    doc.getState().apply({
      type: "set",
      path: ["scenarios", scenario, "faults", i, "at"],
      value: `${atMs / 1000}s`,
      label: `Moved fault ${i + 1} of scenario ${scenario} to ${atMs / 1000}s`,
    });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, i: number, bar: FaultBar) => {
    const step = e.shiftKey ? 10_000 : 1000;
    const delta =
      e.key === "ArrowLeft" || e.key === "ArrowDown"
        ? -step
        : e.key === "ArrowRight" || e.key === "ArrowUp"
          ? step
          : null;
    if (delta === null || bar.atMs === null) return;
    e.preventDefault();
    moveTo(i, moveFaultAt(bar.atMs, delta, durationMs));
  };
  const pointerAt = (e: PointerEvent<HTMLButtonElement>, start: { x: number; atMs: number }): number => {
    const width = lanes.current?.getBoundingClientRect().width ?? 1;
    return moveFaultAt(start.atMs, ((e.clientX - start.x) / width) * durationMs, durationMs);
  };

  return (
    <div className="as-scenario-timeline" data-testid="scenario-timeline">
      <div className="as-scenario-lanes" ref={lanes}>
        {bars.map((bar, i) => {
          const atMs = drag?.i === i ? drag.atMs : bar.atMs;
          const left = atMs === null ? 0 : (atMs / durationMs) * 100;
          const width = atMs === null ? 0 : Math.min(100 - left, ((bar.forMs ?? durationMs - atMs) / durationMs) * 100);
          return (
            <div className="as-scenario-lane" key={i}>
              <span className="as-scenario-lane-index" aria-hidden="true">
                {i + 1}
              </span>
              <div className="as-scenario-lane-track">
                {atMs === null ? (
                  <span className="as-scenario-bar-invalid">fault {i + 1}: no valid `at`</span>
                ) : (
                  <button
                    type="button"
                    className={`as-scenario-bar${bar.forMs === null ? " as-scenario-bar--open" : ""}${drag?.i === i ? " as-scenario-bar--dragging" : ""}`}
                    style={{ left: `${left}%`, width: `${width}%` }}
                    data-testid={`scenario-bar-${i + 1}`}
                    aria-label={`Fault ${i + 1}: ${bar.label}, ${bar.span}. Arrow keys move it by 1 s, Shift+arrows by 10 s.`}
                    title={`${bar.label}: ${bar.span} (drag to move)`}
                    onKeyDown={(e) => onKeyDown(e, i, bar)}
                    onPointerDown={(e) => {
                      if (e.button !== 0 || bar.atMs === null) return;
                      e.currentTarget.setPointerCapture(e.pointerId);
                      setDrag({ i, x: e.clientX, atMs: bar.atMs, moved: false });
                    }}
                    onPointerMove={(e) => {
                      if (!drag || drag.i !== i || bar.atMs === null) return;
                      const next = pointerAt(e, { x: drag.x, atMs: bar.atMs });
                      if (next !== drag.atMs) setDrag({ ...drag, atMs: next, moved: true });
                    }}
                    onPointerUp={() => {
                      if (!drag || drag.i !== i) return;
                      setDrag(null);
                      if (drag.moved) moveTo(i, drag.atMs);
                      else onPick(i);
                    }}
                    onPointerCancel={() => setDrag(null)}
                  >
                    <span>{bar.label}</span>
                  </button>
                )}
              </div>
            </div>
          );
        })}
      </div>
      <div className="as-scenario-axis" aria-hidden="true">
        {getTicks(durationS).map((t) => (
          <span key={t} style={{ left: `${(t / durationS) * 100}%` }}>
            {formatTick(t, durationS)}
          </span>
        ))}
      </div>
    </div>
  );
}

function FaultEditor({
  index,
  scenario,
  path,
  fault,
  highlighted,
}: {
  index: number;
  scenario: string;
  path: PathSegment[];
  fault: Written;
  highlighted: boolean;
}) {
  const { doc, refs, diagnostics } = useInspector();
  const n = index + 1;
  const what = `fault ${n} of ${scenario}`;
  const kind = FAULT_KINDS.includes(fault.kind as FaultKind) ? (fault.kind as FaultKind) : undefined;
  const apply = doc.getState().apply;
  const itemProblems = getFieldProblems(diagnostics, path, true);
  const kindId = useId();
  return (
    <li
      className={`as-scenario-fault${highlighted ? " as-scenario-fault--picked" : ""}`}
      data-fault={index}
      role="group"
      aria-label={`Fault ${n}`}
    >
      <div className="as-scenario-fault-head">
        <span className="as-scenario-fault-index" aria-hidden="true">
          {n}
        </span>
        <div className="as-field">
          <label htmlFor={kindId}>Kind</label>
          <select
            id={kindId}
            value={kind ?? ""}
            onChange={(e) => {
              const next = e.target.value as FaultKind;
              apply({
                type: "set",
                path,
                value: retarget(newFault(next, refs, fault), refs),
                label: `Made ${what} a ${next} fault`,
              });
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
        {kind === "partition" ? (
          <>
            <TargetSelect
              path={[...path, "between", 0]}
              label="Between"
              kind={kind}
              value={between(fault, 0)}
              what={what}
            />
            <TargetSelect
              path={[...path, "between", 1]}
              label="And"
              kind={kind}
              value={between(fault, 1)}
              what={what}
            />
          </>
        ) : kind ? (
          <TargetSelect
            path={[...path, "target"]}
            label="Target"
            kind={kind}
            value={typeof fault.target === "string" ? fault.target : ""}
            what={what}
          />
        ) : null}
        <IconButton
          label={`Remove fault ${n} of ${scenario}`}
          onClick={() => apply({ type: "delete", path, label: `Removed ${what}` })}
          danger
        >
          ✕
        </IconButton>
      </div>
      {itemProblems.length ? <FieldNote problems={itemProblems} /> : null}
      <div className="as-scenario-fault-fields">
        <FieldInput base={path} field={{ key: "at", label: "At", hint: "from the start, e.g. 60s" }} what={what} />
        <FieldInput
          base={path}
          field={{ key: "for", label: "For", hint: "e.g. 30s; empty: until the end" }}
          what={what}
        />
        {kind && kind !== "partition"
          ? FAULT_FIELDS[kind]
              .filter((f) => f.key !== "target")
              .map((f) => <FieldInput key={String(f.key)} base={path} field={f} what={what} />)
          : null}
      </div>
    </li>
  );
}

function between(fault: Written, i: 0 | 1): string {
  const pair = fault.between;
  return Array.isArray(pair) && typeof pair[i] === "string" ? pair[i] : "";
}

/** A fault made for another kind keeps its target only where that kind may hit it. */
function retarget(fault: Written, refs: DesignRefs): Written {
  const kind = fault.kind as FaultKind;
  if (kind === "partition" || typeof fault.target !== "string") return fault;
  const valid = getFaultTargets(kind, refs);
  return valid.includes(fault.target) || valid.length === 0 ? fault : { ...fault, target: valid[0] };
}

/** The components a fault of `kind` may hit, as a select; a written one that may not is kept and flagged. */
function TargetSelect({
  path,
  label,
  kind,
  value,
  what,
}: {
  path: PathSegment[];
  label: string;
  kind: FaultKind;
  value: string;
  what: string;
}) {
  const { doc, refs, diagnostics } = useInspector();
  const id = useId();
  const options = getFaultTargets(kind, refs);
  const problems = getFieldProblems(diagnostics, path);
  return (
    <div className="as-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={problems.some((p) => p.severity === "error") ? true : undefined}
        aria-describedby={`${id}-note`}
        onChange={(e) =>
          doc.getState().apply({
            type: "set",
            path,
            value: e.target.value,
            label: `Set ${label.toLowerCase()} of ${what} to ${e.target.value}`,
          })
        }
      >
        {value !== "" && !options.includes(value) ? <option value={value}>{value} (not a valid target)</option> : null}
        {value === "" ? <option value="">(choose)</option> : null}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      <FieldNote id={`${id}-note`} problems={problems} />
    </div>
  );
}
