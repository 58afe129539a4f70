"use client";
/**
 * Failure injection during a run: for the selected component (or, by right-click, any component
 * or connection on the canvas) crash it, add latency, make it fail or slow it down, for a while
 * or until recovered; "Recover all" ends every fault. Each fault is written as a scenario writes
 * it and takes effect at the current simulated time; the list says what happened when.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { ComponentKind, Design, Fault } from "../../model";
import type { FaultInput } from "../../simulator/protocol";
import { CANVAS_MENU_EVENT, type CanvasMenuDetail, type CanvasMenuTarget } from "../canvas/canvas-menu-event";
import { formatSeconds } from "./run-status";

/** What a fault button injects on a component, and on which kinds it applies (docs: Faults). */
export const COMPONENT_FAULTS: readonly {
  label: string;
  kinds: readonly ComponentKind[] | "all";
  make(target: string): FaultInput;
}[] = [
  { label: "Crash", kinds: "all", make: (target) => ({ kind: "crash", at: "0s", target }) },
  {
    label: "Add latency",
    kinds: ["service", "database"],
    make: (target) => ({ kind: "latency", at: "0s", target, add: "200ms" }),
  },
  { label: "Errors", kinds: ["service"], make: (target) => ({ kind: "errors", at: "0s", target, probability: 0.5 }) },
  { label: "Slow down", kinds: ["service"], make: (target) => ({ kind: "slowdown", at: "0s", target, factor: 3 }) },
];

const DURATIONS = [
  { label: "until recovered", value: "" },
  { label: "for 10 s", value: "10s" },
  { label: "for 30 s", value: "30s" },
  { label: "for 60 s", value: "60s" },
];

function appliesTo(kinds: readonly ComponentKind[] | "all", kind: ComponentKind | undefined): boolean {
  return kind !== undefined && kind !== "client" && (kinds === "all" || kinds.includes(kind));
}

/** A fault as the list shows it: "crash inventory", "latency +200 ms on orders-db", … */
export function describeFault(f: Fault): string {
  const span = f.for === undefined ? "until recovered" : `for ${formatSeconds(f.for / 1000)}`;
  switch (f.kind) {
    case "crash":
      return `crash ${f.target}${f.replicas ? ` (${f.replicas} replicas)` : ""} ${span}`;
    case "latency":
      return `latency added on ${f.target} ${span}`;
    case "errors":
      return `errors on ${f.target} (${Math.round(f.probability * 100)}%) ${span}`;
    case "slowdown":
      return `${f.target} slowed ×${f.factor} ${span}`;
    case "partition":
      return `partition ${f.between[0]} ↔ ${f.between[1]} ${span}`;
  }
}

export type FaultControlsProps = {
  design: Design | null;
  /** The components selected on the canvas. */
  selection: readonly string[];
  /** Whether a run is going (running or paused): faults apply only then. */
  active: boolean;
  injected: readonly { fault: Fault; atMs: number }[];
  healedAtMs: readonly number[];
  /** Why the last injection or heal was refused (the run's fault limit), shown at the end of the log. */
  refusal?: string | null;
  inject(fault: FaultInput): void;
  heal(): void;
};

export function FaultControls({
  design,
  selection,
  active,
  injected,
  healedAtMs,
  refusal,
  inject,
  heal,
}: FaultControlsProps) {
  const [duration, setDuration] = useState("");
  const withDuration = useCallback(
    (fault: FaultInput): FaultInput => (duration ? { ...fault, for: duration } : fault),
    [duration],
  );
  const target = selection.length === 1 ? selection[0]! : null;
  const kind = target ? design?.components[target]?.kind : undefined;

  // The canvas's right-click menu, during a run.
  const [menu, setMenu] = useState<CanvasMenuDetail | null>(null);
  useEffect(() => {
    if (!active) return;
    const onMenu = (e: Event) => {
      const detail = (e as CustomEvent<CanvasMenuDetail>).detail;
      e.preventDefault();
      setMenu(detail);
    };
    window.addEventListener(CANVAS_MENU_EVENT, onMenu);
    return () => {
      window.removeEventListener(CANVAS_MENU_EVENT, onMenu);
      setMenu(null);
    };
  }, [active]);

  const events = [
    ...injected.map((i) => ({ atMs: i.atMs, text: describeFault(i.fault) })),
    ...healedAtMs.map((atMs) => ({ atMs, text: "recovered everything" })),
  ].sort((a, b) => a.atMs - b.atMs);

  return (
    <div className="as-run-faults" aria-label="Faults" role="group">
      <div className="as-run-fault-row">
        <span className="as-run-fault-target">
          {!active
            ? "Faults: run the simulation, then select a component (or right-click it)."
            : target
              ? `Fault on ${target}:`
              : "Select a component, or right-click one, to inject a fault."}
        </span>
        <label>
          <span className="as-visually-hidden">Fault duration</span>
          <select aria-label="Fault duration" value={duration} onChange={(e) => setDuration(e.target.value)}>
            {DURATIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        {COMPONENT_FAULTS.map((f) => (
          <button
            key={f.label}
            type="button"
            disabled={!active || !target || !appliesTo(f.kinds, kind)}
            onClick={() => target && inject(withDuration(f.make(target)))}
          >
            {f.label}
          </button>
        ))}
        <button type="button" disabled={!active || injected.length === 0} onClick={heal}>
          Recover all
        </button>
      </div>
      {events.length > 0 ? (
        <ol className="as-run-fault-log" data-testid="fault-log">
          {events.map((e, i) => (
            <li key={i} data-at-ms={e.atMs}>
              <span>{formatSeconds(e.atMs / 1000)}</span> {e.text}
            </li>
          ))}
        </ol>
      ) : null}
      {refusal ? (
        <p className="as-run-fault-refused" role="alert" data-testid="fault-refused">
          {refusal}
        </p>
      ) : null}
      {menu && active ? (
        <FaultMenu
          menu={menu}
          design={design}
          onPick={(fault) => {
            inject(withDuration(fault));
            setMenu(null);
          }}
          onClose={() => setMenu(null)}
        />
      ) : null}
    </div>
  );
}

function menuItems(target: CanvasMenuTarget, design: Design | null): { label: string; fault: FaultInput }[] {
  if ("edge" in target)
    return [
      {
        label: "Partition",
        fault: { kind: "partition", at: "0s", between: [target.edge.source, target.edge.target] },
      },
    ];
  const kind = design?.components[target.node]?.kind;
  return COMPONENT_FAULTS.filter((f) => appliesTo(f.kinds, kind)).map((f) => ({
    label: f.label,
    fault: f.make(target.node),
  }));
}

/** The right-click menu: its items, keyboard (arrows, Enter, Escape) and a click outside close it. */
function FaultMenu({
  menu,
  design,
  onPick,
  onClose,
}: {
  menu: CanvasMenuDetail;
  design: Design | null;
  onPick(fault: FaultInput): void;
  onClose(): void;
}) {
  const items = menuItems(menu, design);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    list.current?.querySelector<HTMLButtonElement>("[role=menuitem]")?.focus();
    const away = (e: PointerEvent) => {
      if (!list.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener("pointerdown", away);
    return () => window.removeEventListener("pointerdown", away);
  }, [onClose]);
  const name = "node" in menu ? menu.node : `${menu.edge.source} → ${menu.edge.target}`;
  return (
    <div
      ref={list}
      className="as-run-fault-menu"
      role="menu"
      aria-label={`Faults for ${name}`}
      style={{ left: menu.x, top: menu.y }}
      onKeyDown={(e) => {
        const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        if (e.key === "Escape") onClose();
        else if (e.key === "ArrowDown") buttons[(at + 1) % buttons.length]?.focus();
        else if (e.key === "ArrowUp") buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
        else return;
        e.preventDefault();
      }}
    >
      <p className="as-run-fault-menu-title">{name}</p>
      {items.length === 0 ? <p className="as-run-fault-menu-empty">No fault applies here.</p> : null}
      {items.map((item) => (
        <button key={item.label} type="button" role="menuitem" onClick={() => onPick(item.fault)}>
          {item.label}
        </button>
      ))}
    </div>
  );
}
